"""Point 2: a live profile aimed at a host that is not the venue's production origin FAILs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from golive.sim.envwrite import env_values
from tests.support.workspace import VALID_SECRETS, Workspace
from tests.verdict.support import check, only_bundle

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator


def test_live_against_the_simulator_fails_unless_its_host_is_allowed(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    result = workspace.run("preflight", "--env", "live")
    assert result.code == 1, result.text
    data = only_bundle(workspace)
    isolation = check(data, "env_isolation")
    assert (isolation["status"], isolation["error_type"], isolation["reason"]) == (
        "FAIL",
        "permission_denied",
        "env.non_production_host",
    )
    for variable in ("BINANCE_BASE_URL", "BINANCE_FUTURES_BASE_URL", "UPBIT_BASE_URL"):
        assert variable in isolation["message"]
    assert "allowed_hosts" in isolation["next_action"]
    assert data["verdict"] == "NOT_READY"


def test_a_look_alike_production_host_fails(workspace: Workspace) -> None:
    workspace.init_repo()
    values = {
        "ARBITRAGE_ENV": "live",
        **VALID_SECRETS,
        "BINANCE_BASE_URL": "https://api.binance.com.evil.example",
    }
    workspace.write_env(".env.live", values)
    result = workspace.run("preflight", "--env", "live", "--only", "env_file,env_isolation")
    assert result.code == 1, result.text
    assert "(permission_denied, env.non_production_host)" in result.out
    assert "https://api.binance.com" in result.out


def test_the_same_host_only_warns_in_paper(workspace: Workspace) -> None:
    workspace.init_repo()
    values = {
        "ARBITRAGE_ENV": "paper",
        **VALID_SECRETS,
        "BINANCE_BASE_URL": "https://api.binance.com.evil.example",
    }
    workspace.write_env(".env.paper", values)
    result = workspace.run("preflight", "--env", "paper", "--only", "env_file,env_isolation")
    assert result.code == 0, result.text
    assert check(only_bundle(workspace), "env_isolation")["status"] == "WARN"


def test_demo_allows_its_simulator_and_says_so(workspace: Workspace) -> None:
    result = workspace.run("demo")
    assert result.code == 0, result.text
    assert "golive demo: for this demo run only, allowed_hosts includes" in result.out
    data = only_bundle(workspace)
    assert data["verdict"] == "READY"
    isolation = check(data, "env_isolation")
    assert isolation["status"] == "PASS"
    assert "on allowed_hosts (127.0.0.1" in isolation["message"]
