"""Point 7: one cause, one block in "To fix" naming every check it hit; result.json per check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.hardening.support import live_workspace
from tests.verdict.support import only_bundle

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace


def test_one_root_cause_is_one_block(workspace: Workspace, sim: RunningSimulator) -> None:
    live_workspace(workspace, sim)
    sim.state.set_scenarios(["binance.clock_skew"])
    only = "binance_api_restrictions,binance"
    result = workspace.run("preflight", "--env", "live", "--only", only, "--timeout", "5")
    assert result.code == 1, result.text
    fix = result.out.split("To fix before going live:", 1)[1]
    blocks = [line for line in fix.splitlines() if line.startswith("  • ")]
    assert len(blocks) == 1, fix
    assert blocks[0].startswith("  • binance_api_restrictions, binance (clock_skew, binance.-1021)")
    assert fix.count("      why: ") == 1
    assert fix.count("      do: ") == 1
    assert "      binance_api_restrictions: " in fix
    assert "      binance: " in fix
    data = only_bundle(workspace)
    reasons = {c["id"]: (c["status"], c["reason"]) for c in data["checks"]}
    assert reasons == {
        "binance_api_restrictions": ("FAIL", "binance.-1021"),
        "binance": ("FAIL", "binance.-1021"),
    }
