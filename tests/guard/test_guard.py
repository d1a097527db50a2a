"""The read-only guard: allowlist table, path tricks, sync and async, auth, builders."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import golive
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

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"


class Wire(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The inner transport: records what reaches it and answers 200 ``{}``."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})


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


def _request(method: str, path: str, base: str = "https://venue.test") -> httpx.Request:
    """A request whose target is ``path`` byte for byte (no URL normalisation)."""
    request = httpx.Request(method, base)
    request.url = request.url.copy_with(raw_path=path.encode())
    return request


@pytest.mark.parametrize(("venue", "method", "path"), ALLOWED)
def test_allowlisted_request_reaches_the_wire(venue: str, method: str, path: str) -> None:
    wire = Wire()
    response = ReadOnlyTransport(wire, venue=venue).handle_request(_request(method, path))
    assert response.status_code == 200
    assert [r.url.raw_path for r in wire.requests] == [path.encode()]


@pytest.mark.parametrize(("venue", "method", "path"), ALLOWED)
async def test_allowlisted_request_reaches_the_wire_async(
    venue: str, method: str, path: str
) -> None:
    wire = Wire()
    transport = AsyncReadOnlyTransport(wire, venue=venue)
    response = await transport.handle_async_request(_request(method, path + "?a=1&b=%2F"))
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
        transport.handle_request(_request(method, path))
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
        await transport.handle_async_request(_request(method, path))
    assert wire.requests == []


@pytest.mark.parametrize(("venue", "path"), TRICKS)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_path_tricks_are_blocked(venue: str, path: str, method: str) -> None:
    wire = Wire()
    with pytest.raises(ReadOnlyViolation):
        ReadOnlyTransport(wire, venue=venue).handle_request(_request(method, path))
    assert wire.requests == []


@pytest.mark.parametrize(("venue", "path"), TRICKS)
async def test_path_tricks_are_blocked_async(venue: str, path: str) -> None:
    wire = Wire()
    with pytest.raises(ReadOnlyViolation):
        await AsyncReadOnlyTransport(wire, venue=venue).handle_async_request(_request("GET", path))
    assert wire.requests == []


@pytest.mark.parametrize("path", ["/api/v3/./account", "/api/v3/account/.", "/api/x/../v3/account"])
def test_dot_segments_reach_the_wire_only_as_the_resolved_path(path: str) -> None:
    wire = Wire()
    ReadOnlyTransport(wire, venue="binance").handle_request(_request("GET", path))
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
            _request("POST", f"/bot{TOKEN}/sendMessage")
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
        ReadOnlyTransport(Wire(), venue="telegram").handle_request(_request("POST", path))
    assert TOKEN.split(":")[1] not in str(caught.value)


def test_violation_is_not_an_httpx_error() -> None:
    assert not issubclass(ReadOnlyViolation, httpx.HTTPError)


def test_unknown_venue_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="unknown venue"):
        ReadOnlyTransport(Wire(), venue="kraken")


class HeaderAuth(httpx.Auth):
    def __init__(self) -> None:
        self.calls = 0

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.calls += 1
        request.headers["X-Signed"] = "yes"
        request.url = request.url.copy_with(params={**dict(request.url.params), "signature": "s"})
        yield request


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


ELSEWHERE = [
    "https://attacker.test/api/v3/account",  # another host
    "http://venue.test/api/v3/account",  # another scheme
    "https://venue.test:8443/api/v3/account",  # another port
    "https://sub.venue.test/api/v3/account",
]
SAME_ORIGIN = ["https://venue.test/api/v3/account", "https://VENUE.test:443/api/v3/account"]


@pytest.mark.parametrize("url", ELSEWHERE)
def test_an_absolute_url_to_another_origin_is_blocked(url: str) -> None:
    wire, auth = Wire(), HeaderAuth()
    with guarded_client("binance", base_url="https://venue.test", auth=auth, transport=wire) as c:
        with pytest.raises(ReadOnlyViolation, match="not the client's base URL"):
            c.get(url)
        for same in SAME_ORIGIN:
            c.get(same)
    assert [str(r.url.copy_with(query=None)) for r in wire.requests] == [SAME_ORIGIN[0]] * 2


@pytest.mark.parametrize("url", ELSEWHERE)
async def test_an_absolute_url_to_another_origin_is_blocked_async(url: str) -> None:
    wire, auth = Wire(), HeaderAuth()
    async with guarded_async_client(
        "binance", base_url="https://venue.test", auth=auth, transport=wire
    ) as client:
        with pytest.raises(ReadOnlyViolation, match="not the client's base URL"):
            await client.get(url)
        await client.get(SAME_ORIGIN[0])
    assert len(wire.requests) == 1


def test_without_a_base_url_any_host_may_be_read() -> None:
    wire = Wire()
    with guarded_client("binance", transport=wire) as client:
        client.get("https://venue.test/api/v3/time")
        client.get("https://other.test/api/v3/time")
    assert [r.url.host for r in wire.requests] == ["venue.test", "other.test"]
    assert not is_allowed("binance", "GET", httpx.URL(ELSEWHERE[0]), "", httpx.URL(SAME_ORIGIN[0]))


def test_redirect_is_not_followed_into_an_unlisted_path() -> None:
    class Redirecting(Wire):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return httpx.Response(302, headers={"Location": "/api/v3/order"})

    wire = Redirecting()
    with guarded_client("binance", base_url="https://venue.test", transport=wire) as client:
        assert client.get("/api/v3/account").status_code == 302
        with pytest.raises(ReadOnlyViolation):
            client.get("/api/v3/account", follow_redirects=True)
    assert [r.url.path for r in wire.requests] == ["/api/v3/account", "/api/v3/account"]


def test_builders_never_mount_and_ignore_env_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://192.0.2.1:3128")
    monkeypatch.setenv("ALL_PROXY", "http://192.0.2.1:3128")
    sync = guarded_client("binance", base_url="https://venue.test")
    async_ = guarded_async_client("binance", base_url="https://venue.test")
    for client in (sync, async_):
        assert client.trust_env is False
        assert client._mounts == {}
        assert isinstance(client._transport, ReadOnlyTransport | AsyncReadOnlyTransport)
        assert type(client._transport.inner._pool).__name__.endswith("ConnectionPool")  # type: ignore[union-attr]
    sync.close()


def test_proxy_goes_on_the_inner_transport() -> None:
    client = guarded_async_client("binance", proxy="http://127.0.0.1:3128")
    assert client._mounts == {}
    transport = client._transport
    assert isinstance(transport, AsyncReadOnlyTransport)
    assert type(transport.inner._pool).__name__ == "AsyncHTTPProxy"  # type: ignore[attr-defined]


def test_proxy_and_transport_together_are_refused() -> None:
    with pytest.raises(ValueError, match="inner transport"):
        guarded_client("binance", transport=Wire(), proxy="http://127.0.0.1:3128")


INSTRUMENTATION = "mutmut.mutation.trampoline"
"""What a mutation-testing run puts into golive's source: loaded before counting."""


def _modules_after(statement: str) -> set[str]:
    """The modules ``statement`` loads in a fresh interpreter, from this golive's source."""
    code = (
        "import importlib, importlib.util, sys\n"
        f"if importlib.util.find_spec('mutmut'): importlib.import_module({INSTRUMENTATION!r})\n"
        "before = set(sys.modules)\n"
        f"{statement}\n"
        "print('\\n'.join(sorted(set(sys.modules) - before)))"
    )
    source = str(Path(golive.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": source}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return set(out.stdout.split())


HEAVY = {"rich", "typer", "click", "pygments", "psycopg", "redis", "starlette", "uvicorn", "jwt"}


def test_import_pulls_no_cli_or_service_dependencies() -> None:
    loaded = _modules_after("import golive, golive.guard")
    assert not {m.split(".")[0] for m in loaded} & (HEAVY | {"pydantic"})


def test_guard_imports_no_package_beyond_httpx_core() -> None:
    extra = _modules_after("import golive.guard") - _modules_after("import httpx")
    packages = {name.split(".")[0] for name in extra} - sys.stdlib_module_names
    assert packages <= {"golive"}


def test_httpx_cli_stays_importable_after_the_guard() -> None:
    loaded = _modules_after("import golive.guard, httpx._main")
    assert "httpx._main" in loaded
    assert "rich" in {m.split(".")[0] for m in loaded}


def test_the_cli_stays_out_when_httpx_is_imported_after_the_guard() -> None:
    loaded = _modules_after("import golive.guard, httpx")
    assert "httpx._main" not in loaded
    assert not {m.split(".")[0] for m in loaded} & {"click", "rich", "pygments"}


# -- what the violation says, and which reads pass -------------------------------------


def test_a_violation_for_another_origin_names_what_was_blocked() -> None:
    wire = Wire()
    base = "https://api.telegram.test"
    client = guarded_client("telegram", base_url=base, transport=wire)
    with client, pytest.raises(ReadOnlyViolation) as caught:
        client.get(f"https://attacker.test/bot{TOKEN}/getMe")
    violation = caught.value
    assert (violation.venue, violation.method, violation.path) == (
        "telegram",
        "GET",
        "/bot<token>/getMe",
    )
    assert "https://attacker.test" in str(violation)
    assert TOKEN.split(":")[1] not in str(violation)
    assert wire.requests == []


def test_a_query_holding_a_question_mark_still_reads() -> None:
    url = httpx.URL("https://venue.test/api/v3/account?recvWindow=5000&note=a?b")
    assert url.raw_path.count(b"?") == 2
    assert is_allowed("binance", "GET", url)


@pytest.mark.parametrize("base", ["https://venue.test/proxy", "https://venue.test/proxy/"])
def test_a_base_url_path_prefix_is_kept(base: str) -> None:
    wire = Wire()
    with guarded_client("binance", base_url=base, transport=wire) as client:
        client.get("/api/v3/account")
        with pytest.raises(ReadOnlyViolation):
            client.post("/api/v3/order")
    assert [r.url.raw_path for r in wire.requests] == [b"/proxy/api/v3/account"]


@pytest.mark.parametrize("base", ["https://venue.test/proxy", "https://venue.test/proxy/"])
async def test_a_base_url_path_prefix_is_kept_async(base: str) -> None:
    wire = Wire()
    async with guarded_async_client("binance", base_url=base, transport=wire) as client:
        await client.get("/api/v3/account")
        with pytest.raises(ReadOnlyViolation):
            await client.post("/api/v3/order")
    assert [r.url.raw_path for r in wire.requests] == [b"/proxy/api/v3/account"]


@pytest.mark.parametrize("prefix", ["/proxy", "/proxy/"])
async def test_a_transport_prefix_may_end_in_a_slash(prefix: str) -> None:
    wire = Wire()
    request = _request("GET", "/proxy/api/v3/account")
    ReadOnlyTransport(wire, venue="binance", prefix=prefix).handle_request(request)
    await AsyncReadOnlyTransport(wire, venue="binance", prefix=prefix).handle_async_request(request)
    assert len(wire.requests) == 2
    with pytest.raises(ReadOnlyViolation):
        ReadOnlyTransport(wire, venue="binance", prefix=prefix).handle_request(
            _request("GET", "/api/v3/account")
        )


@pytest.mark.parametrize("transport", [ReadOnlyTransport, AsyncReadOnlyTransport])
def test_an_unknown_venue_is_refused_and_the_known_ones_named(transport: type) -> None:
    with pytest.raises(ValueError, match="unknown venue") as caught:
        transport(Wire(), venue="binanse")
    assert "binanse" in str(caught.value)
    assert all(venue in str(caught.value) for venue in ALLOWLIST)


async def test_without_a_base_url_any_host_may_be_read_async() -> None:
    wire = Wire()
    async with guarded_async_client("binance", transport=wire) as client:
        await client.get("https://venue.test/api/v3/time")
        await client.get("https://other.test/api/v3/time")
    assert [r.url.host for r in wire.requests] == ["venue.test", "other.test"]


async def test_redirect_is_not_followed_async() -> None:
    class Redirecting(Wire):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return httpx.Response(302, headers={"Location": "/api/v3/order"})

    wire = Redirecting()
    async with guarded_async_client("binance", base_url="https://venue.test", transport=wire) as c:
        assert (await c.get("/api/v3/account")).status_code == 302
    assert [r.url.path for r in wire.requests] == ["/api/v3/account"]


def test_the_async_builder_refuses_a_proxy_beside_a_transport() -> None:
    with pytest.raises(ValueError, match="inner transport"):
        guarded_async_client("binance", transport=Wire(), proxy="http://127.0.0.1:3128")


# -- the builders pass on what they are given ----------------------------------------


def test_the_builders_send_the_given_headers_and_keep_the_timeout() -> None:
    wire = Wire()
    headers = {"X-MBX-APIKEY": "key-id"}
    with guarded_client("binance", headers=headers, timeout=2.5, transport=wire) as client:
        client.get("https://venue.test/api/v3/time")
        assert client.timeout == httpx.Timeout(2.5)
    assert wire.requests[0].headers["X-MBX-APIKEY"] == "key-id"
    assert wire.requests[0].extensions["timeout"]["read"] == 2.5


async def test_the_async_builder_sends_the_given_headers_and_keeps_the_timeout() -> None:
    wire = Wire()
    headers = {"Authorization": "Bearer jwt"}
    async with guarded_async_client(
        "upbit", headers=headers, timeout=2.5, transport=wire
    ) as client:
        await client.get("https://venue.test/v1/accounts")
        assert client.timeout == httpx.Timeout(2.5)
    assert wire.requests[0].headers["Authorization"] == "Bearer jwt"
    assert wire.requests[0].extensions["timeout"]["read"] == 2.5


def test_a_read_times_out_after_ten_seconds_unless_told() -> None:
    sync = guarded_client("binance")
    async_ = guarded_async_client("binance")
    assert sync.timeout == async_.timeout == httpx.Timeout(10.0)
    sync.close()


def test_the_environment_cannot_change_what_the_clients_trust(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``SSL_CERT_FILE`` is read only by a transport that trusts the environment."""
    bogus = tmp_path / "ca.pem"
    bogus.write_text("not a certificate\n")
    monkeypatch.setenv("SSL_CERT_FILE", str(bogus))
    with pytest.raises(OSError):  # what trust_env=True would do with it
        httpx.HTTPTransport(trust_env=True)
    guarded_client("binance", base_url="https://venue.test").close()
    guarded_async_client("binance", base_url="https://venue.test")


class Proxy:
    """A forward proxy on loopback: records each request line and answers 200 ``{}``."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    head += chunk
                self.lines.append(head.split(b"\r\n", 1)[0].decode())
                body = json.dumps({}).encode()
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                    + body
                )

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the accept() above
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    running = Proxy()
    yield running
    running.close()


def test_an_operators_proxy_carries_the_reads(proxy: Proxy) -> None:
    with guarded_client("binance", base_url="http://venue.test", proxy=proxy.url) as client:
        assert client.get("/api/v3/time").json() == {}
        with pytest.raises(ReadOnlyViolation):
            client.post("/api/v3/order")
    assert proxy.lines == ["GET http://venue.test/api/v3/time HTTP/1.1"]


async def test_an_operators_proxy_carries_the_reads_async(proxy: Proxy) -> None:
    async with guarded_async_client(
        "binance", base_url="http://venue.test", proxy=proxy.url
    ) as client:
        assert (await client.get("/api/v3/time")).json() == {}
    assert proxy.lines == ["GET http://venue.test/api/v3/time HTTP/1.1"]


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
