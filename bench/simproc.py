"""The simulator as a child process, and one ``golive preflight`` run against it."""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from common import BenchError, expect, timed_run

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from common import Context


class Simulator:
    """``golive sim --port 0 --latency-ms N --write-env FILE`` as a subprocess."""

    def __init__(
        self, ctx: Context, latency_ms: int, env_file: Path, extra: Sequence[str] = ()
    ) -> None:
        self.latency_ms = latency_ms
        self.env_file = env_file
        self.extra = tuple(extra)
        self._ctx = ctx
        self._log = ctx.tmp / f"sim-{env_file.name}.out"
        self._proc: subprocess.Popen[bytes] | None = None
        self.base_url = ""

    def __enter__(self) -> Simulator:
        cmd = [self._ctx.golive, "sim", "--port", "0", "--latency-ms", str(self.latency_ms)]
        cmd += ["--write-env", str(self.env_file), *self.extra]
        with self._log.open("wb") as out:
            self._proc = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.STDOUT, env=self._ctx.env
            )
        try:
            self.base_url = self._wait_ready(timeout=30.0)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_ready(self, timeout: float) -> str:
        assert self._proc is not None
        end = time.monotonic() + timeout
        while time.monotonic() < end and self._proc.poll() is None:
            text = self._log.read_text(errors="replace")
            found = re.search(r"listening on (http://\S+)", text)
            if found and "stops it" in text:
                return found.group(1)
            time.sleep(0.05)
        raise BenchError(
            f"golive sim did not start: {self._log.read_text(errors='replace')[-300:]}"
        )

    def request_log(self) -> list[dict[str, Any]]:
        """Every request answered so far: venue, method, path (token masked), time answered."""
        with urllib.request.urlopen(f"{self.base_url}/__sim__/requests", timeout=10) as answer:
            entries: list[dict[str, Any]] = json.load(answer)["requests"]
        return entries

    def __exit__(self, *exc: object) -> None:
        if self._proc is None:
            return
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


def preflight_repo(ctx: Context) -> Path:
    """A git work tree that ignores env files and evidence, so git_safety passes."""
    repo = ctx.tmp / "preflight"
    if repo.exists():  # made by an earlier section of this run
        return repo
    repo.mkdir()
    (repo / ".gitignore").write_text(".env.*\nevidence/\n")
    # the live profiles point at the local simulators: allowed, as golive demo allows them
    (repo / "golive.toml").write_text('allowed_hosts = ["127.0.0.1"]\n')
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    for args in (["init", "-q", "-b", "main"], ["add", ".gitignore"], ["commit", "-qm", "init"]):
        subprocess.run([*git, *args], cwd=repo, env=ctx.env, check=True, capture_output=True)
    return repo


@dataclass(frozen=True)
class PreflightRun:
    wall_s: float
    duration_ms: int
    checks_ms: dict[str, int]
    answers: list[dict[str, Any]]

    @property
    def requests(self) -> int:
        return len(self.answers)


def run_preflight(ctx: Context, sim: Simulator, repo: Path, serial: bool) -> PreflightRun:
    cmd = [ctx.golive, "preflight", "--env-file", str(sim.env_file), "--json"]
    cmd += ["--evidence-dir", str(repo / "evidence")] + (["--serial"] if serial else [])
    before = len(sim.request_log())
    wall, done = timed_run(cmd, cwd=repo, env=ctx.env, timeout=120)
    expect(done, (0,), "golive preflight")
    report = json.loads(done.stdout)
    failed = [c["id"] for c in report["checks"] if c["status"] not in ("PASS", "WARN")]
    if failed:
        raise BenchError(f"golive preflight: checks did not pass: {', '.join(failed)}")
    checks = {c["id"]: c["duration_ms"] for c in report["checks"]}
    return PreflightRun(wall, report["duration_ms"], checks, sim.request_log()[before:])


def preflight_report(
    ctx: Context, sim: Simulator, repo: Path, *args: str
) -> tuple[float, dict[str, Any]]:
    """``golive preflight --json ARGS`` against ``sim``: wall time and report, any verdict."""
    cmd = [ctx.golive, "preflight", "--env-file", str(sim.env_file), "--json", *args]
    cmd += ["--evidence-dir", str(repo / "evidence")]
    wall, done = timed_run(cmd, cwd=repo, env=ctx.env, timeout=120)
    expect(done, (0, 1), "golive preflight")
    report: dict[str, Any] = json.loads(done.stdout)
    return wall, report
