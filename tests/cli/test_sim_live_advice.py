"""``golive sim --write-env`` for a live profile says how a live preflight may reach it.

A newcomer who follows the README (``golive sim --write-env .env.live``, then
``golive preflight --env-file .env.live``) meets env_isolation FAIL env.non_production_host;
the simulator's own output must name the ``allowed_hosts`` line that makes the rehearsal work.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tests.verdict.support import check, only_bundle
from tests.verdict.test_sim_write_env import sim_until_written

if TYPE_CHECKING:
    from tests.support.workspace import Workspace


def test_the_printed_allowed_hosts_line_lets_a_live_preflight_reach_the_simulator(
    workspace: Workspace,
) -> None:
    workspace.init_repo()
    result = sim_until_written(workspace.root, "--write-env", ".env.live")
    assert result.returncode == 0, result.stderr
    [advice] = re.findall(r"`(allowed_hosts = \[[^\]]*\])`", result.stdout)
    assert advice == 'allowed_hosts = ["127.0.0.1"]'
    (workspace.root / "golive.toml").write_text(advice + "\n")
    run = workspace.run("preflight", "--env", "live", "--only", "env_file,env_isolation")
    assert run.code == 0, run.text
    assert check(only_bundle(workspace), "env_isolation")["status"] == "PASS"


def test_a_paper_env_file_gets_no_allowed_hosts_advice(workspace: Workspace) -> None:
    result = sim_until_written(workspace.root, "--write-env", ".env.paper", "--profile", "paper")
    assert result.returncode == 0, result.stderr
    assert "env file for profile paper" in result.stdout
    assert "allowed_hosts" not in result.stdout
