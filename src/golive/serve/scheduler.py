"""The serve loop: one preflight at a time, at start and then every interval (with jitter).

Each run happens in a worker thread with its own event loop, so a slow or stuck
check never delays the HTTP answers, and a run that raises is recorded, never
fatal: the server keeps serving the last verdict and says the run failed. The
setup is prepared afresh for every run (``prepare``), so an edited or rotated
env file is picked up by the next run; a setup that cannot be prepared (the
file was removed) is a failed run, not a dead server.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from golive import messages
from golive.engine.preflight import PreflightRun, Verdict
from golive.model import Clock, SystemClock
from golive.serve.retention import Retention

if TYPE_CHECKING:
    from prometheus_client.metrics_core import Metric

    from golive.engine.preflight import PreflightSetup

JITTER = 0.1
"""Each wait is the interval times a random factor in [1 - JITTER, 1 + JITTER]."""
STALE_AFTER_INTERVALS = 2
Prepare = Callable[[], "PreflightSetup"]
Log = Callable[[str], None]


@dataclass(frozen=True)
class LastRun:
    """The outcome of the latest finished run: a preflight, or why there was none."""

    number: int
    finished_at: datetime
    finished_monotonic: float
    run: PreflightRun | None = None
    result_json: str | None = None
    families: tuple[Metric, ...] = ()
    bundle: Path | None = None
    error: str | None = None


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reason: str
    verdict: str | None
    age_seconds: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ready": self.ready,
            "reason": self.reason,
            "verdict": self.verdict,
            "age_seconds": None if self.age_seconds is None else round(self.age_seconds, 3),
        }


@dataclass
class _Current:
    """The run in progress: its loop and task, so :meth:`Scheduler.stop` can cancel it."""

    loop: asyncio.AbstractEventLoop | None = None
    task: asyncio.Task[PreflightRun] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class Scheduler:
    """Runs the preflight on a schedule and remembers the last outcome."""

    def __init__(
        self,
        prepare: Prepare,
        *,
        label: str,
        interval: float,
        evidence_dir: Path,
        retention: Retention,
        lang: str = "en",
        log: Log | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._prepare = prepare
        self.label = label
        self.interval = interval
        self._evidence_dir = evidence_dir
        self._retention = retention
        self._lang = lang
        self._log = log or (lambda line: None)
        self._clock = clock or SystemClock()
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self._current = _Current()
        self._redact: Callable[[str], str] = lambda text: text
        self._stopping = False
        self._wake: asyncio.Event | None = None
        self.last: LastRun | None = None
        self.completed: LastRun | None = None
        """The latest run that produced a verdict (``last`` too, unless the latest failed)."""
        self.runs = 0
        self.failures = 0
        self.running = False

    def next_delay(self) -> float:
        return self.interval * self._rng.uniform(1 - JITTER, 1 + JITTER)

    async def run_forever(self) -> None:
        """Run now, then every interval (start to start) until :meth:`stop`; never two at once."""
        self._wake = asyncio.Event()
        while not self._stopping:
            started = self._clock.monotonic()
            await self.run_once()
            wait = self.next_delay() - (self._clock.monotonic() - started)
            if self._stopping:
                break
            if wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), wait)

    def stop(self) -> None:
        """Stop after (or by cancelling) the current run; callable from the server's loop."""
        self._stopping = True
        if self._wake is not None:
            self._wake.set()
        with self._current.lock:
            loop, task = self._current.loop, self._current.task
        if loop is not None and task is not None and not loop.is_closed():
            loop.call_soon_threadsafe(task.cancel)

    async def run_once(self) -> LastRun | None:
        self.running = True
        number = self.runs + 1
        try:
            last = await asyncio.to_thread(self._run_blocking, number)
        except Exception as exc:  # a failing run never stops the server
            last = self._failed(number, exc)
        finally:
            self.running = False
        if last is None:  # cut short by stop(): nothing to keep
            return None
        self.runs = number
        self.failures += last.error is not None
        self.last = last
        if last.run is not None:
            self.completed = last
        self._log(self._summary_line(last))
        return last

    def _failed(self, number: int, exc: BaseException) -> LastRun:
        """No verdict: ``golive_ready`` 0, the last completed run's other metrics kept."""
        from golive.report.prometheus import not_ready

        text = " ".join(self._redact(f"{exc}").split()) or type(exc).__name__
        before = self.completed.families if self.completed else ()
        families = tuple(not_ready(before, [self.label]))
        return LastRun(
            number, self._clock.now(), self._clock.monotonic(), families=families, error=text[:300]
        )

    def _run_blocking(self, number: int) -> LastRun | None:
        setup = self._prepare()
        self._redact = setup.redactor.redact  # masks a later failure's message too
        run = self._preflight(setup)
        if run.interrupted and self._stopping:
            return None
        return self._finish(number, setup, run)

    def _preflight(self, setup: PreflightSetup) -> PreflightRun:
        from golive.engine.preflight import run_preflight

        with asyncio.Runner() as runner:
            loop = runner.get_loop()
            task = loop.create_task(run_preflight(setup))
            with self._current.lock:
                self._current.loop, self._current.task = loop, task
            if self._stopping:
                task.cancel()
            try:
                return runner.run(_wait(task))
            finally:
                with self._current.lock:
                    self._current.loop = self._current.task = None

    def _finish(self, number: int, setup: PreflightSetup, run: PreflightRun) -> LastRun:
        from golive.report.bundle import EvidenceError, write_bundle
        from golive.report.prometheus import ProfileRun, not_ready, run_families
        from golive.report.result_json import render_result_json

        bundle, error = None, None
        try:
            bundle = write_bundle(run, self._evidence_dir, setup.redactor, setup.cwd).path
            self._retention.add(bundle)
        except EvidenceError as exc:
            error = str(exc)
        families = run_families([ProfileRun(self.label, run)])
        return LastRun(
            number=number,
            finished_at=self._clock.now(),
            finished_monotonic=self._clock.monotonic(),
            run=run,
            result_json=setup.redactor.redact(render_result_json(run)),
            families=tuple(not_ready(families) if error else families),
            bundle=bundle,
            error=setup.redactor.redact(error) if error else None,
        )

    def _summary_line(self, last: LastRun) -> str:
        if last.run is None:
            return messages.text(
                "serve.run_failed", self._lang, number=str(last.number), error=last.error or ""
            )
        summary = last.run.summary
        return messages.text(
            "serve.run_done",
            self._lang,
            number=str(last.number),
            verdict=last.run.verdict.value,
            failed=str(summary.failed),
            warnings=str(summary.warnings),
            duration=str(last.run.duration_ms),
            evidence=str(last.bundle) if last.bundle else (last.error or "-"),
        )

    def readiness(self) -> Readiness:
        """READY, with its evidence written, and younger than two intervals -> ready;
        otherwise why not."""
        last = self.last
        if last is None:
            return Readiness(False, "no_run_yet", None, None)
        age = self._clock.monotonic() - last.finished_monotonic
        if last.run is None:
            return Readiness(False, "run_failed", None, age)
        verdict = last.run.verdict
        if last.error is not None:  # the verdict stands, but its evidence could not be written
            return Readiness(False, "run_failed", verdict.value, age)
        if verdict != Verdict.READY:
            return Readiness(False, "not_ready", verdict.value, age)
        if age >= STALE_AFTER_INTERVALS * self.interval:
            return Readiness(False, "stale", verdict.value, age)
        return Readiness(True, "ready", verdict.value, age)


async def _wait(task: asyncio.Task[PreflightRun]) -> PreflightRun:
    return await task
