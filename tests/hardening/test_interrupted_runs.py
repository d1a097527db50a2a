"""SIGINT and SIGTERM during a preflight: out within 2 s, 130 / 143, a whole bundle or none.

A real ``python -m golive preflight`` child process hangs on the simulator
(``binance.hang``, ``--timeout 30``); once the hung request is in the simulator's
log the signal is sent. The child must end within 2 s with 130 (SIGINT) or 143
(SIGTERM) and leave either no bundle or a complete one saying ``INTERRUPTED``,
with no staging folder or temporary file left behind.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from golive.engine.preflight import PreflightRun
from tests.hardening.support import (
    assert_complete_bundle,
    assert_no_debris,
    live_workspace,
    read_result,
)

if TYPE_CHECKING:
    from pathlib import Path

    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

EXIT_WITHIN_S = 2.0
START_WITHIN_S = 30.0


def start_preflight(workspace: Workspace, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
    return subprocess.Popen(
        [sys.executable, "-m", "golive", "preflight", "--env", "live", *args],
        cwd=workspace.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_request(
    sim: RunningSimulator, child: subprocess.Popen[str], *, hung: bool = True
) -> None:
    """Until the child's first (``hung``: first unanswered) request is in the simulator's log."""
    deadline = time.monotonic() + START_WITHIN_S
    while not any(r.status == 0 or not hung for r in sim.state.requests()):
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the preflight never reached the simulator"
        time.sleep(0.02)


def stop(child: subprocess.Popen[str], signum: int) -> tuple[int, str, str, float]:
    child.send_signal(signum)
    sent = time.monotonic()
    try:
        out, err = child.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise
    return child.returncode, out, err, time.monotonic() - sent


def evidence(workspace: Workspace) -> Path:
    return workspace.root / "logs" / "evidence"


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"]
)
def test_signal_while_a_check_hangs(
    workspace: Workspace, sim: RunningSimulator, signum: int, code: int
) -> None:
    live_workspace(workspace, sim)
    sim.state.set_scenarios(["binance.hang"])
    child = start_preflight(workspace, "--timeout", "30")
    wait_for_request(sim, child)

    returncode, out, err, seconds = stop(child, signum)

    assert returncode == code, err
    assert seconds < EXIT_WITHIN_S
    assert "Traceback" not in out + err
    assert_no_debris(evidence(workspace))
    for bundle in workspace.bundles():
        assert_complete_bundle(bundle)
        assert read_result(bundle)["verdict"] == "INTERRUPTED"
    assert "INTERRUPTED" in out


def test_sigint_at_any_moment_leaves_a_whole_bundle_or_none(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """SIGINT at random points of a short run: checking, writing the bundle, printing, exiting."""
    live_workspace(workspace, sim)
    chance = random.Random(6)
    for _ in range(4):
        sim.state.reset()
        child = start_preflight(workspace, "--only", "env_file,required_keys,upbit,telegram")
        wait_for_request(sim, child, hung=False)
        time.sleep(chance.uniform(0.0, 0.3))
        # 0: the signal came once the exit code was settled (ignored: never a death by signal)
        returncode, out, err, seconds = stop(child, signal.SIGINT)
        assert returncode in (0, 130), err
        assert seconds < EXIT_WITHIN_S
        assert "Traceback" not in out + err
    assert_no_debris(evidence(workspace))
    for bundle in workspace.bundles():
        assert_complete_bundle(bundle)


def test_a_write_interrupted_midway_leaves_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, finished_run: PreflightRun
) -> None:
    """Ctrl-C between two files of the bundle: the staging folder goes, the signal goes on."""
    from golive.masking import Redactor
    from golive.report import bundle as bundle_module

    real_write = bundle_module._write_atomic
    written: list[str] = []

    def write_then_interrupt(folder: Path, name: str, text: str) -> None:
        if len(written) == 2:
            raise KeyboardInterrupt
        real_write(folder, name, text)
        written.append(name)

    monkeypatch.setattr(bundle_module, "_write_atomic", write_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        bundle_module.write_bundle(
            finished_run, tmp_path / "ev", Redactor.from_values({}), tmp_path
        )
    assert written == ["result.json", "detail.txt"]
    assert list((tmp_path / "ev").iterdir()) == []


@pytest.fixture
def finished_run(tmp_path: Path) -> PreflightRun:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    return PreflightRun("live", tmp_path / ".env.live", now, now, 1, ())
