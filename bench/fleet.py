"""Section ``fleet``: 20 bots in one process against ``golive sim --latency-ms 100``.

One ``golive preflight --env-file A --env-file B ...`` (20 env files for the same
simulator, so every bot shares one Binance IP and one Upbit account: the shared
rate-limit memory is on the path) against one ``golive preflight --env-file A``,
interleaved, median of ``--reps``. Target: the fleet costs at most 2 x one bot.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from typing import TYPE_CHECKING, Any

from common import BenchError, Target, expect, interleaved, stats, table, timed_run
from simproc import Simulator, preflight_repo

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from common import Context

BOTS = 20
LATENCY_MS = 100
FLEET_LIMIT_X = 2.0
"""The fleet's wall time over one bot's, at most (issue 15)."""


def fund_every_bot(base_url: str) -> None:
    """The bots share the simulator's one account: give it what all of them need together
    (golive judges bots on one account by their summed needs)."""
    body = json.dumps(
        {"upbit": {"KRW": 100_000_000}, "binance_futures": {"USDT": 100_000}}
    ).encode()
    request = urllib.request.Request(
        f"{base_url}/__sim__/balances", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()


def bot_files(sim_env: Path, repo: Path) -> list[Path]:
    """``bots/bNN/.env.live`` in the work tree (ignored by git), each a copy of the sim's file."""
    files = []
    for number in range(BOTS):
        folder = repo / "bots" / f"b{number:02d}"
        folder.mkdir(parents=True)
        target = folder / ".env.live"
        shutil.copyfile(sim_env, target)
        target.chmod(0o600)
        files.append(target)
    return files


def preflight_job(
    ctx: Context, repo: Path, files: Sequence[Path], checked: list[dict[str, Any]]
) -> Callable[[], float]:
    cmd = [ctx.golive, "preflight", "--json", "--evidence-dir", str(repo / "evidence")]
    for path in files:
        cmd += ["--env-file", str(path)]

    def job() -> float:
        wall, done = timed_run(cmd, cwd=repo, env=ctx.env, timeout=300)
        expect(done, (0,), f"golive preflight with {len(files)} env file(s)")
        checked.append(json.loads(done.stdout))
        return wall

    return job


def verify(reports: Sequence[Mapping[str, Any]]) -> None:
    """Every fleet run READY with every bot READY (a NOT READY bot would be a cheaper run)."""
    for report in reports:
        if report.get("schema") == "golive.fleet/v1" and report["ready"] != BOTS:
            raise BenchError(f"fleet: {report['ready']} of {BOTS} bots READY")


def bench_fleet(ctx: Context) -> dict[str, Any]:
    repo = preflight_repo(ctx)
    sim_env = ctx.tmp / "fleet-sim.env"
    with Simulator(ctx, LATENCY_MS, sim_env) as sim:
        fund_every_bot(sim.base_url)
        files = bot_files(sim_env, repo)
        single: list[dict[str, Any]] = []
        fleet: list[dict[str, Any]] = []
        jobs = {
            "one bot": preflight_job(ctx, repo, files[:1], single),
            f"{BOTS} bots": preflight_job(ctx, repo, files, fleet),
        }
        times = interleaved(jobs, ctx.reps)
    verify(fleet)
    one, many = (stats(times[name]) for name in jobs)
    ratio = round(many["median_ms"] / one["median_ms"], 2)
    ctx.targets.append(
        Target.at_most(f"fleet: {BOTS} bots / one bot (wall)", ratio, FLEET_LIMIT_X, "x")
    )
    return {
        "bots": BOTS,
        "latency_ms": LATENCY_MS,
        "reps": ctx.reps,
        "one_bot": one,
        "fleet": many,
        "ratio": ratio,
        "limit": FLEET_LIMIT_X,
        "fleet_duration_ms": [r["duration_ms"] for r in fleet],
    }


def format_fleet(result: Mapping[str, Any]) -> str:
    rows = [
        ("one bot", result["one_bot"]["median_ms"], result["one_bot"]["min_ms"], "1.00"),
        (
            f"{result['bots']} bots",
            result["fleet"]["median_ms"],
            result["fleet"]["min_ms"],
            f"{result['ratio']:.2f}",
        ),
    ]
    head = f"latency {result['latency_ms']} ms, median of {result['reps']}"
    return head + "\n" + table(("run", "median ms", "min ms", "x one bot"), rows)
