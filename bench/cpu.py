"""Section ``cpu``: what a run costs against ``python -c "import httpx"``, measured in one go.

Interleaved, median of ``--startup-runs``: a full ``golive preflight`` against the
simulator at latency 0 (every check), ``golive checks`` and ``golive --help``, each
as a ratio to the wall time of ``python -c "import httpx"``. CPU time (user + system
of the child) is reported beside the wall time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from typing import TYPE_CHECKING, Any

from common import BenchError, Target, table
from simproc import Simulator, preflight_repo

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from common import Context

LIMITS_X_HTTPX = {"golive preflight (0 ms)": 3.5, "golive checks": 1.5, "golive --help": 1.5}
BASE = "python -c 'import httpx'"


def run_once(cmd: Sequence[str], env: Mapping[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``cmd``."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        raise BenchError(f"{' '.join(cmd)}: exit code {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def bench_cpu(ctx: Context) -> dict[str, Any]:
    repo = preflight_repo(ctx)
    with Simulator(ctx, 0, repo / ".env.live-cpu") as sim:
        commands = {
            BASE: [ctx.python, "-c", "import httpx"],
            "golive preflight (0 ms)": [
                ctx.golive,
                "preflight",
                "--env-file",
                str(sim.env_file),
                "--quiet",
                "--evidence-dir",
                str(repo / "evidence"),
            ],
            "golive checks": [ctx.golive, "checks"],
            "golive --help": [ctx.golive, "--help"],
        }
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for i in range(2 + ctx.startup_runs):
            for name, cmd in commands.items():
                wall, cpu = run_once(cmd, ctx.env, repo)
                if i >= 2:
                    walls[name].append(wall)
                    cpus[name].append(cpu)
    base = statistics.median(walls[BASE])
    rows = {}
    for name in commands:
        wall = statistics.median(walls[name])
        rows[name] = {
            "wall_median_ms": round(wall * 1000, 1),
            "cpu_median_ms": round(statistics.median(cpus[name]) * 1000, 1),
            "x_httpx": round(wall / base, 2),
        }
        if name in LIMITS_X_HTTPX:
            ctx.targets.append(
                Target.at_most(f"{name} / {BASE}", wall / base, LIMITS_X_HTTPX[name], "x")
            )
    return {"runs": ctx.startup_runs, "commands": rows}


def format_cpu(result: Mapping[str, Any]) -> str:
    rows = [
        (name, r["wall_median_ms"], r["cpu_median_ms"], r["x_httpx"], LIMITS_X_HTTPX.get(name, "-"))
        for name, r in result["commands"].items()
    ]
    return table(("command", "wall ms", "cpu ms", "x httpx", "limit"), rows)
