"""Binance spot, wallet and USDT-M futures through a real socket, signed from the docs."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import httpx
import pytest

from golive.sim.server import RunningSimulator, SimConfig, SimCredentials, start_simulator
from tests.sim.test_auth import (
    DOC_KEY,
    DOC_PAYLOAD,
    DOC_SECRET,
    DOC_SIGNATURE,
    LEGACY_BODY,
    LEGACY_QUERY,
    LEGACY_SIGNATURE,
    NON_ASCII_PAYLOAD,
    NON_ASCII_SIGNATURE,
)
from tests.support.simulator import (
    binance_headers,
    binance_signature,
    binance_signed_query,
    binance_url,
    now_ms,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

RESTRICTION_FIELDS = {
    "ipRestrict",
    "createTime",
    "enableReading",
    "enableWithdrawals",
    "enableInternalTransfer",
    "enableMargin",
    "enableFutures",
    "permitsUniversalTransfer",
    "enableVanillaOptions",
    "enableFixApiTrade",
    "enableFixReadOnly",
    "enableSpotAndMarginTrading",
    "enablePortfolioMarginTrading",
}

SIGNED_READS = [
    ("/api/v3/account", 20),
    ("/sapi/v1/account/apiRestrictions", 1),
    ("/fapi/v2/balance", 5),
    ("/fapi/v3/balance", 5),
    ("/fapi/v2/account", 5),
    ("/fapi/v3/account", 5),
    ("/fapi/v1/positionSide/dual", 30),
    ("/fapi/v1/multiAssetsMargin", 30),
]


def signed_get(
    sim: RunningSimulator, path: str, params: dict[str, str | int] | None = None
) -> httpx.Response:
    return httpx.get(binance_url(sim, path, params or {}), headers=binance_headers(sim))


def test_time_endpoints(sim: RunningSimulator) -> None:
    for path in ("/api/v3/time", "/fapi/v1/time"):
        before = now_ms()
        response = httpx.get(sim.url(path))
        assert response.status_code == 200
        assert before - 5 <= response.json()["serverTime"] <= now_ms() + 5
        assert response.headers["X-MBX-USED-WEIGHT-1M"] == "1"
        assert "date" in response.headers


def test_system_status_is_public(sim: RunningSimulator) -> None:
    response = httpx.get(sim.url("/sapi/v1/system/status"))
    assert response.json() == {"status": 0, "msg": "normal"}


@pytest.mark.parametrize(("path", "weight"), SIGNED_READS)
def test_signed_reads_answer_and_count_weight(
    sim: RunningSimulator, path: str, weight: int
) -> None:
    response = signed_get(sim, path)
    assert response.status_code == 200, response.text
    header = "X-SAPI-USED-IP-WEIGHT-1M" if path.startswith("/sapi/") else "X-MBX-USED-WEIGHT-1M"
    assert response.headers[header] == str(weight)
    other = "X-MBX-USED-WEIGHT-1M" if path.startswith("/sapi/") else "X-SAPI-USED-IP-WEIGHT-1M"
    assert other not in response.headers
    assert response.headers["content-type"] == "application/json"


def test_api_restrictions_has_every_field_least_privilege(sim: RunningSimulator) -> None:
    body = signed_get(sim, "/sapi/v1/account/apiRestrictions").json()
    assert set(body) == RESTRICTION_FIELDS
    assert body["ipRestrict"]
    assert body["enableReading"]
    assert body["enableFutures"]
    assert not body["enableWithdrawals"]
    assert not body["enableInternalTransfer"]
    assert not body["permitsUniversalTransfer"]


def test_spot_account(sim: RunningSimulator) -> None:
    body = signed_get(sim, "/api/v3/account").json()
    assert body["accountType"] == "SPOT"
    assert {b["asset"] for b in body["balances"]} >= {"USDT", "BTC"}
    assert {"commissionRates", "canTrade", "canWithdraw", "permissions", "uid"} <= set(body)


def test_spot_account_omit_zero_balances(sim: RunningSimulator) -> None:
    body = signed_get(sim, "/api/v3/account", {"omitZeroBalances": "true"}).json()
    assert all(float(b["free"]) or float(b["locked"]) for b in body["balances"])


@pytest.mark.parametrize("path", ["/fapi/v2/balance", "/fapi/v3/balance"])
def test_futures_balance(sim: RunningSimulator, path: str) -> None:
    rows = signed_get(sim, path).json()
    usdt = next(r for r in rows if r["asset"] == "USDT")
    assert float(usdt["availableBalance"]) > 0
    assert set(usdt) >= {"accountAlias", "balance", "crossWalletBalance", "maxWithdrawAmount"}


def test_futures_account_versions(sim: RunningSimulator) -> None:
    v2 = signed_get(sim, "/fapi/v2/account").json()
    v3 = signed_get(sim, "/fapi/v3/account").json()
    assert v2["canTrade"] is True
    assert v2["multiAssetsMargin"] is False
    assert "canTrade" not in v3
    assert "feeTier" not in v3
    assert v3["assets"][0]["asset"] == "USDT"
    assert v2["totalWalletBalance"] == v3["totalWalletBalance"]


def test_position_mode_and_multi_assets(sim: RunningSimulator) -> None:
    assert signed_get(sim, "/fapi/v1/positionSide/dual").json() == {"dualSidePosition": False}
    assert signed_get(sim, "/fapi/v1/multiAssetsMargin").json() == {"multiAssetsMargin": False}


@pytest.mark.parametrize("path", ["/fapi/v1/exchangeInfo", "/api/v3/exchangeInfo"])
def test_exchange_info_symbols_with_filters(sim: RunningSimulator, path: str) -> None:
    body = httpx.get(sim.url(path)).json()
    symbols = {s["symbol"]: s for s in body["symbols"]}
    assert {"BTCUSDT", "ETHUSDT"} <= set(symbols)
    kinds = {f["filterType"] for f in symbols["BTCUSDT"]["filters"]}
    assert {"PRICE_FILTER", "LOT_SIZE", "MARKET_LOT_SIZE"} <= kinds
    assert body["rateLimits"][0]["rateLimitType"] == "REQUEST_WEIGHT"


def test_weight_accumulates_within_the_minute(sim: RunningSimulator) -> None:
    signed_get(sim, "/api/v3/account")
    response = signed_get(sim, "/api/v3/account")
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "40"
    futures = signed_get(sim, "/fapi/v2/balance")
    assert futures.headers["X-MBX-USED-WEIGHT-1M"] == "5"


# --- authentication -------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v3/account", "/fapi/v2/balance"])
def test_missing_key_header_is_2014(sim: RunningSimulator, path: str) -> None:
    """No X-MBX-APIKEY at all: -2014 "API-key format invalid." (issue 13.10)."""
    response = httpx.get(binance_url(sim, path))
    assert response.status_code == 401
    assert response.json() == {"code": -2014, "msg": "API-key format invalid."}
    assert "X-MBX-USED-WEIGHT-1M" in response.headers


@pytest.mark.parametrize(
    ("scenario", "path"),
    [
        ("binance_futures.invalid_key", "/fapi/v2/balance"),
        ("binance_futures.ip_not_allowed", "/fapi/v2/balance"),
        ("binance.futures_disabled", "/fapi/v2/balance"),
        ("binance.reading_disabled", "/fapi/v1/positionSide/dual"),
    ],
)
def test_every_fapi_2015_names_the_request_ip(
    sim: RunningSimulator, scenario: str, path: str
) -> None:
    """fapi appends ``, request ip: X`` to every -2015, whatever the cause (issue 13.2)."""
    sim.state.set_scenarios([scenario])
    response = httpx.get(binance_url(sim, path), headers=binance_headers(sim))
    assert response.json() == {
        "code": -2015,
        "msg": "Invalid API-key, IP, or permissions for action, request ip: 127.0.0.1",
    }


def test_spot_2015_names_no_ip(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.invalid_key"])
    response = httpx.get(binance_url(sim, "/api/v3/account"), headers=binance_headers(sim))
    assert response.json()["msg"] == "Invalid API-key, IP, or permissions for action."


def test_malformed_key_is_2014(sim: RunningSimulator) -> None:
    response = httpx.get(binance_url(sim, "/api/v3/account"), headers={"X-MBX-APIKEY": "short!"})
    assert (response.status_code, response.json()["code"]) == (401, -2014)


def test_unknown_key_is_2015(sim: RunningSimulator) -> None:
    response = httpx.get(binance_url(sim, "/fapi/v2/balance"), headers={"X-MBX-APIKEY": "A" * 64})
    assert (response.status_code, response.json()["code"]) == (401, -2015)


def test_wrong_secret_is_1022(sim: RunningSimulator) -> None:
    query = binance_signed_query("not-the-secret")
    response = httpx.get(sim.url(f"/api/v3/account?{query}"), headers=binance_headers(sim))
    assert response.status_code == 400
    assert response.json() == {"code": -1022, "msg": "Signature for this request is not valid."}


def test_missing_signature_and_timestamp_are_1102(sim: RunningSimulator) -> None:
    headers = binance_headers(sim)
    no_sig = httpx.get(sim.url(f"/api/v3/account?timestamp={now_ms()}"), headers=headers)
    assert no_sig.json()["code"] == -1102
    assert "'signature'" in no_sig.json()["msg"]
    secret = sim.state.credentials.binance_api_secret
    query = f"recvWindow=5000&signature={binance_signature(secret, 'recvWindow=5000')}"
    no_ts = httpx.get(sim.url(f"/api/v3/account?{query}"), headers=headers)
    assert no_ts.json()["code"] == -1102
    assert "'timestamp'" in no_ts.json()["msg"]


@pytest.mark.parametrize(
    ("offset_ms", "params", "code"),
    [
        (2_000, {}, -1021),
        (-6_000, {}, -1021),
        (-6_000, {"recvWindow": 10_000}, None),
        (0, {"recvWindow": 60_001}, -1131),
        (0, {"recvWindow": "NaN"}, -1102),
        (0, {"recvWindow": "Infinity"}, -1102),
        (0, {"recvWindow": -1}, -1102),
        (0, {"recvWindow": "abc"}, -1102),
    ],
)
def test_timestamp_window(
    sim: RunningSimulator, offset_ms: int, params: dict[str, str | int], code: int | None
) -> None:
    secret = sim.state.credentials.binance_api_secret
    query = binance_signed_query(secret, params, timestamp=now_ms() + offset_ms)
    response = httpx.get(sim.url(f"/api/v3/account?{query}"), headers=binance_headers(sim))
    assert (response.json().get("code") if response.status_code != 200 else None) == code
    assert response.status_code == (200 if code is None else 400)


def test_signature_is_checked_over_the_query_as_sent(sim: RunningSimulator) -> None:
    """Any order, percent-encoding kept: the server never re-serialises the parameters."""
    secret = sim.state.credentials.binance_api_secret
    for raw in ("recvWindow=5000&omitZeroBalances=true", "omitZeroBalances=%74rue&recvWindow=5000"):
        query = binance_signed_query(secret, raw)
        response = httpx.get(sim.url(f"/api/v3/account?{query}"), headers=binance_headers(sim))
        assert response.status_code == 200, (raw, response.text)
    stamp = f"timestamp={now_ms()}"
    good = binance_signature(secret, f"{stamp}&recvWindow=5000")
    swapped = f"recvWindow=5000&{stamp}&signature={good}"
    response = httpx.get(sim.url(f"/api/v3/account?{swapped}"), headers=binance_headers(sim))
    assert response.json()["code"] == -1022


def test_hex_signature_is_case_insensitive(sim: RunningSimulator) -> None:
    secret = sim.state.credentials.binance_api_secret
    query = f"timestamp={now_ms()}"
    upper = binance_signature(secret, query).upper()
    response = httpx.get(
        sim.url(f"/api/v3/account?{query}&signature={upper}"), headers=binance_headers(sim)
    )
    assert response.status_code == 200


def test_signed_post_in_body(sim: RunningSimulator) -> None:
    secret = sim.state.credentials.binance_api_secret
    body = binance_signed_query(secret, {"symbol": "BTCUSDT", "leverage": 3})
    response = httpx.post(
        sim.url("/fapi/v1/leverage"),
        content=body,
        headers={**binance_headers(sim), "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["leverage"] == 3


# --- the docs' examples on the wire --------------------------------------------


@pytest.fixture
def docs_sim() -> Iterator[RunningSimulator]:
    """A simulator holding the docs' key, its clock set to the docs' timestamp."""
    creds = SimCredentials(
        binance_api_key=DOC_KEY,
        binance_api_secret=DOC_SECRET,
        upbit_access_key="u" * 40,
        upbit_secret_key="s" * 40,
        telegram_bot_token="123456:" + "A" * 35,
        telegram_chat_id=42,
    )
    offset = 1499827319559 - int(time.time() * 1000) + 500
    config = SimConfig(credentials=creds, scenarios=("binance.clock_skew",), clock_offset_ms=offset)
    with start_simulator(config) as running:
        yield running


def _post_order(sim: RunningSimulator, query: str, body: str) -> httpx.Response:
    return httpx.post(
        sim.url(f"/api/v3/order?{query}" if query else "/api/v3/order"),
        content=body,
        headers={"X-MBX-APIKEY": DOC_KEY, "Content-Type": "application/x-www-form-urlencoded"},
    )


@pytest.mark.parametrize(
    ("query", "body"),
    [
        (f"{DOC_PAYLOAD}&signature={DOC_SIGNATURE}", ""),
        ("", f"{DOC_PAYLOAD}&signature={DOC_SIGNATURE}"),
        (LEGACY_QUERY, f"{LEGACY_BODY}&signature={LEGACY_SIGNATURE}"),
        (f"{NON_ASCII_PAYLOAD}&signature={NON_ASCII_SIGNATURE}", ""),
    ],
)
def test_docs_signed_order_passes_signature_and_timing(
    docs_sim: RunningSimulator, query: str, body: str
) -> None:
    response = _post_order(docs_sim, query, body)
    # Signature and timestamp pass; the healthy key may not trade spot: -2015 on permissions.
    assert response.json()["code"] == -2015, response.text
    tampered = _post_order(
        docs_sim,
        query.replace("quantity=1", "quantity=2"),
        body.replace("quantity=1", "quantity=2"),
    )
    assert tampered.json()["code"] == -1022


def test_sapi_rate_limit_never_becomes_418(sim: RunningSimulator) -> None:
    """/sapi: always 429, with the /sapi header; /api escalates to 418 (issue 13.7)."""
    sim.state.set_scenarios(["binance.rate_limited"])
    with httpx.Client() as client:
        sapi = [client.get(sim.url("/sapi/v1/system/status")) for _ in range(6)]
        spot = [client.get(sim.url("/api/v3/time")) for _ in range(5)]
    assert [r.status_code for r in sapi] == [429] * 6
    assert all(int(r.headers["X-SAPI-USED-IP-WEIGHT-1M"]) > 12000 for r in sapi)
    assert all("X-MBX-USED-WEIGHT-1M" not in r.headers for r in sapi)
    assert 418 in [r.status_code for r in spot]


def test_each_sapi_endpoint_has_its_own_budget(sim: RunningSimulator) -> None:
    first = httpx.get(sim.url("/sapi/v1/system/status"))
    signed_get(sim, "/sapi/v1/account/apiRestrictions")
    again = httpx.get(sim.url("/sapi/v1/system/status"))
    assert first.headers["X-SAPI-USED-IP-WEIGHT-1M"] == "1"
    assert again.headers["X-SAPI-USED-IP-WEIGHT-1M"] == "2"
