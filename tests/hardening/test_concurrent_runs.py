"""50 preflights started at once against one simulator: own bundles, right verdicts.

Fifty independent runs (each its own profile load, client factory and bundle
write, as fifty processes would be) are gathered on one event loop; on a 2-core
machine that is far cheaper than fifty interpreters and loads the simulator the
same way. The simulator's rate limiting must come back as results (a
``ratelimit.headroom`` WARN, a ``rate_limit`` FAIL), never as a crash.
"""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from golive.checks import all_checks, select_checks
from golive.commands.common import load
from golive.commands.preflight_cmd import build_setup
from golive.engine.preflight import PreflightRun, run_preflight
from golive.exchanges.backoff import FIRST_BURST
from golive.report.bundle import Bundle, write_bundle
from golive.report.result_json import render_result_json
from tests.hardening.support import VENUE_CHECKS, assert_complete_bundle, live_workspace

if TYPE_CHECKING:
    from collections.abc import Sequence

    from golive.model import Check
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

RUNS = 50
TIMEOUT_S = 30
"""Per check: fifty full preflights (trading checks included, ~25 reads each) share one
simulator thread and two cores; what is tested is results, never crashes, not speed."""


async def one_run(workspace: Workspace, checks: tuple[Check, ...]) -> tuple[PreflightRun, Bundle]:
    loaded = load("live", None, lang="en", config=None, cwd=workspace.root)
    setup = build_setup(loaded, checks, timeout=TIMEOUT_S, serial=False, cwd=workspace.root)
    run = await run_preflight(setup)
    bundle = write_bundle(run, workspace.root / "logs" / "evidence", setup.redactor, workspace.root)
    return run, bundle


async def many_runs(
    workspace: Workspace, checks: Sequence[str] | None
) -> list[tuple[PreflightRun, Bundle]]:
    selected = select_checks(all_checks(), list(checks) if checks else None, None)
    return await asyncio.gather(*(one_run(workspace, selected) for _ in range(RUNS)))


def assert_own_bundles(workspace: Workspace, runs: list[tuple[PreflightRun, Bundle]]) -> None:
    paths = {bundle.path for _, bundle in runs}
    assert len(paths) == RUNS
    assert sorted(paths) == workspace.bundles()
    for run, bundle in runs:
        assert_complete_bundle(bundle.path)
        written = json.loads((bundle.path / "result.json").read_text())
        assert written == json.loads(render_result_json(run))  # this run's, nobody else's


async def test_fifty_healthy_runs(workspace: Workspace, sim: RunningSimulator) -> None:
    live_workspace(workspace, sim)
    # ~1250 requests reach one simulator thread at once: a signed request can queue there for
    # more than the default 5 s recvWindow, which the simulator then rightly answers with
    # -1021. The largest window Binance accepts keeps this a test of results, not of speed.
    toml = workspace.root / "golive.toml"  # keeps live_workspace's allowed_hosts line
    toml.write_text(toml.read_text() + "[thresholds]\nrecv_window_ms = 60000\n")

    runs = await many_runs(workspace, None)

    assert_own_bundles(workspace, runs)
    for run, _ in runs:
        shown = [(r.id, r.status.value, r.reason) for r in run.results if r.status.value != "PASS"]
        assert run.verdict.value == "READY", shown
        assert {r.status.value for r in run.results} <= {"PASS", "WARN"}
        assert not any((r.reason or "").startswith("exception.") for r in run.results)
    # fifty runs in a second use up Upbit's per-second budget: reported as a WARN
    headroom = [r for run, _ in runs for r in run.results if r.reason == "ratelimit.headroom"]
    assert headroom, "the simulator's rate-limit headers were not reported"
    assert {r.error_type.value for r in headroom if r.error_type} == {"rate_limit"}
    assert len(sim.state.requests()) >= RUNS * 10


async def test_fifty_runs_into_a_rate_limited_binance(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    sim.state.set_scenarios(["binance.rate_limited"])

    runs = await many_runs(workspace, VENUE_CHECKS)

    assert_own_bundles(workspace, runs)
    for run, _ in runs:
        statuses = {
            r.id: (r.status.value, r.error_type and r.error_type.value) for r in run.results
        }
        assert run.verdict.value == "NOT_READY"
        for check in ("binance_api_restrictions", "binance", "clock_skew"):
            assert statuses[check] == ("FAIL", "rate_limit"), statuses
        assert statuses["upbit"][0] in ("PASS", "WARN")
        assert statuses["telegram"] == ("PASS", None)
    # each run backs off on its own: its first burst and at most one retry to Binance spot
    spot = [r for r in sim.state.requests() if r.venue == "binance"]
    assert len(spot) <= (FIRST_BURST + 1) * RUNS


def test_a_bundle_name_taken_at_the_last_moment_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes pick the same name in the same second: the later rename moves on."""
    from golive.masking import Redactor
    from golive.report import bundle as bundle_module

    names = iter(["preflight_live_20260101_000000_aaaa", "preflight_live_20260101_000000_bbbb"])
    monkeypatch.setattr(bundle_module, "bundle_name", lambda *_args: next(names))
    real_rename = os.rename

    def rename_after_another_run(source: Path, target: Path) -> None:
        if Path(target).name.endswith("aaaa"):  # the other run wins the race
            Path(target).mkdir()
            (Path(target) / "result.json").write_text("{}")
        real_rename(source, target)

    monkeypatch.setattr(bundle_module.os, "rename", rename_after_another_run)
    now = datetime.now(UTC)
    run = PreflightRun("live", tmp_path / ".env.live", now, now, 1, ())

    written = write_bundle(run, tmp_path / "ev", Redactor.from_values({}), tmp_path)

    assert written.path.name.endswith("bbbb")
    assert_complete_bundle(written.path)
    assert sorted(p.name for p in (tmp_path / "ev").iterdir()) == [
        "preflight_live_20260101_000000_aaaa",
        "preflight_live_20260101_000000_bbbb",
    ]
