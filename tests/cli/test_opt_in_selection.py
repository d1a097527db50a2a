"""A selection of only opt-in checks without their flag is bad usage, said at once.

``order_permission`` runs only under ``--prove-order-permission``. Selected alone
(after ``--only`` / ``--skip``) without the flag it could only SKIP, so the run
would say "1 of 17 checks ran" and prove nothing: exit 2, one line naming the check
and the flag, nothing else printed, no bundle. Selected beside other checks, the
run goes on as before (order_permission SKIPs, the others run). With the flag it runs
alone (``tests/cli/test_trading_scenarios.py``).
"""

from __future__ import annotations

import pytest

from tests.support.workspace import VALID_SECRETS, Workspace
from tests.verdict.support import only_bundle, statuses

FLAG = "--prove-order-permission"


def local_workspace(workspace: Workspace) -> Workspace:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    return workspace


@pytest.mark.parametrize(
    "selection",
    [
        ("--only", "order_permission"),
        ("--only", "order_permission,env_file", "--skip", "env_file"),
        ("--only", "order_permission", "--only", "plan", "--skip", "plan"),
    ],
    ids=["only", "only-and-skip", "repeated-only-and-skip"],
)
def test_only_opt_in_checks_without_their_flag_is_exit_2_in_one_line(
    workspace: Workspace, selection: tuple[str, ...]
) -> None:
    local_workspace(workspace)
    result = workspace.run("preflight", "--env", "live", *selection)
    assert result.code == 2, result.text
    assert result.out == ""
    [line] = result.err.splitlines()
    assert line.startswith("golive: error: "), line
    assert "order_permission" in line
    assert FLAG in line
    assert workspace.bundles() == []


def test_the_usage_error_follows_the_language(workspace: Workspace) -> None:
    local_workspace(workspace)
    result = workspace.run(
        "preflight", "--env", "live", "--only", "order_permission", "--lang", "ko"
    )
    assert result.code == 2, result.text
    [line] = result.err.splitlines()
    assert "order_permission" in line
    assert FLAG in line
    assert "실행" in line  # Korean, from ko.json
    assert result.out == ""


def test_a_fleet_with_only_opt_in_checks_is_exit_2_before_anything_runs(
    workspace: Workspace,
) -> None:
    workspace.init_repo()
    for bot in ("alpha", "bravo"):
        (workspace.root / "bots" / bot).mkdir(parents=True)
        workspace.write_env(f"bots/{bot}/.env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    files = ("--env-file", "bots/alpha/.env.live", "--env-file", "bots/bravo/.env.live")
    result = workspace.run("preflight", *files, "--only", "order_permission", "--quiet")
    assert result.code == 2, result.text
    assert result.out == ""
    [line] = result.err.splitlines()
    assert "order_permission" in line
    assert FLAG in line
    assert not (workspace.root / "logs").exists()


def test_beside_other_checks_the_opt_in_check_still_skips(workspace: Workspace) -> None:
    local_workspace(workspace)
    result = workspace.run("preflight", "--env", "live", "--only", "env_file,order_permission")
    assert result.code == 0, result.text
    data = only_bundle(workspace)
    assert statuses(data) == {"env_file": "PASS", "order_permission": "SKIP"}
    assert data["verdict"] == "PARTIAL"


def test_skipping_an_opt_in_check_without_its_flag_is_no_usage_error(
    workspace: Workspace,
) -> None:
    """``--skip order_permission`` names a check ``golive checks`` lists: it was never
    going to run without its flag, so skipping it changes nothing (was: exit 2, "unknown
    check id 'order_permission'")."""
    local_workspace(workspace)
    result = workspace.run(
        "preflight", "--env", "live", "--only", "env_file", "--skip", "order_permission"
    )
    assert result.code == 0, result.text
    assert "unknown check id" not in result.text
    assert "PARTIAL" in result.out
    assert statuses(only_bundle(workspace)) == {"env_file": "PASS"}
