"""Section ``clock``: the clock check's accuracy with two CPU hogs running the whole time.

Two ``golive sim`` processes, one with the true offset 0 and one started with
``--clock-offset-ms 1500``; against each, ``--runs`` full preflights (every check, so
golive's own CPU work runs beside the clock samples) while two CPU-bound processes
keep both cores busy. Each run's ``clock_skew`` details give, per venue, the offset,
its error bound (+- RTT/2 of the fastest sample) and the number of samples.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING, Any

from common import BenchError, Target, cpu_hogs, table
from simproc import Simulator, preflight_repo, preflight_report

if TYPE_CHECKING:
    from collections.abc import Mapping

    from common import Context

VENUES = ("binance", "binance_futures")
TOLERANCE_MS = 50
TRUE_OFFSETS_MS = (0, 1500)


def clock_details(report: Mapping[str, Any]) -> dict[str, Any]:
    found = [c for c in report["checks"] if c["id"] == "clock_skew"]
    if not found or not all(v in found[0].get("details", {}) for v in VENUES):
        raise BenchError(f"no clock_skew reading in the report: {found}")
    details: dict[str, Any] = found[0]["details"]
    return details


def measure(ctx: Context, offset_ms: int) -> list[dict[str, Any]]:
    """``ctx.runs`` preflights against a simulator whose clock is ``offset_ms`` ahead."""
    repo = preflight_repo(ctx)
    extra = ["--clock-offset-ms", str(offset_ms)] if offset_ms else []
    env_file = repo / f".env.live-clock-{offset_ms}"
    readings = []
    with Simulator(ctx, 0, env_file, extra) as sim, cpu_hogs(ctx.python):
        for _ in range(ctx.runs):
            _, report = preflight_report(ctx, sim, repo)
            details = clock_details(report)
            readings.append({v: details[v] for v in VENUES})
    return readings


def summarise(readings: list[dict[str, Any]], offset_ms: int) -> dict[str, Any]:
    errors = [abs(r[v]["offset_ms"] - offset_ms) for r in readings for v in VENUES]
    within = sum(
        1
        for r in readings
        if all(abs(r[v]["offset_ms"] - offset_ms) <= TOLERANCE_MS for v in VENUES)
    )
    return {
        "true_offset_ms": offset_ms,
        "runs": len(readings),
        "runs_within_tolerance": within,
        "max_abs_error_ms": max(errors),
        "median_abs_error_ms": round(statistics.median(errors), 1),
        "max_error_bound_ms": max(r[v]["error_ms"] for r in readings for v in VENUES),
        "median_error_bound_ms": round(
            statistics.median(r[v]["error_ms"] for r in readings for v in VENUES), 1
        ),
        "samples": sorted({r[v]["samples"] for r in readings for v in VENUES}),
        "readings": readings,
    }


def bench_clock(ctx: Context) -> dict[str, Any]:
    result: dict[str, Any] = {"cpu_hogs": 2, "tolerance_ms": TOLERANCE_MS, "by_offset": {}}
    for offset in TRUE_OFFSETS_MS:
        cell = summarise(measure(ctx, offset), offset)
        result["by_offset"][offset] = cell
        name = f"clock offset within {offset} +- {TOLERANCE_MS} ms under 2 CPU hogs (runs)"
        ok = cell["runs_within_tolerance"] == cell["runs"]
        ctx.targets.append(Target(name, cell["runs_within_tolerance"], cell["runs"], "runs", ok))
    return result


def format_clock(result: Mapping[str, Any]) -> str:
    rows = [
        (
            offset,
            f"{cell['runs_within_tolerance']}/{cell['runs']}",
            cell["median_abs_error_ms"],
            cell["max_abs_error_ms"],
            cell["median_error_bound_ms"],
            cell["max_error_bound_ms"],
            ",".join(str(n) for n in cell["samples"]),
        )
        for offset, cell in result["by_offset"].items()
    ]
    head = (
        "true offset ms",
        "within 50 ms",
        "median |err|",
        "max |err|",
        "median +-",
        "max +-",
        "samples",
    )
    return table(head, rows) + "\n(2 CPU-bound processes ran for the whole section)"
