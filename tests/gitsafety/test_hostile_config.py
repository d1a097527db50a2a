"""A hostile ``.git/config`` runs nothing (issue 11, point 14).

The checked repository is the operator's, but its configuration may come from anyone who
could write to it: every command a preflight makes git run (``git_safety``,
``env_isolation``, ``environment.json``) must run none of the repository's commands.
"""

from __future__ import annotations

import json
import os
import stat
from typing import TYPE_CHECKING

import pytest

from tests.hardening.support import live_workspace, preflight

if TYPE_CHECKING:
    from pathlib import Path

    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

COMMANDS = {
    "core.fsmonitor": "fsmonitor",
    "core.pager": "pager",
    "core.editor": "editor",
    "core.sshCommand": "ssh",
    "core.askPass": "askpass",
    "credential.helper": "credential",
    "diff.external": "external_diff",
    "diff.evil.textconv": "textconv",
    "filter.evil.clean": "clean_filter",
    "filter.evil.smudge": "smudge_filter",
    "filter.evil.process": "process_filter",
}
"""config key -> marker file its command would create."""


def hostile(workspace: Workspace, markers: Path) -> None:
    (workspace.root / ".gitattributes").write_text("* filter=evil diff=evil\n")
    workspace.git("add", ".gitattributes")
    workspace.git("commit", "-q", "-m", "attributes")
    hooks = workspace.root / ".git" / "evil-hooks"
    hooks.mkdir()
    for name in ("pre-commit", "post-checkout", "reference-transaction", "post-index-change"):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\ntouch {markers}/hook-{name}\n")
        hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    workspace.git("config", "core.hooksPath", str(hooks))
    for key, marker in COMMANDS.items():
        workspace.git("config", key, f"touch {markers}/{marker}; cat")
    # stat-dirty, content-dirty: git status must look at content (and would run the filter)
    (workspace.root / ".gitignore").write_text((workspace.root / ".gitignore").read_text() + "#\n")


@pytest.mark.parametrize("checks", [("git_safety",), ("env_isolation",), ("env_file",)])
def test_a_hostile_git_config_runs_nothing(
    workspace: Workspace, sim: RunningSimulator, tmp_path: Path, checks: tuple[str, ...]
) -> None:
    markers = tmp_path / "markers"
    markers.mkdir()
    live_workspace(workspace, sim)
    hostile(workspace, markers)
    assert os.listdir(markers) == []

    run = preflight(workspace, checks, "--timeout", "10")

    assert sorted(os.listdir(markers)) == []
    assert run.data["checks"][0]["status"] in ("PASS", "WARN", "FAIL")
    environment = json.loads((run.bundle / "environment.json").read_text())
    assert environment["git"]["commit"] is not None


def test_the_hostile_config_would_run_under_plain_git(workspace: Workspace, tmp_path: Path) -> None:
    """The fixture is live: plain ``git status`` runs its fsmonitor and filter commands."""
    import subprocess

    markers = tmp_path / "markers"
    markers.mkdir()
    workspace.init_repo()
    hostile(workspace, markers)

    subprocess.run(["git", "status"], cwd=workspace.root, capture_output=True, check=False)

    assert {"fsmonitor", "process_filter"} <= set(os.listdir(markers))
