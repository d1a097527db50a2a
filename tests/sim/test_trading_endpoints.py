"""The endpoints a trading plan reads: documented shapes, weights, scenarios, control API.

Requests are signed with the helpers written from the venues' docs
(tests.support.simulator), not with golive's clients.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from golive.sim.server import RunningSimulator
from tests.support.simulator import (
    binance_headers,
    binance_url,
    telegram_url,
    upbit_headers,
)

WEIGHT = "X-MBX-USED-WEIGHT-1M"


def fget(sim: RunningSimulator, path: str, params: str = "") -> httpx.Response:
    return httpx.get(binance_url(sim, path, params), headers=binance_headers(sim))


def used(response: httpx.Response) -> int:
    return int(response.headers[WEIGHT])


def upbit_get(sim: RunningSimulator, path: str, query: str = "") -> httpx.Response:
    url = sim.url(f"{path}?{query}" if query else path)
    return httpx.get(url, headers=upbit_headers(sim, query))


def control(sim: RunningSimulator, path: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(sim.url(f"/__sim__/{path}"), json=body)


def test_account_config_has_the_documented_fields(sim: RunningSimulator) -> None:
    response = fget(sim, "/fapi/v1/accountConfig")
    assert response.status_code == 200
    assert set(response.json()) == {
        "feeTier", "canTrade", "canDeposit", "canWithdraw",
        "dualSidePosition", "updateTime", "multiAssetsMargin", "tradeGroupId",
    }  # fmt: skip
    assert response.json()["canTrade"] is True
    assert used(response) == 5


@pytest.mark.parametrize(
    ("scenario", "field", "value"),
    [
        ("binance_futures.cannot_trade", "canTrade", False),
        ("binance.hedge_mode", "dualSidePosition", True),
        ("binance_futures.multi_assets_mode", "multiAssetsMargin", True),
        ("binance.multi_assets_mode", "multiAssetsMargin", True),
    ],
)
def test_account_config_scenarios(
    sim: RunningSimulator, scenario: str, field: str, value: bool
) -> None:
    sim.state.set_scenarios([scenario])
    assert fget(sim, "/fapi/v1/accountConfig").json()[field] is value


def test_trading_status_weights_and_the_account_lock(sim: RunningSimulator) -> None:
    assert fget(sim, "/fapi/v1/apiTradingStatus").json()["indicators"] == {}
    first = used(fget(sim, "/fapi/v1/apiTradingStatus", "symbol=ETHUSDT"))
    assert used(fget(sim, "/fapi/v1/apiTradingStatus")) == first + 10
    sim.state.set_scenarios(["binance_futures.trading_locked"])
    [lock] = fget(sim, "/fapi/v1/apiTradingStatus").json()["indicators"]["ACCOUNT"]
    assert lock["isLocked"] is True
    assert lock["plannedRecoverTime"] > 0


def test_symbol_config_scenarios_and_control(sim: RunningSimulator) -> None:
    rows = fget(sim, "/fapi/v1/symbolConfig").json()
    assert {r["symbol"] for r in rows} == {"BTCUSDT", "ETHUSDT", "XRPUSDT"}
    assert all((r["marginType"], r["leverage"]) == ("ISOLATED", 1) for r in rows)
    sim.state.set_scenarios(["binance_futures.leverage_mismatch"])
    [eth] = fget(sim, "/fapi/v1/symbolConfig", "symbol=ETHUSDT").json()
    assert (eth["leverage"], eth["maxNotionalValue"]) == (20, "25000")
    sim.state.set_scenarios(["binance_futures.margin_type_mismatch"])
    assert fget(sim, "/fapi/v1/symbolConfig").json()[0]["marginType"] == "CROSSED"
    sim.state.set_scenarios([])
    assert control(sim, "symbol_configs", {"XRPUSDT": {"leverage": 3}}).status_code == 200
    [xrp] = fget(sim, "/fapi/v1/symbolConfig", "symbol=XRPUSDT").json()
    assert xrp["leverage"] == 3
    assert control(sim, "symbol_configs", {"XRPUSDT": {"lever": 3}}).status_code == 400


def test_exchange_info_filters_and_listing_control(sim: RunningSimulator) -> None:
    info = httpx.get(sim.url("/fapi/v1/exchangeInfo"))
    assert used(info) == 1
    eth = next(s for s in info.json()["symbols"] if s["symbol"] == "ETHUSDT")
    filters = {f["filterType"]: f for f in eth["filters"]}
    assert filters["MIN_NOTIONAL"]["notional"] == "20"
    assert filters["LOT_SIZE"]["minQty"] == filters["MARKET_LOT_SIZE"]["stepSize"] == "0.001"
    assert (eth["status"], eth["contractType"], eth["quoteAsset"]) == (
        "TRADING",
        "PERPETUAL",
        "USDT",
    )
    sim.state.set_scenarios(
        ["binance_futures.symbol_not_trading", "binance_futures.min_notional_above_plan"]
    )
    eth = next(
        s
        for s in httpx.get(sim.url("/fapi/v1/exchangeInfo")).json()["symbols"]
        if s["symbol"] == "ETHUSDT"
    )
    assert eth["status"] == "SETTLING"
    assert {f["filterType"]: f for f in eth["filters"]}["MIN_NOTIONAL"]["notional"] == "200"
    sim.state.set_scenarios([])
    control(sim, "listings", {"binance_futures": {"XRPUSDT": {"listed": False}}})
    symbols = {s["symbol"] for s in httpx.get(sim.url("/fapi/v1/exchangeInfo")).json()["symbols"]}
    assert symbols == {"BTCUSDT", "ETHUSDT"}


def test_premium_index_object_with_symbol_array_without(sim: RunningSimulator) -> None:
    one = httpx.get(sim.url("/fapi/v1/premiumIndex?symbol=ETHUSDT"))
    assert one.json()["markPrice"] == "3500.00000000"
    every = httpx.get(sim.url("/fapi/v1/premiumIndex"))
    assert isinstance(every.json(), list)
    assert used(every) == used(one) + 10
    unknown = httpx.get(sim.url("/fapi/v1/premiumIndex?symbol=NOPEUSDT"))
    assert (unknown.status_code, unknown.json()["code"]) == (400, -1121)


def test_exposure_reads_and_their_weights(sim: RunningSimulator) -> None:
    before = used(fget(sim, "/fapi/v3/positionRisk"))
    orders = fget(sim, "/fapi/v1/openOrders")
    assert orders.json() == []
    assert used(orders) == before + 40
    sim.state.set_scenarios(["binance_futures.open_position"])
    [position] = fget(sim, "/fapi/v3/positionRisk").json()
    assert (position["symbol"], position["positionAmt"], position["positionSide"]) == (
        "ETHUSDT", "0.020", "BOTH",
    )  # fmt: skip


def test_futures_balance_control_and_insufficient_margin(sim: RunningSimulator) -> None:
    control(sim, "balances", {"binance_futures": {"USDT": "105"}})
    usdt = next(r for r in fget(sim, "/fapi/v2/balance").json() if r["asset"] == "USDT")
    assert usdt["availableBalance"] == "105"
    sim.state.set_scenarios(["binance_futures.insufficient_margin"])
    usdt = next(r for r in fget(sim, "/fapi/v2/balance").json() if r["asset"] == "USDT")
    assert usdt["availableBalance"] == "50.00000000"


def test_upbit_market_events_and_listing_control(sim: RunningSimulator) -> None:
    rows = httpx.get(sim.url("/v1/market/all?isDetails=true")).json()
    eth = next(r for r in rows if r["market"] == "KRW-ETH")
    assert eth["market_event"]["warning"] is False
    assert set(eth["market_event"]["caution"]) >= {"PRICE_FLUCTUATIONS", "GLOBAL_PRICE_DIFFERENCES"}
    control(sim, "listings", {"upbit": {"KRW-ETH": {"caution": ["PRICE_FLUCTUATIONS"]}}})
    eth = next(
        r
        for r in httpx.get(sim.url("/v1/market/all?isDetails=true")).json()
        if r["market"] == "KRW-ETH"
    )
    assert eth["market_event"]["caution"]["PRICE_FLUCTUATIONS"] is True
    sim.state.set_scenarios(["upbit.market_warning"])
    rows = httpx.get(sim.url("/v1/market/all?isDetails=true")).json()
    assert all(r["market_event"]["warning"] for r in rows)


def test_upbit_ticker_chance_balances_and_open_orders(sim: RunningSimulator) -> None:
    [usdt] = httpx.get(sim.url("/v1/ticker?markets=KRW-USDT")).json()
    assert usdt["trade_price"] == 1380.0
    assert usdt["timestamp"] > 0
    assert httpx.get(sim.url("/v1/ticker?markets=KRW-NOPE")).status_code == 404
    chance = upbit_get(sim, "/v1/orders/chance", "market=KRW-ETH").json()
    assert chance["market"]["bid"]["min_total"] == "5000"
    assert chance["market"]["state"] == "active"
    assert upbit_get(sim, "/v1/orders/open").json() == []
    sim.state.set_scenarios(
        ["upbit.min_total_above_plan", "upbit.insufficient_krw", "upbit.open_order"]
    )
    chance = upbit_get(sim, "/v1/orders/chance", "market=KRW-ETH").json()
    assert chance["market"]["ask"]["min_total"] == "200000"
    krw = next(r for r in upbit_get(sim, "/v1/accounts").json() if r["currency"] == "KRW")
    assert krw["balance"] == "50000.0"
    [order] = upbit_get(sim, "/v1/orders/open").json()
    assert (order["market"], order["state"]) == ("KRW-ETH", "wait")


def test_get_chat_member_for_the_bot(sim: RunningSimulator) -> None:
    creds = sim.state.credentials
    bot_id = creds.telegram_bot_token.split(":")[0]
    params = {"chat_id": str(creds.telegram_chat_id), "user_id": bot_id}
    answer = httpx.get(telegram_url(sim, "getChatMember"), params=params).json()
    assert answer["ok"] is True
    assert answer["result"]["status"] == "member"
    assert answer["result"]["user"]["id"] == int(bot_id)
    sim.state.set_scenarios(["telegram.cannot_post"])
    answer = httpx.get(telegram_url(sim, "getChatMember"), params=params).json()
    assert answer["result"]["status"] == "left"
    assert not any(r.mutating for r in sim.state.requests())


def test_test_orders_validate_and_are_logged_as_mutating(sim: RunningSimulator) -> None:
    query = "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.01"
    response = httpx.post(
        binance_url(sim, "/fapi/v1/order/test", query), headers=binance_headers(sim)
    )
    assert (response.status_code, response.json()["symbol"]) == (200, "ETHUSDT")
    body = "market=KRW-ETH&side=bid&ord_type=price&price=4000"
    low = httpx.post(
        sim.url("/v1/orders/test"),
        content=body,
        headers={**upbit_headers(sim, body), "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert (low.status_code, low.json()["error"]["name"]) == (400, "under_min_total_bid")
    assert [r.path for r in sim.state.mutating_requests()] == [
        "/fapi/v1/order/test",
        "/v1/orders/test",
    ]
