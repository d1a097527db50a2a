"""Section ``timeouts``: ``golive preflight --timeout 0.5`` against a healthy simulator.

``--runs`` full preflights at latency 0, each check given half a second. A healthy
setup must pass every time: no FAIL at all, and in particular no local check (env
file, keys, read-only, git, isolation) reported as a network timeout.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from common import Target, table
from simproc import Simulator, preflight_repo, preflight_report

if TYPE_CHECKING:
    from collections.abc import Mapping

    from common import Context

TIMEOUT_S = 0.5
LOCAL_CHECKS = frozenset({"env_file", "required_keys", "read_only", "git_safety", "env_isolation"})


def bench_timeouts(ctx: Context) -> dict[str, Any]:
    repo = preflight_repo(ctx)
    fails: Counter[str] = Counter()
    local_network: Counter[str] = Counter()
    walls = []
    with Simulator(ctx, 0, repo / ".env.live-timeouts") as sim:
        for _ in range(ctx.runs):
            wall, report = preflight_report(ctx, sim, repo, "--timeout", str(TIMEOUT_S))
            walls.append(wall)
            for check in report["checks"]:
                if check["status"] != "FAIL":
                    continue
                fails[f"{check['id']} {check.get('reason')}"] += 1
                if check["id"] in LOCAL_CHECKS and check.get("error_type") == "network_error":
                    local_network[check["id"]] += 1
    ctx.targets.append(
        Target.at_most(
            f"FAILs in {ctx.runs} runs of --timeout {TIMEOUT_S}", sum(fails.values()), 0, "FAIL"
        )
    )
    ctx.targets.append(
        Target.at_most(
            "local checks reported as network timeouts", sum(local_network.values()), 0, "results"
        )
    )
    return {
        "runs": ctx.runs,
        "timeout_s": TIMEOUT_S,
        "fails": dict(fails),
        "local_network_timeouts": dict(local_network),
        "max_wall_ms": round(max(walls) * 1000, 1),
    }


def format_timeouts(result: Mapping[str, Any]) -> str:
    rows = [(name, count) for name, count in result["fails"].items()] or [("(none)", 0)]
    return table(("FAIL (check reason)", "runs"), rows) + (
        f"\n{result['runs']} runs of --timeout {result['timeout_s']}; "
        f"slowest run {result['max_wall_ms']} ms"
    )
