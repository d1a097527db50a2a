"""golive.git.facts against real repositories: facts, the history scan, hit mapping."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from golive.git.facts import (
    GitFacts,
    HistoryHit,
    anchor,
    collect_facts,
    find_repo_root,
    git_env,
    ignore_rule,
    is_tracked,
    needles,
    scan_history,
)

from .gitrepo import SECRETS, Repo, env_text

ONE = {"BINANCE_API_SECRET": SECRETS["BINANCE_API_SECRET"]}


def test_git_env_keeps_path_and_home_only() -> None:
    environ = {
        "PATH": "/bin",
        "HOME": "/h",
        "GIT_DIR": "/elsewhere",
        "GIT_WORK_TREE": "/w",
        "X": "1",
    }
    env = git_env(environ)
    assert env["PATH"] == "/bin"
    assert env["HOME"] == "/h"
    assert env["GIT_CONFIG_NOSYSTEM"] == "1"
    assert env["LC_ALL"] == "C"
    assert not {"GIT_DIR", "GIT_WORK_TREE", "X"} & set(env)


def test_needles_include_url_encoded_forms() -> None:
    found = needles({"A_SECRET": "a/b+c=d:e", "B_TOKEN": "a/b+c=d:e", "C_KEY": ""})
    assert found[b"a/b+c=d:e"] == {"A_SECRET", "B_TOKEN"}
    assert found[b"a%2Fb%2Bc%3Dd%3Ae"] == {"A_SECRET", "B_TOKEN"}
    assert found[b"a%2fb%2bc%3dd%3ae"] == {"A_SECRET", "B_TOKEN"}
    # plus hex (both cases) and base64 at three alignments in both alphabets (issue 11)
    assert found[b"a/b+c=d:e".hex().encode()] == {"A_SECRET", "B_TOKEN"}
    assert found[b"YS9iK2M9ZDpl"] == {"A_SECRET", "B_TOKEN"}  # base64 of the value alone
    assert len(found) == 3 + 2 + 3  # this value reads the same in both base64 alphabets


def test_needles_take_pairs_for_several_forms_of_one_key() -> None:
    found = needles([("POSTGRES_DSN", "p%40ss-word"), ("POSTGRES_DSN", "p@ss-word")])
    assert {b"p%40ss-word", b"p@ss-word", b"p%2540ss-word"} <= set(found)


async def test_repo_root_and_outside(repo: Repo, tmp_path: Path) -> None:
    env = git_env(os.environ)
    assert await find_repo_root(repo.root / "deep" / "missing" / ".env.live", env) == repo.root
    outside = tmp_path / "outside"
    outside.mkdir()
    assert await find_repo_root(outside / ".env.live", env) is None


async def test_tracked_and_ignore_rules(repo: Repo) -> None:
    env = git_env(os.environ)
    repo.ignore(".env.live", "!.env.keep")
    repo.write(".env.keep", "X=1\n")
    assert not await is_tracked(repo.root, ".env.live", env)
    match = await ignore_rule(repo.root, ".env.live", env)
    assert match is not None
    assert (match.rule, match.ignored) == (".gitignore:1:.env.live", True)
    negated = await ignore_rule(repo.root, ".env.keep", env)
    assert negated is not None
    assert (negated.rule, negated.ignored) == (".gitignore:2:!.env.keep", False)
    assert await ignore_rule(repo.root, "other.txt", env) is None
    repo.commit("keep", ".env.keep")
    assert await is_tracked(repo.root, ".env.keep", env)


async def test_pathspec_magic_is_literal(repo: Repo) -> None:
    repo.write("a*", "x\n")
    repo.commit("star", "a*")
    env = git_env(os.environ)
    assert await is_tracked(repo.root, "a*", env)
    assert not await is_tracked(repo.root, "*", env)


async def scan(repo: Repo, secrets: dict[str, str] = ONE) -> tuple[HistoryHit, ...]:
    result = await scan_history(repo.root, secrets, git_env(os.environ), timeout=30)
    assert result.objects_scanned > 0
    return result.hits


async def test_clean_history_has_no_hits(repo: Repo) -> None:
    repo.env_file()
    assert await scan(repo, SECRETS) == ()


async def test_deleted_file_in_old_commit(repo: Repo) -> None:
    repo.write("config/old.env", env_text(ONE))
    added = repo.commit("add config", "config/old.env")
    repo.git("rm", "-q", "config/old.env")
    repo.commit("remove config")
    for n in range(3):
        repo.write("notes.txt", f"note {n}\n")
        repo.commit(f"note {n}", "notes.txt")
    (hit,) = await scan(repo)
    assert hit.key == "BINANCE_API_SECRET"
    assert hit.kind == "blob"
    assert hit.commits == (added[:12],)
    assert hit.paths == ("config/old.env",)
    assert hit.reachable


async def test_other_branch_only(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "experiment")
    repo.write("settings.py", f"SECRET = {ONE['BINANCE_API_SECRET']!r}\n")
    on_branch = repo.commit("try settings", "settings.py")
    repo.git("checkout", "-q", "main")
    (hit,) = await scan(repo)
    assert (hit.commits, hit.paths, hit.reachable) == ((on_branch[:12],), ("settings.py",), True)


async def test_reset_commit_is_unreachable_but_found(repo: Repo) -> None:
    repo.write(".env.live", env_text(ONE))
    lost = repo.commit("oops", ".env.live")
    repo.git("reset", "-q", "--hard", "HEAD~1")
    (hit,) = await scan(repo)
    assert not hit.reachable
    assert hit.commits == (lost[:12],)
    assert hit.paths == (".env.live",)


async def test_dangling_blob_without_reflog_is_found(repo: Repo) -> None:
    repo.write(".env.live", env_text(ONE))
    repo.commit("oops", ".env.live")
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.git("reflog", "expire", "--expire=now", "--all")
    kinds = {(hit.kind, hit.reachable, hit.commits) for hit in await scan(repo)}
    assert kinds == {("blob", False, ())}


async def test_amended_commit_message(repo: Repo) -> None:
    repo.write("x.txt", "x\n")
    repo.git("add", "x.txt")
    repo.git("commit", "-q", "-m", f"debug with {ONE['BINANCE_API_SECRET']}")
    repo.git("commit", "-q", "--amend", "-m", "clean message")
    (hit,) = await scan(repo)
    assert (hit.kind, hit.reachable, hit.paths) == ("commit", False, ())


async def test_commit_message_on_main(repo: Repo) -> None:
    repo.git("commit", "-q", "--allow-empty", "-m", f"key is {ONE['BINANCE_API_SECRET']}")
    head = repo.git("rev-parse", "HEAD").strip()
    (hit,) = await scan(repo)
    assert (hit.kind, hit.commits, hit.reachable) == ("commit", (head[:12],), True)


async def test_annotated_tag_message(repo: Repo) -> None:
    repo.git("tag", "-a", "v1", "-m", f"release {ONE['BINANCE_API_SECRET']}")
    (hit,) = await scan(repo)
    assert (hit.kind, hit.paths, hit.reachable) == ("tag", ("refs/tags/v1",), True)


async def test_url_encoded_secret_in_a_dsn(repo: Repo) -> None:
    repo.write("docker-compose.yml", "url: postgresql://bot:Pg%40ssw0rd-Secret@db/bot\n")
    repo.commit("compose", "docker-compose.yml")
    (hit,) = await scan(repo, {"POSTGRES_DSN": "Pg@ssw0rd-Secret"})
    assert hit.key == "POSTGRES_DSN"
    assert hit.paths == ("docker-compose.yml",)


async def test_secret_across_read_boundaries_in_a_large_blob(repo: Repo) -> None:
    filler = "x" * 99 + "\n"
    body = filler * 10_485 + "k=" + ONE["BINANCE_API_SECRET"] + "\n" + filler * 20_000
    repo.write("big.txt", body)
    repo.commit("big", "big.txt")
    (hit,) = await scan(repo)
    assert hit.paths == ("big.txt",)


async def test_merge_resolution_is_located(repo: Repo) -> None:
    repo.write("conf.txt", "a\n")
    repo.commit("base", "conf.txt")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("conf.txt", "side\n")
    repo.commit("side", "conf.txt")
    repo.git("checkout", "-q", "main")
    repo.write("conf.txt", "main\n")
    repo.commit("main", "conf.txt")
    with pytest.raises(subprocess.CalledProcessError):  # a conflict: resolved by hand
        repo.git("merge", "-q", "side", "-m", "merge")
    repo.write("conf.txt", ONE["BINANCE_API_SECRET"] + "\n")
    merge = repo.commit("merge side", "conf.txt")
    (hit,) = await scan(repo)
    assert (hit.commits, hit.paths, hit.reachable) == ((merge[:12],), ("conf.txt",), True)


async def test_collect_facts_in_repo(repo: Repo) -> None:
    repo.ignore(".env.live")
    path = repo.env_file(mode=0o640)
    facts = await collect_facts(path, SECRETS, git_env(os.environ))
    assert isinstance(facts, GitFacts)
    assert facts.repo_root == repo.root
    assert facts.path_in_repo == ".env.live"
    assert (facts.tracked, facts.ignored, facts.ignore_rule) == (
        False,
        True,
        ".gitignore:1:.env.live",
    )
    assert facts.mode == 0o640
    assert facts.history_hits == ()
    assert facts.scan is not None
    assert facts.scan.objects_scanned == 4  # 2 commits, 2 blobs; trees are not scanned


async def test_collect_facts_without_git(tmp_path: Path) -> None:
    path = tmp_path / ".env.live"
    path.write_text("A=1\n")
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    facts = await collect_facts(path, SECRETS, {"PATH": str(empty)})
    assert (facts.git_available, facts.repo_root, facts.mode is not None) == (False, None, True)


def test_anchor_resolves_the_directory_not_the_file(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    assert anchor(tmp_path / "link" / ".env.live") == real.resolve() / ".env.live"
    assert anchor(tmp_path / "nope" / ".env.live") == tmp_path.resolve() / "nope" / ".env.live"
