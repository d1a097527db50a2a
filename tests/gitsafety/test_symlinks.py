"""A symlinked env file (issue 11, point 12): the link's target is checked in its own repository.

``.env.live -> ../secrets/live.env``: the link is ignored in the bot's repository, but the
file it points to may be tracked in another one. ``git_safety`` resolves the link, checks
the target's repository too, and names both paths.
"""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest

from golive.sim.envwrite import env_values
from tests.support.workspace import GIT_ENV, dotenv_line

if TYPE_CHECKING:
    from pathlib import Path

    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, check=True)


def secrets_repo(root: Path, values: dict[str, str], *, commit: bool, ignore: bool) -> Path:
    """``root`` as its own repository holding ``live.env``, committed or not, ignored or not."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("live.env\n" if ignore else "")
    target = root / "live.env"
    target.write_text("\n".join(dotenv_line(k, v) for k, v in values.items()) + "\n")
    target.chmod(0o600)
    git(root, "add", ".gitignore", *(["-f", "live.env"] if commit else []))
    git(root, "commit", "-q", "-m", "secrets")
    return target


def linked(workspace: Workspace, sim: RunningSimulator, *, commit: bool, ignore: bool) -> Path:
    values = env_values(sim, "live")
    workspace.written.append(values)  # the suite-wide leak scan knows these secrets
    workspace.init_repo()
    target = secrets_repo(workspace.root.parent / "secrets", values, commit=commit, ignore=ignore)
    (workspace.root / ".env.live").symlink_to("../secrets/live.env")
    return target


def git_safety(workspace: Workspace) -> dict[str, object]:
    from tests.hardening.support import preflight

    run = preflight(workspace, ("git_safety",), "--timeout", "10")
    [check] = run.data["checks"]
    return check


@pytest.mark.parametrize(
    ("commit", "ignore", "reason"),
    [(True, False, "git.in_history"), (False, False, "git.not_ignored")],
    ids=["tracked_elsewhere", "not_ignored_elsewhere"],
)
def test_a_link_to_a_file_tracked_in_another_repository_fails(
    workspace: Workspace, sim: RunningSimulator, commit: bool, ignore: bool, reason: str
) -> None:
    target = linked(workspace, sim, commit=commit, ignore=ignore)

    check = git_safety(workspace)

    assert (check["status"], check["reason"]) == ("FAIL", reason), check
    assert ".env.live" in str(check["message"])
    assert str(target) in str(check["message"])
    details = check["details"]
    assert isinstance(details, dict)
    assert details["symlink_target"] == str(target)
    assert details["target"]["repo_root"] == str(target.parent)
    assert details["target"]["tracked"] is commit


def test_a_link_to_an_ignored_untracked_file_passes_and_names_the_target(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    target = linked(workspace, sim, commit=False, ignore=True)

    check = git_safety(workspace)

    assert check["status"] == "PASS", check["message"]
    assert check["details"]["symlink_target"] == str(target)  # type: ignore[index]


def test_a_link_to_a_file_outside_any_repository_passes(
    workspace: Workspace, sim: RunningSimulator, tmp_path: Path
) -> None:
    values = env_values(sim, "live")
    workspace.written.append(values)
    workspace.init_repo()
    outside = tmp_path / "etc-bot"
    outside.mkdir()
    target = outside / "live.env"
    target.write_text("\n".join(dotenv_line(k, v) for k, v in values.items()) + "\n")
    target.chmod(0o600)
    (workspace.root / ".env.live").symlink_to(target)

    check = git_safety(workspace)

    assert check["status"] == "PASS", check["message"]
    assert check["details"]["symlink_target"] == str(target)  # type: ignore[index]
