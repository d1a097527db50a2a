"""The preflight as a library call: profile in, :class:`PreflightRun` out.

No printing and no exit codes here: the CLI shows the run and decides the
exit code, the report package writes the evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from golive.model import CheckContext, CheckResult, Clock, Status, SystemClock

if TYPE_CHECKING:
    from golive.config import Settings
    from golive.engine.runner import ResultCallback, StartCallback
    from golive.envfiles.profile import Profile
    from golive.masking import Redactor
    from golive.model import Check, HttpClientFactory


class Verdict(StrEnum):
    """READY only when every registered check ran and none failed (nor warned, with strict).

    A SKIP in ``live`` (or with strict, in any profile) keeps a run from READY unless
    it is by design (:mod:`golive.engine.skips`).
    """

    READY = "READY"
    PARTIAL = "PARTIAL"
    NOT_READY = "NOT_READY"
    INTERRUPTED = "INTERRUPTED"


@dataclass(frozen=True)
class Selection:
    """Which of the registered checks a run was asked to run (``--only`` / ``--skip``).

    ``registered`` empty means the run's own checks are the whole registry.
    """

    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    registered: tuple[str, ...] = ()
    selected: tuple[str, ...] = ()

    @property
    def not_run(self) -> tuple[str, ...]:
        """Registered ids the selection left out, in registry order."""
        chosen = set(self.selected)
        return tuple(i for i in self.registered if i not in chosen)

    @property
    def complete(self) -> bool:
        return not self.not_run

    def as_dict(self) -> dict[str, list[str]]:
        return {"only": list(self.only), "skip": list(self.skip)}


@dataclass(frozen=True)
class Summary:
    total: int
    passed: int
    failed: int
    warnings: int
    skipped: int

    @classmethod
    def of(cls, results: Sequence[CheckResult]) -> Summary:
        def count(status: Status) -> int:
            return sum(1 for r in results if r.status == status)

        return cls(
            total=len(results),
            passed=count(Status.PASS),
            failed=count(Status.FAIL),
            warnings=count(Status.WARN),
            skipped=count(Status.SKIP),
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "passed": self.passed,
            "failed": self.failed,
            "warnings": self.warnings,
            "skipped": self.skipped,
        }


@dataclass(frozen=True)
class PreflightRun:
    """A finished (or interrupted) preflight."""

    profile: str
    env_file: Path
    started_at: datetime
    finished_at: datetime
    duration_ms: int
    results: tuple[CheckResult, ...]
    interrupted: bool = False
    lang: str = "en"
    """The language of every sentence in the results (``en`` or ``ko``)."""
    extra: Mapping[str, object] = field(default_factory=dict)
    selection: Selection = field(default_factory=Selection)
    strict: bool = False
    demo: bool = False
    """``golive demo``: the run checked golive's simulator, nothing of the operator's."""

    @property
    def summary(self) -> Summary:
        return Summary.of(self.results)

    @property
    def verdict(self) -> Verdict:
        if self.interrupted:
            return Verdict.INTERRUPTED
        failed = any(r.status == Status.FAIL for r in self.results)
        if failed or self.strict_failed or self.blocking_skips:
            return Verdict.NOT_READY
        if not self.selection.complete:
            return Verdict.PARTIAL
        return Verdict.READY

    @property
    def strict_failed(self) -> bool:
        """``--strict`` was given and some check warned: a NOT_READY on its own."""
        return self.strict and any(r.status == Status.WARN for r in self.results)

    @property
    def skipped(self) -> tuple[CheckResult, ...]:
        return tuple(r for r in self.results if r.status == Status.SKIP)

    @property
    def blocking_skips(self) -> tuple[CheckResult, ...]:
        """The SKIPs that keep this run from READY (live, or ``--strict``; never by design)."""
        from golive.engine.skips import blocking_skips

        return blocking_skips(self.results, self.profile, strict=self.strict)

    @property
    def blockers(self) -> tuple[CheckResult, ...]:
        """What keeps the run from READY: its FAILs, else its blocking SKIPs and (strict)
        WARNs, in registry order."""
        failed = tuple(r for r in self.results if r.status == Status.FAIL)
        if failed:
            return failed
        skips = {r.id for r in self.blocking_skips}
        warned = self.strict_failed
        return tuple(
            r for r in self.results if r.id in skips or (warned and r.status == Status.WARN)
        )


def verdict_exit_code(verdict: Verdict) -> int:
    """0 READY/PARTIAL, 1 NOT_READY, 130 INTERRUPTED (the CLI maps SIGTERM to 143 itself)."""
    codes = {Verdict.READY: 0, Verdict.PARTIAL: 0, Verdict.NOT_READY: 1, Verdict.INTERRUPTED: 130}
    return codes[verdict]


@dataclass(frozen=True)
class PreflightSetup:
    """Everything a preflight needs, already loaded and validated."""

    profile: Profile
    settings: Settings
    redactor: Redactor
    checks: tuple[Check, ...]
    lang: str = "en"
    timeout: float = 10.0
    serial: bool = False
    cwd: Path = field(default_factory=Path.cwd)
    clock: Clock = field(default_factory=SystemClock)
    http: HttpClientFactory | None = None
    plan_flags: Mapping[str, str] = field(default_factory=dict)
    prove_order_permission: bool = False
    selection: Selection = field(default_factory=Selection)
    strict: bool = False
    demo: bool = False


async def run_preflight(
    setup: PreflightSetup,
    *,
    on_start: StartCallback | None = None,
    on_result: ResultCallback | None = None,
) -> PreflightRun:
    """Run the selected checks; on cancellation, return what finished as INTERRUPTED."""
    import asyncio

    from golive.engine.runner import Runner

    ctx = CheckContext(
        profile=setup.profile,
        settings=setup.settings,
        redactor=setup.redactor,
        clock=setup.clock,
        http=setup.http,
        lang=setup.lang,
        cwd=setup.cwd,
        timeout=setup.timeout,
        plan_flags=setup.plan_flags,
        prove_order_permission=setup.prove_order_permission,
    )
    runner = Runner(
        setup.checks,
        ctx,
        timeout=setup.timeout,
        serial=setup.serial,
        on_start=on_start,
        on_result=on_result,
    )
    prepare(setup.checks)
    started_at = setup.clock.now()
    started = setup.clock.monotonic()
    interrupted = False
    try:
        await runner.run()
    except asyncio.CancelledError:
        interrupted = True
    results = runner.results
    if interrupted:
        results = _with_unfinished(setup.checks, results, setup.lang)
    return PreflightRun(
        profile=setup.profile.name,
        env_file=setup.profile.env_file,
        started_at=started_at,
        finished_at=setup.clock.now(),
        duration_ms=int((setup.clock.monotonic() - started) * 1000),
        results=tuple(results),
        interrupted=interrupted,
        lang=setup.lang,
        selection=setup.selection,
        strict=setup.strict,
        demo=setup.demo,
    )


def prepare(checks: Sequence[Check]) -> None:
    """Import what the selected checks need, before the timed phase (``Check.imports``).

    An import holds the whole interpreter; done inside the run it would sit in the
    middle of other checks' round trips and clock samples.
    """
    from importlib import import_module

    for check in checks:
        for module in check.imports:
            import_module(module)


def _with_unfinished(
    checks: Sequence[Check], results: Sequence[CheckResult], lang: str
) -> list[CheckResult]:
    """Every selected check, in order: the ones the interruption cut off as SKIP."""
    from golive import messages
    from golive.model import Outcome

    done = {r.id: r for r in results}
    cut = Outcome.skip(messages.text("engine.interrupted", lang), reason="interrupted")
    return [
        done.get(c.id)
        or CheckResult.from_outcome(c, cut, 0, title=messages.text(c.title_key, lang))
        for c in checks
    ]
