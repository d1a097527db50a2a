"""Point 8: a network hint names the host:port that failed, never another venue's host."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.checks.support import free_port
from tests.hardening.support import live_workspace
from tests.verdict.support import check, only_bundle

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace


def test_refused_loopback_names_host_port_and_the_simulator(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    port = free_port()
    live_workspace(workspace, sim, UPBIT_BASE_URL=f"http://127.0.0.1:{port}")
    result = workspace.run("preflight", "--env", "live", "--only", "upbit", "--timeout", "5")
    assert result.code == 1, result.text
    upbit = check(only_bundle(workspace), "upbit")
    assert (upbit["error_type"], upbit["reason"]) == ("network_error", "net.connection_refused")
    assert upbit["hint"].startswith(f"127.0.0.1:{port}: ")
    assert "is the simulator (golive sim) still running?" in upbit["next_action"]


def test_telegram_block_page_names_telegrams_host_not_binance(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    sim.state.set_scenarios(["telegram.ip_not_allowed"])
    result = workspace.run("preflight", "--env", "live", "--only", "telegram", "--timeout", "5")
    assert result.code == 1, result.text
    telegram = check(only_bundle(workspace), "telegram")
    where = sim.base_url.removeprefix("http://")
    assert where in telegram["hint"]
    assert "api.binance.com" not in telegram["hint"] + telegram["next_action"]
