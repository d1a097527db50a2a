"""Markdown tables from ``bench/results.json``, for docs/performance.md.

    python bench/tables.py [bench/results.json]

Prints one table per section present in the results, and the targets; the prose
around them is written by hand from the same run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


def md(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _holds(holds: bool) -> str:
    return "yes" if holds else "**no**"


def targets(results: dict[str, Any]) -> str:
    rows = [
        (
            t["name"],
            f"{t['measured']:g} {t['unit']}",
            f"{t['limit']:g}",
            "yes" if t["holds"] else "**no**",
        )
        for t in results["targets"]
    ]
    return md(("target", "measured", "limit", "holds"), rows)


def concurrency(r: dict[str, Any]) -> str:
    rows = []
    for lat, modes in r["by_latency"].items():
        for mode, cell in modes.items():
            grow = r[f"{mode}_growth"].get(lat, {})
            rows.append(
                (
                    lat,
                    mode,
                    cell["wall"]["median_ms"],
                    cell["in_process_median_ms"],
                    grow.get("growth_ms", ""),
                    grow.get("growth_per_latency", ""),
                    grow.get("in_process_growth_per_latency", ""),
                    cell["requests_per_run"],
                )
            )
    head = (
        "latency ms",
        "mode",
        "wall median ms",
        "in-process ms",
        "wall growth ms",
        "growth / latency",
        "in-process growth / latency",
        "requests",
    )
    return md(head, rows)


def baseline(r: dict[str, Any]) -> str:
    rows = []
    for lat, cell in r["median_ms"].items():
        golive, spec = cell.values()
        rows.append((lat, golive, spec, round(golive / spec, 2)))
    names = list(next(iter(r["median_ms"].values())))
    return md(("latency ms", *names, "golive / spec"), rows)


def startup(r: dict[str, Any]) -> str:
    rows = [
        (name, c["median_ms"], c["min_ms"], c["x_bare"], c["x_httpx"])
        for name, c in r["commands"].items()
    ]
    return md(("command", "median ms", "min ms", "x bare", "x import httpx"), rows)


def cpu(r: dict[str, Any]) -> str:
    rows = [
        (name, c["wall_median_ms"], c["cpu_median_ms"], c["x_httpx"])
        for name, c in r["commands"].items()
    ]
    if "own_share" in r:
        share = r["own_share"]
        share_x = share["x_httpx"]
        rows.append(
            ("golive's own share (preflight - floor)", share["wall_ms"], share["cpu_ms"], share_x)
        )
    table = md(("command", "wall median ms", "CPU median ms", "x import httpx (wall)"), rows)
    if "floor" not in r:
        return table
    floor = r["floor"]
    return (
        f"{table}\n\nThe floor imports {floor['modules']} modules of "
        f"{', '.join(floor['packages'])}."
    )


def clock(r: dict[str, Any]) -> str:
    rows = [
        (
            off,
            f"{c['runs_within_tolerance']}/{c['runs']}",
            c["median_abs_error_ms"],
            c["max_abs_error_ms"],
            c["median_error_bound_ms"],
            c["max_error_bound_ms"],
            ",".join(str(s) for s in c["samples"]),
        )
        for off, c in r["by_offset"].items()
    ]
    head = (
        "true offset ms",
        "runs within 50 ms",
        "median abs error ms",
        "max abs error ms",
        "median bound (± ms)",
        "max bound (± ms)",
        "samples per venue",
    )
    return md(head, rows)


def timeouts(r: dict[str, Any]) -> str:
    rows = [(name, n) for name, n in r["fails"].items()] or [("(none)", 0)]
    return md(("FAIL (check reason)", "runs"), rows)


def history(r: dict[str, Any]) -> str:
    rows = [(n, t["median_ms"], t["min_ms"], t["x_baseline"]) for n, t in r["times"].items()]
    return md(("", "median ms", "min ms", "x baseline"), rows)


def fleet(r: dict[str, Any]) -> str:
    rows = [
        ("one bot", r["one_bot"]["median_ms"], r["one_bot"]["min_ms"], "1.00"),
        (f"{r['bots']} bots", r["fleet"]["median_ms"], r["fleet"]["min_ms"], f"{r['ratio']:.2f}"),
    ]
    return md(("run", "median ms", "min ms", "x one bot"), rows)


SECTIONS = {
    "concurrency": concurrency,
    "baseline": baseline,
    "startup": startup,
    "cpu": cpu,
    "clock": clock,
    "timeouts": timeouts,
    "history": history,
    "fleet": fleet,
}


def main(path: str) -> int:
    results = json.loads(Path(path).read_text())
    print(f"command: {results['command']}; {results['elapsed_s']} s")
    m = results["machine"]
    print(f"load {m['load_average_at_start']} -> {m['load_average_at_end']}; {m['golive_tree']}")
    print("\n" + targets(results))
    for name, render in SECTIONS.items():
        if name in results:
            print(f"\n### {name}\n\n{render(results[name])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "bench/results.json"))
