"""bench/make_history_repo.py: the repository it makes, through its command line."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest

from .gitrepo import git_environ, load_bench_generator

if TYPE_CHECKING:
    from pathlib import Path


def git(root: Path, home: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, env=git_environ(home), capture_output=True, text=True, check=True
    ).stdout


def test_generates_the_history_and_the_planted_file(tmp_path: Path, home: Path) -> None:
    root = tmp_path / "repo"
    code = load_bench_generator().main(
        [str(root), "--commits", "300", "--secret", "A_KEY=value-123456"]
    )
    assert code == 0
    assert git(root, home, "rev-list", "--count", "main").strip() == "300"
    log = git(root, home, "log", "--format=%h", "--", "config/.env.old").split()
    assert len(log) == 2  # added, then deleted
    assert not (root / "config" / ".env.old").exists()
    assert "A_KEY=value-123456" in git(root, home, "log", "-p", "--all", "--", "config/.env.old")
    assert git(root, home, "status", "--porcelain") == ""


def test_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x")
    with pytest.raises(SystemExit):
        load_bench_generator().main([str(tmp_path), "--commits", "5"])
