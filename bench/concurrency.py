"""Section ``concurrency``: preflight wall time against ``golive sim --latency-ms`` 0/100/300.

Concurrent and ``--serial``, interleaved, median of ``--reps``; the simulator's
request log gives the round trips on the path.
"""

from __future__ import annotations

import contextlib
import itertools
import statistics
from typing import TYPE_CHECKING, Any

from common import Target, stats, table
from simproc import Simulator, preflight_repo, run_preflight

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from common import Context
    from simproc import PreflightRun

LATENCIES_MS = (0, 100, 300)
CONCURRENT_GROWTH_LIMIT = 1.5
"""Concurrent wall time may grow by at most this many per-request latencies (per chain step)."""
SERIAL_TOLERANCE = 0.15
"""Serial growth / latency must be within this share of the requests on the path."""
CHECK_REQUESTS: Mapping[str, tuple[str, ...]] = {
    "binance": (
        "/sapi/v1/system/status",
        "/api/v3/account",
        "/fapi/v2/balance",
        "/fapi/v1/positionSide/dual",
    ),
    "upbit": ("/v1/accounts", "/v1/api_keys", "/v1/orders/chance"),
    "clock_skew": ("/api/v3/time", "/fapi/v1/time"),
    "telegram": ("/bot***/getMe", "/bot***/getChat"),
    "binance_api_restrictions": ("/sapi/v1/account/apiRestrictions",),
}
"""Which check sends which request (paths as the simulator logs them), for the timeline.

From src/golive/checks/; a path missing here shows under its own name.
"""


def timeline(run: PreflightRun, latency_ms: int) -> dict[str, list[int]]:
    """For each check, when the simulator answered its requests (ms after the first arrived).

    A path no check is known to read is shown under its own name.
    """
    start = min(a["time"] for a in run.answers) - latency_ms / 1000
    check_of = {path: check for check, paths in CHECK_REQUESTS.items() for path in paths}
    found: dict[str, list[int]] = {}
    for answer in sorted(run.answers, key=lambda a: a["time"]):
        check = check_of.get(answer["path"], answer["path"])
        found.setdefault(check, []).append(round((answer["time"] - start) * 1000))
    return found


def waves(answered_ms: Sequence[int], latency_ms: int) -> int:
    """How many requests were awaited one after another: answers more than half a latency apart.

    Requests sent together are answered together; a request sent after the previous
    answer is answered one latency later.
    """
    ordered = sorted(answered_ms)
    return 1 + sum(1 for a, b in itertools.pairwise(ordered) if b - a > latency_ms / 2)


def chains(runs: Sequence[PreflightRun], latency_ms: int) -> dict[str, float]:
    """Each check's sequential requests, from the simulator's log (median over the runs)."""
    found: dict[str, list[int]] = {}
    for run in runs:
        for check, answered in timeline(run, latency_ms).items():
            found.setdefault(check, []).append(waves(answered, latency_ms))
    return {check: statistics.median(counts) for check, counts in found.items()}


def round_trips(runs: Sequence[PreflightRun], latency_ms: int) -> float:
    """Requests on the run's path: the waves of answers of the whole run (median over runs).

    Concurrent, this is the longest chain of requests awaited one after another;
    serial, the sum of every check's chain.
    """
    return statistics.median(waves([a["time"] * 1000 for a in r.answers], latency_ms) for r in runs)


MODES = ("concurrent", "serial")


def measure_all(ctx: Context, repo: Path) -> dict[tuple[int, str], list[PreflightRun]]:
    """One simulator per latency, all up at once; every round runs every latency and mode.

    Interleaving spreads the load of other processes over all cells alike, so the
    growth between latencies is not the drift of the machine between blocks.
    """
    runs: dict[tuple[int, str], list[PreflightRun]] = {
        (latency, mode): [] for latency in LATENCIES_MS for mode in MODES
    }
    with contextlib.ExitStack() as stack:
        sims = {
            latency: stack.enter_context(Simulator(ctx, latency, repo / f".env.live-{latency}"))
            for latency in LATENCIES_MS
        }
        for i in range(1 + ctx.reps):
            for (latency, mode), kept in runs.items():
                done = run_preflight(ctx, sims[latency], repo, serial=mode == "serial")
                if i > 0:  # the first round warms caches and connections
                    kept.append(done)
    return runs


def summarise_runs(runs: Sequence[PreflightRun], latency_ms: int) -> dict[str, Any]:
    ids = runs[0].checks_ms
    summary = {
        "wall": stats([r.wall_s for r in runs]),
        "in_process_median_ms": statistics.median(r.duration_ms for r in runs),
        "requests_per_run": statistics.median(r.requests for r in runs),
        "checks_median_ms": {i: statistics.median(r.checks_ms[i] for r in runs) for i in ids},
        "answered_at_ms_last_run": timeline(runs[-1], latency_ms),
    }
    if latency_ms > 0:
        summary["round_trips"] = round_trips(runs, latency_ms)
        summary["sequential_requests"] = chains(runs, latency_ms)
    return summary


def growth_rows(
    by_latency: Mapping[int, Mapping[str, Any]], mode: str
) -> dict[int, dict[str, float]]:
    """Growth of the median wall time (the target) and of the in-process run time, per latency."""
    base = by_latency[0][mode]
    rows = {}
    for latency in LATENCIES_MS[1:]:
        cell = by_latency[latency][mode]
        grew = cell["wall"]["median_ms"] - base["wall"]["median_ms"]
        inner = cell["in_process_median_ms"] - base["in_process_median_ms"]
        rows[latency] = {
            "growth_ms": round(grew, 1),
            "growth_per_latency": round(grew / latency, 2),
            "in_process_growth_ms": round(inner, 1),
            "in_process_growth_per_latency": round(inner / latency, 2),
        }
    return rows


def duration_growth(by_latency: Mapping[int, Mapping[str, Any]]) -> dict[str, float]:
    """Each check's own duration growth / latency at the top latency, concurrent mode."""
    top = LATENCIES_MS[-1]
    low = by_latency[0]["concurrent"]["checks_median_ms"]
    high = by_latency[top]["concurrent"]["checks_median_ms"]
    return {check: round((high[check] - low[check]) / top, 2) for check in high}


def path_length(result: Mapping[str, Any], mode: str) -> float:
    """Round trips on the path in ``mode``, measured at the top latency (the clearest waves)."""
    trips: float = result["by_latency"][LATENCIES_MS[-1]][mode]["round_trips"]
    return trips


def concurrency_targets(result: Mapping[str, Any]) -> list[Target]:
    """Per latency step: the literal target, the chain-adjusted one, and the serial expectation."""
    chain, requests = path_length(result, "concurrent"), path_length(result, "serial")
    targets = []
    for latency in LATENCIES_MS[1:]:
        grew = result["concurrent_growth"][latency]["growth_ms"]
        limit = CONCURRENT_GROWTH_LIMIT * latency
        at = f"@{latency} ms"
        targets.append(
            Target.at_most(f"concurrent growth {at} <= 1.5 x latency", grew, limit, "ms")
        )
        name = f"concurrent growth {at} <= 1.5 x latency x round trips ({chain:g})"
        targets.append(Target.at_most(name, grew, limit * chain, "ms"))
        per = result["serial_growth"][latency]["growth_per_latency"]
        name = f"serial growth / latency {at} = round trips on the path ({requests:g}) +-15%"
        close = abs(per - requests) <= SERIAL_TOLERANCE * requests
        targets.append(Target(name, per, requests, "requests", close))
    return targets


def bench_concurrency(ctx: Context) -> dict[str, Any]:
    repo = preflight_repo(ctx)
    runs = measure_all(ctx, repo)
    by_latency = {
        latency: {mode: summarise_runs(runs[latency, mode], latency) for mode in MODES}
        for latency in LATENCIES_MS
    }
    result: dict[str, Any] = {
        "latencies_ms": list(LATENCIES_MS),
        "repetitions": ctx.reps,
        "by_latency": by_latency,
        "concurrent_growth": growth_rows(by_latency, "concurrent"),
        "serial_growth": growth_rows(by_latency, "serial"),
        "requests_by_check": {c: list(paths) for c, paths in CHECK_REQUESTS.items()},
        "duration_growth_per_latency": duration_growth(by_latency),
    }
    ctx.targets += concurrency_targets(result)
    return result


CONCURRENCY_COLUMNS = (
    "latency ms",
    "mode",
    "wall ms",
    "in-process ms",
    "growth ms",
    "growth/latency",
    "in-process growth/latency",
    "requests",
)


def concurrency_row(result: Mapping[str, Any], latency: int, mode: str) -> tuple[object, ...]:
    run = result["by_latency"][latency][mode]
    growth = result[f"{mode}_growth"].get(latency, {})
    wall, in_process = run["wall"]["median_ms"], run["in_process_median_ms"]
    grew, per = growth.get("growth_ms", "-"), growth.get("growth_per_latency", "-")
    inner = growth.get("in_process_growth_per_latency", "-")
    return (latency, mode, wall, in_process, grew, per, inner, run["requests_per_run"])


def format_concurrency(result: Mapping[str, Any]) -> str:
    rows = [concurrency_row(result, lat, mode) for lat in LATENCIES_MS for mode in MODES]
    head = CONCURRENCY_COLUMNS
    top = LATENCIES_MS[-1]
    measured = result["by_latency"][top]["concurrent"]["sequential_requests"]
    chains = ", ".join(f"{check} {count:g}" for check, count in measured.items())
    answers = result["by_latency"][top]["concurrent"]["answered_at_ms_last_run"]
    lines = "\n".join(f"  {check:26} {times}" for check, times in answers.items())
    trips = {mode: path_length(result, mode) for mode in MODES}
    return (
        table(head, rows)
        + f"\nround trips on the path ({top} ms): "
        + ", ".join(f"{mode} {count:g}" for mode, count in trips.items())
        + f"\nsequential requests per check ({top} ms, concurrent): {chains}"
        + f"\nanswers at latency {top} ms, concurrent (ms after the first request):\n{lines}"
    )
