"""Point 1: a run that left checks out is PARTIAL (or NOT_READY), never READY."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema

from tests.hardening.support import live_workspace
from tests.support.workspace import VALID_SECRETS, Workspace
from tests.verdict.support import LOCAL_CHECKS, REGISTERED, only_bundle

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "evidence-schema.json").read_text())


def local_workspace(workspace: Workspace) -> Workspace:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    return workspace


def test_only_run_that_passes_is_partial_not_ready(workspace: Workspace) -> None:
    local_workspace(workspace)
    result = workspace.run("preflight", "--env", "live", "--only", ",".join(LOCAL_CHECKS))
    assert result.code == 0, result.text
    ran, total = len(LOCAL_CHECKS), len(REGISTERED)
    assert f"PARTIAL: {ran} of {total} checks ran: not a go-live verdict" in result.out
    assert "may go live" not in result.out
    left_out = [i for i in REGISTERED if i not in LOCAL_CHECKS]
    assert f"not run: {', '.join(left_out)}" in result.out
    data = only_bundle(workspace)
    jsonschema.validate(data, SCHEMA)
    assert data["schema"] == "golive.preflight/v2"
    assert data["verdict"] == "PARTIAL"
    assert data["complete"] is False
    assert data["selection"] == {"only": list(LOCAL_CHECKS), "skip": []}
    assert data["not_run"] == left_out


def test_skip_run_is_partial_and_records_the_skip(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    result = workspace.run("preflight", "--env", "live", "--skip", "telegram,redis")
    assert result.code == 0, result.text
    assert f"{len(REGISTERED) - 2} of {len(REGISTERED)} checks ran" in result.out
    assert "not run: telegram, redis" in result.out
    data = only_bundle(workspace)
    assert (data["verdict"], data["complete"]) == ("PARTIAL", False)
    assert data["selection"] == {"only": [], "skip": ["telegram", "redis"]}


def test_partial_run_with_a_failure_is_not_ready(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {**VALID_SECRETS, "BINANCE_API_SECRET": "${SECRET}"})
    result = workspace.run("preflight", "--env", "live", "--only", "env_file,required_keys")
    assert result.code == 1, result.text
    assert "NOT READY" in result.out
    data = only_bundle(workspace)
    assert (data["verdict"], data["complete"]) == ("NOT_READY", False)


def test_git_safety_command_is_partial(workspace: Workspace) -> None:
    local_workspace(workspace)
    result = workspace.run("git-safety", "--env", "live")
    assert result.code == 0, result.text
    assert f"1 of {len(REGISTERED)} checks ran: not a go-live verdict" in result.out
    assert "READY" not in result.out.replace("NOT READY", "")


def test_full_run_is_ready_and_complete(workspace: Workspace, sim: RunningSimulator) -> None:
    live_workspace(workspace, sim)
    result = workspace.run("preflight", "--env", "live")
    assert result.code == 0, result.text
    assert f"READY: all {len(REGISTERED)} checks ran" in result.out
    data = only_bundle(workspace)
    jsonschema.validate(data, SCHEMA)
    assert (data["verdict"], data["complete"]) == ("READY", True)
    assert data["selection"] == {"only": [], "skip": []}
    assert data["not_run"] == []
