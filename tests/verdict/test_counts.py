"""Counts and lists agree with the checks registered in the run, opt-in ones included
(walkthrough 14): ``--prove-order-permission`` adds ``order_permission`` to the registry."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.hardening.support import live_workspace
from tests.support.workspace import VALID_SECRETS, Workspace
from tests.verdict.support import REGISTERED, only_bundle

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator

FLAG = "--prove-order-permission"


@pytest.mark.allow_mutating_requests  # the flag's test orders (validated, never placed)
def test_an_opt_in_run_counts_the_opt_in_check(workspace: Workspace, sim: RunningSimulator) -> None:
    live_workspace(workspace, sim)
    result = workspace.run("preflight", "--env", "live", FLAG, "--only", "order_permission")
    assert result.code == 0, result.text
    total = len(REGISTERED) + 1
    assert f"PARTIAL: 1 of {total} checks ran: not a go-live verdict" in result.out
    not_run = next(line for line in result.out.splitlines() if line.startswith("not run: "))
    assert not_run == f"not run: {', '.join(REGISTERED)}"
    data = only_bundle(workspace)
    assert data["not_run"] == list(REGISTERED)
    assert data["summary"]["total"] == 1


def test_the_unknown_id_error_names_the_opt_in_checks(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    result = workspace.run("preflight", "--env", "live", "--only", "nope")
    assert result.code == 2, result.text
    [line] = result.err.splitlines()
    known = line.split("known", 1)[-1]
    for check_id in (*REGISTERED, "order_permission"):
        assert check_id in known, line


def test_skipping_an_opt_in_check_without_its_flag_is_not_an_unknown_id(
    workspace: Workspace,
) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    args = ("--only", "env_file,required_keys", "--skip", "order_permission")
    result = workspace.run("preflight", "--env", "live", *args)
    assert result.code == 0, result.text
    assert f"PARTIAL: 2 of {len(REGISTERED)} checks ran" in result.out
