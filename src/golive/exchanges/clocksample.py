"""Clock samples taken the NTP way: several server-time reads per venue, the fastest one wins.

Each sample is one read of a venue's server-time endpoint, timed as the socket sees
it: from when httpcore starts writing the request to when it has read the answer's
headers (httpcore's ``trace`` hook), so neither connection set-up nor TLS counts.
The server stamped its time somewhere between those two moments, so

    offset = serverTime - (t_sent + RTT / 2),   error within +- RTT / 2.

Of :data:`SAMPLES` samples the one with the smallest round trip gives the offset and
its error bound: queueing and scheduling delays only ever add to a round trip, so the
fastest sample is the least disturbed one (NTP's clock filter, RFC 5905 section 10,
picks the minimum-delay sample the same way).

The samples go out within 50 ms of each other (one round trip, not one per sample;
spread a little so they do not all meet the same scheduling hiccup) on their own
connections, from a thread with its own event loop: the checks' CPU work on the main
loop then delays a sample by at most the interpreter's switch interval (5 ms), where
on the shared loop it would delay it by whole callbacks. The thread ends by the
check's deadline; the samples share the run's rate-limit memory
(:mod:`golive.exchanges.backoff`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from golive.exchanges.request import ReadError, Reply, malformed, read
from golive.offloop import on_own_thread

if TYPE_CHECKING:
    from collections.abc import Sequence

    from golive.exchanges.endpoint import Endpoint
    from golive.exchanges.ratelimit import RateUsage
    from golive.exchanges.request import Deadline
    from golive.model import Clock, HttpClientFactory

SAMPLES = 6
"""Server-time reads per venue in one run."""
STAGGER_S = 0.01
"""Sample ``n`` leaves ``n * STAGGER_S`` after the first (the last 50 ms later): samples
taken at the same instant share the same scheduling hiccup, spread ones do not."""
SENT = "send_request_headers.started"
RECEIVED = "receive_response_headers.complete"


@dataclass(frozen=True)
class Sample:
    offset_ms: float
    rtt_ms: float


@dataclass(frozen=True)
class ClockReading:
    """A venue's offset from its fastest sample: ``server - local``, error within ``error_ms``."""

    venue: str
    offset_ms: float
    rtt_ms: float
    samples: int
    usage: RateUsage | None

    @property
    def error_ms(self) -> float:
        """The error bound of the offset: half the round trip of the sample it comes from."""
        return self.rtt_ms / 2


class Stopwatch:
    """httpcore's trace hook: when the request left and when its answer arrived."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.sent_wall_ms: float | None = None
        self.sent: float | None = None
        self.received: float | None = None

    async def __call__(self, event: str, info: dict[str, Any]) -> None:
        if event.endswith(SENT):
            self.sent = self._clock.monotonic()
            self.sent_wall_ms = self._clock.now().timestamp() * 1000
            self.received = None
        elif event.endswith(RECEIVED):
            self.received = self._clock.monotonic()

    def sample(self, server_ms: int) -> Sample | None:
        if self.sent is None or self.received is None or self.sent_wall_ms is None:
            return None
        rtt_ms = (self.received - self.sent) * 1000
        return Sample(server_ms - (self.sent_wall_ms + rtt_ms / 2), rtt_ms)


def server_time(reply: Reply, lang: str) -> int:
    """``serverTime`` of a Binance time answer (an integer, in ms)."""
    value = reply.data.get("serverTime") if isinstance(reply.data, dict) else None
    if not isinstance(value, int) or isinstance(value, bool):
        raise malformed(reply.endpoint, "serverTime is not an integer", lang=lang)
    return value


async def _one(
    factory: HttpClientFactory,
    endpoint: Endpoint,
    clock: Clock,
    deadline: Deadline,
    lang: str,
    delay_s: float = 0.0,
) -> tuple[Sample | None, Reply]:
    await asyncio.sleep(delay_s)
    watch = Stopwatch(clock)
    async with factory(endpoint.venue, timeout=deadline.remaining()) as client:
        reply = await read(client, endpoint, deadline, lang=lang, trace=watch)
    return watch.sample(server_time(reply, lang)), reply


async def _venue(
    factory: HttpClientFactory, endpoint: Endpoint, clock: Clock, deadline: Deadline, lang: str
) -> ClockReading:
    answers = await asyncio.gather(
        *(_one(factory, endpoint, clock, deadline, lang, n * STAGGER_S) for n in range(SAMPLES)),
        return_exceptions=True,
    )
    found: list[tuple[Sample | None, Reply]] = []
    for answer in answers:  # the first failure in request order, as a loop would raise it
        if isinstance(answer, BaseException):
            raise answer
        found.append(answer)
    samples = [sample for sample, _ in found if sample is not None]
    if not samples:
        raise malformed(endpoint, "no round trip could be timed", lang=lang)
    best = min(samples, key=lambda s: s.rtt_ms)
    usage = found[-1][1].usage
    return ClockReading(endpoint.venue, best.offset_ms, best.rtt_ms, len(samples), usage)


async def _all(
    factory: HttpClientFactory,
    endpoints: Sequence[Endpoint],
    clock: Clock,
    deadline: Deadline,
    lang: str,
) -> list[ClockReading | BaseException]:
    return await asyncio.gather(
        *(_venue(factory, endpoint, clock, deadline, lang) for endpoint in endpoints),
        return_exceptions=True,
    )


async def read_clocks(
    factory: HttpClientFactory,
    endpoints: Sequence[Endpoint],
    clock: Clock,
    deadline: Deadline,
    *,
    lang: str,
) -> list[ClockReading | ReadError]:
    """One :class:`ClockReading` (or the :class:`ReadError`) per endpoint, sampled off-loop.

    Anything else a sample raises (a :class:`~golive.guard.ReadOnlyViolation`, a bug) is
    raised here.
    """
    found = await on_own_thread(
        lambda: _all(factory, endpoints, clock, deadline, lang), name="golive-clock"
    )
    for answer in found:
        if isinstance(answer, BaseException) and not isinstance(answer, ReadError):
            raise answer
    return [a for a in found if isinstance(a, ClockReading | ReadError)]
