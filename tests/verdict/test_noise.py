"""Points 12 and 13 (parts): no noise in the verdict, help that names values, the scenario list."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from golive.sim.scenarios import SCENARIOS
from tests.hardening.support import live_workspace
from tests.support.workspace import VALID_SECRETS, Workspace

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator


def test_quiet_not_ready_names_the_failures_not_lines_above(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {**VALID_SECRETS, "BINANCE_API_SECRET": "${SECRET}"})
    result = workspace.run(
        "preflight", "--env", "live", "--only", "env_file,required_keys", "--quiet"
    )
    assert result.code == 1, result.text
    verdict = result.out.splitlines()[0]
    assert (
        verdict
        == "NOT READY: 1 check(s) failed (required_keys); do not go live until they are fixed."
    )
    assert "above" not in result.out


def test_demo_note_has_one_prefix(workspace: Workspace) -> None:
    result = workspace.run(
        "demo",
        "--postgres-dsn", "postgresql://postgres@127.0.0.1:1/postgres",
        "--redis-url", "redis://127.0.0.1:1/0",
    )  # fmt: skip
    assert result.code == 0, result.text
    notes = [line for line in result.err.splitlines() if line.startswith("golive demo:")]
    assert notes == [
        "golive demo: no postgres server answers at 127.0.0.1:1; point the demo at one with"
        " --postgres-dsn or POSTGRES_DSN",
        "golive demo: no redis server answers at 127.0.0.1:1; point the demo at one with"
        " --redis-url or REDIS_URL",
    ]


def test_an_interrupted_run_lists_its_unfinished_checks(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    sim.state.set_scenarios(["binance.hang"])
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
    child = subprocess.Popen(
        [sys.executable, "-m", "golive", "preflight", "--env", "live", "--timeout", "30"],
        cwd=workspace.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not any(r.status == 0 for r in sim.state.requests()):
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 130, out + err
    assert "INTERRUPTED" in out
    [line] = [line for line in out.splitlines() if line.startswith("not finished: ")]
    assert "binance" in line.removeprefix("not finished: ").split(", ")


@pytest.mark.parametrize("command", ["preflight", "sim", "demo", "git-safety"])
def test_help_names_the_allowed_values(workspace: Workspace, command: str) -> None:
    result = workspace.run(command, "--help")
    assert result.code == 0
    assert "<list[str]>" not in result.out
    assert "<str>" not in result.out
    assert "--lang en|ko" in result.out
    if command in ("preflight", "git-safety"):
        assert "--env live|paper|local_dev" in result.out


def test_sim_on_every_interface_says_where_it_listens(workspace: Workspace) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
    child = subprocess.Popen(
        [sys.executable, "-m", "golive", "sim", "--host", "0.0.0.0"],
        cwd=workspace.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    first = child.stdout.readline()
    child.send_signal(signal.SIGTERM)
    child.communicate(timeout=30)
    port = first.rsplit(":", 1)[-1].strip()
    assert first.startswith("golive sim: listening on http://0.0.0.0:"), first
    assert f"from this machine use http://127.0.0.1:{port}" in first


def test_list_scenarios_one_line_each(workspace: Workspace) -> None:
    result = workspace.run("sim", "--list-scenarios")
    assert result.code == 0, result.text
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines] == list(SCENARIOS)
    assert all(len(line.split(None, 1)) == 2 for line in lines)
    assert "within 7" not in result.out
    assert "30-day" in next(line for line in lines if line.startswith("upbit.key_expiring"))
