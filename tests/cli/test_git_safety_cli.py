"""``golive git-safety``: the check alone through the CLI, with real repositories."""

from __future__ import annotations

from tests.support.workspace import VALID_SECRETS, Workspace


def test_ignored_untracked_file_exits_0(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", VALID_SECRETS)
    result = workspace.run("git-safety", "--env", "live")
    assert result.code == 0, result.text
    assert ".gitignore:1:.env.*" in result.out
    assert workspace.bundles() == []  # runs alone, no evidence bundle


def test_tracked_file_exits_1(workspace: Workspace) -> None:
    workspace.init_repo(ignore="logs/\n")
    workspace.write_env(".env.live", VALID_SECRETS)
    workspace.git("add", ".env.live")
    workspace.git("commit", "-q", "-m", "oops")
    result = workspace.run("git-safety", "--env", "live")
    assert result.code == 1
    assert "git_safety" in result.out
    assert VALID_SECRETS["BINANCE_API_SECRET"] not in result.text


def test_secret_in_deleted_history_exits_1(workspace: Workspace) -> None:
    workspace.init_repo()
    leaked = workspace.root / "config.py"
    leaked.write_text(f"SECRET = '{VALID_SECRETS['BINANCE_API_SECRET']}'\n")
    workspace.git("add", "config.py")
    workspace.git("commit", "-q", "-m", "add config")
    workspace.git("rm", "-q", "config.py")
    workspace.git("commit", "-q", "-m", "remove config")
    workspace.write_env(".env.live", VALID_SECRETS)
    result = workspace.run("git-safety", "--env-file", ".env.live")
    assert result.code == 1
    assert "BINANCE_API_SECRET" in result.out
    assert "config.py" in result.out
    assert VALID_SECRETS["BINANCE_API_SECRET"][:8] not in result.text


def test_world_readable_file_fails_in_live_and_warns_in_paper(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", VALID_SECRETS, mode=0o644)
    result = workspace.run("git-safety", "--env", "live")
    assert result.code == 1, result.text
    assert "FAIL  git_safety" in result.out
    assert "(permission_denied, git.file_mode)" in result.out
    assert f"chmod 600 {workspace.root / '.env.live'}" in result.out
    workspace.write_env(".env.paper", VALID_SECRETS, mode=0o644)
    paper = workspace.run("git-safety", "--env", "paper")
    assert paper.code == 0, paper.text
    assert "WARN  git_safety" in paper.out


def test_no_profile_is_usage_error(workspace: Workspace) -> None:
    result = workspace.run("git-safety")
    assert result.code == 2
    assert "--env" in result.err
