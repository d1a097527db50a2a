"""Blocks that outlive a run: the 418s and 429s ``golive serve`` remembers between runs.

A run's back-off (:mod:`golive.exchanges.backoff`) ends with the run. ``golive serve``
runs a preflight every interval in one process, so without more memory a run started
inside a venue's block would send its whole first burst into it. That is what the
venues punish: Upbit blocks "the requests of the same IP or account" of a client that
keeps sending, and the block grows with each repeat (docs.upbit.com/kr/docs/rate-limits);
Binance bans an IP "from 2 minutes to 3 days", scaling "for repeat offenders" (SPOTDOCS,
"LIMITS"). The live bot on the same IP would pay for it.

:class:`Blocks` is that memory, one per serve process, shared by its runs. Every refusal
a run's backoff remembers is recorded here with the time it ends; the next runs'
backoffs start with the blocks still on, send nothing to those budgets and answer
their reads at once with the remembered refusal, marked as not sent and carrying the
end of the block (:data:`BLOCKED_UNTIL_HEADER`): the check reports ``rate_limit``
``ratelimit.blocked_earlier``, never a fresh request, never a PASS.

How long a block is kept:

* the time the venue named (``Retry-After``, or Upbit's 418 body), capped at
  :data:`MAX_BLOCK_S`, Binance's longest ban: a garbled number never locks golive out
  for longer;
* a 418 naming no time golive can read: :data:`UNTIMED_BAN_S`;
* a 429 naming none: the window the venue counts in (:data:`UNTIMED_LIMIT_S`).

A block is kept per egress (venue, base URL, proxy), not per account: Upbit blocks
"the IP or the account" and does not say which, so a rotated key does not get around
it. After a block ends, the next run sends that venue one request first (a burst of
:data:`PROBE_BURST`): if the venue still refuses, nothing else leaves and the refusal
is remembered again. A one-shot ``golive preflight`` has no :class:`Blocks`.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Final

from golive import messages
from golive.errors import venue_name
from golive.exchanges.budgets import BAN_STATUS, VENUE_WIDE
from golive.model import ErrorType, SystemClock

if TYPE_CHECKING:
    from collections.abc import Mapping

    import httpx

    from golive.errors import Classification
    from golive.exchanges.backoff import Refusal
    from golive.model import Clock

Egress = tuple[str, ...]
"""Where a venue sees the requests come from: venue, base URL, proxy."""

MAX_BLOCK_S: Final = 3 * 24 * 3600.0
"""Binance's longest ban, "from 2 minutes to 3 days" (SPOTDOCS, "LIMITS")."""
UNTIMED_BAN_S: Final = 600.0
"""A 418 naming no time golive can read. Ten minutes: five times Binance's shortest ban
(2 minutes), so a first ban whose time was lost is over when golive looks again, and two
of serve's default intervals (300 s); a longer ban then costs one request (the probe) per
ten minutes, not a run's burst. Neither venue documents a default; Upbit's block grows
with repeats (UPRATE), so golive keeps away rather than guess short."""
UNTIMED_LIMIT_S: Final[Mapping[str, float]] = {
    "binance": 60.0,
    "binance_futures": 60.0,
    "upbit": 1.0,
}
"""A 429 naming no time: the venue's counting window. Binance counts request weight per
minute (SPOTDOCS, FGEN "LIMITS"); Upbit per second (UPRATE, ``Remaining-Req`` ``sec``)."""
UNTIMED_LIMIT_DEFAULT_S: Final = 60.0
"""Any other venue's 429 without a time (Telegram always sends ``retry_after``)."""
PROBE_BURST: Final = 1
"""Requests sent to a venue before its first answer in the run after a block ended."""

BLOCKED_UNTIL_HEADER: Final = "X-Golive-Blocked-Until"
"""On an answer not sent because of a block from an earlier run: its end, ISO 8601 UTC."""
BLOCK_DEFAULT_HEADER: Final = "X-Golive-Block-Default-S"
"""On the same answer when the venue named no time: golive's default, in seconds."""
BLOCKED_EARLIER: Final = "ratelimit.blocked_earlier"
BLOCKED_EARLIER_DEFAULT: Final = "ratelimit.blocked_earlier_default"
BLOCKED_HEADLINE: Final = "outcome.failed.blocked_earlier"


@dataclass(frozen=True)
class Block:
    """A refusal kept between runs, until ``until`` (monotonic) / ``ends`` (wall time)."""

    refusal: Refusal
    until: float
    ends: datetime
    default_s: float | None
    """golive's default length when the venue named no time; ``None``: the venue's time."""


def block_length(venue: str, refusal: Refusal) -> tuple[float, float | None]:
    """Seconds to keep ``refusal``, and golive's default when that is what they are."""
    if refusal.block_s is not None:
        return min(max(refusal.block_s, 0.0), MAX_BLOCK_S), None
    if refusal.status == BAN_STATUS:
        return UNTIMED_BAN_S, UNTIMED_BAN_S
    default = UNTIMED_LIMIT_S.get(venue, UNTIMED_LIMIT_DEFAULT_S)
    return default, default


class Blocks:
    """Blocks by egress and budget, kept across the runs of one process; thread-safe."""

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or SystemClock()
        self._held: dict[Egress, dict[str, Block]] = {}
        self._probe: set[Egress] = set()
        self._lock = threading.Lock()

    def opening(self, egress: Egress) -> tuple[dict[str, Block], bool]:
        """As a run starts: the blocks still on, and whether the run must probe first
        (a block ended and the venue has not answered since)."""
        now = self._clock.monotonic()
        with self._lock:
            held = self._held.get(egress, {})
            for budget in [b for b, block in held.items() if block.until <= now]:
                del held[budget]
                self._probe.add(egress)
            return dict(held), egress in self._probe

    def record(self, egress: Egress, budget: str, refusal: Refusal) -> None:
        """Keep ``refusal`` for ``budget`` (the later end wins if one is kept already)."""
        seconds, default = block_length(egress[0], refusal)
        now, wall = self._clock.monotonic(), self._clock.now()
        block = Block(refusal, now + seconds, wall + timedelta(seconds=seconds), default)
        with self._lock:
            held = self._held.setdefault(egress, {})
            kept = held.get(budget)
            if kept is None or kept.until < block.until:
                held[budget] = block

    def reopen(self, egress: Egress, budget: str) -> None:
        """A success in ``budget``: its 429 is over (a ban stays until its time)."""
        if budget != VENUE_WIDE:
            with self._lock:
                self._held.get(egress, {}).pop(budget, None)

    def answered(self, egress: Egress) -> None:
        """The venue answered this run: the next run needs no probe."""
        with self._lock:
            self._probe.discard(egress)

    def headers(self, block: Block) -> tuple[tuple[bytes, bytes], ...]:
        """What an answer not sent because of ``block`` carries: the time left
        (``Retry-After``), the end of the block and golive's default if it is one."""
        left = max(math.ceil(block.until - self._clock.monotonic()), 1)
        ends = block.ends.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        found = [
            (b"Retry-After", str(left).encode()),
            (BLOCKED_UNTIL_HEADER.encode(), ends.encode()),
        ]
        if block.default_s is not None:
            found.append((BLOCK_DEFAULT_HEADER.encode(), str(int(block.default_s)).encode()))
        return tuple(found)


@dataclass(frozen=True)
class EarlierBlock:
    """What an answer given instead of a request says about a block from an earlier run."""

    ends: datetime
    default_s: str | None

    @classmethod
    def of(cls, response: httpx.Response) -> EarlierBlock | None:
        raw = response.headers.get(BLOCKED_UNTIL_HEADER)
        try:
            ends = datetime.fromisoformat(raw.replace("Z", "+00:00")) if raw else None
        except ValueError:
            ends = None
        return None if ends is None else cls(ends, response.headers.get(BLOCK_DEFAULT_HEADER))

    def shown(self) -> str:
        return shown_time(self.ends)

    def explain(self, found: Classification, venue: str, status: int, lang: str) -> Classification:
        """``found`` (the remembered refusal, classified) as a block from an earlier run."""
        key = BLOCKED_EARLIER if self.default_s is None else BLOCKED_EARLIER_DEFAULT
        fields = {"venue": venue_name(venue, lang), "status": str(status), "until": self.shown()}
        text = messages.lookup(key, lang, **fields, seconds=self.default_s or "")
        return replace(
            found,
            error_type=ErrorType.RATE_LIMIT,
            reason=BLOCKED_EARLIER,
            hint=text.hint,
            next_action=text.next_action,
            headline=BLOCKED_HEADLINE,
        )


def shown_time(moment: datetime) -> str:
    """A block's end as the operator reads it: ``2026-11-30 07:42:10 UTC``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
