"""The ``plan`` check and the plan's resolution: flags over the env file over ``[plan]``."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from golive.checks.plan import run
from golive.config import PlanSettings, Settings
from golive.envfiles.profile import Profile
from golive.model import Status
from golive.plan import Pair, resolve_plan
from golive.sim.envwrite import HEALTHY_PLAN
from tests.checks.support import context
from tests.support.workspace import VALID_SECRETS

if TYPE_CHECKING:
    from pathlib import Path

    from golive.model import CheckContext, Outcome
    from tests.support.workspace import Workspace


def judged(ctx: CheckContext) -> Outcome:
    return asyncio.run(run(ctx))


def with_profile(ctx: CheckContext, name: str) -> CheckContext:
    return replace(ctx, profile=Profile(name, ctx.profile.env_file, ctx.profile.values))


def test_the_written_healthy_plan_passes(tmp_path: Path) -> None:
    outcome = judged(context(tmp_path, **HEALTHY_PLAN))
    assert outcome.status is Status.PASS, outcome
    assert "KRW-ETH/ETHUSDT" in outcome.message
    assert outcome.details["plan"]["values"]["seed_usdt"] == "50"
    assert outcome.details["plan"]["sources"]["seed_usdt"] == "env"


@pytest.mark.parametrize(
    ("profile", "status"),
    [("live", Status.FAIL), ("paper", Status.WARN), ("local_dev", Status.SKIP)],
)
def test_no_plan_is_fail_in_live_warn_in_paper(
    tmp_path: Path, profile: str, status: Status
) -> None:
    outcome = judged(with_profile(context(tmp_path), profile))
    assert outcome.status is status
    assert outcome.reason == "plan.missing"


@pytest.mark.parametrize(
    ("overrides", "reason", "named"),
    [
        ({"KILL_SWITCH_DAILY_LOSS_USDT": "60"}, "plan.loss_not_below_seed", ("60", "50")),
        ({"KILL_SWITCH_MAX_NOTIONAL_USDT": "150"}, "plan.kill_switch_above_plan", ("150", "100")),
        ({"SEED_USDT": "-5"}, "plan.not_positive", ("SEED_USDT", "-5")),
        ({"MAX_NOTIONAL_USDT": "0"}, "plan.not_positive", ("MAX_NOTIONAL_USDT", "0")),
        ({"SEED_USDT": "fifty"}, "plan.invalid_value", ("SEED_USDT", "fifty")),
        ({"TRADING_PAIRS": "BTC,,ETH"}, "plan.invalid_value", ("TRADING_PAIRS",)),
        ({"TRADING_PAIRS": "BTC,btc"}, "plan.invalid_value", ("TRADING_PAIRS",)),
        ({"FUTURES_LEVERAGE": "200"}, "plan.invalid_value", ("FUTURES_LEVERAGE", "200")),
        ({"FUTURES_MARGIN_TYPE": "cross"}, "plan.invalid_value", ("FUTURES_MARGIN_TYPE",)),
        ({"FUTURES_POSITION_MODE": "both"}, "plan.invalid_value", ("FUTURES_POSITION_MODE",)),
        ({"TRADING_PAIRS": ""}, "plan.incomplete", ("TRADING_PAIRS",)),
    ],
)
def test_an_insane_plan_fails_naming_found_and_required(
    tmp_path: Path, overrides: dict[str, str], reason: str, named: tuple[str, ...]
) -> None:
    for lang in ("en", "ko"):
        ctx = replace(context(tmp_path, **{**HEALTHY_PLAN, **overrides}), lang=lang)
        outcome = judged(ctx)
        assert outcome.status is Status.FAIL, outcome
        assert outcome.reason == reason
        assert outcome.hint
        assert outcome.next_action
        for value in named:
            assert value in outcome.hint, (lang, value, outcome.hint)
        if lang == "ko":
            assert any("\uac00" <= ch <= "\ud7a3" for ch in outcome.hint)


def test_a_missing_kill_switch_fails_live_and_warns_paper(tmp_path: Path) -> None:
    values = {k: v for k, v in HEALTHY_PLAN.items() if not k.startswith("KILL_SWITCH")}
    live = judged(context(tmp_path, **values))
    assert (live.status, live.reason) == (Status.FAIL, "plan.kill_switch_missing")
    assert "KILL_SWITCH_DAILY_LOSS_USDT" in (live.hint or "")
    paper = judged(with_profile(context(tmp_path, **values), "paper"))
    assert (paper.status, paper.reason) == (Status.WARN, "plan.kill_switch_missing")


def test_every_problem_is_listed_in_details(tmp_path: Path) -> None:
    values = {**HEALTHY_PLAN, "SEED_USDT": "abc", "KILL_SWITCH_MAX_NOTIONAL_USDT": "500"}
    outcome = judged(context(tmp_path, **values))
    reasons = [f["reason"] for f in outcome.details["findings"]]
    assert reasons == ["plan.invalid_value", "plan.kill_switch_above_plan"]
    assert "1 more" in outcome.message


def test_flags_win_over_the_env_file_which_wins_over_golive_toml() -> None:
    toml = PlanSettings(pairs=["SOL"], seed_usdt=10, max_notional_usdt=20, leverage=3)
    env = {"SEED_USDT": "50", "TRADING_PAIRS": "ETH"}
    plan = resolve_plan(toml, env, {"seed_usdt": "70"})
    assert plan.amount("seed_usdt") == Decimal("70")
    assert plan.sources["seed_usdt"] == "flag"
    assert plan.pairs == (Pair("KRW-ETH", "ETHUSDT"),)
    assert plan.sources["pairs"] == "env"
    assert plan.amount("max_notional_usdt") == Decimal("20")
    assert plan.sources["max_notional_usdt"] == "golive.toml"
    assert plan.leverage == 3
    assert plan.text("margin_type") == "ISOLATED"
    assert plan.sources["margin_type"] == "default"


def test_explicit_pairs_from_golive_toml() -> None:
    settings = Settings.model_validate(
        {"plan": {"pairs": ["ETH"], "pair": [{"upbit": "KRW-BTT", "binance": "1000BTTUSDT"}]}}
    )
    plan = resolve_plan(settings.plan, {})
    assert plan.pairs == (Pair("KRW-ETH", "ETHUSDT"), Pair("KRW-BTT", "1000BTTUSDT"))


def test_a_plan_flag_that_does_not_parse_is_a_usage_error(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    result = workspace.run("preflight", "--env", "live", "--only", "plan", "--seed", "lots")
    assert result.code == 2, result.text
    assert result.err.startswith("golive: error: --seed 'lots'"), result.err
    assert "Traceback" not in result.text


def test_plan_flags_override_the_env_file_through_the_cli(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    ok = workspace.run("preflight", "--env", "live", "--only", "plan", "--json")
    assert ok.code == 0, ok.text
    args = ("--only", "plan", "--json", "--kill-switch-loss", "60", "--pairs", "BTC")
    bad = workspace.run("preflight", "--env", "live", *args)
    assert bad.code == 1, bad.text
    [check] = json.loads(bad.out)["checks"]
    assert check["reason"] == "plan.loss_not_below_seed"
    assert check["details"]["plan"]["sources"]["kill_switch_daily_loss_usdt"] == "flag"
    assert check["details"]["plan"]["values"]["pairs"] == ["KRW-BTC/BTCUSDT"]


def test_golive_toml_plan_is_used_when_the_env_file_has_none(workspace: Workspace) -> None:
    workspace.init_repo()
    secrets = {k: v for k, v in VALID_SECRETS.items() if k not in HEALTHY_PLAN}
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **secrets})
    (workspace.root / "golive.toml").write_text(
        '[plan]\npairs = ["ETH"]\nseed_usdt = 50\nmax_notional_usdt = 100\n'
        "[plan.kill_switch]\ndaily_loss_usdt = 10\nmax_notional_usdt = 100\n"
    )
    result = workspace.run("preflight", "--env", "live", "--only", "plan", "--json")
    assert result.code == 0, result.text
    [check] = json.loads(result.out)["checks"]
    assert check["details"]["plan"]["sources"]["pairs"] == "golive.toml"


def test_env_validate_knows_the_plan_keys(workspace: Workspace) -> None:
    workspace.init_repo()
    values = {"ARBITRAGE_ENV": "live", **VALID_SECRETS, "SEED_USDT": "fifty"}
    workspace.write_env(".env.live", {**values, "MAX_NOTIONAL_USDTT": "100"})
    result = workspace.run("env", "validate", "--env", "live", "--format", "json")
    findings = {(f["key"], f["code"]) for f in json.loads(result.out)["findings"]}
    assert ("SEED_USDT", "bad_format") in findings
    assert ("MAX_NOTIONAL_USDTT", "unknown_key_typo") in findings
    assert not any(key == "TRADING_PAIRS" for key, _ in findings)


@pytest.mark.parametrize(
    ("toml", "shadowed"),
    [
        ({"max_notional_usdt": 600.0}, [("MAX_NOTIONAL_USDT", "100", "600")]),
        ({"max_notional_usdt": 100.0, "seed_usdt": 50}, []),  # equal values: nothing hidden
        ({"pairs": ["XRP", "ETH"]}, []),  # the same pairs in another order
        ({"pairs": ["ETH"]}, [("TRADING_PAIRS", "ETH,XRP", "ETH")]),
        (
            {"pair": [{"upbit": "KRW-SOL", "binance": "SOLUSDT"}]},
            [("TRADING_PAIRS", "ETH,XRP", "KRW-SOL/SOLUSDT")],
        ),
        ({"leverage": 3}, [("FUTURES_LEVERAGE", "1", "3")]),
    ],
)
def test_plan_values_the_env_file_overrides_are_named(
    tmp_path: Path, toml: dict[str, object], shadowed: list[tuple[str, str, str]]
) -> None:
    ctx = context(tmp_path, **HEALTHY_PLAN)
    ctx = replace(ctx, settings=Settings(plan=PlanSettings.model_validate(toml)))
    outcome = judged(ctx)
    found = outcome.details.get("shadowed") or []
    assert [(s["env"], s["used"], s["given"]) for s in found] == shadowed  # type: ignore[index,union-attr]
    if shadowed:
        assert (outcome.status, outcome.reason) == (Status.WARN, "plan.shadowed")
        assert str(ctx.profile.env_file) in (outcome.next_action or "")
    else:
        assert outcome.status is Status.PASS, outcome


def test_a_flag_over_both_is_not_named(tmp_path: Path) -> None:
    ctx = context(tmp_path, **HEALTHY_PLAN)
    toml = Settings(plan=PlanSettings(max_notional_usdt=600))
    ctx = replace(ctx, settings=toml, plan_flags={"max_notional_usdt": "150"})
    outcome = judged(ctx)
    assert outcome.status is Status.PASS, outcome
