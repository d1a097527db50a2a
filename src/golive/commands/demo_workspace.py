"""``golive demo``: a full live preflight against the in-process simulator.

The demo starts the simulator, writes a temporary live env file for it (0600,
in a throw-away git repository that ignores it, removed afterwards), and
points PostgreSQL and Redis at the local servers. Only here may an unreachable
database be a SKIP: a real preflight reports it as a FAIL.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from golive import messages
from golive.model import Check, CheckContext, Outcome
from golive.sim.envwrite import DEFAULT_POSTGRES_DSN, DEFAULT_REDIS_URL, write_env_file

PROBE_TIMEOUT_S = 1.0
GITIGNORE = ".env.*\n!.env.*.example\n"


@dataclass(frozen=True)
class Service:
    check_id: str
    flag: str
    env_key: str
    value: str
    reachable: bool

    def skip_reason(self, lang: str = "en") -> str:
        return messages.text(
            "demo.service_unreachable",
            lang,
            check=self.check_id,
            where=_where(self.value),
            flag=self.flag,
            env_key=self.env_key,
        )


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or '127.0.0.1'}:{parts.port or ''}".rstrip(":")


def _answers(url: str, default_port: int) -> bool:
    """A TCP connect is enough to choose between running the check and skipping it."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return Path(parts.path).exists()
    host, port = parts.hostname or "127.0.0.1", parts.port or default_port
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT_S):
            return True
    except OSError:
        return False


def resolve_services(
    postgres_dsn: str | None, redis_url: str | None, environ: Mapping[str, str]
) -> tuple[Service, Service]:
    """Flag, else the caller's environment, else the local default; probed once."""
    pg = postgres_dsn or environ.get("POSTGRES_DSN") or DEFAULT_POSTGRES_DSN
    rd = redis_url or environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    return (
        Service("postgres", "--postgres-dsn", "POSTGRES_DSN", pg, _answers(pg, 5432)),
        Service("redis", "--redis-url", "REDIS_URL", rd, _answers(rd, 6379)),
    )


def skipped_in_demo(check: Check, reason: str) -> Check:
    """The same check id, reporting SKIP with ``reason`` instead of connecting."""

    async def run(ctx: CheckContext) -> Outcome:
        return Outcome.skip(reason, reason="demo.service_unreachable")

    return replace(check, run=run)


def demo_checks(
    checks: tuple[Check, ...], services: tuple[Service, ...], lang: str = "en"
) -> tuple[Check, ...]:
    unreachable = {s.check_id: s.skip_reason(lang) for s in services if not s.reachable}
    return tuple(
        skipped_in_demo(c, unreachable[c.id]) if c.id in unreachable else c for c in checks
    )


def _git_init(folder: Path) -> None:
    git = shutil.which("git")
    if git is None:
        return
    env = {"PATH": os.environ.get("PATH", ""), "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(folder)}
    subprocess.run(
        [git, "init", "-q", str(folder)], env=env, check=False, capture_output=True, timeout=10
    )


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` (0600); an existing file of any kind is never replaced."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


@contextmanager
def demo_workspace(values: Mapping[str, str]) -> Iterator[Path]:
    """A temporary git repository holding an ignored ``.env.live`` (0600); removed on exit."""
    folder = Path(tempfile.mkdtemp(prefix="golive-demo-"))
    try:
        _git_init(folder)
        _write_new(folder / ".gitignore", GITIGNORE)
        env_file = folder / ".env.live"
        write_env_file(env_file, values, values["BINANCE_BASE_URL"])  # refuses what is not ours
        yield env_file
    finally:
        shutil.rmtree(folder, ignore_errors=True)
