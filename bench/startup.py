"""Section ``startup``: the CLI and the guard against ``python -c pass`` and ``import httpx``."""

from __future__ import annotations

import re
import statistics
import subprocess
from typing import TYPE_CHECKING, Any

from common import Target, interleaved, stats, table, wall_job

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from common import Context

GOLIVE_LIMIT_X_BARE = 2.0
GUARD_LIMIT_X_HTTPX = 1.3
_IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


def startup_commands(ctx: Context) -> dict[str, list[str]]:
    py = ctx.python
    return {
        "python -c pass": [py, "-c", "pass"],
        "python -c 'import httpx'": [py, "-c", "import httpx"],
        "python -c 'import golive'": [py, "-c", "import golive"],
        "python -c 'import golive.guard'": [py, "-c", "import golive.guard"],
        "golive --version": [ctx.golive, "--version"],
        "python -m golive --version": [py, "-m", "golive", "--version"],
    }


ImportTree = tuple[int, dict[str, int]]
"""``-X importtime`` of one import: its cumulative µs, and each module's self µs."""


def import_tree(ctx: Context, module: str) -> ImportTree:
    """``-X importtime`` of ``import module``: its cumulative µs, and every module's self µs."""
    cmd = [ctx.python, "-X", "importtime", "-c", f"import {module}"]
    done = subprocess.run(cmd, env=ctx.env, cwd=ctx.tmp, capture_output=True, text=True, check=True)
    total, selves = 0, {}
    for line in done.stderr.splitlines():
        found = _IMPORTTIME.match(line)
        if found:
            selves[found.group(4)] = int(found.group(1))
            if found.group(4) == module:
                total = int(found.group(2))
    return total, selves


def median_self_ms(trees: Sequence[ImportTree], names: Iterable[str]) -> dict[str, float]:
    """Median self time of each module over ``trees``, slowest first."""
    med = {name: statistics.median(tree[1].get(name, 0) for tree in trees) for name in names}
    return {name: round(us / 1000, 2) for name, us in sorted(med.items(), key=lambda kv: -kv[1])}


def import_report(ctx: Context, runs: int = 5) -> dict[str, Any]:
    """What ``import golive.guard`` loads beyond ``import httpx``, and what it avoids."""
    trees = {m: [import_tree(ctx, m) for _ in range(runs)] for m in ("httpx", "golive.guard")}
    httpx, guard = ({name for tree in trees[m] for name in tree[1]} for m in trees)
    avoided = median_self_ms(trees["httpx"], httpx - guard)
    return {
        "cumulative_ms": {
            m: round(statistics.median(tree[0] for tree in trees[m]) / 1000, 1) for m in trees
        },
        "modules": {"httpx": len(httpx), "golive.guard": len(guard)},
        "guard_beyond_httpx_self_ms": median_self_ms(trees["golive.guard"], guard - httpx),
        "httpx_only_count": len(avoided),
        "httpx_only_self_ms_top": dict(list(avoided.items())[:12]),
    }


def startup_targets(medians: Mapping[str, float]) -> list[Target]:
    bare, httpx = medians["python -c pass"], medians["python -c 'import httpx'"]
    rows = [
        Target.at_most(f"{name} / python -c pass", medians[name] / bare, GOLIVE_LIMIT_X_BARE, "x")
        for name in ("golive --version", "python -m golive --version", "python -c 'import golive'")
    ]
    guard = medians["python -c 'import golive.guard'"]
    rows.append(
        Target.at_most(
            "import golive.guard / import httpx", guard / httpx, GUARD_LIMIT_X_HTTPX, "x"
        )
    )
    return rows


def bench_startup(ctx: Context) -> dict[str, Any]:
    commands = startup_commands(ctx)
    jobs = {name: wall_job(cmd, ctx.env, ctx.tmp) for name, cmd in commands.items()}
    times = interleaved(jobs, ctx.startup_runs, warmup=2)
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    bare, httpx = medians["python -c pass"], medians["python -c 'import httpx'"]
    fastest = {name: min(samples) for name, samples in times.items()}
    rows = {
        name: {
            **stats(times[name]),
            "x_bare": round(medians[name] / bare, 2),
            "x_httpx": round(medians[name] / httpx, 2),
            "x_bare_of_minima": round(fastest[name] / fastest["python -c pass"], 2),
            "x_httpx_of_minima": round(fastest[name] / fastest["python -c 'import httpx'"], 2),
        }
        for name in commands
    }
    ctx.targets += startup_targets(medians)
    return {"runs": ctx.startup_runs, "commands": rows, "importtime": import_report(ctx)}


def format_startup(result: Mapping[str, Any]) -> str:
    rows = [
        (
            name,
            row["median_ms"],
            row["min_ms"],
            row["x_bare"],
            row["x_httpx"],
            row["x_bare_of_minima"],
        )
        for name, row in result["commands"].items()
    ]
    imports = result["importtime"]
    beyond = ", ".join(f"{n} {ms} ms" for n, ms in imports["guard_beyond_httpx_self_ms"].items())
    return (
        table(("command", "median ms", "min ms", "x bare", "x httpx", "x bare (minima)"), rows)
        + f"\nimport golive.guard loads beyond import httpx: {beyond}"
        + f"\nand skips {imports['httpx_only_count']} modules httpx's CLI pulls in"
    )
