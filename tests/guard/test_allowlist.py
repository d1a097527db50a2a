"""The read-only guard's allowlist: the table, path tricks, sync and async, the token, auth."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from golive.guard import (
    ALLOWLIST,
    ORDER_TESTS,
    AsyncReadOnlyTransport,
    ReadOnlyTransport,
    ReadOnlyViolation,
    guarded_async_client,
    guarded_client,
    is_allowed,
)
from tests.guard.wire import TOKEN, HeaderAuth, Wire, raw_request


def _concrete(path: str) -> str:
    return path.replace("{token}", TOKEN)


ALLOWED = sorted(
    (venue, method, _concrete(path)) for venue, rules in ALLOWLIST.items() for method, path in rules
)

BLOCKED = [
    ("binance", "POST", "/api/v3/order"),
    ("binance", "DELETE", "/api/v3/order"),
    ("binance", "DELETE", "/api/v3/openOrders"),
    ("binance", "POST", "/api/v3/order/cancelReplace"),
    ("binance", "POST", "/sapi/v1/capital/withdraw/apply"),
    ("binance", "POST", "/sapi/v1/asset/transfer"),
    ("binance", "POST", "/api/v3/userDataStream"),
    ("binance", "GET", "/api/v3/order"),
    ("binance", "POST", "/api/v3/account"),
    ("binance", "HEAD", "/api/v3/account"),
    ("binance", "GET", "/fapi/v2/balance"),
    ("binance_futures", "POST", "/fapi/v1/order"),
    ("binance_futures", "DELETE", "/fapi/v1/order"),
    ("binance_futures", "POST", "/fapi/v1/batchOrders"),
    ("binance_futures", "POST", "/fapi/v1/leverage"),
    ("binance_futures", "POST", "/fapi/v1/marginType"),
    ("binance_futures", "POST", "/fapi/v1/positionSide/dual"),
    ("binance_futures", "POST", "/fapi/v1/multiAssetsMargin"),
    ("binance_futures", "GET", "/api/v3/account"),
    ("upbit", "POST", "/v1/orders"),
    ("upbit", "POST", "/v1/orders/test"),
    ("upbit", "POST", "/v1/orders/cancel_and_new"),
    ("upbit", "DELETE", "/v1/order"),
    ("upbit", "DELETE", "/v1/orders/open"),
    ("upbit", "POST", "/v1/withdraws/coin"),
    ("upbit", "POST", "/v1/withdraws/krw"),
    ("upbit", "POST", "/v1/deposits/generate_coin_address"),
    ("upbit", "GET", "/v1/withdraws"),
    ("telegram", "POST", f"/bot{TOKEN}/sendMessage"),
    ("telegram", "GET", f"/bot{TOKEN}/sendMessage"),
    ("telegram", "POST", f"/bot{TOKEN}/deleteMessage"),
    ("telegram", "POST", f"/bot{TOKEN}/setWebhook"),
    ("telegram", "GET", f"/bot{TOKEN}/getUpdates"),
    ("telegram", "DELETE", f"/bot{TOKEN}/getMe"),
    ("telegram", "GET", "/getMe"),
    ("nowhere", "GET", "/api/v3/account"),
]

TRICKS = [
    ("binance", "/api/v3/account/../order"),
    ("binance", "/api/v3/account/%2E%2E/order"),
    ("binance", "/api/v3/account%2F..%2Forder"),
    ("binance", "/api/v3/account%2forder"),
    ("binance", "//api/v3/account"),
    ("binance", "/api//v3/account"),
    ("binance", "/api/v3/account/"),
    ("binance", "/API/V3/ACCOUNT"),
    ("binance", "/api/v3/Account"),
    ("binance", "/api/v3/acc%6Funt"),
    ("binance", "/api\\v3/account"),
    ("binance", "/api/v3/account;order"),
    ("binance", "/api/v3/account%00"),
    ("binance", "/api/v3/account/order"),
    ("binance", "/x/api/v3/account"),
    ("binance", "/api/v3/ac..count"),
    ("binance", "/sapi/v1/account/apiRestrictions/../../capital/withdraw/apply"),
    ("binance_futures", "/fapi/v2/balance/../../v1/order"),
    ("upbit", "/v1/accounts/../orders"),
    ("upbit", "/v1/orders/chance/"),
    ("upbit", "/V1/accounts"),
    ("telegram", f"/bot{TOKEN}/getMe/../sendMessage"),
    ("telegram", f"/bot{TOKEN}/getme"),
    ("telegram", f"/bot{TOKEN}/GETME"),
    ("telegram", f"/bot{TOKEN}/getMe/"),
    ("telegram", f"/bot{TOKEN}//getMe"),
    ("telegram", f"/bot{TOKEN}/getMe%2F..%2FsendMessage"),
    ("telegram", f"/bot{TOKEN}/getChat/sendMessage"),
    ("telegram", "/botnot-a-token/getMe"),
]


@pytest.mark.parametrize(("venue", "method", "path"), ALLOWED)
def test_allowlisted_request_reaches_the_wire(venue: str, method: str, path: str) -> None:
    wire = Wire()
    response = ReadOnlyTransport(wire, venue=venue).handle_request(raw_request(method, path))
    assert response.status_code == 200
    assert [r.url.raw_path for r in wire.requests] == [path.encode()]


@pytest.mark.parametrize(("venue", "method", "path"), ALLOWED)
async def test_allowlisted_request_reaches_the_wire_async(
    venue: str, method: str, path: str
) -> None:
    wire = Wire()
    transport = AsyncReadOnlyTransport(wire, venue=venue)
    response = await transport.handle_async_request(raw_request(method, path + "?a=1&b=%2F"))
    assert response.status_code == 200
    assert len(wire.requests) == 1


def test_allowlist_is_the_documented_table() -> None:
    assert set(ALLOWLIST) == {"binance", "binance_futures", "upbit", "telegram"}
    assert sum(len(rules) for rules in ALLOWLIST.values()) == 4 + 14 + 6 + 6
    assert all(method in {"GET", "POST"} for rules in ALLOWLIST.values() for method, _ in rules)
    assert {m for v, rules in ALLOWLIST.items() if v != "telegram" for m, _ in rules} == {"GET"}


def test_allowlist_cannot_be_changed_at_runtime() -> None:
    with pytest.raises(TypeError):
        ALLOWLIST["binance"] = frozenset({("POST", "/api/v3/order")})  # type: ignore[index]


@pytest.mark.parametrize(("venue", "method", "path"), BLOCKED)
def test_mutating_or_unlisted_request_is_blocked(venue: str, method: str, path: str) -> None:
    wire = Wire()
    transport = ReadOnlyTransport(wire, venue="binance")
    transport.venue = venue  # even a venue the table lacks fails closed
    with pytest.raises(ReadOnlyViolation) as caught:
        transport.handle_request(raw_request(method, path))
    assert wire.requests == []
    assert (caught.value.venue, caught.value.method) == (venue, method)


@pytest.mark.parametrize(("venue", "method", "path"), BLOCKED)
async def test_mutating_or_unlisted_request_is_blocked_async(
    venue: str, method: str, path: str
) -> None:
    wire = Wire()
    transport = AsyncReadOnlyTransport(wire, venue="binance")
    transport.venue = venue
    with pytest.raises(ReadOnlyViolation):
        await transport.handle_async_request(raw_request(method, path))
    assert wire.requests == []


@pytest.mark.parametrize(("venue", "path"), TRICKS)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_path_tricks_are_blocked(venue: str, path: str, method: str) -> None:
    wire = Wire()
    with pytest.raises(ReadOnlyViolation):
        ReadOnlyTransport(wire, venue=venue).handle_request(raw_request(method, path))
    assert wire.requests == []


@pytest.mark.parametrize(("venue", "path"), TRICKS)
async def test_path_tricks_are_blocked_async(venue: str, path: str) -> None:
    wire = Wire()
    with pytest.raises(ReadOnlyViolation):
        await AsyncReadOnlyTransport(wire, venue=venue).handle_async_request(
            raw_request("GET", path)
        )
    assert wire.requests == []


@pytest.mark.parametrize("path", ["/api/v3/./account", "/api/v3/account/.", "/api/x/../v3/account"])
def test_dot_segments_reach_the_wire_only_as_the_resolved_path(path: str) -> None:
    wire = Wire()
    ReadOnlyTransport(wire, venue="binance").handle_request(raw_request("GET", path))
    assert [r.url.raw_path for r in wire.requests] == [b"/api/v3/account"]


class RawURL:
    """A URL as a foreign client could hand it over: the raw path is not normalised."""

    def __init__(self, raw_path: str) -> None:
        self.raw_path = raw_path.encode()


@pytest.mark.parametrize(
    "path", ["/api/v3/time/../account", "/api/v3/./account", "/api/v3/account/..", "/api/v3/.."]
)
def test_unresolved_dot_segments_are_refused(path: str) -> None:
    assert not is_allowed("binance", "GET", RawURL(path))  # type: ignore[arg-type]


@given(
    rule=st.sampled_from(ALLOWED),
    before=st.text(alphabet="/.%2Fa\\;:", max_size=4),
    after=st.text(alphabet="/.%2Fa\\;:", max_size=4),
)
def test_only_the_exact_path_passes(rule: tuple[str, str, str], before: str, after: str) -> None:
    venue, method, path = rule
    target = before + path + after
    assert is_allowed(venue, method, RawURL(target)) == (target == path)  # type: ignore[arg-type]


def test_prefix_of_the_base_url_is_required_exactly() -> None:
    base = "https://venue.test/proxy"
    allowed = httpx.URL(f"{base}/api/v3/account")
    assert is_allowed("binance", "GET", allowed, prefix="/proxy")
    assert not is_allowed(
        "binance", "GET", httpx.URL("https://venue.test/api/v3/account"), "/proxy"
    )
    assert not is_allowed("binance", "GET", httpx.URL(f"{base}x/api/v3/account"), "/proxy")


def test_query_string_does_not_matter() -> None:
    url = httpx.URL("https://venue.test/api/v3/account?x=../order&y=%2F")
    assert is_allowed("binance", "GET", url)


def test_violation_message_hides_the_bot_token() -> None:
    with pytest.raises(ReadOnlyViolation) as caught:
        ReadOnlyTransport(Wire(), venue="telegram").handle_request(
            raw_request("POST", f"/bot{TOKEN}/sendMessage")
        )
    assert TOKEN.split(":")[1] not in str(caught.value)
    assert caught.value.path == "/bot<token>/sendMessage"
    assert "sendMessage" in str(caught.value)


@pytest.mark.parametrize(
    "path",
    [
        f"/bot{TOKEN}%2F..%2FsendMessage",
        f"/bot{TOKEN}/getMe%2F..%2FsendMessage",
        f"/bot{TOKEN}x;y/sendMessage",
        f"/bot{TOKEN}",
    ],
)
def test_odd_paths_hide_the_token_too(path: str) -> None:
    with pytest.raises(ReadOnlyViolation) as caught:
        ReadOnlyTransport(Wire(), venue="telegram").handle_request(raw_request("POST", path))
    assert TOKEN.split(":")[1] not in str(caught.value)


def test_violation_is_not_an_httpx_error() -> None:
    assert not issubclass(ReadOnlyViolation, httpx.HTTPError)


def test_unknown_venue_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="unknown venue"):
        ReadOnlyTransport(Wire(), venue="kraken")


def test_signed_request_still_passes_the_guard() -> None:
    wire, auth = Wire(), HeaderAuth()
    with guarded_client("binance", base_url="https://venue.test", auth=auth, transport=wire) as c:
        c.get("/api/v3/account", params={"a": "1"})
        with pytest.raises(ReadOnlyViolation):
            c.post("/api/v3/order", params={"symbol": "BTCUSDT"})
    assert auth.calls == 2  # the order was signed, then refused
    assert len(wire.requests) == 1
    assert wire.requests[0].headers["X-Signed"] == "yes"
    assert wire.requests[0].url.params["signature"] == "s"


async def test_signed_request_still_passes_the_guard_async() -> None:
    wire, auth = Wire(), HeaderAuth()
    async with guarded_async_client(
        "upbit", base_url="https://venue.test", auth=auth, transport=wire
    ) as client:
        await client.get("/v1/accounts")
        with pytest.raises(ReadOnlyViolation):
            await client.post("/v1/orders", json={"market": "KRW-BTC"})
        with pytest.raises(ReadOnlyViolation):
            await client.delete("/v1/order", params={"uuid": "x"})
    assert auth.calls == 3
    assert [r.method for r in wire.requests] == ["GET"]


@pytest.mark.parametrize(
    ("venue", "method", "path", "with_flag"),
    [
        ("upbit", "POST", "/v1/orders/test", True),
        ("binance_futures", "POST", "/fapi/v1/order/test", True),
        ("upbit", "POST", "/v1/orders", False),
        ("binance_futures", "POST", "/fapi/v1/order", False),
        ("binance", "POST", "/api/v3/order/test", False),
        ("upbit", "GET", "/v1/orders/test", False),
        ("binance_futures", "POST", "/fapi/v1/batchOrders", False),
    ],
)
def test_order_tests_pass_only_with_the_flag_and_only_these_two(
    venue: str, method: str, path: str, with_flag: bool
) -> None:
    url = httpx.URL(f"https://example.invalid{path}")
    assert not is_allowed(venue, method, url)
    assert is_allowed(venue, method, url, order_tests=True) is with_flag


def test_order_tests_are_exactly_the_two_documented_endpoints() -> None:
    assert dict(ORDER_TESTS) == {
        "binance_futures": frozenset({("POST", "/fapi/v1/order/test")}),
        "upbit": frozenset({("POST", "/v1/orders/test")}),
    }
