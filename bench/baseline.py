"""Section ``baseline``: golive beside the original spec's sequential preflight.

``bench/seqbaseline.py`` runs the spec's seven checks one after another with one
client per venue; ``golive preflight`` runs its twelve concurrently. Both against
``golive sim --latency-ms`` 0, 100 and 300, interleaved, median of ``--reps``.
"""

from __future__ import annotations

import contextlib
import statistics
from typing import TYPE_CHECKING, Any

from common import BENCH_DIR, Target, expect, table, timed_run
from simproc import Simulator, preflight_repo

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from common import Context

LATENCIES_MS = (0, 100, 300)
GOLIVE = "golive preflight (12 checks, concurrent)"
SPEC = "spec's sequential preflight (7 checks)"
ZERO_LATENCY_LIMIT_X = 2.0
"""At 0 ms golive does more (12 checks, the evidence bundle): at most twice the spec's script."""


def jobs(ctx: Context, sim: Simulator) -> dict[str, Callable[[], float]]:
    repo = preflight_repo(ctx)
    golive = [ctx.golive, "preflight", "--env-file", str(sim.env_file), "--quiet"]
    golive += ["--evidence-dir", str(repo / "evidence")]
    spec = [ctx.python, str(BENCH_DIR / "seqbaseline.py"), str(sim.env_file)]
    spec.append(str(ctx.tmp / "spec-evidence"))

    def run(cmd: list[str], what: str) -> Callable[[], float]:
        def job() -> float:
            wall, done = timed_run(cmd, cwd=repo, env=ctx.env, timeout=120)
            expect(done, (0,), what)
            return wall

        return job

    return {GOLIVE: run(golive, "golive preflight"), SPEC: run(spec, "seqbaseline.py")}


def bench_baseline(ctx: Context) -> dict[str, Any]:
    repo = preflight_repo(ctx)
    times: dict[int, dict[str, list[float]]] = {lat: {GOLIVE: [], SPEC: []} for lat in LATENCIES_MS}
    with contextlib.ExitStack() as stack:
        sims = {
            lat: stack.enter_context(Simulator(ctx, lat, repo / f".env.live-base-{lat}"))
            for lat in LATENCIES_MS
        }
        cells = {lat: jobs(ctx, sims[lat]) for lat in LATENCIES_MS}
        for i in range(1 + ctx.reps):
            for lat, pair in cells.items():
                for name, job in pair.items():
                    wall = job()
                    if i > 0:
                        times[lat][name].append(wall)
    medians = {
        lat: {name: round(statistics.median(s) * 1000, 1) for name, s in cell.items()}
        for lat, cell in times.items()
    }
    growth = {
        lat: {name: round(medians[lat][name] - medians[0][name], 1) for name in (GOLIVE, SPEC)}
        for lat in LATENCIES_MS[1:]
    }
    ctx.targets.append(
        Target.at_most(
            "golive / spec's sequential preflight @0 ms (12 checks + evidence vs 7)",
            medians[0][GOLIVE] / medians[0][SPEC],
            ZERO_LATENCY_LIMIT_X,
            "x",
        )
    )
    for lat, grew in growth.items():
        ctx.targets.append(
            Target.at_most(
                f"golive growth <= spec's sequential growth @{lat} ms",
                grew[GOLIVE],
                grew[SPEC],
                "ms",
            )
        )
    return {
        "latencies_ms": list(LATENCIES_MS),
        "repetitions": ctx.reps,
        "median_ms": medians,
        "growth_ms": growth,
    }


def format_baseline(result: Mapping[str, Any]) -> str:
    rows = [
        (lat, cell[GOLIVE], cell[SPEC], round(cell[GOLIVE] / cell[SPEC], 2))
        for lat, cell in result["median_ms"].items()
    ]
    return table(("latency ms", "golive ms", "spec sequential ms", "golive / spec"), rows)
