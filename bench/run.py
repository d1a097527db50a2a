"""The golive benchmark: concurrency, the spec's baseline, start-up, CPU, clock, timeouts, history.

    python bench/run.py [--reps N] [--startup-runs N] [--commits N] [--runs N]
                        [--only SECTION ...] [--out bench/results.json]

Prints a table and writes ``bench/results.json`` (machine, command, every figure,
every target with pass/fail). Exit code 0 when every target holds, 1 when one is
missed, 2 when the benchmark itself could not run. Everything it creates lives in
one temporary directory, removed at the end; nothing here is a timed test.

1. concurrency: ``golive preflight`` wall time against ``golive sim --latency-ms``
   0, 100 and 300, concurrent and ``--serial``, interleaved, median of ``--reps``.
2. baseline: the same beside the original spec's sequential preflight
   (``seqbaseline.py``: seven checks one after another, one client per venue).
3. startup: ``golive --version`` and ``import golive.guard`` against ``python -c
   pass`` and ``import httpx``, interleaved, median of ``--startup-runs``.
4. cpu: a full preflight at 0 ms, ``golive checks`` and ``golive --help`` against
   ``python -c "import httpx"``, wall and CPU time, median of ``--startup-runs``;
   beside them the import floor (``floor.py``: the third-party modules a real
   preflight loaded, imported alone) and golive's own share above it.
5. clock: ``--runs`` preflights with two CPU hogs running, against simulators with
   the true offset 0 and 1500 ms: the reported offset within 50 ms every time.
6. timeouts: ``--runs`` preflights with ``--timeout 0.5`` against a healthy
   simulator: no FAIL, no local check reported as a network timeout.
7. history: ``scan_history`` on a generated repository of ``--commits`` commits
   against ``git log -p --all | grep -F -f SECRETS`` on the same repository.
8. fleet: 20 bots in one ``golive preflight`` against one bot, at 100 ms latency.

One module per section (``concurrency.py``, ``baseline.py``, ``startup.py``,
``cpu.py`` with ``floor.py``, ``clock.py``, ``timeouts.py``, ``history.py``,
``fleet.py``), what they share in ``common.py`` (timing, targets, the machine, CPU
hogs) and ``simproc.py`` (the simulator as a child process, one preflight run); this
file only parses the flags, runs the sections and writes the results. See
docs/performance.md for what the figures mean and the latest ones.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common import BENCH_DIR, BenchError, Context, Target, base_env, machine, table

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

DEFAULT_OUT = BENCH_DIR / "results.json"
SECTIONS = ("concurrency", "cpu", "startup", "baseline", "timeouts", "clock", "history", "fleet")
"""Section names, in run order (the ones most sensitive to other load first; ``clock`` loads
the machine itself): ``bench/<name>.py`` exposes ``bench_<name>(ctx) -> dict`` and
``format_<name>(result) -> str``. A new section is one module and one name here."""
TIME_BUDGET_S = 480.0


def format_targets(targets: Sequence[Target]) -> str:
    rows = [
        ("PASS" if t.holds else "MISS", t.name, f"{t.measured:g} {t.unit}", f"{t.limit:g}")
        for t in targets
    ]
    return table(("", "target", "measured", "limit"), rows)


Section = tuple["Callable[[Context], dict[str, Any]]", "Callable[[Mapping[str, Any]], str]"]


def section(name: str) -> Section:
    """The runner and the formatter of section ``name`` (its module is imported only now)."""
    module = importlib.import_module(name)
    return getattr(module, f"bench_{name}"), getattr(module, f"format_{name}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="preflight and history repetitions")
    parser.add_argument("--startup-runs", type=int, default=25, help="runs per start-up command")
    parser.add_argument("--commits", type=int, default=10_000, help="commits in the history repo")
    parser.add_argument(
        "--runs", type=int, default=20, help="runs of the clock and timeout sections"
    )
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only this section")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where results go")
    return parser.parse_args(argv)


def golive_script() -> str:
    script = Path(sys.executable).parent / "golive"
    if not script.exists():
        raise BenchError(f"no golive console script beside {sys.executable}: install golive there")
    return str(script)


def run_sections(ctx: Context, sections: Sequence[str]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name in sections:
        started = time.perf_counter()
        print(f"[{name}] running...", file=sys.stderr, flush=True)
        run, show = section(name)
        results[name] = run(ctx)
        results[name]["elapsed_s"] = round(time.perf_counter() - started, 1)
        print(f"\n== {name} ({results[name]['elapsed_s']} s)\n{show(results[name])}")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="golive-bench-") as tmp:
        root = Path(tmp)
        ctx = Context(
            root,
            sys.executable,
            "",
            base_env(root),
            args.reps,
            args.startup_runs,
            args.commits,
            args.runs,
        )
        try:
            ctx.golive = golive_script()
            about = machine(ctx)
            sections = run_sections(ctx, args.only or SECTIONS)
        except (BenchError, subprocess.SubprocessError, OSError) as exc:
            print(f"bench: error: {exc}", file=sys.stderr)
            return 2
    elapsed = time.perf_counter() - started
    if not args.only:
        ctx.targets.append(Target.at_most("benchmark wall time", elapsed, TIME_BUDGET_S, "s"))
    about["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results = {
        "command": " ".join(["python", "bench/run.py", *(sys.argv[1:] if argv is None else argv)]),
        "machine": about,
        "elapsed_s": round(elapsed, 1),
        **sections,
        "targets": [asdict(t) for t in ctx.targets],
    }
    args.out.write_text(json.dumps(results, indent=2, default=list) + "\n")
    print(f"\n== targets ({elapsed:.0f} s in all)\n{format_targets(ctx.targets)}\nwrote {args.out}")
    return 0 if all(t.holds for t in ctx.targets) else 1


if __name__ == "__main__":
    sys.exit(main())
