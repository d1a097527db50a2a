"""``golive demo``: normal run, a failure scenario, unreachable services."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tests.support.workspace import Workspace

if TYPE_CHECKING:
    from tests.support.redis_server import RedisServer


def bundle_result(workspace: Workspace) -> dict[str, object]:
    [bundle] = workspace.bundles()
    return json.loads((bundle / "result.json").read_text())  # type: ignore[no-any-return]


def test_demo_is_ready_against_local_services(workspace: Workspace) -> None:
    result = workspace.run("demo")
    assert result.code == 0, result.text
    assert "READY" in result.out
    data = bundle_result(workspace)
    assert data["verdict"] == "READY"
    statuses = {c["id"]: c["status"] for c in data["checks"]}  # type: ignore[index, union-attr]
    assert statuses["postgres"] == "PASS"
    assert statuses["redis"] in ("PASS", "WARN")
    assert statuses["binance"] == "PASS"
    assert "evidence:" in result.out
    # the temporary env file is gone
    assert not list(workspace.root.glob(".env*"))


def test_demo_failure_scenario_shows_hint(workspace: Workspace) -> None:
    result = workspace.run("demo", "--scenario", "binance.withdrawals_enabled")
    assert result.code == 1
    assert "NOT READY" in result.out
    data = bundle_result(workspace)
    check = next(c for c in data["checks"] if c["id"] == "binance_api_restrictions")  # type: ignore[union-attr]
    assert check["status"] == "FAIL"
    assert check["critical"] is True
    assert "API" in result.out


def test_demo_in_korean(workspace: Workspace) -> None:
    result = workspace.run("demo", "--scenario", "binance.withdrawals_enabled", "--lang", "ko")
    assert result.code == 1
    assert "LIVE 진입 금지" in result.out


def test_demo_unreachable_services_skip_with_one_line(workspace: Workspace) -> None:
    result = workspace.run(
        "demo",
        "--postgres-dsn", "postgresql://postgres@127.0.0.1:1/postgres",
        "--redis-url", "redis://127.0.0.1:1/0",
    )  # fmt: skip
    assert result.code == 0, result.text
    notes = [line for line in result.err.splitlines() if "golive demo:" in line]
    assert len(notes) == 2
    assert "--postgres-dsn" in notes[0]
    data = bundle_result(workspace)
    statuses = {c["id"]: (c["status"], c["reason"]) for c in data["checks"]}  # type: ignore[index, union-attr]
    assert statuses["postgres"] == ("SKIP", "demo.service_unreachable")
    assert statuses["redis"] == ("SKIP", "demo.service_unreachable")


def test_demo_unknown_scenario_is_usage_error(workspace: Workspace) -> None:
    result = workspace.run("demo", "--scenario", "binance.nope")
    assert result.code == 2
    assert "binance.nope" in result.err
    assert "Traceback" not in result.text


def test_demo_has_no_warning_of_its_own(
    workspace: Workspace, persistent_redis: RedisServer
) -> None:
    """READY under --strict semantics: every WARN left would be the operator's own services'."""
    result = workspace.run("demo", "--redis-url", persistent_redis.url())
    assert result.code == 0, result.text
    data = bundle_result(workspace)
    statuses = {c["id"]: c["status"] for c in data["checks"]}  # type: ignore[index, union-attr]
    assert set(statuses.values()) == {"PASS"}, statuses
    assert "Worth a look" not in result.out


def test_a_demo_scenario_says_its_failures_are_deliberate(workspace: Workspace) -> None:
    result = workspace.run("demo", "--scenario", "binance.withdrawals_enabled")
    assert result.code == 1, result.text
    notes = [line for line in result.out.splitlines() if line.startswith("golive demo: ")]
    [said] = [line for line in notes if "binance.withdrawals_enabled" in line]
    assert "on purpose" in said
    assert "golive sim --list-scenarios" in said


def test_an_unknown_demo_scenario_is_one_line_in_the_operators_language(
    workspace: Workspace,
) -> None:
    result = workspace.run("demo", "--scenario", "binance.nope", "--lang", "ko")
    assert result.code == 2, result.text
    [line] = result.err.splitlines()
    assert line.startswith("golive: error: 알 수 없는 시나리오 'binance.nope'"), line
    assert result.out == ""
