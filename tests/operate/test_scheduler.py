"""The serve loop's rules, on the real scheduler: never two runs at once, jittered waits,
readiness ages out, retention deletes only what it wrote."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from typing import TYPE_CHECKING

from golive.report.prometheus import render_metrics
from golive.serve.app import serve_families
from golive.serve.retention import Retention
from golive.serve.scheduler import JITTER, Scheduler
from tests.operate.support import value

if TYPE_CHECKING:
    from pathlib import Path

    from golive.engine.preflight import PreflightSetup


class Overlap:
    """A ``prepare`` that takes a while and counts how many runs are inside it at once."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self) -> PreflightSetup:
        with self._lock:
            self.inside += 1
            self.calls += 1
            self.most = max(self.most, self.inside)
        time.sleep(0.05)  # longer than the interval below: the next run is already due
        with self._lock:
            self.inside -= 1
        raise FileNotFoundError("the env file is gone")


def test_runs_never_overlap_and_a_failing_run_is_recorded(tmp_path: Path) -> None:
    prepare = Overlap()
    lines: list[str] = []
    scheduler = Scheduler(
        prepare,
        label="live",
        interval=0.01,
        evidence_dir=tmp_path,
        retention=Retention(),
        log=lines.append,
    )

    async def main() -> None:
        task = asyncio.create_task(scheduler.run_forever())
        while scheduler.runs < 5:
            await asyncio.sleep(0.01)
        scheduler.stop()
        await task

    asyncio.run(main())
    assert prepare.most == 1
    assert scheduler.failures == scheduler.runs >= 5
    assert scheduler.last is not None
    assert scheduler.last.error == "the env file is gone"
    readiness = scheduler.readiness()
    assert (readiness.ready, readiness.reason) == (False, "run_failed")
    assert all("could not finish" in line for line in lines)
    # no run ever completed: still a golive_ready 0 for GoliveNotReady, and no invented time
    text = render_metrics(serve_families(scheduler))
    assert value(text, "golive_ready", profile="live") == 0.0
    assert value(text, "golive_last_run_timestamp_seconds") is None
    assert value(text, "golive_serve_last_run_failed", profile="live") == 1.0


def test_waits_are_jittered_within_ten_percent(tmp_path: Path) -> None:
    scheduler = Scheduler(
        Overlap(),
        label="live",
        interval=300,
        evidence_dir=tmp_path,
        retention=Retention(),
        rng=random.Random(7),
    )
    delays = [scheduler.next_delay() for _ in range(500)]
    assert min(delays) >= 300 * (1 - JITTER)
    assert max(delays) <= 300 * (1 + JITTER)
    assert max(delays) - min(delays) > 30  # it does vary


def test_no_run_yet_is_not_ready(tmp_path: Path) -> None:
    scheduler = Scheduler(
        Overlap(), label="live", interval=5, evidence_dir=tmp_path, retention=Retention()
    )
    assert scheduler.readiness().as_dict() == {
        "ready": False,
        "reason": "no_run_yet",
        "verdict": None,
        "age_seconds": None,
    }


def test_retention_deletes_only_its_own_oldest(tmp_path: Path) -> None:
    foreign = tmp_path / "preflight_live_20260101_000000_abcd"
    foreign.mkdir()
    retention = Retention(keep=2)
    mine = []
    for number in range(4):
        bundle = tmp_path / f"preflight_live_20261130_00000{number}_0000"
        bundle.mkdir()
        (bundle / "result.json").write_text("{}")
        mine.append(bundle)
        retention.add(bundle)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [foreign.name, mine[2].name, mine[3].name]
    )
    assert retention.kept == (mine[2], mine[3])
