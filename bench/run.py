"""The golive benchmark: concurrency, start-up and the git history scan.

    python bench/run.py [--reps N] [--startup-runs N] [--commits N] [--only SECTION ...]
                        [--out bench/results.json]

Prints a table and writes ``bench/results.json`` (machine, command, every figure,
every target with pass/fail). Exit code 0 when every target holds, 1 when one is
missed, 2 when the benchmark itself could not run. Everything it creates lives in
one temporary directory, removed at the end; nothing here is a timed test.

1. concurrency: ``golive preflight`` wall time against ``golive sim --latency-ms``
   0, 100 and 300, concurrent and ``--serial``, interleaved, median of ``--reps``.
2. startup: ``golive --version`` and ``import golive.guard`` against ``python -c
   pass`` and ``import httpx``, interleaved, median of ``--startup-runs``.
3. history: ``scan_history`` on a generated repository of ``--commits`` commits
   against ``git log -p --all | grep -F -f SECRETS`` on the same repository.

See docs/performance.md for what the figures mean and the latest ones.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import platform
import random
import re
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = BENCH_DIR / "results.json"
SECTIONS = ("concurrency", "startup", "history")
TIME_BUDGET_S = 180.0

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

GOLIVE_LIMIT_X_BARE = 2.0
GUARD_LIMIT_X_HTTPX = 1.3
HISTORY_LIMIT_X_GREP = 1.5
_IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


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


# -- 1. concurrency ---------------------------------------------------------------------


class Simulator:
    """``golive sim --port 0 --latency-ms N --write-env FILE`` as a subprocess."""

    def __init__(self, ctx: Context, latency_ms: int, env_file: Path) -> None:
        self.latency_ms = latency_ms
        self.env_file = env_file
        self._ctx = ctx
        self._log = ctx.tmp / f"sim-{latency_ms}.out"
        self._proc: subprocess.Popen[bytes] | None = None
        self.base_url = ""

    def __enter__(self) -> Simulator:
        cmd = [self._ctx.golive, "sim", "--port", "0", "--latency-ms", str(self.latency_ms)]
        cmd += ["--write-env", str(self.env_file)]
        with self._log.open("wb") as out:
            self._proc = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.STDOUT, env=self._ctx.env
            )
        try:
            self.base_url = self._wait_ready(timeout=30.0)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_ready(self, timeout: float) -> str:
        assert self._proc is not None
        end = time.monotonic() + timeout
        while time.monotonic() < end and self._proc.poll() is None:
            text = self._log.read_text(errors="replace")
            found = re.search(r"listening on (http://\S+)", text)
            if found and "stops it" in text:
                return found.group(1)
            time.sleep(0.05)
        raise BenchError(
            f"golive sim did not start: {self._log.read_text(errors='replace')[-300:]}"
        )

    def request_log(self) -> list[dict[str, Any]]:
        """Every request answered so far: venue, method, path (token masked), time answered."""
        with urllib.request.urlopen(f"{self.base_url}/__sim__/requests", timeout=10) as answer:
            entries: list[dict[str, Any]] = json.load(answer)["requests"]
        return entries

    def __exit__(self, *exc: object) -> None:
        if self._proc is None:
            return
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


def preflight_repo(ctx: Context) -> Path:
    """A git work tree that ignores env files and evidence, so git_safety passes."""
    repo = ctx.tmp / "preflight"
    repo.mkdir()
    (repo / ".gitignore").write_text(".env.*\nevidence/\n")
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    for args in (["init", "-q", "-b", "main"], ["add", ".gitignore"], ["commit", "-qm", "init"]):
        subprocess.run([*git, *args], cwd=repo, env=ctx.env, check=True, capture_output=True)
    return repo


@dataclass(frozen=True)
class PreflightRun:
    wall_s: float
    duration_ms: int
    checks_ms: dict[str, int]
    answers: list[dict[str, Any]]

    @property
    def requests(self) -> int:
        return len(self.answers)


def run_preflight(ctx: Context, sim: Simulator, repo: Path, serial: bool) -> PreflightRun:
    cmd = [ctx.golive, "preflight", "--env-file", str(sim.env_file), "--json"]
    cmd += ["--evidence-dir", str(repo / "evidence")] + (["--serial"] if serial else [])
    before = len(sim.request_log())
    wall, done = timed_run(cmd, cwd=repo, env=ctx.env, timeout=120)
    expect(done, (0,), "golive preflight")
    report = json.loads(done.stdout)
    failed = [c["id"] for c in report["checks"] if c["status"] not in ("PASS", "WARN")]
    if failed:
        raise BenchError(f"golive preflight: checks did not pass: {', '.join(failed)}")
    checks = {c["id"]: c["duration_ms"] for c in report["checks"]}
    return PreflightRun(wall, report["duration_ms"], checks, sim.request_log()[before:])


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


# -- 2. start-up ------------------------------------------------------------------------


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


def wall_job(cmd: Sequence[str], env: Mapping[str, str], cwd: Path) -> Callable[[], float]:
    def job() -> float:
        elapsed, done = timed_run(cmd, env=env, cwd=cwd, timeout=60)
        expect(done, (0,), " ".join(cmd))
        return elapsed

    return job


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


# -- 3. history scan ------------------------------------------------------------------


def fake_secrets(seed: int = 5) -> dict[str, str]:
    """Secret-shaped values (never real): a Binance secret and an Upbit secret key."""
    rng = random.Random(seed)
    alnum = string.ascii_letters + string.digits
    return {
        "BINANCE_API_SECRET": "".join(rng.choices(alnum, k=64)),
        "UPBIT_SECRET_KEY": "".join(rng.choices(alnum, k=40)),
    }


def git_out(repo: Path, env: Mapping[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def make_repo(ctx: Context, secrets: Mapping[str, str]) -> tuple[Path, float]:
    """The history repository (generated once per run), and how long generation took."""
    repo = ctx.tmp / "history"
    cmd = [ctx.python, str(BENCH_DIR / "make_history_repo.py"), str(repo)]
    cmd += ["--commits", str(ctx.commits)]
    cmd += [arg for key, value in secrets.items() for arg in ("--secret", f"{key}={value}")]
    elapsed, done = timed_run(cmd, env=ctx.env, timeout=600)
    expect(done, (0,), "make_history_repo.py")
    return repo, elapsed


def grep_job(repo: Path, secrets_file: Path, env: Mapping[str, str]) -> Callable[[], float]:
    cmd = ["sh", "-c", 'git log -p --all | grep -F -f "$1"', "sh", str(secrets_file)]

    def job() -> float:
        elapsed, done = timed_run(cmd, cwd=repo, env=env, timeout=300)
        expect(done, (0,), "git log -p --all | grep -F -f")
        return elapsed

    return job


def library_job(
    repo: Path, secrets: Mapping[str, str], env: Mapping[str, str], last: dict[str, Any]
) -> Callable[[], float]:
    from golive.git.facts import git_env, scan_history

    def job() -> float:
        started = time.perf_counter()
        scan = asyncio.run(scan_history(repo, secrets, git_env(env), timeout=300))
        elapsed = time.perf_counter() - started
        if {hit.key for hit in scan.hits} != set(secrets):
            raise BenchError(f"scan_history missed planted secrets: found {scan.hits}")
        last["scan"] = scan
        return elapsed

    return job


def cli_job(ctx: Context, repo: Path, secrets: Mapping[str, str]) -> Callable[[], float]:
    """``golive git-safety`` on an ignored env file holding the planted secrets (exit 1: found)."""
    env_file = repo / ".env.live"
    env_file.write_text("ARBITRAGE_ENV=live\n" + "".join(f"{k}={v}\n" for k, v in secrets.items()))
    env_file.chmod(0o600)
    with (repo / ".git" / "info" / "exclude").open("a") as exclude:
        exclude.write(".env.live\n")
    cmd = [ctx.golive, "git-safety", "--env-file", str(env_file), "--timeout", "300"]

    def job() -> float:
        elapsed, done = timed_run(cmd, cwd=repo, env=ctx.env, timeout=300)
        expect(done, (1,), "golive git-safety")
        if "git history" not in done.stdout:
            raise BenchError("golive git-safety did not report the planted secrets")
        return elapsed

    return job


def bench_history(ctx: Context) -> dict[str, Any]:
    secrets = fake_secrets()
    repo, generated_s = make_repo(ctx, secrets)
    secrets_file = ctx.tmp / "secrets.txt"
    secrets_file.write_text("".join(f"{v}\n" for v in secrets.values()))
    git = {**ctx.env, "LC_ALL": "C"}
    last: dict[str, Any] = {}
    jobs = {
        "git log -p --all | grep -F -f": grep_job(repo, secrets_file, git),
        "scan_history (library)": library_job(repo, secrets, ctx.env, last),
        "golive git-safety (CLI)": cli_job(ctx, repo, secrets),
    }
    times = interleaved(jobs, ctx.reps)
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    baseline = medians["git log -p --all | grep -F -f"]
    scan = last["scan"]
    ratio = medians["scan_history (library)"] / baseline
    ctx.targets.append(
        Target.at_most("scan_history / git log -p | grep", ratio, HISTORY_LIMIT_X_GREP, "x")
    )
    counts = dict(
        line.split(": ") for line in git_out(repo, git, "count-objects", "-v").split("\n")
    )
    return {
        "commits": int(git_out(repo, git, "rev-list", "--count", "--all")),
        "generate_s": round(generated_s, 2),
        "pack_kib": int(counts["size-pack"]),
        "objects_scanned": scan.objects_scanned,
        "bytes_scanned": scan.bytes_scanned,
        "hits": [{"key": h.key, "kind": h.kind, "paths": h.paths} for h in scan.hits],
        "times": {
            name: {**stats(samples), "x_baseline": round(medians[name] / baseline, 2)}
            for name, samples in times.items()
        },
    }


# -- machine, report, main ------------------------------------------------------------------


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


def format_history(result: Mapping[str, Any]) -> str:
    rows = [(n, t["median_ms"], t["min_ms"], t["x_baseline"]) for n, t in result["times"].items()]
    return table(("history scan", "median ms", "min ms", "x baseline"), rows) + (
        f"\n{result['commits']} commits, {result['objects_scanned']} objects, "
        f"{result['bytes_scanned'] / 1e6:.1f} MB scanned; generated in {result['generate_s']} s"
    )


def format_targets(targets: Sequence[Target]) -> str:
    rows = [
        ("PASS" if t.holds else "MISS", t.name, f"{t.measured:g} {t.unit}", f"{t.limit:g}")
        for t in targets
    ]
    return table(("", "target", "measured", "limit"), rows)


FORMATTERS: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "concurrency": format_concurrency,
    "startup": format_startup,
    "history": format_history,
}
RUNNERS: Mapping[str, Callable[[Context], dict[str, Any]]] = {
    "concurrency": bench_concurrency,
    "startup": bench_startup,
    "history": bench_history,
}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="preflight and history repetitions")
    parser.add_argument("--startup-runs", type=int, default=25, help="runs per start-up command")
    parser.add_argument("--commits", type=int, default=10_000, help="commits in the history repo")
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
        results[name] = RUNNERS[name](ctx)
        results[name]["elapsed_s"] = round(time.perf_counter() - started, 1)
        print(f"\n== {name} ({results[name]['elapsed_s']} s)\n{FORMATTERS[name](results[name])}")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="golive-bench-") as tmp:
        root = Path(tmp)
        ctx = Context(
            root, sys.executable, "", base_env(root), args.reps, args.startup_runs, args.commits
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
