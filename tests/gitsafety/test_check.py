"""The git_safety check, end to end on real repositories: status, reason, message, details."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from typing import TYPE_CHECKING

import pytest

from golive.checks.git_safety import CHECK, RULES, secrets_to_scan
from golive.masking import Redactor
from golive.model import ErrorType, Outcome, Status

from .gitrepo import SECRETS, Repo, context, env_text

if TYPE_CHECKING:
    from pathlib import Path


def everything(outcome: Outcome) -> str:
    return json.dumps(asdict(outcome), default=str, ensure_ascii=False)


def assert_no_secret(outcome: Outcome) -> None:
    text = everything(outcome)
    assert Redactor.from_values(SECRETS).leaks(text) == []
    for key, secret in secrets_to_scan(SECRETS):
        assert secret not in text, key


async def run(path: Path, profile: str = "live", lang: str = "en") -> Outcome:
    outcome = await CHECK.run(context(path, profile=profile, lang=lang))
    assert_no_secret(outcome)
    json.dumps(dict(outcome.details))  # details are JSON-able
    return outcome


def test_check_identity() -> None:
    assert CHECK.id == "git_safety"
    reasons = [rule.reason for rule in RULES]
    assert len(reasons) == len(set(reasons))
    assert all(reason.startswith("git.") for reason in reasons)


def test_secrets_to_scan_follow_the_redactor_rules() -> None:
    pairs = secrets_to_scan(
        {**SECRETS, "DB_PASS": "short", "REDIS_URL": "redis://:R3dis-Pa55w@h:1/0"}
    )
    keys = {key for key, _ in pairs}
    assert keys == {
        "BINANCE_API_KEY",
        "BINANCE_API_SECRET",
        "UPBIT_SECRET_KEY",
        "TELEGRAM_BOT_TOKEN",
        "POSTGRES_DSN",
        "REDIS_URL",
    }
    assert ("POSTGRES_DSN", "Pg@ssw0rd-Secret") in pairs
    assert ("POSTGRES_DSN", "Pg%40ssw0rd-Secret") in pairs


async def test_ignored_private_clean_passes_and_reports_the_rule(repo: Repo) -> None:
    repo.ignore(".env.live")
    outcome = await run(repo.env_file())
    assert outcome.status is Status.PASS, outcome.message
    assert outcome.details["ignore_rule"] == ".gitignore:1:.env.live"
    assert outcome.details["mode"] == "0600"
    assert outcome.details["tracked"] is False
    assert outcome.details["objects_scanned"] > 0
    assert isinstance(outcome.details["scan_ms"], int)
    assert str(repo.root / ".env.live") in outcome.message


async def test_tracked_env_file_fails(repo: Repo) -> None:
    repo.ignore(".env.live")
    path = repo.env_file()
    repo.git("add", "-f", ".env.live")
    repo.commit("oops")
    outcome = await run(path)
    assert outcome.status is Status.FAIL
    assert outcome.error_type is ErrorType.PERMISSION_DENIED
    reasons = [p["reason"] for p in outcome.details["problems"]]
    assert reasons[:2] == ["git.in_history", "git.tracked"]
    action = outcome.next_action or ""
    order = ["1. `git rm --cached .env.live`", "2. `git commit", "3. add `.env.live` to .gitignore"]
    order += ["4. rotate", "5. only if those commits were ever pushed"]
    positions = [action.index(step) for step in order]
    assert positions == sorted(positions), action
    assert action.count("git rm --cached") == 1
    assert "git gc" not in action


async def test_staged_never_committed_env_file_is_staged_not_history(repo: Repo) -> None:
    repo.ignore(".env.live")
    path = repo.env_file()
    repo.git("add", "-f", ".env.live")
    outcome = await run(path, lang="ko")
    assert (outcome.status, outcome.reason) == (Status.FAIL, "git.staged")
    assert outcome.error_type is ErrorType.PERMISSION_DENIED
    assert [p["reason"] for p in outcome.details["problems"]] == ["git.staged"]
    assert "(was commit" not in outcome.message
    assert "()" not in outcome.message
    assert "스테이징" in outcome.message
    action = outcome.next_action or ""
    assert action.index("1. `git rm --cached .env.live`") < action.index("git gc --prune=now")


async def test_untracked_but_not_ignored_fails(repo: Repo) -> None:
    outcome = await run(repo.env_file())
    assert (outcome.status, outcome.reason) == (Status.FAIL, "git.not_ignored")
    assert outcome.next_action is not None
    assert "add `.env.live` to .gitignore" in outcome.next_action
    assert outcome.details["ignore_rule"] is None


async def test_negated_rule_is_named(repo: Repo) -> None:
    repo.ignore(".env.*", "!.env.live")
    outcome = await run(repo.env_file())
    assert outcome.reason == "git.not_ignored"
    assert "re-included by .gitignore:2:!.env.live" in outcome.message


async def test_secret_in_a_deleted_file_fails_naming_commit_path_and_key(repo: Repo) -> None:
    repo.ignore(".env.live")
    repo.write("deploy/old.env", env_text({"BINANCE_API_SECRET": SECRETS["BINANCE_API_SECRET"]}))
    added = repo.commit("deploy config", "deploy/old.env")
    repo.git("rm", "-q", "deploy/old.env")
    repo.commit("remove deploy config")
    outcome = await run(repo.env_file())
    assert (outcome.status, outcome.reason) == (Status.FAIL, "git.in_history")
    assert outcome.error_type is ErrorType.PERMISSION_DENIED
    for expected in ("BINANCE_API_SECRET", added[:12], "deploy/old.env"):
        assert expected in outcome.message
    assert outcome.next_action is not None
    assert outcome.next_action.startswith("1. rotate BINANCE_API_SECRET where each was issued")
    assert "--invert-paths --path deploy/old.env" in outcome.next_action
    (hit,) = outcome.details["hits"]
    assert hit["key"] == "BINANCE_API_SECRET"
    assert hit["commits"] == [added[:12]]
    assert hit["paths"] == ["deploy/old.env"]


async def test_secret_on_another_branch_only_fails(repo: Repo) -> None:
    repo.ignore(".env.live")
    repo.git("checkout", "-q", "-b", "wip")
    repo.write("bot.py", f"TOKEN = '{SECRETS['TELEGRAM_BOT_TOKEN']}'\n")
    repo.commit("wip", "bot.py")
    repo.git("checkout", "-q", "main")
    outcome = await run(repo.env_file())
    assert outcome.reason == "git.in_history"
    assert "TELEGRAM_BOT_TOKEN" in outcome.message


async def test_secret_only_in_an_unreachable_object_fails_marked_unreachable(repo: Repo) -> None:
    repo.ignore(".env.live")
    path = repo.env_file()
    repo.git("add", "-f", ".env.live")
    repo.commit("oops")
    repo.git("reset", "-q", "--hard", "HEAD~1")
    path = repo.env_file()  # reset --hard removed the (then tracked) file
    outcome = await run(path)
    assert (outcome.status, outcome.reason) == (Status.FAIL, "git.in_history")
    assert "unreachable object" in outcome.message
    assert outcome.next_action is not None
    assert "git reflog expire --expire=now --all && git gc --prune=now" in outcome.next_action
    assert all(hit["reachable"] is False for hit in outcome.details["hits"])


async def test_secret_in_a_commit_message_fails(repo: Repo) -> None:
    repo.ignore(".env.live")
    repo.git("commit", "-q", "--allow-empty", "-m", f"use {SECRETS['UPBIT_SECRET_KEY']} for now")
    outcome = await run(repo.env_file())
    assert outcome.reason == "git.in_history"
    assert "UPBIT_SECRET_KEY in the message of commit" in outcome.message


@pytest.mark.parametrize(
    ("profile", "mode", "status"),
    [
        ("live", 0o644, Status.FAIL),
        ("live", 0o640, Status.FAIL),
        ("live", 0o600, Status.PASS),
        ("paper", 0o644, Status.WARN),
        ("local_dev", 0o640, Status.WARN),
    ],
)
async def test_file_mode(repo: Repo, profile: str, mode: int, status: Status) -> None:
    repo.ignore(".env.live")
    outcome = await run(repo.env_file(mode=mode), profile=profile)
    assert outcome.status is status
    assert outcome.details["mode"] == f"{mode:04o}"
    if status is not Status.PASS:
        assert outcome.reason == "git.file_mode"
        assert outcome.next_action == f"1. `chmod 600 {repo.root / '.env.live'}`" + (
            " (owned by the user that runs the bot)"
        )


async def test_not_in_a_repository_warns(tmp_path: Path, home: Path) -> None:
    folder = tmp_path / "loose"
    folder.mkdir()
    path = folder / ".env.live"
    path.write_text(env_text(SECRETS))
    path.chmod(0o600)
    outcome = await run(path)
    assert (outcome.status, outcome.reason) == (Status.WARN, "git.not_a_repo")
    assert outcome.details["repo_root"] is None
    assert outcome.hint is not None
    assert str(path) in outcome.hint  # the env file's folder, not the working directory
    assert outcome.next_action is not None
    assert outcome.next_action.startswith("1. keep the env file in the bot's git checkout")


async def test_git_missing_warns(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    path = repo.env_file()
    monkeypatch.setenv("PATH", str(empty))
    outcome = await run(path)
    assert (outcome.status, outcome.reason) == (Status.WARN, "git.missing")


async def test_every_problem_is_listed_most_severe_first(repo: Repo) -> None:
    path = repo.env_file(mode=0o644)
    repo.git("add", ".env.live")
    repo.commit("oops")
    outcome = await run(path)
    reasons = [p["reason"] for p in outcome.details["problems"]]
    assert reasons == ["git.in_history", "git.tracked", "git.not_ignored", "git.file_mode"]
    assert outcome.status is Status.FAIL
    assert outcome.reason == "git.in_history"
    positions = [outcome.message.index(p["message"]) for p in outcome.details["problems"]]
    assert positions == sorted(positions)
    assert outcome.message.startswith(f"{path}: ")


async def test_scan_timeout_warns(big_repo: Path, home: Path) -> None:
    path = big_repo / ".env.live"
    path.write_text(env_text(SECRETS))
    path.chmod(0o600)
    (big_repo / ".git" / "info" / "exclude").write_text(".env.live\n")
    outcome = await CHECK.run(context(path, timeout=0.05))
    assert_no_secret(outcome)
    reasons = [p["reason"] for p in outcome.details["problems"]]
    assert "git.scan_failed" in reasons
    assert outcome.details["ignore_rule"] == ".git/info/exclude:1:.env.live"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the repository away")
async def test_git_error_warns_with_gits_message(repo: Repo) -> None:
    path = repo.env_file()
    for item in [repo.root, *repo.root.rglob("*")]:
        os.chown(item, 65534, 65534, follow_symlinks=False)
    outcome = await run(path)
    assert (outcome.status, outcome.reason) == (Status.WARN, "git.error")
    assert "dubious ownership" in outcome.message
