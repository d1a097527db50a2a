"""A temporary operator workspace: a real git repository, env files, and a CLI runner."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from golive.sim.envwrite import HEALTHY_PLAN
from tests.support.keys import binance_key, upbit_key

GIT_ENV = {
    "GIT_AUTHOR_NAME": "golive test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "golive test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
}

# Well-formed secrets: the exchange keys and the bot token have the shapes the venues issue
# (64 / 40 letters and digits, `<bot id>:<35 chars>`); the awkward shapes (`$`, `%`, `@`,
# unicode, 100+ characters) live in a free-form secret and the DSN password, where they
# are valid, so every output is still scanned for them.
VALID_SECRETS = {
    "UPBIT_ACCESS_KEY": upbit_key("UpAcc3ssK3yx7Q9"),
    "UPBIT_SECRET_KEY": upbit_key("s3cr3tZq8Lm41Uv"),
    "BINANCE_API_KEY": binance_key("BnK3yQu0tedAb3dE"),
    "BINANCE_API_SECRET": binance_key("pAss2Fw0rdNOTiNTERPOLATEDRt5Yu"),
    "TELEGRAM_BOT_TOKEN": "6198273645:AAFhbjb4riec70dMdNfGzCq3N1nmNU2-VQ8",
    "TELEGRAM_CHAT_ID": "-1009988776655",
    "POSTGRES_DSN": "postgresql://postgres:Pg%25pa$$w0rd.Secret@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://:R3dis-Pa55word-Secret@127.0.0.1:6379/0",
    "WEBHOOK_SECRET": "s3cr$et%41@ü€p@ss%2Fw0rd${NOT_INTERPOLATED}ß✓" + "Zq8Lm" * 14,
    # the trading plan (not secret): a live profile without one is NOT READY
    **HEALTHY_PLAN,
}

# Every shape at once, quotes and awkward characters in exchange keys included: format
# errors (`bad_format`), but never a leak.
AWKWARD_SECRETS = {
    **VALID_SECRETS,
    "UPBIT_SECRET_KEY": 's3cr"et$HOME%41@ü€' + "Zq8Lm" * 22,
    "BINANCE_API_KEY": "BnK3y'quoted'" + "Ab3dE" * 12,
    "BINANCE_API_SECRET": "p@ss%2Fw0rd${NOT_INTERPOLATED}ß✓" + "Rt5Yu" * 10,
    "WEBHOOK_PASSWORD": 'hook \\ back\'slash "dq" €' + "Pw9" * 12,
}
AWKWARD_FORMAT_ERRORS = ("UPBIT_SECRET_KEY", "BINANCE_API_KEY", "BINANCE_API_SECRET")
"""The keys of AWKWARD_SECRETS that ``env validate`` reports as ``bad_format``."""


# The secret parts of VALID_SECRETS / AWKWARD_SECRETS (what must never be shown).
def secret_parts(values: Mapping[str, str]) -> dict[str, str]:
    parts = {
        k: v for k, v in values.items() if k.endswith(("_KEY", "_SECRET", "_TOKEN", "_PASSWORD"))
    }
    parts["POSTGRES_PASSWORD"] = "Pg%25pa$$w0rd.Secret"
    parts["REDIS_PASSWORD"] = "R3dis-Pa55word-Secret"
    return parts


def dotenv_line(key: str, value: str) -> str:
    """One ``KEY='value'`` line python-dotenv reads back as ``value`` exactly."""
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"{key}='{escaped}'"


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@dataclass
class Workspace:
    root: Path
    env: dict[str, str] = field(default_factory=dict)
    # what this test loaded and showed, for tests.support.invariants' leak scan
    written: list[dict[str, str]] = field(default_factory=list)
    written_paths: list[str] = field(default_factory=list)
    """Where write_env wrote: reports name these paths as they are (no leak)."""
    results: list[CliResult] = field(default_factory=list)

    def git(self, *args: str) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=self.root, env=GIT_ENV, capture_output=True, text=True, check=True
        )
        return proc.stdout

    def init_repo(self, ignore: str = ".env.*\n!.env.*.example\nlogs/\n") -> None:
        self.git("init", "-q", "-b", "main")
        (self.root / ".gitignore").write_text(ignore)
        self.git("add", ".gitignore")
        self.git("commit", "-q", "-m", "init")

    def write_env(
        self, name: str, values: Mapping[str, str], *, mode: int = 0o600, raw: str = ""
    ) -> Path:
        path = self.root / name
        self.written.append(dict(values))
        self.written_paths.append(str(path))
        lines = [dotenv_line(k, v) for k, v in values.items()]
        path.write_text("\n".join(lines) + "\n" + raw, encoding="utf-8")
        path.chmod(mode)
        return path

    def allow_hosts(self, *hosts: str) -> Path:
        """``golive.toml`` with ``allowed_hosts``: a live profile may then reach these hosts.

        Tests that run a live preflight against the simulator allow its host this way,
        as an operator allows a corporate egress proxy (and as ``golive demo`` does).
        """
        path = self.root / "golive.toml"
        listed = ", ".join(f'"{host}"' for host in hosts)
        path.write_text(f"allowed_hosts = [{listed}]\n", encoding="utf-8")
        return path

    def run(self, *args: str) -> CliResult:
        """``golive ARGS`` in-process, from this workspace, capturing stdout and stderr."""
        from golive.cli import main

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
        return self._kept(CliResult(code, out.getvalue(), err.getvalue()))

    def run_subprocess(self, *args: str, timeout: float = 60) -> CliResult:
        """``python -m golive ARGS`` in a child process (real exit codes, real signals)."""
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
        proc = subprocess.run(
            [sys.executable, "-m", "golive", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return self._kept(CliResult(proc.returncode, proc.stdout, proc.stderr))

    def _kept(self, result: CliResult) -> CliResult:
        self.results.append(result)
        return result

    def bundles(self, evidence: str = "logs/evidence") -> list[Path]:
        folder = self.root / evidence
        return (
            sorted(p for p in folder.glob("preflight_*") if p.is_dir()) if folder.exists() else []
        )


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    root = tmp_path / "bot"
    root.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.delenv("GOLIVE_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return Workspace(root)


def leaked_slices(text: str, secrets: Mapping[str, str], width: int = 8) -> list[str]:
    """Keys whose value, or any ``width``-character slice of it, appears in ``text``."""
    found = []
    for key, value in secrets.items():
        if len(value) < width:
            continue
        if any(value[i : i + width] in text for i in range(len(value) - width + 1)):
            found.append(key)
    return found
