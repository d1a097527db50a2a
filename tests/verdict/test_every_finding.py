"""The console lists every finding of a check, not the first one and a count
(walkthrough 13), and says where the rest are only when there is a bundle (9)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.hardening.support import live_workspace
from tests.support.workspace import VALID_SECRETS, Workspace
from tests.verdict.support import check, only_bundle

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator


def attention(out: str) -> str:
    """The "To fix" and "Worth a look" blocks."""
    return out.split("To fix before going live:", 1)[-1].split("\ntotal ", 1)[0]


def test_every_leverage_finding_is_listed_with_its_why_and_do(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim, FUTURES_LEVERAGE="3")
    result = workspace.run("preflight", "--env", "live", "--only", "plan,futures_account")
    assert result.code == 1, result.text
    block = attention(result.out)
    assert "(and 1 more)" not in block
    assert "futures_account (unknown, futures_account.leverage_mismatch): 2 findings" in block
    assert "      - ETHUSDT leverage is 1x; the plan needs 3x" in block
    assert "      - XRPUSDT leverage is 1x; the plan needs 3x" in block
    findings = check(only_bundle(workspace), "futures_account")["details"]["findings"]
    assert [f["symbol"] for f in findings] == ["ETHUSDT", "XRPUSDT"]
    assert block.count("        why: ") == len({f["hint"] for f in findings})


def seven_hits(workspace: Workspace) -> None:
    """Seven commits that hold the Binance secret: git_safety's message names five."""
    workspace.init_repo()
    secret = VALID_SECRETS["BINANCE_API_SECRET"]
    for number in range(7):
        (workspace.root / f"config{number}.py").write_text(f"SECRET = '{secret}'  # {number}\n")
        workspace.git("add", f"config{number}.py")
        workspace.git("commit", "-q", "-m", f"config {number}")
    workspace.write_env(".env.live", VALID_SECRETS)


def test_git_safety_command_points_to_the_preflight_that_writes_the_bundle(
    workspace: Workspace,
) -> None:
    seven_hits(workspace)
    result = workspace.run("git-safety", "--env", "live")
    assert result.code == 1, result.text
    assert workspace.bundles() == []
    assert "result.json" not in result.out.replace(
        "`golive preflight --env live --only git_safety` writes every one", ""
    ).replace("to result.json", "")
    assert "this command writes no bundle: `golive preflight --env live --only git_safety`" in (
        result.out
    )
    assert "not run:" not in result.out


def test_git_safety_command_in_korean_says_no_bundle(workspace: Workspace) -> None:
    seven_hits(workspace)
    result = workspace.run("git-safety", "--env", "live", "--lang", "ko")
    assert result.code == 1, result.text
    assert "이 명령은 증적 번들을 남기지 않습니다" in result.out
    assert "실행 안 함:" not in result.out


def test_a_passing_git_safety_command_lists_no_other_ids(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", VALID_SECRETS)
    result = workspace.run("git-safety", "--env", "live")
    assert result.code == 0, result.text
    assert "PARTIAL: 1 of" in result.out
    assert "not run:" not in result.out
    assert "redis" not in result.out


def test_more_than_five_findings_say_where_the_rest_are(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim, TRADING_PAIRS="AAA,BBB,CCC,DDD,EEE,FFF,GGG")
    result = workspace.run("preflight", "--env", "live", "--only", "plan,markets")
    assert result.code == 1, result.text
    block = attention(result.out)
    findings = check(only_bundle(workspace), "markets")["details"]["findings"]
    assert len(findings) > 5
    listed = [line for line in block.splitlines() if line.startswith("      - ")]
    assert len(listed) == 5
    [bundle] = workspace.bundles()
    assert f"and {len(findings) - 5} more: every one is in {bundle}/result.json" in block


def test_every_plan_problem_is_listed(workspace: Workspace, sim: RunningSimulator) -> None:
    live_workspace(workspace, sim, SEED_USDT="", KILL_SWITCH_DAILY_LOSS_USDT="")
    result = workspace.run("preflight", "--env", "live", "--only", "plan")
    assert result.code == 1, result.text
    block = attention(result.out)
    assert "more problem(s)" not in block
    listed = [line for line in block.splitlines() if line.startswith("      - ")]
    findings = check(only_bundle(workspace), "plan")["details"]["findings"]
    assert len(listed) == len(findings) > 1
    assert any("SEED_USDT" in line for line in listed)
    assert any("KILL_SWITCH_DAILY_LOSS_USDT" in line for line in listed)
