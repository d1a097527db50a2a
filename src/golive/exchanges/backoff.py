"""Back off from a venue that answered 429 or 418: the run sends it nothing more, bar one retry.

Binance bans an IP (HTTP 418) that keeps sending after a 429. The checks of one
run read concurrently, so without a memory shared between them each would take
its own 429 and retry on its own, and together they would earn the ban. A
:class:`Backoff` is that memory for one venue of one run (the
:class:`~golive.exchanges.http.ClientFactory` holds one per venue), and
:class:`BackoffTransport` is the wire transport that applies it:

* until the venue has answered once in the run, its requests go one at a time:
  the first answer may be a 429, and a burst sent before it would all count
  against a spent budget (the simulator, like a strict venue, bans the fourth);
  a request that waits longer than its timeout for that first answer fails as a
  read timeout (the venue did not answer in time);
* after a 429 or 418, a request to the venue is not sent; it gets the same
  answer back at once, marked with the ``X-Golive-Not-Sent`` header, so it is
  classified exactly like the refusal it repeats;
* the exception is one retry per venue and run (a request carrying the
  ``golive.retry`` extension, see :mod:`golive.exchanges.request`), and only
  when a single 429 has been seen: several refused requests mean the budget is
  gone, and a 418 is never retried;
* a successful answer reopens the venue.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass

import httpx

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
    """One venue's rate-limit memory for one run (single event loop: no lock needed)."""

    def __init__(self) -> None:
        self.refusal: Refusal | None = None
        self.refusals = 0
        self.retried = False
        self.answered = False
        self.first = asyncio.Lock()

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


def was_sent(response: httpx.Response) -> bool:
    """False for an answer :class:`BackoffTransport` gave instead of sending the request."""
    return NOT_SENT_HEADER not in response.headers


class BackoffTransport(httpx.AsyncHTTPTransport):
    """The real wire transport of a run's clients, with the venue's :class:`Backoff` in front."""

    def __init__(
        self, backoff: Backoff, *, proxy: str | None = None, verify: ssl.SSLContext | bool = True
    ) -> None:
        super().__init__(proxy=proxy, trust_env=False, verify=verify)
        self.backoff = backoff

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.backoff.answered:
            await _acquire(self.backoff.first, request)
            try:
                if not self.backoff.answered:
                    return await self._exchange(request)
            finally:
                self.backoff.answered = True  # also after an error: the next ones go at once
                self.backoff.first.release()
        return await self._exchange(request)

    async def _exchange(self, request: httpx.Request) -> httpx.Response:
        if not self.backoff.admits(request):
            return self.backoff.refuse(request)
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


async def _acquire(lock: asyncio.Lock, request: httpx.Request) -> None:
    """Wait for the venue's first answer no longer than the request's own timeout."""
    limit = request.extensions.get("timeout", {}).get("read")
    try:
        await asyncio.wait_for(lock.acquire(), limit)
    except TimeoutError:
        raise httpx.ReadTimeout("no first answer from the venue in time", request=request) from None
