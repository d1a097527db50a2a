"""Walkthrough finding 1: golive never sends a venue's keys where env_isolation says not to.

A base URL that FAILs the credential policy (live: off the production origin and not on
``allowed_hosts``; any profile: plain http to a host that is not loopback, or a malformed
URL) closes its venue's gate: no request at all leaves for it, whichever checks run and
in whatever order. Each check that needs the venue is SKIP ``prerequisite.env_isolation``
behind env_isolation's FAIL, or FAIL with the policy's reason when env_isolation is not
in the run, so no selection ends READY or PARTIAL with a gated venue. The simulator's
request log proves nothing reached it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from golive.checks import all_checks
from golive.sim.envwrite import env_values
from tests.verdict.support import check, only_bundle

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.faults import FaultTarget
    from tests.support.workspace import Workspace

ORDER_FLAG = "--prove-order-permission"
VENUE_CHECKS = {c.id: c.venues for c in all_checks(opt_in=True) if c.venues}
BASE_URL_KEYS = {
    "binance": "BINANCE_BASE_URL",
    "binance_futures": "BINANCE_FUTURES_BASE_URL",
    "upbit": "UPBIT_BASE_URL",
    "telegram": "TELEGRAM_BASE_URL",
}
OFF_LOOPBACK = "127.1"
"""This machine (it resolves to 127.0.0.1, where the simulator listens), but not an address
golive's loopback rule recognises: to the policy it is a remote host."""


def preflight(workspace: Workspace, profile: str, *args: str) -> tuple[int, dict[str, Any], str]:
    result = workspace.run("preflight", "--env", profile, *args)
    return result.code, only_bundle(workspace), result.out


def reached(sim: RunningSimulator) -> set[str]:
    return {record.venue.value for record in sim.state.requests()}


def test_the_written_live_file_without_allowed_hosts_sends_nothing(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """The walkthrough's first case: every venue check ran against the simulator and passed."""
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    code, data, out = preflight(workspace, "live", ORDER_FLAG)
    assert code == 1, out
    assert sim.state.requests() == ()
    assert data["verdict"] == "NOT_READY"
    assert check(data, "env_isolation")["reason"] == "env.non_production_host"
    for check_id, venues in VENUE_CHECKS.items():
        result = check(data, check_id)
        assert (result["status"], result["reason"]) == ("SKIP", "prerequisite.env_isolation")
        for venue in venues:
            assert BASE_URL_KEYS[venue] in result["message"]
        assert "nothing sent" in result["message"]
    assert not [c["id"] for c in data["checks"] if (c["reason"] or "").startswith("exception.")]


@pytest.mark.parametrize("check_id", sorted(VENUE_CHECKS))
def test_any_selection_without_env_isolation_fails_and_sends_nothing(
    workspace: Workspace, sim: RunningSimulator, check_id: str
) -> None:
    """``--only binance`` (the walkthrough's last case) and every other venue check alone."""
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    code, data, out = preflight(workspace, "live", "--only", check_id, ORDER_FLAG)
    assert code == 1, out
    assert sim.state.requests() == ()
    assert data["verdict"] == "NOT_READY"
    result = check(data, check_id)
    assert (result["status"], result["error_type"], result["reason"]) == (
        "FAIL",
        "permission_denied",
        "env.non_production_host",
    )
    assert "allowed_hosts" in result["next_action"]
    assert [g["variable"] for g in result["details"]["gated"]] == [
        BASE_URL_KEYS[v] for v in VENUE_CHECKS[check_id]
    ]


def test_skipping_env_isolation_fails_the_gated_checks(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    code, data, out = preflight(workspace, "live", "--skip", "env_isolation,postgres,redis")
    assert code == 1, out
    assert sim.state.requests() == ()
    failed = {c["id"] for c in data["checks"] if c["status"] == "FAIL"}
    assert set(VENUE_CHECKS) - {"order_permission"} <= failed


@pytest.mark.parametrize("venue", sorted(BASE_URL_KEYS))
def test_plain_http_to_a_remote_host_gates_that_venue_alone(
    workspace: Workspace, sim: RunningSimulator, venue: str
) -> None:
    """Paper, simulator URLs (loopback: no finding) but one venue's through ``127.1``."""
    workspace.init_repo()
    values = env_values(sim, "paper")
    values[BASE_URL_KEYS[venue]] = f"http://{OFF_LOOPBACK}:{sim.port}"
    workspace.write_env(".env.paper", values)
    code, data, out = preflight(workspace, "paper", "--skip", "postgres,redis")
    assert code == 1, out
    assert venue not in reached(sim)
    assert reached(sim) == set(BASE_URL_KEYS) - {venue}
    isolation = check(data, "env_isolation")
    assert (isolation["status"], isolation["reason"]) == ("FAIL", "env.insecure_base_url")
    for check_id, venues in VENUE_CHECKS.items():
        if venue in venues and check_id != "order_permission":
            assert check(data, check_id)["reason"] == "prerequisite.env_isolation", check_id
    assert not [c["id"] for c in data["checks"] if (c["reason"] or "").startswith("exception.")]


def test_plain_http_to_a_documentation_address_sends_nothing_in_korean(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """``192.0.2.x`` (TEST-NET-1): a connection attempt would fail the suite's network guard."""
    workspace.init_repo()
    values = env_values(sim, "paper")
    values.update(dict.fromkeys(BASE_URL_KEYS.values(), "http://192.0.2.2:18095"))
    workspace.write_env(".env.paper", values)
    code, data, out = preflight(workspace, "paper", "--skip", "postgres,redis", "--lang", "ko")
    assert code == 1, out
    assert sim.state.requests() == ()
    for check_id in set(VENUE_CHECKS) - {"order_permission"}:
        result = check(data, check_id)
        assert result["reason"] == "prerequisite.env_isolation", check_id
        assert "전송 없음" in result["message"]
        assert "nothing sent" not in result["message"]


@pytest.mark.parametrize("fault", ["tls"], indirect=True)
def test_a_warning_does_not_gate(workspace: Workspace, fault: FaultTarget) -> None:
    """Paper WARNs about an https host golive does not know; the request still goes."""
    workspace.init_repo()
    values = {"ARBITRAGE_ENV": "paper", **env_values_paperless()}
    values["UPBIT_BASE_URL"] = fault.url.replace("127.0.0.1", OFF_LOOPBACK)
    workspace.write_env(".env.paper", values)
    code, data, out = preflight(workspace, "paper", "--only", "env_file,env_isolation,upbit")
    isolation = check(data, "env_isolation")
    assert (isolation["status"], isolation["reason"]) == ("WARN", "env.non_production_base_url")
    assert fault.connections, "the upbit check did not reach its base URL"
    assert check(data, "upbit")["reason"] != "prerequisite.env_isolation"
    assert code == 1, out  # the TLS server's certificate is refused


def env_values_paperless() -> dict[str, str]:
    from tests.support.workspace import VALID_SECRETS

    return dict(VALID_SECRETS)


def test_allowed_hosts_open_the_gate(workspace: Workspace, sim: RunningSimulator) -> None:
    """The happy path: the simulator on allowed_hosts is reached and every venue check passes
    (``golive demo`` is READY the same way: tests/verdict/test_live_hosts.py)."""
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    workspace.allow_hosts("127.0.0.1")
    code, data, out = preflight(workspace, "live", "--skip", "postgres,redis")
    assert code == 0, out
    assert data["verdict"] == "PARTIAL"
    assert reached(sim) == set(BASE_URL_KEYS)
    for check_id in set(VENUE_CHECKS) - {"order_permission"}:
        assert check(data, check_id)["status"] == "PASS", check_id
