"""Back off from a venue that answered 429 or 418: the run sends it nothing more, bar one retry.

Binance bans an IP (HTTP 418) that keeps sending after a 429. The checks of one
run read concurrently, so without a memory shared between them each would take
its own 429 and retry on its own, and together they would earn the ban. A
:class:`Backoff` is that memory for one venue of one run (the
:class:`~golive.exchanges.http.ClientFactory` holds one per venue), applied in
two places:

* :class:`FirstAnswerGate`, an ``httpx.Auth`` around the venue's signing: until
  the venue has answered once in the run, its signed requests go one at a time
  (the first answer may be a 429, and a burst sent before it would all count
  against a spent budget; the simulator, like a strict venue, bans the fourth).
  A request is signed only once it passes the gate, so its ``timestamp`` is
  fresh however long it waited. A request that waits longer than its timeout
  fails as a read timeout (the venue did not answer in time). Unsigned public
  reads (server time, system status) carry no auth and skip the gate: they go
  at once, so a clock measurement never counts someone else's wait as RTT;
* :class:`BackoffTransport`, the wire transport: after a 429 or 418, a request
  to the venue, signed or not, is not sent; it gets the same answer back at
  once, marked with the ``X-Golive-Not-Sent`` header, so it is classified
  exactly like the refusal it repeats;
* the exception is one retry per venue and run (a request carrying the
  ``golive.retry`` extension, see :mod:`golive.exchanges.request`), and only
  when a single 429 has been seen: several refused requests mean the budget is
  gone, and a 418 is never retried;
* a successful answer reopens the venue.
"""

from __future__ import annotations

import asyncio
import ssl
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Generator

REFUSAL_STATUSES = frozenset({418, 429})
NOT_SENT_HEADER = "X-Golive-Not-Sent"
RETRY_EXTENSION = "golive.retry"


@dataclass(frozen=True)
class Refusal:
    """A 429 or 418 answer, kept to be repeated to the requests that are not sent."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    def response(self, request: httpx.Request, *, sent: bool) -> httpx.Response:
        headers = list(self.headers)
        if not sent:
            headers.append((NOT_SENT_HEADER.encode(), b"rate-limited earlier in this run"))
        return httpx.Response(self.status, headers=headers, content=self.body, request=request)


class Backoff:
    """One venue's rate-limit memory and first-answer gate for one run (one event loop)."""

    def __init__(self) -> None:
        self.refusal: Refusal | None = None
        self.refusals = 0
        self.retried = False
        self.first_answer = asyncio.Event()
        """Set once the venue has answered in this run (or a send to it failed)."""
        self.sending = 0
        """Requests on the wire to the venue right now."""
        self.turns = asyncio.Lock()
        """Signed requests take turns with it until the first answer."""

    @property
    def answered(self) -> bool:
        return self.first_answer.is_set()

    def admits(self, request: httpx.Request) -> bool:
        """Whether ``request`` may be sent now; spends the one retry when it is that retry."""
        if self.refusal is None:
            return True
        retry = bool(request.extensions.get(RETRY_EXTENSION))
        if retry and not self.retried and self.refusals == 1 and self.refusal.status == 429:
            self.retried = True
            return True
        return False

    def refuse(self, request: httpx.Request) -> httpx.Response:
        """The remembered refusal, as the answer to a request that was not sent."""
        assert self.refusal is not None  # only called when admits() said no
        return self.refusal.response(request, sent=False)

    def remember(self, refusal: Refusal) -> None:
        self.refusal = refusal
        self.refusals += 1

    def reopen(self) -> None:
        self.refusal = None

    @asynccontextmanager
    async def turn(self, request: httpx.Request) -> AsyncIterator[None]:
        """Wait until ``request`` may be signed and sent; the first keeps the turn till answered."""
        holding = await self._take_turn(request)
        try:
            yield
        finally:
            if holding:
                self.turns.release()

    async def _take_turn(self, request: httpx.Request) -> bool:
        """True when ``request`` goes before the venue's first answer (and keeps the turn)."""
        if self.answered:
            return False
        await _in_time(self.turns.acquire(), request)
        try:
            if self.sending and not self.answered:  # a public read went first: its answer decides
                await _in_time(self.first_answer.wait(), request)
        except BaseException:
            self.turns.release()
            raise
        if self.answered:
            self.turns.release()
            return False
        return True


def was_sent(response: httpx.Response) -> bool:
    """False for an answer :class:`BackoffTransport` gave instead of sending the request."""
    return NOT_SENT_HEADER not in response.headers


class FirstAnswerGate(httpx.Auth):
    """The venue's signing (``inner``), run only once the request has its turn at the venue."""

    def __init__(self, inner: httpx.Auth, backoff: Backoff) -> None:
        self.inner = inner
        self.backoff = backoff

    def __repr__(self) -> str:
        return f"FirstAnswerGate({self.inner!r})"

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """No gate without an event loop: the run's clients are async; this only signs."""
        return self.inner.sync_auth_flow(request)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        flow = self.inner.async_auth_flow(request)
        try:
            async with self.backoff.turn(request):
                signed = await flow.__anext__()  # signed now, after the wait: a fresh timestamp
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
        self, backoff: Backoff, *, proxy: str | None = None, verify: ssl.SSLContext | bool = True
    ) -> None:
        super().__init__(proxy=proxy, trust_env=False, verify=verify)
        self.backoff = backoff

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.backoff.admits(request):
            return self.backoff.refuse(request)
        self.backoff.sending += 1
        try:
            return await self._exchange(request)
        finally:
            self.backoff.sending -= 1
            self.backoff.first_answer.set()  # also after an error: the next ones go at once

    async def _exchange(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if response.status_code not in REFUSAL_STATUSES:
            if response.is_success:
                self.backoff.reopen()
            return response
        try:
            body = b"".join([chunk async for chunk in response.stream])  # type: ignore[union-attr]
        finally:
            await response.aclose()
        refusal = Refusal(response.status_code, tuple(response.headers.raw), body)
        self.backoff.remember(refusal)
        return refusal.response(request, sent=True)


async def _in_time(waiting: Awaitable[object], request: httpx.Request) -> None:
    """Wait for the venue's turn no longer than the request's own timeout."""
    limit = request.extensions.get("timeout", {}).get("read")
    try:
        await asyncio.wait_for(waiting, limit)
    except TimeoutError:
        raise httpx.ReadTimeout("no first answer from the venue in time", request=request) from None
