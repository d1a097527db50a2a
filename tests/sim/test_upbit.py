"""Upbit through a real socket: JWT auth (HS256 and HS512), endpoints, errors, scenarios."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from golive.sim.server import RunningSimulator, SimConfig, SimCredentials, start_simulator
from tests.sim.test_auth import CCXT_ACCOUNTS_TOKEN, UPBIT_ACCESS, UPBIT_SECRET
from tests.support.simulator import upbit_headers, upbit_token

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")


def get(sim: RunningSimulator, path: str, query: str = "", **kwargs: str) -> httpx.Response:
    url = sim.url(f"{path}?{query}" if query else path)
    return httpx.get(url, headers=upbit_headers(sim, query, **kwargs))


def error_of(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["name"]


@pytest.mark.parametrize("alg", ["HS256", "HS512"])
def test_accounts_with_both_algorithms(sim: RunningSimulator, alg: str) -> None:
    response = get(sim, "/v1/accounts", alg=alg)
    assert response.status_code == 200, response.text
    rows = {row["currency"]: row for row in response.json()}
    assert set(rows["KRW"]) == {
        "currency",
        "balance",
        "locked",
        "avg_buy_price",
        "avg_buy_price_modified",
        "unit_currency",
    }
    assert response.headers["content-type"] == "application/json; charset=utf-8"


def test_remaining_req_header(sim: RunningSimulator) -> None:
    first = get(sim, "/v1/accounts").headers["Remaining-Req"]
    assert first.startswith("group=default; min=1800; sec=")
    assert int(first.rsplit("=", 1)[1]) < 30


def test_api_keys_expiry_in_kst(sim: RunningSimulator) -> None:
    (row,) = get(sim, "/v1/api_keys").json()
    assert row["access_key"] == sim.state.credentials.upbit_access_key
    expire = datetime.strptime(row["expire_at"], "%Y-%m-%dT%H:%M:%S%z")
    assert expire.utcoffset() == timedelta(hours=9)
    assert expire - datetime.now(UTC) > timedelta(days=30)


def test_order_chance(sim: RunningSimulator) -> None:
    body = get(sim, "/v1/orders/chance", "market=KRW-BTC").json()
    assert body["market"]["id"] == "KRW-BTC"
    assert body["bid_account"]["currency"] == "KRW"
    assert body["ask_account"]["currency"] == "BTC"
    assert {"bid_fee", "ask_fee", "maker_bid_fee", "maker_ask_fee"} <= set(body)


@pytest.mark.parametrize(
    ("query", "name"), [("", "validation_error"), ("market=KRW-NOPE", "notfoundmarket")]
)
def test_order_chance_bad_market(sim: RunningSimulator, query: str, name: str) -> None:
    assert error_of(get(sim, "/v1/orders/chance", query)) == (400, name)


def test_market_all_is_public(sim: RunningSimulator) -> None:
    plain = httpx.get(sim.url("/v1/market/all")).json()
    assert {"market": "KRW-BTC", "korean_name": "비트코인", "english_name": "Bitcoin"} in plain
    detailed = httpx.get(sim.url("/v1/market/all?isDetails=true")).json()
    assert "market_event" in detailed[0]


# --- authentication failures ---------------------------------------------------


def test_missing_token(sim: RunningSimulator) -> None:
    response = httpx.get(sim.url("/v1/accounts"))
    assert error_of(response) == (401, "no_authorization_token")
    assert set(response.json()["error"]) == {"name", "message"}


def test_unknown_access_key(sim: RunningSimulator) -> None:
    token = upbit_token("nobody", sim.state.credentials.upbit_secret_key)
    response = httpx.get(sim.url("/v1/accounts"), headers={"Authorization": f"Bearer {token}"})
    assert error_of(response) == (401, "invalid_access_key")


def test_wrong_secret(sim: RunningSimulator) -> None:
    token = upbit_token(sim.state.credentials.upbit_access_key, "wrong-secret-" * 4)
    response = httpx.get(sim.url("/v1/accounts"), headers={"Authorization": f"Bearer {token}"})
    assert error_of(response) == (401, "jwt_verification")


def _token_with_header(sim: RunningSimulator, header: dict[str, str], alg: str) -> str:
    """A token signed with ``alg`` whose header says something else."""
    creds = sim.state.credentials
    signed = upbit_token(creds.upbit_access_key, creds.upbit_secret_key, alg=alg)
    _, body, signature = signed.split(".")
    encoded = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    return f"{encoded}.{body}.{signature}"


@pytest.mark.parametrize(
    ("header", "alg"),
    [
        ({"alg": "none", "typ": "JWT"}, "HS256"),
        ({"alg": "HS512", "typ": "JWT"}, "HS256"),
        ({"alg": "HS256", "typ": "JWT"}, "HS512"),
        ({"alg": "RS256", "typ": "JWT"}, "HS256"),
    ],
)
def test_alg_none_and_mismatch_rejected(
    sim: RunningSimulator, header: dict[str, str], alg: str
) -> None:
    token = _token_with_header(sim, header, alg)
    response = httpx.get(sim.url("/v1/accounts"), headers={"Authorization": f"Bearer {token}"})
    assert error_of(response) == (401, "jwt_verification")


def test_nonce_reuse(sim: RunningSimulator) -> None:
    nonce = str(uuid.uuid4())
    assert get(sim, "/v1/accounts", nonce=nonce).status_code == 200
    assert error_of(get(sim, "/v1/accounts", nonce=nonce)) == (401, "nonce_used")


def test_query_hash_required_and_checked(sim: RunningSimulator) -> None:
    headers = upbit_headers(sim)  # no query_hash
    no_hash = httpx.get(sim.url("/v1/orders/chance?market=KRW-BTC"), headers=headers)
    assert error_of(no_hash) == (401, "invalid_query_payload")
    other = upbit_headers(sim, "market=KRW-ETH")
    wrong = httpx.get(sim.url("/v1/orders/chance?market=KRW-BTC"), headers=other)
    assert error_of(wrong) == (401, "invalid_query_payload")


def test_query_hash_is_over_the_unencoded_query_only(sim: RunningSimulator) -> None:
    raw = "market=KRW-BTC&states%5B%5D=wait"
    creds = sim.state.credentials

    def call(hashed: str) -> httpx.Response:
        token = upbit_token(creds.upbit_access_key, creds.upbit_secret_key, query=hashed)
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.get(sim.url(f"/v1/orders/chance?{raw}"), headers=headers)

    assert call("market=KRW-BTC&states[]=wait").status_code == 200
    assert error_of(call(raw)) == (401, "invalid_query_payload")


def test_reference_ccxt_token_over_the_wire() -> None:
    creds = SimCredentials(
        binance_api_key="B" * 64,
        binance_api_secret="S" * 64,
        upbit_access_key=UPBIT_ACCESS,
        upbit_secret_key=UPBIT_SECRET,
        telegram_bot_token="123456:" + "A" * 35,
        telegram_chat_id=42,
    )
    with start_simulator(SimConfig(credentials=creds)) as sim:
        headers = {"Authorization": f"Bearer {CCXT_ACCOUNTS_TOKEN}"}
        assert httpx.get(sim.url("/v1/accounts"), headers=headers).status_code == 200
        again = httpx.get(sim.url("/v1/accounts"), headers=headers)
        assert error_of(again) == (401, "nonce_used")


# --- scenarios -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("upbit.invalid_key", (401, "invalid_access_key")),
        ("upbit.bad_signature", (401, "jwt_verification")),
        ("upbit.key_expired", (401, "expired_access_key")),
        ("upbit.ip_not_allowed", (401, "no_authorization_ip")),
        ("upbit.out_of_scope", (401, "out_of_scope")),
    ],
)
def test_auth_scenarios(sim: RunningSimulator, scenario: str, expected: tuple[int, str]) -> None:
    sim.state.set_scenarios([scenario])
    assert error_of(get(sim, "/v1/accounts")) == expected


def test_ip_not_allowed_message(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.ip_not_allowed"])
    assert get(sim, "/v1/accounts").json()["error"]["message"] == "This is not a verified IP."


def test_key_expiring_within_seven_days(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.key_expiring"])
    (row,) = get(sim, "/v1/api_keys").json()
    left = datetime.strptime(row["expire_at"], "%Y-%m-%dT%H:%M:%S%z") - datetime.now(UTC)
    assert timedelta(days=1) < left < timedelta(days=7)
    assert get(sim, "/v1/accounts").status_code == 200


def test_out_of_scope_keeps_api_keys(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.out_of_scope"])
    assert get(sim, "/v1/api_keys").status_code == 200
    assert error_of(get(sim, "/v1/orders/chance", "market=KRW-BTC")) == (401, "out_of_scope")


def test_rate_limited_429_then_418(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.rate_limited"])
    with httpx.Client() as client:  # one connection: each request follows a 429 it read
        answers = [
            client.get(sim.url("/v1/accounts"), headers=upbit_headers(sim)) for _ in range(4)
        ]
    assert [a.status_code for a in answers] == [429, 429, 429, 418]
    assert answers[0].text == "Too many API requests."
    assert all("Retry-After" not in a.headers for a in answers)  # UPRATE documents none
    assert answers[0].headers["Remaining-Req"].endswith("sec=0")
    assert answers[3].text == "Too many API requests. Blocked for 120 seconds."


def test_maintenance_is_500(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.maintenance"])
    response = httpx.get(sim.url("/v1/market/all"))
    assert error_of(response) == (500, "server_error")


def test_malformed_is_invalid_json_502(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.malformed"])
    response = get(sim, "/v1/accounts")
    assert response.status_code == 502
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_clock_skew_moves_the_date_header(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.clock_skew"])
    date = httpx.get(sim.url("/v1/market/all")).headers["date"]
    served = datetime.strptime(date, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
    assert timedelta(seconds=8) < served - datetime.now(UTC) < timedelta(seconds=12)


# --- mutating endpoints ------------------------------------------------------------


def _post_json(sim: RunningSimulator, path: str, body: dict[str, str]) -> httpx.Response:
    raw = json.dumps(body)
    hashed = "&".join(f"{k}={v}" for k, v in body.items())
    headers = {**upbit_headers(sim, hashed), "Content-Type": "application/json"}
    return httpx.post(sim.url(path), content=raw, headers=headers)


ORDER = {"market": "KRW-BTC", "side": "bid", "volume": "0.01", "price": "100", "ord_type": "limit"}


def test_place_and_cancel_order_are_logged(sim: RunningSimulator) -> None:
    placed = _post_json(sim, "/v1/orders", ORDER)
    assert placed.status_code == 200, placed.text
    order_id = placed.json()["uuid"]
    cancelled = get(sim, "/v1/order", f"uuid={order_id}")
    assert cancelled.status_code == 404  # GET is not an endpoint; DELETE is
    query = f"uuid={order_id}"
    delete = httpx.delete(sim.url(f"/v1/order?{query}"), headers=upbit_headers(sim, query))
    assert delete.json()["uuid"] == order_id
    log = [(r.method, r.path, r.mutating) for r in sim.state.requests()]
    assert log == [
        ("POST", "/v1/orders", True),
        ("GET", "/v1/order", False),
        ("DELETE", "/v1/order", True),
    ]


def test_query_hash_over_json_body_is_enforced(sim: RunningSimulator) -> None:
    headers = {**upbit_headers(sim, "market=KRW-ETH"), "Content-Type": "application/json"}
    response = httpx.post(sim.url("/v1/orders"), content=json.dumps(ORDER), headers=headers)
    assert error_of(response) == (401, "invalid_query_payload")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/withdraws/coin", {"currency": "BTC", "amount": "0.01", "address": "bc1q"}),
        ("/v1/withdraws/krw", {"amount": "10000", "two_factor_type": "kakao"}),
    ],
)
def test_withdrawals_are_out_of_scope_with_403(
    sim: RunningSimulator, path: str, body: dict[str, str]
) -> None:
    assert error_of(_post_json(sim, path, body)) == (403, "out_of_scope")
    assert sim.state.mutating_requests()[0].path == path
