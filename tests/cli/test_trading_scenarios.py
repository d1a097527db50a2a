"""Issue 12's acceptance: each trading scenario through ``golive preflight``, GETs only.

The workspace's env file is the one ``golive sim --write-env`` writes (with its
plan); every run is a real preflight against the simulator over real sockets.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from golive.plan import PLAN_ENV_KEYS
from golive.sim.envwrite import env_values
from golive.sim.state import Injection

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

TRADING = "plan,futures_account,markets,funds,open_exposure,telegram"
HANGUL = range(0xAC00, 0xD7A4)

SCENARIOS = [
    # scenario, check, status, reason, values the hint names (found, required)
    (
        "binance_futures.cannot_trade",
        "futures_account",
        "FAIL",
        "futures_account.cannot_trade",
        ("canTrade: false", "true"),
    ),
    (
        "binance_futures.trading_locked",
        "futures_account",
        "FAIL",
        "futures_account.trading_locked",
        ("ACCOUNT", "UTC"),
    ),
    (
        "binance_futures.multi_assets_mode",
        "futures_account",
        "FAIL",
        "futures_account.multi_assets",
        ("true", "false"),
    ),
    (
        "binance.hedge_mode",
        "futures_account",
        "FAIL",
        "futures_account.position_mode",
        ("hedge", "one_way"),
    ),
    (
        "binance_futures.leverage_mismatch",
        "futures_account",
        "FAIL",
        "futures_account.leverage_mismatch",
        ("20x", "1x"),
    ),
    (
        "binance_futures.margin_type_mismatch",
        "futures_account",
        "FAIL",
        "futures_account.margin_type_mismatch",
        ("CROSSED", "ISOLATED"),
    ),
    (
        "binance_futures.symbol_not_trading",
        "markets",
        "FAIL",
        "markets.binance_not_trading",
        ("SETTLING", "TRADING"),
    ),
    (
        "binance_futures.min_notional_above_plan",
        "markets",
        "FAIL",
        "markets.binance_min_notional",
        ("100", "200"),
    ),
    (
        "binance_futures.insufficient_margin",
        "funds",
        "FAIL",
        "funds.binance_futures_short",
        ("50", "110"),
    ),
    (
        "binance_futures.open_position",
        "open_exposure",
        "FAIL",
        "open_exposure.planned",
        ("ETHUSDT", "0.020"),
    ),
    ("upbit.market_warning", "markets", "FAIL", "markets.upbit_warning", ("KRW-ETH", "true")),
    (
        "upbit.min_total_above_plan",
        "markets",
        "FAIL",
        "markets.upbit_min_total",
        ("138000", "200000"),
    ),
    ("upbit.insufficient_krw", "funds", "FAIL", "funds.upbit_short", ("50000", "138069")),
    ("upbit.open_order", "open_exposure", "FAIL", "open_exposure.planned", ("KRW-ETH",)),
    ("telegram.cannot_post", "telegram", "FAIL", "telegram.cannot_post", ("left",)),
]


def preflight(workspace: Workspace, *args: str) -> tuple[int, dict[str, Any]]:
    result = workspace.run("preflight", "--env", "live", "--only", TRADING, "--json", *args)
    assert "Traceback" not in result.text, result.text
    return result.code, json.loads(result.out)


def checks(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in data["checks"]}


@pytest.fixture
def live(workspace: Workspace, sim: RunningSimulator) -> Workspace:
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    workspace.allow_hosts("127.0.0.1")  # the simulator: a live base URL off production
    return workspace


def assert_gets_only(sim: RunningSimulator) -> None:
    sent = sim.state.requests()
    assert sent
    assert {r.method for r in sent} == {"GET"}
    assert sim.state.mutating_requests() == ()


def test_the_written_plan_is_ready_against_the_healthy_simulator(
    live: Workspace, sim: RunningSimulator
) -> None:
    code, data = preflight(live)
    assert code == 0, data
    assert data["verdict"] == "PARTIAL"  # --only the trading checks: all passed
    assert {c["status"] for c in data["checks"]} == {"PASS"}, checks(data)
    funds = checks(data)["funds"]["details"]
    assert funds["upbit"]["headroom_ratio"] > 1
    assert funds["binance_futures"]["headroom_ratio"] > 1
    assert_gets_only(sim)


def test_the_whole_preflight_is_ready_with_the_written_plan(
    live: Workspace, sim: RunningSimulator
) -> None:
    result = live.run("preflight", "--env", "live", "--json")
    data = json.loads(result.out)
    assert data["verdict"] == "READY", [(c["id"], c["status"], c["reason"]) for c in data["checks"]]
    assert_gets_only(sim)


def test_exchange_info_is_read_once_per_run(live: Workspace, sim: RunningSimulator) -> None:
    preflight(live)
    paths = [r.path for r in sim.state.requests()]
    assert paths.count("/fapi/v1/exchangeInfo") == 1
    assert paths.count("/v1/ticker") == 1


@pytest.mark.parametrize(("scenario", "check", "status", "reason", "named"), SCENARIOS)
def test_each_trading_scenario_is_not_ready_naming_found_and_required(
    live: Workspace,
    sim: RunningSimulator,
    scenario: str,
    check: str,
    status: str,
    reason: str,
    named: tuple[str, ...],
) -> None:
    sim.state.set_scenarios([scenario])
    for lang in ("en", "ko"):
        code, data = preflight(live, "--lang", lang)
        assert (code, data["verdict"]) == (1, "NOT_READY")
        found = checks(data)[check]
        assert (found["status"], found["reason"]) == (status, reason), found
        assert found["error_type"]
        for value in named:
            assert value in found["hint"], (lang, value, found["hint"])
        if lang == "ko":
            assert any(ord(ch) in HANGUL for ch in found["hint"] + found["next_action"])
    assert_gets_only(sim)


def test_plan_flags_reach_the_trading_checks(live: Workspace, sim: RunningSimulator) -> None:
    code, data = preflight(live, "--pairs", "BTC")
    assert code == 1
    markets = checks(data)["markets"]
    assert markets["reason"] == "markets.binance_min_quantity"
    assert "95" in markets["hint"]  # 0.001 BTC at 95000: below BTCUSDT's 100 USDT minimum
    code, data = preflight(live, "--pairs", "BTC", "--max-notional", "200", "--seed", "250")
    assert checks(data)["markets"]["status"] == "PASS", checks(data)["markets"]


def test_control_api_changes_reach_the_checks(live: Workspace, sim: RunningSimulator) -> None:
    sim.state.change_book(lambda book: book.futures_balances.update({"USDT": "115"}))
    sim.state.change_book(
        lambda book: book.upbit_listings.update({"KRW-XRP": {"caution": ["PRICE_FLUCTUATIONS"]}})
    )
    code, data = preflight(live)
    assert code == 0  # WARNs only
    found = checks(data)
    assert (found["funds"]["status"], found["funds"]["reason"]) == (
        "WARN",
        "funds.binance_futures_tight",
    )
    assert (found["markets"]["status"], found["markets"]["reason"]) == (
        "WARN",
        "markets.upbit_caution",
    )


def test_no_plan_in_live_is_not_ready(workspace: Workspace, sim: RunningSimulator) -> None:
    workspace.init_repo()
    values = {k: v for k, v in env_values(sim, "live").items() if k not in PLAN_ENV_KEYS}
    workspace.write_env(".env.live", values)
    workspace.allow_hosts("127.0.0.1")  # else markets is gated: the credential gate's FAIL
    code, data = preflight(workspace)
    assert code == 1
    found = checks(data)
    assert (found["plan"]["status"], found["plan"]["reason"]) == ("FAIL", "plan.missing")
    assert found["markets"]["status"] == "SKIP"


@pytest.mark.allow_mutating_requests
def test_prove_order_permission_sends_exactly_the_two_test_orders(
    live: Workspace, sim: RunningSimulator
) -> None:
    code, data = preflight(live, "--only", "order_permission", "--prove-order-permission")
    assert code == 0, checks(data)
    proof = checks(data)["order_permission"]
    assert proof["status"] == "PASS", proof
    futures, upbit = proof["details"]["binance_futures"], proof["details"]["upbit"]
    assert futures["sent"] == {
        "method": "POST",
        "path": "/fapi/v1/order/test",
        "params": {"symbol": "ETHUSDT", "side": "BUY", "type": "MARKET", "quantity": "0.006"},
    }  # MIN_NOTIONAL 20 at 3500: 0.00571 ETH, rounded up to the 0.001 step
    assert futures["answer"]["symbol"] == "ETHUSDT"
    assert upbit["sent"]["params"] == {
        "market": "KRW-ETH",
        "side": "bid",
        "ord_type": "price",
        "price": "5000",
    }
    assert upbit["proven"] is True
    posts = [(r.method, r.path) for r in sim.state.requests() if r.method != "GET"]
    assert sorted(posts) == [("POST", "/fapi/v1/order/test"), ("POST", "/v1/orders/test")]


@pytest.mark.allow_mutating_requests
def test_a_refused_test_order_is_a_fail_naming_the_venue(
    live: Workspace, sim: RunningSimulator
) -> None:
    sim.state.inject(
        Injection("POST", "/v1/orders/test", 403, body=b'{"error":{"name":"out_of_scope"}}')
    )
    code, data = preflight(live, "--only", "order_permission", "--prove-order-permission")
    assert code == 1
    proof = checks(data)["order_permission"]
    assert (proof["status"], proof["reason"]) == ("FAIL", "order_permission.refused")
    assert "upbit" in proof["hint"]
    assert proof["details"]["upbit"]["proven"] is False


def test_without_the_flag_no_test_order_is_sent(live: Workspace, sim: RunningSimulator) -> None:
    code, data = preflight(live, "--only", "order_permission")
    proof = checks(data)["order_permission"]
    assert (proof["status"], proof["reason"]) == ("SKIP", "order_permission.not_requested")
    assert_gets_only(sim)
    code, data = preflight(live)
    assert code == 0
    assert "order_permission" not in checks(data)
