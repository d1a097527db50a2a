"""A fleet: the preflights of many bots, run concurrently in one process and one event loop.

Each member is an ordinary :class:`~golive.engine.preflight.PreflightSetup`
under a name (the bot's). The members' client factories share one
:class:`~golive.exchanges.backoff.VenueStates` (the caller builds them so), so
two bots on one Binance IP or one Upbit account back off together. A member
that crashes or is cancelled is reported as such; the others still finish.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from golive import messages
from golive.engine.preflight import PreflightRun, Verdict, run_preflight, verdict_exit_code
from golive.model import Clock, SystemClock

if TYPE_CHECKING:
    from collections.abc import Sequence

    from golive.engine.preflight import PreflightSetup

MAX_CONCURRENT = 32
"""Members preflighting at once (each holds a PostgreSQL and a Redis connection while it runs)."""


@dataclass(frozen=True)
class FleetMember:
    name: str
    setup: PreflightSetup


@dataclass(frozen=True)
class MemberRun:
    """One member's outcome: its run, or why there is none (``error``, one masked line)."""

    name: str
    profile: str
    run: PreflightRun | None
    error: str | None = None

    @property
    def verdict(self) -> Verdict:
        return self.run.verdict if self.run is not None else Verdict.INTERRUPTED


@dataclass(frozen=True)
class FleetRun:
    started_at: datetime
    finished_at: datetime
    duration_ms: int
    members: tuple[MemberRun, ...]

    @property
    def ready(self) -> bool:
        """True only when every member is READY."""
        return bool(self.members) and all(m.verdict == Verdict.READY for m in self.members)

    @property
    def verdict(self) -> Verdict:
        """INTERRUPTED if a member was; NOT_READY if a member's verdict exits non-zero; else
        READY when every member is, or the first other verdict that exits 0 (a partial run)."""
        verdicts = [m.verdict for m in self.members]
        if Verdict.INTERRUPTED in verdicts or not verdicts:
            return Verdict.INTERRUPTED
        if any(verdict_exit_code(v) != 0 for v in verdicts):
            return Verdict.NOT_READY
        return next((v for v in verdicts if v != Verdict.READY), Verdict.READY)


THREADS_PER_MEMBER = 4
"""Default-executor threads per member: each run parks work there (the history scan's reads,
host name resolution of every connection); a pool sized for one run would queue the fleet."""


def _widen_default_executor(members: int) -> None:
    """Give this loop's default executor room for every member (threads mostly wait)."""
    from concurrent.futures import ThreadPoolExecutor

    workers = min(MAX_CONCURRENT, members) * THREADS_PER_MEMBER
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(max_workers=max(workers, 8), thread_name_prefix="golive-fleet")
    )


def _member_run(member: FleetMember, outcome: PreflightRun | BaseException) -> MemberRun:
    profile = member.setup.profile.name
    if isinstance(outcome, PreflightRun):
        return MemberRun(member.name, profile, outcome)
    if isinstance(outcome, asyncio.CancelledError):
        text = messages.text("fleet.member_not_started", member.setup.lang)
        return MemberRun(member.name, profile, None, text)
    text = member.setup.redactor.redact(f"{type(outcome).__name__}: {outcome}")
    return MemberRun(member.name, profile, None, " ".join(text.split())[:300])


MemberDone = Callable[[str, PreflightRun], None]
"""Told of each member's run as soon as it ends (the evidence writer starts on it at once)."""


class FleetRunner:
    """Runs the members together; :meth:`cancel` (from a signal handler) interrupts them all."""

    def __init__(
        self,
        members: Sequence[FleetMember],
        clock: Clock | None = None,
        on_done: MemberDone | None = None,
    ) -> None:
        self._members = tuple(members)
        self._clock = clock or SystemClock()
        self._on_done = on_done
        self._tasks: list[asyncio.Task[PreflightRun]] = []

    def cancel(self) -> None:
        for task in self._tasks:
            task.cancel()

    async def _run_member(self, member: FleetMember, gate: asyncio.Semaphore) -> PreflightRun:
        async with gate:
            run = await run_preflight(member.setup)
        if self._on_done is not None:
            self._on_done(member.name, run)
        return run

    async def run(self) -> FleetRun:
        _widen_default_executor(len(self._members))
        gate = asyncio.Semaphore(MAX_CONCURRENT)
        started_at, started = self._clock.now(), self._clock.monotonic()
        self._tasks = [
            asyncio.create_task(self._run_member(m, gate), name=f"fleet:{m.name}")
            for m in self._members
        ]
        outcomes = await asyncio.gather(*self._tasks, return_exceptions=True)
        members = tuple(_member_run(m, o) for m, o in zip(self._members, outcomes, strict=True))
        return FleetRun(
            started_at=started_at,
            finished_at=self._clock.now(),
            duration_ms=int((self._clock.monotonic() - started) * 1000),
            members=members,
        )
