"""``clock_skew``: the local clock against Binance spot and futures server time.

Each offset is measured the NTP way (:mod:`golive.exchanges.clocksample`): several
samples per venue, timed as the socket sees them, the offset taken from the sample
with the smallest round trip with the midpoint rule, ``offset = serverTime -
(t_send + t_recv) / 2``, within +- RTT/2. Binance accepts a signed request only when its
timestamp is less than 1000 ms ahead of the server and at most ``recvWindow``
behind it, so the check FAILs when ``|offset| + RTT/2`` reaches the
``recvWindow`` in use, or when the local clock runs 1000 ms or more ahead;
it WARNs from ``thresholds.clock_warn_ms``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from golive import messages as hints
from golive.errors import venue_name
from golive.exchanges.binance import FUTURES_TIME, SERVER_TIME
from golive.exchanges.clocksample import ClockReading, read_clocks
from golive.exchanges.outcomes import (
    credential_problem,
    failure_outcome,
    headroom_warning,
    usage_details,
)
from golive.exchanges.request import Deadline, ReadError
from golive.exchanges.session import client_factory
from golive.model import Check, ErrorType, Outcome

if TYPE_CHECKING:
    from golive.exchanges.ratelimit import RateUsage
    from golive.model import CheckContext, JSONValue

AHEAD_LIMIT_MS = 1000
"""Binance rejects a timestamp this far ahead of its clock (``-1021``), whatever the window."""
SKEW_MESSAGES = {"ahead": "check.clock_skew.ahead", "behind": "check.clock_skew.behind"}
"""The message of a skewed clock, by direction (catalogue keys)."""


@dataclass(frozen=True)
class Measurement:
    """One venue's reading: the offset of its fastest sample and that sample's round trip."""

    reading: ClockReading

    @property
    def venue(self) -> str:
        return self.reading.venue

    @property
    def offset_ms(self) -> float:
        return self.reading.offset_ms

    @property
    def rtt_ms(self) -> float:
        return self.reading.rtt_ms

    @property
    def usage(self) -> RateUsage | None:
        return self.reading.usage

    @property
    def bound_ms(self) -> float:
        """The worst offset the measurement allows: ``|offset| + RTT/2``."""
        return abs(self.offset_ms) + self.reading.error_ms

    def as_detail(self) -> dict[str, JSONValue]:
        return {
            "offset_ms": round(self.offset_ms),
            "error_ms": round(self.reading.error_ms, 1),
            "samples": self.reading.samples,
            "rtt_ms": round(self.rtt_ms, 1),
            "bound_ms": round(self.bound_ms),
        }


def _severity(m: Measurement, ctx: CheckContext) -> int:
    """2 = FAIL, 1 = WARN, 0 = fine."""
    if m.bound_ms >= ctx.settings.thresholds.recv_window_ms or -m.offset_ms >= AHEAD_LIMIT_MS:
        return 2
    return 1 if m.bound_ms >= ctx.settings.thresholds.clock_warn_ms else 0


def _details(found: list[Measurement], ctx: CheckContext) -> dict[str, JSONValue]:
    thresholds = ctx.settings.thresholds
    details: dict[str, JSONValue] = {m.venue: m.as_detail() for m in found}
    return details | {
        "recv_window_ms": thresholds.recv_window_ms,
        "warn_ms": thresholds.clock_warn_ms,
        "rate_limit": usage_details(m.usage for m in found),
    }


def _skewed(
    worst: Measurement, fail: bool, ctx: CheckContext, details: dict[str, JSONValue]
) -> Outcome:
    direction = "ahead" if worst.offset_ms < 0 else "behind"
    message = hints.text(
        SKEW_MESSAGES[direction],
        ctx.lang,
        offset=str(round(abs(worst.offset_ms))),
        venue=venue_name(worst.venue, ctx.lang),
        rtt=str(round(worst.rtt_ms)),
        window=str(ctx.settings.thresholds.recv_window_ms),
    )
    reason = "clock.skew_fail" if fail else "clock.skew_warn"
    text = hints.lookup(reason, ctx.lang, offset_ms=str(round(worst.offset_ms)))
    if fail:
        return Outcome.fail(
            message,
            error_type=ErrorType.CLOCK_SKEW,
            reason=reason,
            hint=text.hint,
            next_action=text.next_action,
            details=details,
        )
    return Outcome.warn(
        message,
        reason=reason,
        hint=text.hint,
        next_action=text.next_action,
        error_type=ErrorType.CLOCK_SKEW,
        details=details,
    )


def _verdict(found: list[Measurement], ctx: CheckContext) -> Outcome:
    worst = max(found, key=lambda m: (_severity(m, ctx), m.bound_ms))
    details = _details(found, ctx)
    if _severity(worst, ctx) > 0:
        return _skewed(worst, _severity(worst, ctx) == 2, ctx, details)
    bound = str(round(worst.bound_ms))
    message = hints.text("check.clock_skew.passed", ctx.lang, bound=bound)
    busy = headroom_warning([m.usage for m in found], ctx, details)
    return busy or Outcome.passed(message, **details)


async def run(ctx: CheckContext) -> Outcome:
    skipped = credential_problem(ctx, "BINANCE_API_KEY")
    if skipped is not None:
        return skipped
    deadline = Deadline.for_timeout(ctx.clock, ctx.timeout)
    answers = await read_clocks(
        client_factory(ctx), (SERVER_TIME, FUTURES_TIME), ctx.clock, deadline, lang=ctx.lang
    )
    found: list[Measurement] = []
    for answer in answers:  # the first failure in request order, as a loop would raise it
        if isinstance(answer, ReadError):
            return failure_outcome(answer, ctx)
        found.append(Measurement(answer))
    return _verdict(found, ctx)


CHECK = Check(
    id="clock_skew",
    title_key="check.clock_skew.title",
    description_key="check.clock_skew.description",
    run=run,
    venues=("binance", "binance_futures"),
)
