"""Every Binance scenario, and the mutating endpoints: reached, authenticated, logged."""

from __future__ import annotations

import base64
from urllib.parse import quote

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from golive.sim.server import RunningSimulator, SimConfig, SimCredentials, start_simulator
from tests.support.simulator import binance_headers, binance_signed_query, binance_url, now_ms


def signed_get(sim: RunningSimulator, path: str) -> httpx.Response:
    return httpx.get(binance_url(sim, path), headers=binance_headers(sim))


def restrictions(sim: RunningSimulator) -> dict[str, object]:
    return signed_get(sim, "/sapi/v1/account/apiRestrictions").json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("scenario", "field", "value"),
    [
        ("binance.withdrawals_enabled", "enableWithdrawals", True),
        ("binance.futures_disabled", "enableFutures", False),
        ("binance.reading_disabled", "enableReading", False),
        ("binance.transfer_enabled", "enableInternalTransfer", True),
        ("binance.transfer_enabled", "permitsUniversalTransfer", True),
        ("binance.no_ip_restriction", "ipRestrict", False),
    ],
)
def test_permission_scenarios_change_api_restrictions(
    sim: RunningSimulator, scenario: str, field: str, value: bool
) -> None:
    sim.state.set_scenarios([scenario])
    assert restrictions(sim)[field] is value


def test_trading_authority_expiring(sim: RunningSimulator) -> None:
    assert "tradingAuthorityExpirationTime" not in restrictions(sim)
    sim.state.set_scenarios(["binance.trading_authority_expiring"])
    expires = restrictions(sim)["tradingAuthorityExpirationTime"]
    assert isinstance(expires, int)
    assert 2 * 86_400_000 < expires - now_ms() < 4 * 86_400_000


def test_futures_disabled_rejects_fapi_reads(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.futures_disabled"])
    response = signed_get(sim, "/fapi/v2/balance")
    assert (response.status_code, response.json()["code"]) == (401, -2015)
    assert signed_get(sim, "/api/v3/account").status_code == 200


def test_reading_disabled_rejects_reads_but_not_restrictions(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.reading_disabled"])
    assert signed_get(sim, "/api/v3/account").json()["code"] == -2015
    assert signed_get(sim, "/fapi/v3/account").json()["code"] == -2015
    assert signed_get(sim, "/sapi/v1/account/apiRestrictions").status_code == 200


def test_hedge_and_multi_assets_modes(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.hedge_mode", "binance.multi_assets_mode"])
    assert signed_get(sim, "/fapi/v1/positionSide/dual").json() == {"dualSidePosition": True}
    assert signed_get(sim, "/fapi/v1/multiAssetsMargin").json() == {"multiAssetsMargin": True}
    assert signed_get(sim, "/fapi/v2/account").json()["multiAssetsMargin"] is True


@pytest.mark.parametrize(
    ("scenario", "path", "status", "code"),
    [
        ("binance.invalid_key", "/api/v3/account", 401, -2015),
        ("binance.invalid_key", "/sapi/v1/account/apiRestrictions", 401, -2015),
        ("binance.bad_signature", "/api/v3/account", 400, -1022),
        ("binance.ip_not_allowed", "/sapi/v1/account/apiRestrictions", 401, -2015),
        ("binance.clock_skew", "/api/v3/account", 400, -1021),
        ("binance_futures.invalid_key", "/fapi/v2/balance", 401, -2015),
        ("binance_futures.bad_signature", "/fapi/v3/account", 400, -1022),
        ("binance_futures.clock_skew", "/fapi/v2/balance", 400, -1021),
    ],
)
def test_auth_scenarios(
    sim: RunningSimulator, scenario: str, path: str, status: int, code: int
) -> None:
    sim.state.set_scenarios([scenario])
    response = signed_get(sim, path)
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_scenarios_stay_on_their_venue(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.invalid_key", "binance_futures.bad_signature"])
    assert signed_get(sim, "/fapi/v2/balance").json()["code"] == -1022
    sim.state.set_scenarios(["binance_futures.invalid_key"])
    assert signed_get(sim, "/api/v3/account").status_code == 200


def test_futures_ip_not_allowed_names_the_ip(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance_futures.ip_not_allowed"])
    body = signed_get(sim, "/fapi/v2/balance").json()
    assert body == {
        "code": -2015,
        "msg": "Invalid API-key, IP, or permissions for action, request ip: 127.0.0.1",
    }


def test_no_ip_restriction_lets_an_unlisted_ip_through(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.ip_not_allowed", "binance.no_ip_restriction"])
    assert signed_get(sim, "/api/v3/account").status_code == 200


@pytest.mark.parametrize(("path", "shift"), [("/api/v3/time", 10_000), ("/fapi/v1/time", 10_000)])
def test_clock_skew_moves_server_time(sim: RunningSimulator, path: str, shift: int) -> None:
    sim.state.set_scenarios(["binance.clock_skew", "binance_futures.clock_skew"])
    server = httpx.get(sim.url(path)).json()["serverTime"]
    assert abs(server - now_ms() - shift) < 500


def test_clock_skew_uses_the_configured_offset(sim: RunningSimulator) -> None:
    sim.state.clock_offset_ms = -3_000
    sim.state.set_scenarios(["binance.clock_skew"])
    server = httpx.get(sim.url("/api/v3/time")).json()["serverTime"]
    assert abs(server - now_ms() + 3_000) < 500
    assert httpx.get(sim.url("/fapi/v1/time")).json()["serverTime"] - now_ms() < 500


@pytest.mark.parametrize(
    ("venue", "path"), [("binance", "/api/v3/account"), ("binance_futures", "/fapi/v2/balance")]
)
def test_rate_limited_429_then_418(sim: RunningSimulator, venue: str, path: str) -> None:
    sim.state.set_scenarios([f"{venue}.rate_limited"])
    with httpx.Client() as client:  # one connection: each request follows a 429 it read
        answers = [
            client.get(binance_url(sim, path), headers=binance_headers(sim)) for _ in range(5)
        ]
    assert [a.status_code for a in answers] == [429, 429, 429, 418, 418]
    assert all(a.json()["code"] == -1003 for a in answers)
    assert answers[0].headers["Retry-After"] == "1"
    assert answers[-1].headers["Retry-After"] == "120"
    assert "IP banned until" in answers[-1].json()["msg"]
    assert int(answers[0].headers["X-MBX-USED-WEIGHT-1M"]) > 2400


def test_maintenance(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.maintenance"])
    status = httpx.get(sim.url("/sapi/v1/system/status")).json()
    assert status == {"status": 1, "msg": "system_maintenance"}
    response = signed_get(sim, "/api/v3/account")
    assert response.status_code == 503
    assert response.json()["msg"] == "System is under maintenance."
    assert signed_get(sim, "/fapi/v2/balance").status_code == 200


def test_futures_maintenance(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance_futures.maintenance"])
    assert httpx.get(sim.url("/fapi/v1/time")).status_code == 503
    assert httpx.get(sim.url("/sapi/v1/system/status")).json()["status"] == 0


@pytest.mark.parametrize(
    ("venue", "path", "marker"),
    [("binance", "/api/v3/time", "CloudFront"), ("binance_futures", "/fapi/v1/time", "nginx")],
)
def test_malformed_is_an_html_502(
    sim: RunningSimulator, venue: str, path: str, marker: str
) -> None:
    sim.state.set_scenarios([f"{venue}.malformed"])
    response = httpx.get(sim.url(path))
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert marker in response.text


def test_unknown_path_is_404(sim: RunningSimulator) -> None:
    response = httpx.get(sim.url("/api/v3/nothing"))
    assert response.status_code == 404
    assert response.json()["code"] == -5000


# --- mutating endpoints --------------------------------------------------------

MUTATING: list[tuple[str, str, dict[str, object]]] = [
    (
        "POST",
        "/api/v3/order",
        {"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": 1},
    ),
    ("DELETE", "/api/v3/order", {"symbol": "BTCUSDT", "orderId": 1}),
    (
        "POST",
        "/fapi/v1/order",
        {"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": 1},
    ),
    ("DELETE", "/fapi/v1/order", {"symbol": "BTCUSDT", "orderId": 1}),
    ("POST", "/fapi/v1/leverage", {"symbol": "BTCUSDT", "leverage": 5}),
    ("POST", "/fapi/v1/positionSide/dual", {"dualSidePosition": "true"}),
    ("POST", "/sapi/v1/capital/withdraw/apply", {"coin": "USDT", "address": "T1", "amount": 1}),
    ("POST", "/sapi/v1/asset/transfer", {"type": "MAIN_UMFUTURE", "asset": "USDT", "amount": 1}),
]


@pytest.mark.parametrize(("method", "path", "params"), MUTATING)
def test_mutating_endpoints_authenticate_and_are_logged(
    sim: RunningSimulator, method: str, path: str, params: dict[str, object]
) -> None:
    unsigned = httpx.request(method, sim.url(path))
    assert unsigned.status_code == 401
    secret = sim.state.credentials.binance_api_secret
    query = binance_signed_query(secret, {k: str(v) for k, v in params.items()})
    signed = httpx.request(method, sim.url(f"{path}?{query}"), headers=binance_headers(sim))
    assert signed.status_code in (200, 401), signed.text
    log = sim.state.requests()
    assert [(r.method, r.path, r.mutating) for r in log] == [(method, path, True)] * 2
    assert all("signature" not in r.query for r in log)
    assert sim.state.mutating_requests() == log


@pytest.mark.parametrize(
    ("scenario", "method", "path", "params"),
    [
        (None, *MUTATING[2]),
        (None, *MUTATING[4]),
        ("binance.withdrawals_enabled", *MUTATING[6]),
        ("binance.transfer_enabled", *MUTATING[7]),
    ],
)
def test_mutating_endpoints_answer_when_permitted(
    sim: RunningSimulator,
    scenario: str | None,
    method: str,
    path: str,
    params: dict[str, object],
) -> None:
    sim.state.set_scenarios([scenario] if scenario else [])
    secret = sim.state.credentials.binance_api_secret
    query = binance_signed_query(secret, {k: str(v) for k, v in params.items()})
    response = httpx.request(method, sim.url(f"{path}?{query}"), headers=binance_headers(sim))
    assert response.status_code == 200, response.text


def test_withdrawal_without_permission_is_rejected(sim: RunningSimulator) -> None:
    method, path, params = MUTATING[6]
    secret = sim.state.credentials.binance_api_secret
    query = binance_signed_query(secret, {k: str(v) for k, v in params.items()})
    response = httpx.request(method, sim.url(f"{path}?{query}"), headers=binance_headers(sim))
    assert (response.status_code, response.json()["code"]) == (401, -2015)


def test_order_missing_parameter_is_1102(sim: RunningSimulator) -> None:
    secret = sim.state.credentials.binance_api_secret
    query = binance_signed_query(secret, {"symbol": "BTCUSDT"})
    response = httpx.post(sim.url(f"/fapi/v1/order?{query}"), headers=binance_headers(sim))
    assert response.json()["code"] == -1102


# --- Ed25519 keys ----------------------------------------------------------------


def test_ed25519_key_over_the_wire() -> None:
    private = Ed25519PrivateKey.generate()
    pem = private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    creds = SimCredentials.generate()
    creds = SimCredentials(**{**creds.__dict__, "binance_public_key_pem": pem.decode()})
    with start_simulator(SimConfig(credentials=creds)) as sim:
        query = f"timestamp={now_ms()}&recvWindow=5000"
        signature = quote(base64.b64encode(private.sign(query.encode())).decode(), safe="")
        url = sim.url(f"/fapi/v2/balance?{query}&signature={signature}")
        assert httpx.get(url, headers=binance_headers(sim)).status_code == 200
        hmac_query = binance_signed_query(creds.binance_api_secret)
        hmac_url = sim.url(f"/fapi/v2/balance?{hmac_query}")
        assert httpx.get(hmac_url, headers=binance_headers(sim)).json()["code"] == -1022
