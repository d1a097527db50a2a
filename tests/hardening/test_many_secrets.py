"""10,000 secret keys in the env file (issue 11, point 3): no false timeout, a whole verdict.

Before, a ``--timeout 10`` run with such a file took 95 s and seven checks FAILed with
timeouts they did not earn: the redactor searched every form of every secret in every text
one by one, typo suggestions compared every key with every known key, and that work
starved the network checks of the event loop. The figures are in docs/reliability.md.
"""

from __future__ import annotations

import json
import random
import string
from typing import TYPE_CHECKING

from tests.hardening.support import VENUE_CHECKS, live_workspace

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

MANY = 10_000
ALPHABET = string.ascii_letters + string.digits + "-_"


def many_secrets(count: int) -> str:
    """``count`` lines ``EXTRA_nnnnn_SECRET=<72 random characters>`` (about 0.92 MB)."""
    chance = random.Random(11)
    return "".join(
        f"EXTRA_{i:05d}_SECRET={''.join(chance.choices(ALPHABET, k=72))}\n" for i in range(count)
    )


def test_ten_thousand_secrets_give_no_false_timeout(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    with (workspace.root / ".env.live").open("a", encoding="utf-8") as env:
        env.write(many_secrets(MANY))

    result = workspace.run_subprocess(
        "preflight", "--env", "live", "--skip", "postgres,redis", "--timeout", "10", timeout=180
    )

    assert result.code == 0, result.text
    [bundle] = workspace.bundles()
    checks = {c["id"]: c for c in json.loads((bundle / "result.json").read_text())["checks"]}
    assert not [c for c in checks.values() if str(c.get("reason")).startswith("timeout")]
    assert {checks[c]["status"] for c in VENUE_CHECKS} == {"PASS"}
    assert checks["git_safety"]["status"] == "PASS"
    assert len(checks["git_safety"]["details"]["keys_scanned"]) > MANY  # every one looked for
