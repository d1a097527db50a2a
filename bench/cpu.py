"""Section ``cpu``: what a run costs against ``python -c "import httpx"``, measured in one go.

Interleaved, median of ``--startup-runs``: a full ``golive preflight`` against the
simulator at latency 0 (every check), ``golive checks`` and ``golive --help``, each
as a ratio to the wall time of ``python -c "import httpx"``. CPU time (user + system
of the child) is reported beside the wall time.

Beside them, the **import floor** (``floor.py``): a fresh interpreter importing exactly
the third-party modules that a real preflight loaded, no golive code. It has no target:
it is what the libraries alone cost, and the preflight's wall time minus it is
golive's own share.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from typing import TYPE_CHECKING, Any

from common import BenchError, Target, table
from floor import floor_command, floor_facts, preflight_modules
from simproc import Simulator, preflight_repo

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from common import Context

BASE = "python -c 'import httpx'"
FLOOR = "import floor (the preflight's third-party modules)"
PREFLIGHT = "golive preflight (0 ms)"
LIMITS_X_HTTPX = {PREFLIGHT: 3.5, "golive checks": 1.5, "golive --help": 1.5}


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
        preflight = ["preflight", "--env-file", str(sim.env_file), "--quiet"]
        preflight += ["--evidence-dir", str(repo / "evidence")]
        modules = preflight_modules(ctx, preflight, repo)
        commands = {
            BASE: [ctx.python, "-c", "import httpx"],
            FLOOR: floor_command(ctx, modules),
            PREFLIGHT: [ctx.golive, *preflight],
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
    ratio = {name: statistics.median(walls[name]) / base for name in commands}
    rows = {
        name: {
            "wall_median_ms": round(statistics.median(walls[name]) * 1000, 1),
            "cpu_median_ms": round(statistics.median(cpus[name]) * 1000, 1),
            "x_httpx": round(ratio[name], 2),
        }
        for name in commands
    }
    for name, limit in LIMITS_X_HTTPX.items():
        note = f"the import floor alone is {ratio[FLOOR]:.2f} x" if name == PREFLIGHT else ""
        ctx.targets.append(Target.at_most(f"{name} / {BASE}", ratio[name], limit, "x", note))
    return {
        "runs": ctx.startup_runs,
        "commands": rows,
        "floor": floor_facts(ctx, commands[FLOOR], modules),
        "own_share": own_share(rows, base),
    }


def own_share(rows: Mapping[str, Mapping[str, float]], base: float) -> dict[str, float]:
    """The preflight above the import floor: golive's own work (and the stdlib it uses)."""
    wall = rows[PREFLIGHT]["wall_median_ms"] - rows[FLOOR]["wall_median_ms"]
    cpu = rows[PREFLIGHT]["cpu_median_ms"] - rows[FLOOR]["cpu_median_ms"]
    x_httpx = round(wall / 1000 / base, 2)
    return {"wall_ms": round(wall, 1), "cpu_ms": round(cpu, 1), "x_httpx": x_httpx}


def format_cpu(result: Mapping[str, Any]) -> str:
    rows = [
        (name, r["wall_median_ms"], r["cpu_median_ms"], r["x_httpx"], LIMITS_X_HTTPX.get(name, "-"))
        for name, r in result["commands"].items()
    ]
    share, floor = result["own_share"], result["floor"]
    floor_x = result["commands"][FLOOR]["x_httpx"]
    lines = [
        table(("command", "wall ms", "cpu ms", "x httpx", "limit"), rows),
        f"import floor: {floor['modules']} modules of {len(floor['packages'])} packages"
        f" ({', '.join(floor['packages'])}), {floor_x} x import httpx, no target",
        f"golive's own share (preflight - floor): {share['wall_ms']} ms wall"
        f" ({share['x_httpx']} x import httpx), {share['cpu_ms']} ms CPU",
    ]
    if floor_x > LIMITS_X_HTTPX[PREFLIGHT]:
        lines.append(
            f"the preflight's {LIMITS_X_HTTPX[PREFLIGHT]} x target is below this floor:"
            " importing the libraries alone costs more"
        )
    return "\n".join(lines)
