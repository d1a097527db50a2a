"""Point 9: the git_safety report names the right reason, in the run's language, fixes in order."""

from __future__ import annotations

from tests.support.workspace import VALID_SECRETS, Workspace
from tests.verdict.support import check, only_bundle


def test_staged_env_file_is_git_staged_in_korean_with_ordered_steps(workspace: Workspace) -> None:
    workspace.init_repo(ignore="logs/\n")
    workspace.write_env(".env.live", VALID_SECRETS)
    workspace.git("add", ".env.live")
    result = workspace.run("git-safety", "--env", "live", "--lang", "ko")
    assert result.code == 1, result.text
    assert "(permission_denied, git.staged)" in result.out
    assert "(was commit" not in result.out
    assert "()" not in result.out
    assert "스테이징" in result.out
    assert "git_safety (unknown" not in result.out
    do_line = next(line for line in result.out.splitlines() if "1. `git rm --cached" in line)
    assert do_line.index("git rm --cached .env.live") < do_line.index(".gitignore")
    assert do_line.index(".gitignore") < do_line.index("git gc --prune=now")
    assert do_line.count("git rm --cached") == 1


def test_every_history_hit_is_in_result_json_the_console_cuts_after_five(
    workspace: Workspace,
) -> None:
    workspace.init_repo()
    secret = VALID_SECRETS["BINANCE_API_SECRET"]
    for number in range(7):
        (workspace.root / f"config{number}.py").write_text(f"SECRET = '{secret}'  # {number}\n")
        workspace.git("add", f"config{number}.py")
        workspace.git("commit", "-q", "-m", f"config {number}")
    workspace.write_env(".env.live", VALID_SECRETS)
    result = workspace.run("preflight", "--env", "live", "--only", "env_file,git_safety")
    assert result.code == 1, result.text
    assert "(permission_denied, git.in_history)" in result.out
    assert "      why: " in result.out
    assert "      do: 1. rotate" in result.out
    assert "and 2 more (every one is listed in result.json)" in result.out
    data = check(only_bundle(workspace), "git_safety")
    assert len(data["details"]["hits"]) == 7
    action = data["next_action"]
    assert action.startswith("1. rotate BINANCE_API_SECRET where each was issued")
    assert "2. only if those commits were ever pushed" in action
    for number in range(7):
        assert f"--path config{number}.py" in action
