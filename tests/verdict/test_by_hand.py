"""Point 4 (Upbit withdrawal: verify by hand, on the console) and point 13 (READ_ONLY_ENFORCED)."""

from __future__ import annotations

from tests.support.workspace import Workspace
from tests.verdict.support import check, only_bundle


def test_demo_says_what_to_verify_by_hand_under_upbit_and_lets_the_bot_trade(
    workspace: Workspace,
) -> None:
    result = workspace.run("demo")
    assert result.code == 0, result.text
    lines = result.out.splitlines()
    upbit = next(i for i, line in enumerate(lines) if line.startswith("PASS  upbit "))
    assert lines[upbit + 1].startswith("      verify by hand: Confirm in Upbit"), lines[upbit + 1]
    assert "출금하기" in lines[upbit + 1]
    data = only_bundle(workspace)
    assert data["verdict"] == "READY"
    # the demo's live file lets the bot trade (READ_ONLY_ENFORCED=false): no WARN of its own
    read_only = check(data, "read_only")
    assert read_only["status"] == "PASS", read_only
    assert read_only["details"]["env_read_only_enforced"] == "false"
    assert "READ_ONLY_ENFORCED=true" not in result.out
