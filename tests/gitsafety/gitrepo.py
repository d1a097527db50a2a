"""Helpers for the git-safety tests: real repositories, fake secrets, a check context."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from golive.config import Settings
from golive.envfiles.profile import Profile
from golive.masking import Redactor
from golive.model import CheckContext, SystemClock
from tests.support.keys import binance_key, telegram_token, upbit_key

if TYPE_CHECKING:
    from collections.abc import Mapping

BENCH_GENERATOR = Path(__file__).parents[2] / "bench" / "make_history_repo.py"

SECRETS = {
    "BINANCE_API_KEY": binance_key("bnKeyA1b2C3d4E5f6G7h8I9j0KlMnOpQr"),
    "BINANCE_API_SECRET": binance_key("bnSecretZx9Yw8Vu7Ts6Rq5Po4Nm3"),
    "UPBIT_SECRET_KEY": upbit_key("upSecretKey0123456789abcdefXYZ"),
    "TELEGRAM_BOT_TOKEN": telegram_token("AAFhbjb4riec70dMdNfGzCq3N1nm"),
    "TELEGRAM_CHAT_ID": "-1001234567890",
    "POSTGRES_DSN": "postgresql://bot:Pg%40ssw0rd-Secret@127.0.0.1:5432/bot",
}
"""Fake values of the real shapes (the DSN password is ``Pg@ssw0rd-Secret``)."""


def env_text(values: Mapping[str, str]) -> str:
    return "".join(f"{key}={value}\n" for key, value in values.items())


def git_environ(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "LC_ALL": "C",
        "GIT_AUTHOR_NAME": "golive test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "golive test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }


@dataclass(frozen=True)
class Repo:
    root: Path
    env: Mapping[str, str]

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env=dict(self.env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return done.stdout

    def write(self, name: str, text: str, mode: int = 0o600) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(mode)
        return path

    def commit(self, message: str, *paths: str) -> str:
        if paths:
            self.git("add", "--", *paths)
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def ignore(self, *patterns: str) -> None:
        self.write(".gitignore", "".join(f"{p}\n" for p in patterns), mode=0o644)
        self.commit("ignore env files", ".gitignore")

    def env_file(self, values: Mapping[str, str] = SECRETS, mode: int = 0o600) -> Path:
        return self.write(".env.live", env_text(values), mode=mode)


def context(
    env_file: Path,
    values: Mapping[str, str] = SECRETS,
    timeout: float = 30.0,
    profile: str = "live",
    lang: str = "en",
) -> CheckContext:
    return CheckContext(
        profile=Profile(name=profile, env_file=env_file, values=values),
        lang=lang,
        settings=Settings(),
        redactor=Redactor.from_values(values),
        clock=SystemClock(),
        http=None,
        cwd=env_file.parent,
        timeout=timeout,
    )


def load_bench_generator() -> ModuleType:
    name = "make_history_repo"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH_GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
