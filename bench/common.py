"""What every benchmark section shares: running and timing commands, targets, the context."""

from __future__ import annotations

import contextlib
import os
import platform
import re
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

BENCH_DIR = Path(__file__).resolve().parent


class BenchError(Exception):
    """The benchmark could not measure something (a command failed or answered wrongly)."""


# -- measuring ------------------------------------------------------------------------


def timed_run(cmd: Sequence[str], **kwargs: Any) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``cmd`` to completion; its wall time in seconds and the completed process."""
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    return time.perf_counter() - started, done


def expect(done: subprocess.CompletedProcess[str], codes: Iterable[int], what: str) -> None:
    if done.returncode not in codes:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BenchError(f"{what}: exit code {done.returncode}: {' / '.join(tail)}")


def interleaved(
    jobs: Mapping[str, Callable[[], float]], runs: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Run every job ``runs`` times round-robin (noise hits all alike); warm-up runs dropped."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for i in range(warmup + runs):
        for name, job in jobs.items():
            elapsed = job()
            if i >= warmup:
                times[name].append(elapsed)
    return times


def stats(samples: Sequence[float]) -> dict[str, float]:
    """Median, min and max in milliseconds."""
    return {
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "min_ms": round(min(samples) * 1000, 1),
        "max_ms": round(max(samples) * 1000, 1),
        "runs": len(samples),
    }


@dataclass(frozen=True)
class Target:
    name: str
    measured: float
    limit: float
    unit: str
    holds: bool
    note: str = ""

    @classmethod
    def at_most(cls, name: str, measured: float, limit: float, unit: str, note: str = "") -> Target:
        return cls(name, round(measured, 3), round(limit, 3), unit, measured <= limit, note)


@dataclass
class Context:
    """One benchmark run: its temporary directory, the subprocess environment, its options."""

    tmp: Path
    python: str
    golive: str
    env: dict[str, str]
    reps: int
    startup_runs: int
    commits: int
    runs: int = 20
    """Runs of the clock and timeout sections (``--runs``)."""
    targets: list[Target] = field(default_factory=list)


def base_env(tmp: Path) -> dict[str, str]:
    """An explicit, minimal environment for every subprocess: no GOLIVE_*, no PYTHON*."""
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GOLIVE_LANG": "en",
    }


def wall_job(cmd: Sequence[str], env: Mapping[str, str], cwd: Path) -> Callable[[], float]:
    def job() -> float:
        elapsed, done = timed_run(cmd, env=env, cwd=cwd, timeout=60)
        expect(done, (0,), " ".join(cmd))
        return elapsed

    return job


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else "unknown"


def tree_state(env: Mapping[str, str]) -> dict[str, Any]:
    """The commit of the golive tree measured, and its files under src/ that differ from it."""

    def git(*args: str) -> str:
        cmd = ["git", *args]
        done = subprocess.run(cmd, cwd=BENCH_DIR.parent, env=env, capture_output=True, check=False)
        return done.stdout.decode(errors="replace")

    head = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    changed = git("status", "--porcelain", "--", "src").splitlines()
    return {"commit": head, "src_changes": [line[3:] for line in changed]}


def machine(ctx: Context) -> dict[str, Any]:
    from golive import __version__

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    git = subprocess.run(
        ["git", "--version"], capture_output=True, text=True, check=False, env=ctx.env
    )
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "git": git.stdout.strip(),
        "golive": __version__,
        "golive_tree": tree_state(ctx.env),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


@contextlib.contextmanager
def cpu_hogs(python: str, count: int = 2) -> Iterator[None]:
    """``count`` CPU-bound processes for as long as the block runs: a loaded machine."""
    hogs = [subprocess.Popen([python, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
