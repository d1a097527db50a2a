"""Section ``history``: ``scan_history`` against ``git log -p --all | grep -F -f SECRETS``."""

from __future__ import annotations

import asyncio
import random
import statistics
import string
import subprocess
import time
from typing import TYPE_CHECKING, Any

from common import BENCH_DIR, BenchError, Target, expect, interleaved, stats, table, timed_run

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from common import Context

HISTORY_LIMIT_X_GREP = 1.5


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


def format_history(result: Mapping[str, Any]) -> str:
    rows = [(n, t["median_ms"], t["min_ms"], t["x_baseline"]) for n, t in result["times"].items()]
    return table(("history scan", "median ms", "min ms", "x baseline"), rows) + (
        f"\n{result['commits']} commits, {result['objects_scanned']} objects, "
        f"{result['bytes_scanned'] / 1e6:.1f} MB scanned; generated in {result['generate_s']} s"
    )
