"""The pre-commit hooks, through the real ``pre-commit try-repo`` in a temporary repository.

``pre-commit try-repo`` installs this repository's ``language: python`` hooks
into a fresh virtual environment (``pip install .``: golive and its
dependencies, from the package index pip is configured with) every time it runs,
so this file runs it twice; the cases around it run ``golive git-safety
--staged`` directly.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from tests.support.workspace import GIT_ENV, VALID_SECRETS, Workspace, leaked_slices, secret_parts

PROJECT = Path(__file__).resolve().parents[2]
HOOK_IDS = ("golive-git-safety", "golive-env-validate")


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=True
    )
    return done.stdout


SNAPSHOT = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src")
"""What pre-commit needs of this repository: the hooks file and an installable package."""


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree as it is now (tracked and new files, not ignored ones), committed."""
    listed = _git(
        PROJECT, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *SNAPSHOT
    )
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed.split("\0")):
        source = PROJECT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_bytes(source.read_bytes())
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "snapshot")
    return repo


def try_repo(target: Path, hook_repo: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"), **GIT_ENV}
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "--ref", "HEAD"],
        cwd=target,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def bot_repo(workspace: Workspace) -> Path:
    """A bot's repository: a real .env.live beside its example and some code."""
    workspace.git("init", "-q", "-b", "main")
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    (workspace.root / ".env.live.example").write_text("BINANCE_API_KEY=\nBINANCE_API_SECRET=\n")
    (workspace.root / "bot.py").write_text("print('trading')\n")
    return workspace.root


def test_hooks_file_declares_both_hooks() -> None:
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == list(HOOK_IDS)
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["entry"].startswith("golive ")


def test_staged_env_file_and_secret_block_the_commit(
    workspace: Workspace, hook_repo: Path, tmp_path: Path
) -> None:
    root = bot_repo(workspace)
    (root / "config.py").write_text(f"SECRET = {VALID_SECRETS['BINANCE_API_SECRET']!r}\n")
    workspace.git("add", "-f", ".env.live", ".env.live.example", "bot.py", "config.py")
    done = try_repo(root, hook_repo, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    assert "golive git-safety" in out
    assert "Failed" in out
    assert ".env.live: an env file is staged" in out
    assert ".env.live.example:" not in out
    assert "bot.py:" not in out
    assert "config.py: holds the value of BINANCE_API_SECRET from .env.live." in out
    assert leaked_slices(out + done.stderr, secret_parts(VALID_SECRETS)) == []


def test_example_file_and_clean_code_pass(
    workspace: Workspace, hook_repo: Path, tmp_path: Path
) -> None:
    root = bot_repo(workspace)
    workspace.git("add", ".env.live.example", "bot.py")
    done = try_repo(root, hook_repo, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    passed = [line for line in done.stdout.splitlines() if line.endswith("Passed")]
    assert len(passed) == 2, done.stdout  # golive-git-safety and golive-env-validate


# -- the hooks' commands, run directly ----------------------------------------------------


def test_staged_mode_finds_encoded_secrets_and_spares_templates(workspace: Workspace) -> None:
    root = bot_repo(workspace)
    secret = VALID_SECRETS["UPBIT_SECRET_KEY"]
    (root / "url.txt").write_text(f"https://example.invalid/?s={quote(secret, safe='')}\n")
    names = [".env.live.example", ".env.sample", "app.env.template", "url.txt", "bot.py"]
    for name in names[1:3]:
        (root / name).write_text("KEY=\n")
    result = workspace.run("git-safety", "--staged", *names)
    assert result.code == 1, result.text
    assert result.out.startswith("url.txt: holds the value of UPBIT_SECRET_KEY from .env.live.")
    assert result.out.count("\n") == 2  # one finding: the problem and its fix


ENV_NAMES = [".env", ".env.live", ".env.paper", "prod.env", "deploy/.env.live"]


@pytest.mark.parametrize("name", ENV_NAMES)
def test_staged_mode_blocks_env_files(workspace: Workspace, name: str) -> None:
    bot_repo(workspace)
    result = workspace.run("git-safety", "--staged", "bot.py", name)
    assert result.code == 1, result.text
    assert result.out.startswith(f"{name}: an env file is staged")


def test_staged_mode_with_nothing_wrong_is_silent(workspace: Workspace) -> None:
    bot_repo(workspace)
    result = workspace.run("git-safety", "--staged", "bot.py", ".env.live.example")
    assert (result.code, result.text) == (0, "")


def test_files_without_staged_is_exit_2(workspace: Workspace) -> None:
    bot_repo(workspace)
    result = workspace.run("git-safety", "bot.py")
    assert result.code == 2, result.text
    assert "--staged" in result.err


def test_env_validate_missing_ok(workspace: Workspace) -> None:
    result = workspace.run("env", "validate", "--env", "live", "--missing-ok")
    assert result.code == 0, result.text
    assert "not found" in result.out
    assert workspace.run("env", "validate", "--env", "live").code == 2
