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
    assert "); and 2 more  " in result.out
    [bundle] = workspace.bundles()
    assert f"every one, including those not shown above, is in {bundle}/result.json" in result.out
    data = check(only_bundle(workspace), "git_safety")
    assert len(data["details"]["hits"]) == 7
    action = data["next_action"]
    assert action.startswith("1. rotate BINANCE_API_SECRET where each was issued")
    assert "2. only if those commits were ever pushed" in action
    for number in range(7):
        assert f"--path config{number}.py" in action


def report_lines(text: str) -> tuple[str, str]:
    """The ``why`` and ``do`` lines of git_safety's block under "To fix" (en or ko labels)."""
    lines = [line.strip() for line in text.splitlines()]
    why = next(line for line in lines if line.startswith(("why: ", "원인: ")))
    do = next(line for line in lines if line.startswith(("do: ", "조치: ")))
    return why, do


def in_order(line: str, *needles: str) -> bool:
    places = [line.index(needle) for needle in needles]
    return places == sorted(places)


HISTORY_WORDS = ("history", "old commit", "filter-repo", "clone", "히스토리", "이력", "옛 커밋")


def staged_workspace(workspace: Workspace) -> None:
    workspace.init_repo(ignore="logs/\n")
    workspace.write_env(".env.live", VALID_SECRETS)
    workspace.git("add", ".env.live")


def test_a_staged_file_is_explained_by_the_index_alone(workspace: Workspace) -> None:
    staged_workspace(workspace)
    result = workspace.run("git-safety", "--env", "live")
    assert "(permission_denied, git.staged)" in result.out, result.out
    why, do = report_lines(result.out)
    assert "index" in why
    assert [word for word in HISTORY_WORDS if word in why + do] == []
    assert in_order(do, "git rm --cached .env.live", ".gitignore", "git gc --prune=now", "rotate")
    assert "git commit -m" not in do  # nothing was committed: there is no removal to commit


def test_a_staged_file_in_korean(workspace: Workspace) -> None:
    staged_workspace(workspace)
    result = workspace.run("git-safety", "--env", "live", "--lang", "ko")
    why, do = report_lines(result.out)
    assert "인덱스" in why
    assert [word for word in HISTORY_WORDS if word in why + do] == []
    assert in_order(do, "git rm --cached .env.live", ".gitignore", "git gc --prune=now", "교체")


def test_an_unstaged_never_committed_copy_is_not_called_history(workspace: Workspace) -> None:
    """After step 1 (`git rm --cached`) the staged copy lies in .git/objects: no commit held it."""
    staged_workspace(workspace)
    workspace.git("rm", "-q", "--cached", ".env.live")
    for lang, words in (("en", (".git/objects", "no commit")), ("ko", (".git/objects", "커밋"))):
        result = workspace.run("git-safety", "--env", "live", "--lang", lang)
        assert result.code == 1, result.text
        why, do = report_lines(result.out)
        assert all(word in why for word in words), why
        assert "old commit" not in why
        assert "옛 커밋" not in why
        assert "filter-repo" not in do
        assert in_order(do, ".gitignore", "git gc --prune=now")


def test_a_committed_file_is_tracked_with_the_history_steps(workspace: Workspace) -> None:
    staged_workspace(workspace)
    workspace.git("commit", "-q", "-m", "oops")
    texts = {"en": ("is committed to git", "rotate"), "ko": ("git에 커밋돼 있습니다", "교체")}
    for lang, (committed, rotate) in texts.items():
        result = workspace.run("git-safety", "--env", "live", "--lang", lang)
        assert result.code == 1, result.text
        why, do = report_lines(result.out)
        assert committed in why
        commit = "git commit -m"
        assert in_order(do, "git rm --cached", commit, ".gitignore", rotate, "filter-repo"), do


def test_a_secret_in_history_speaks_of_commits_in_korean(workspace: Workspace) -> None:
    workspace.init_repo()
    (workspace.root / "config.py").write_text(f"S = '{VALID_SECRETS['BINANCE_API_SECRET']}'\n")
    workspace.git("add", "config.py")
    workspace.git("commit", "-q", "-m", "config")
    workspace.write_env(".env.live", VALID_SECRETS)
    result = workspace.run("git-safety", "--env", "live", "--lang", "ko")
    assert "(permission_denied, git.in_history)" in result.out, result.out
    why, do = report_lines(result.out)
    assert "히스토리" in why
    assert in_order(do, "교체", "filter-repo")
