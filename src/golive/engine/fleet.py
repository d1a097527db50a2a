"""A fleet: the preflights of many bots, run concurrently in one process and one event loop.

Each member is an ordinary :class:`~golive.engine.preflight.PreflightSetup`
under a name (the bot's). The members' client factories share one
:class:`~golive.exchanges.backoff.VenueStates` (the caller builds them so), so
two bots on one Binance IP or one Upbit account back off together. A member
that crashes or is cancelled is reported as such; the others still finish.
Bots that share an exchange account are then judged together
(:mod:`golive.engine.accounts`): the fleet is not READY when the account cannot
carry their plans together, though each bot alone may be.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from golive import messages
from golive.engine.accounts import AccountFinding, Sharer, judge_accounts
from golive.engine.preflight import PreflightRun, Verdict, run_preflight, verdict_exit_code
from golive.model import Clock, Status, SystemClock

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

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
    env_file: Path | None = None

    @property
    def verdict(self) -> Verdict:
        return self.run.verdict if self.run is not None else Verdict.INTERRUPTED


@dataclass(frozen=True)
class FleetRun:
    started_at: datetime
    finished_at: datetime
    duration_ms: int
    members: tuple[MemberRun, ...]
    accounts: tuple[AccountFinding, ...] = ()
    """Shared accounts that cannot carry their bots' plans together."""
    strict: bool = False

    @property
    def blocking_accounts(self) -> tuple[AccountFinding, ...]:
        """The shared-account findings that stop the go-live: FAILs (with strict, WARNs too)."""
        stops = (Status.FAIL, Status.WARN) if self.strict else (Status.FAIL,)
        return tuple(a for a in self.accounts if a.status in stops)

    @property
    def ready(self) -> bool:
        """True only when every member is READY and no shared account blocks them."""
        every = all(m.verdict == Verdict.READY for m in self.members)
        return bool(self.members) and every and not self.blocking_accounts

    @property
    def verdict(self) -> Verdict:
        """INTERRUPTED if a member was; NOT_READY if a member's verdict exits non-zero; else
        READY when every member is, or the first other verdict that exits 0 (a partial run)."""
        verdicts = [m.verdict for m in self.members]
        if Verdict.INTERRUPTED in verdicts or not verdicts:
            return Verdict.INTERRUPTED
        if any(verdict_exit_code(v) != 0 for v in verdicts) or self.blocking_accounts:
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
    profile, env_file = member.setup.profile.name, member.setup.profile.env_file
    if isinstance(outcome, PreflightRun):
        return MemberRun(member.name, profile, outcome, env_file=env_file)
    if isinstance(outcome, asyncio.CancelledError):
        text = messages.text("fleet.member_not_started", member.setup.lang)
        return MemberRun(member.name, profile, None, text, env_file)
    text = member.setup.redactor.redact(f"{type(outcome).__name__}: {outcome}")
    return MemberRun(member.name, profile, None, " ".join(text.split())[:300], env_file)


def _accounts(
    members: Sequence[FleetMember], runs: Sequence[MemberRun]
) -> tuple[AccountFinding, ...]:
    """The members' shared accounts judged together (keys compared here, never kept)."""
    sharers = [
        Sharer(m.name, m.setup.profile.values, r.run) for m, r in zip(members, runs, strict=True)
    ]
    return judge_accounts(sharers)


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
            accounts=_accounts(self._members, members),
            strict=any(m.setup.strict for m in self._members),
        )
