"""Back off from a budget that answered 429 and a venue that answered 418: bar one retry.

Binance bans an IP (HTTP 418) that keeps sending after a 429 ("418 = IP
auto-banned after continuing past 429"; Upbit likewise). The checks of one run
read concurrently, so without a memory shared between them each would take its
own 429 and retry on its own, and together they would earn the ban. A
:class:`Backoff` is that memory for one venue of one run (the
:class:`~golive.exchanges.http.ClientFactory` holds one per venue), applied in
two places:

* :class:`BurstLimit`, an ``httpx.Auth`` around the venue's signing, and the
  transport below: before the venue's first answer in the run, at most
  :data:`FIRST_BURST` requests go to it; any more wait for that answer. The
  burst covers every read a preflight makes of one venue, so the whole
  preflight costs one round trip, and its summed weight is far below every
  venue's budget (docs/performance.md): if the budget is spent already (the bot
  sharing the IP used it), the burst earns 429s, which are not a ban, and
  nothing is sent after them. A signed request waits before it is signed, so
  its ``timestamp`` is fresh however long it waited; one that waits longer than
  its timeout fails as a read timeout (the venue did not answer in time);
* :class:`BackoffTransport`, the wire transport: after a 429, a request to the
  same rate-limit budget (:mod:`golive.exchanges.budgets`: Binance's ``/api``, each
  ``/sapi`` endpoint, the whole of any other venue) is not sent, and after a 418 no
  request to the venue is; it gets the same answer back at once, marked with the
  ``X-Golive-Not-Sent`` header, so it is classified exactly like the refusal it
  repeats. A /sapi 429 therefore leaves the spot ``/api`` reads (and futures, a
  venue of its own) to their real answers;
* the exception is one retry per venue and run (a request carrying the
  ``golive.retry`` extension, see :mod:`golive.exchanges.request`), and only
  when its budget has seen a single 429 and the time the venue named (its block
  time: ``Retry-After``, or Upbit's 418 body, read by :func:`golive.errors.block_time`)
  has passed: several refused requests mean the budget is gone, and a 418 is never
  retried;
* a successful answer reopens its budget (never a ban).

``golive serve`` also keeps refusals between its runs (:mod:`golive.exchanges.blocks`):
its backoffs start with the blocks of earlier runs that are still on, and record theirs.

A :class:`Backoff` holds no asyncio object: the clock samples of a run read on
their own thread and event loop (:mod:`golive.exchanges.clocksample`) and share
the venue's memory with the other checks.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from golive.errors import block_time
from golive.exchanges.blocks import PROBE_BURST
from golive.exchanges.body import DEFAULT_MAX_BODY_BYTES, BodyTooLarge, cap_body
from golive.exchanges.budgets import BAN_STATUS, VENUE_WIDE, budget_of

if TYPE_CHECKING:
    from collections.abc import AsyncGenerator, Callable, Generator

    from golive.exchanges.blocks import Block, Blocks, Egress

REFUSAL_STATUSES = frozenset({418, 429})
NOT_SENT_HEADER = "X-Golive-Not-Sent"
RETRY_EXTENSION = "golive.retry"
SLOT_EXTENSION = "golive.slot"
"""Set on a request that already has its place in the burst (it waited before signing)."""
FIRST_BURST = 24
"""Requests one venue may be sent before its first answer in a run (docs/performance.md)."""
POLL_S = 0.005
"""How often a request beyond the burst looks whether the first answer came."""


@dataclass(frozen=True)
class Refusal:
    """A 429 or 418 answer, kept to be repeated to the requests that are not sent."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    block_s: float | None = None
    """How long the venue said it refuses (``None``: it said nothing readable)."""

    @classmethod
    def read(cls, venue: str, response: httpx.Response, body: bytes) -> Refusal:
        """The refusal in ``response`` (whose ``body`` was read), with its block time."""
        seconds = block_time(venue, response.status_code, body, response.headers)
        return cls(response.status_code, tuple(response.headers.raw), body, seconds)

    def response(
        self,
        request: httpx.Request,
        *,
        sent: bool,
        carried: tuple[tuple[bytes, bytes], ...] = (),
    ) -> httpx.Response:
        """The refusal as the answer to ``request``; ``carried`` replaces headers of the same
        name (a block from an earlier run: the time left and its end)."""
        names = {name.lower() for name, _ in carried}
        headers = [*(h for h in self.headers if h[0].lower() not in names), *carried]
        if not sent:
            headers.append((NOT_SENT_HEADER.encode(), b"rate-limited earlier"))
        return httpx.Response(self.status, headers=headers, content=self.body, request=request)


@dataclass(frozen=True)
class Closed:
    """A budget the venue refused: what to repeat, how often it refused, until when."""

    refusal: Refusal
    count: int
    until: float | None
    """Monotonic time the venue named for the end of the block; ``None``: not named."""
    carried: Block | None = None
    """The block of an earlier run this is (``golive serve``): closed for the whole run."""

    def retry_allowed(self, now: float) -> bool:
        """One 429 in this run, and the time it named (if any) is over: the retry may go."""
        ended = self.until is None or now >= self.until
        fresh = self.carried is None
        return fresh and self.count == 1 and self.refusal.status != BAN_STATUS and ended


class Backoff:
    """One venue's rate-limit memory and first-answer burst for one run; thread-safe.

    With ``blocks`` (``golive serve``) it starts with the blocks of earlier runs still on
    for ``egress``, probes with one request when one has ended, and records its own.
    """

    def __init__(
        self,
        venue: str = "",
        burst: int = FIRST_BURST,
        clock: Callable[[], float] = time.monotonic,
        *,
        blocks: Blocks | None = None,
        egress: Egress = (),
    ) -> None:
        self.venue = venue
        self.closed: dict[str, Closed] = {}
        """Budget (:mod:`golive.exchanges.budgets`) -> its refusal; ``"*"``: a ban."""
        self.retried = False
        self.burst = burst
        self.answered = False
        """Set once the venue has answered in this run (or a send to it failed)."""
        self.sent_before_answer = 0
        self._clock = clock
        self._lock = threading.Lock()
        self._blocks = blocks
        self._egress = egress or (venue,)
        if blocks is not None:
            self._carry(blocks)

    def _carry(self, blocks: Blocks) -> None:
        carried, probe = blocks.opening(self._egress)
        for budget, block in carried.items():
            self.closed[budget] = Closed(block.refusal, 1, None, block)
        if probe:
            self.burst = min(self.burst, PROBE_BURST)

    def budget(self, request: httpx.Request) -> str:
        return budget_of(self.venue, request.url.path)

    def _closing(self, request: httpx.Request) -> Closed | None:
        return self.closed.get(VENUE_WIDE) or self.closed.get(self.budget(request))

    def admits(self, request: httpx.Request) -> bool:
        """Whether ``request`` may be sent now; spends the one retry when it is that retry."""
        with self._lock:
            closed = self._closing(request)
            if closed is None:
                return True
            retry = bool(request.extensions.get(RETRY_EXTENSION))
            if retry and not self.retried and closed.retry_allowed(self._clock()):
                self.retried = True
                return True
            return False

    def blocked_earlier(self, request: httpx.Request) -> bool:
        """Whether a block from an earlier run closes ``request``'s budget: it is answered
        at once, and takes no place in the first burst (it will never be sent)."""
        with self._lock:
            closed = self._closing(request)
        return closed is not None and closed.carried is not None

    def refuse(self, request: httpx.Request) -> httpx.Response:
        """The remembered refusal, as the answer to a request that was not sent."""
        with self._lock:
            closed = self._closing(request)
        assert closed is not None  # only called when admits() said no
        if closed.carried is None or self._blocks is None:
            return closed.refusal.response(request, sent=False)
        carried = self._blocks.headers(closed.carried)
        return closed.refusal.response(request, sent=False, carried=carried)

    def remember(self, request: httpx.Request, refusal: Refusal) -> None:
        """Close ``request``'s budget (the whole venue for a ban) until the venue's time."""
        budget = VENUE_WIDE if refusal.status == BAN_STATUS else self.budget(request)
        with self._lock:
            before = self.closed.get(budget)
            count = 1 if before is None else before.count + 1
            until = None if refusal.block_s is None else self._clock() + refusal.block_s
            self.closed[budget] = Closed(refusal, count, until)
        if self._blocks is not None:
            self._blocks.record(self._egress, budget, refusal)

    def reopen(self, request: httpx.Request) -> None:
        """A success: ``request``'s budget has room again (a ban stays)."""
        budget = self.budget(request)
        with self._lock:
            self.closed.pop(budget, None)
        if self._blocks is not None:
            self._blocks.reopen(self._egress, budget)

    def answer(self) -> None:
        """The venue answered (or a send to it failed): from now on nothing waits."""
        with self._lock:
            self.answered = True
        if self._blocks is not None:
            self._blocks.answered(self._egress)

    def _take_slot(self) -> bool:
        with self._lock:
            if self.answered:
                return True
            if self.sent_before_answer >= self.burst:
                return False
            self.sent_before_answer += 1
            return True

    async def slot(self, request: httpx.Request) -> None:
        """Wait until ``request`` may go: at once within the burst or after the first answer.

        Polls rather than waits on an asyncio object, so any event loop (any thread)
        may wait; waiting is rare, only beyond :data:`FIRST_BURST`.
        """
        if request.extensions.get(SLOT_EXTENSION):
            return
        limit = request.extensions.get("timeout", {}).get("read")
        end = None if limit is None else time.monotonic() + limit
        while not self._take_slot():
            if end is not None and time.monotonic() >= end:
                raise httpx.ReadTimeout("no first answer from the venue in time", request=request)
            await asyncio.sleep(POLL_S)
        request.extensions[SLOT_EXTENSION] = True


class VenueStates:
    """The :class:`Backoff` of each venue identity, shared by the preflights of one run.

    A fleet runs many profiles in one process; two of them on the same Binance IP
    (or the same Upbit account) must not each burst before the first answer, nor
    keep sending after the other was refused. Runs that pass the same
    ``VenueStates`` to their factories get one backoff per identity (see
    :meth:`golive.exchanges.http.ClientFactory.venue_identity`), and one TLS
    context between them. ``blocks`` outlives the run (``golive serve``: see
    :mod:`golive.exchanges.blocks`). Thread-safe, like a backoff.
    """

    def __init__(self, blocks: Blocks | None = None) -> None:
        self._backoffs: dict[tuple[str, ...], Backoff] = {}
        self._tls: ssl.SSLContext | None = None
        self._blocks = blocks
        self._lock = threading.Lock()

    def tls_context(self) -> ssl.SSLContext:
        """The one TLS context of the runs sharing these states (CA bundle loaded once)."""
        with self._lock:
            if self._tls is None:
                import certifi

                self._tls = ssl.create_default_context(cafile=certifi.where())
            return self._tls

    def __len__(self) -> int:
        return len(self._backoffs)

    def backoff(self, identity: tuple[str, ...], egress: Egress = ()) -> Backoff:
        """The backoff for ``identity``, created on first use; ``egress`` keys the blocks
        kept between runs (default: the identity)."""
        with self._lock:
            found = self._backoffs.get(identity)
            if found is None:
                found = Backoff(identity[0], blocks=self._blocks, egress=egress or identity)
                self._backoffs[identity] = found
        return found


def was_sent(response: httpx.Response) -> bool:
    """False for an answer :class:`BackoffTransport` gave instead of sending the request."""
    return NOT_SENT_HEADER not in response.headers


class BurstLimit(httpx.Auth):
    """The venue's signing (``inner``), run only once the request has its place at the venue."""

    def __init__(self, inner: httpx.Auth, backoff: Backoff) -> None:
        self.inner = inner
        self.backoff = backoff

    def __repr__(self) -> str:
        return f"BurstLimit({self.inner!r})"

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """No waiting without an event loop: the run's clients are async; this only signs."""
        return self.inner.sync_auth_flow(request)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if not self.backoff.blocked_earlier(request):
            await self.backoff.slot(request)
        flow = self.inner.async_auth_flow(request)
        try:
            signed = await flow.__anext__()  # signed now, after any wait: a fresh timestamp
            signed.extensions[SLOT_EXTENSION] = True
            response = yield signed
            while True:
                response = yield await flow.asend(response)
        except StopAsyncIteration:
            return
        finally:
            await flow.aclose()


class BackoffTransport(httpx.AsyncHTTPTransport):
    """The real wire transport of a run's clients: refusals are remembered and repeated."""

    def __init__(
        self,
        backoff: Backoff,
        *,
        proxy: str | None = None,
        verify: ssl.SSLContext | bool = True,
        max_body: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        super().__init__(proxy=proxy, trust_env=False, verify=verify)
        self.backoff = backoff
        self.max_body = max_body

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.backoff.blocked_earlier(request):
            return self.backoff.refuse(request)
        await self.backoff.slot(request)
        if not self.backoff.admits(request):
            return self.backoff.refuse(request)
        try:
            return await self._exchange(request)
        finally:
            self.backoff.answer()  # also after an error: the next ones go at once

    async def _exchange(self, request: httpx.Request) -> httpx.Response:
        response = cap_body(await super().handle_async_request(request), self.max_body)
        if response.status_code not in REFUSAL_STATUSES:
            if response.is_success:
                self.backoff.reopen(request)
            return response
        chunks: list[bytes] = []
        try:
            try:
                async for chunk in response.stream:  # type: ignore[union-attr]
                    chunks.append(chunk)
            except BodyTooLarge:
                pass  # what was read is enough to classify the refusal
            refusal = Refusal.read(self.backoff.venue, response, b"".join(chunks))
            self.backoff.remember(request, refusal)  # before the connection goes to the pool
        finally:
            await response.aclose()
        return refusal.response(request, sent=True)
