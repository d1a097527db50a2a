"""Fixtures: an empty HOME, a fresh repository, and one large generated history."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .gitrepo import SECRETS, Repo, git_environ, load_bench_generator

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty HOME, for us and for the check (no global gitconfig or excludes)."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("HOME", str(path))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return path


@pytest.fixture
def repo(tmp_path: Path, home: Path) -> Repo:
    root = tmp_path / "bot"
    root.mkdir()
    made = Repo(root, git_environ(home))
    made.git("init", "-q", "-b", "main")
    made.write("README.md", "arbitrage bot\n", mode=0o644)
    made.commit("initial", "README.md")
    return made


@pytest.fixture(scope="session")
def big_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4,000-commit repository (bench generator) with two secrets in a deleted file."""
    root = tmp_path_factory.mktemp("big") / "repo"
    planted = {k: SECRETS[k] for k in ("BINANCE_API_SECRET", "UPBIT_SECRET_KEY")}
    load_bench_generator().generate(root, 4000, planted)
    return root
