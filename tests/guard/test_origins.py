"""The read-only guard across origins: absolute URLs, redirects, prefixes, builders, proxies."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from golive.guard import (
    ALLOWLIST,
    AsyncReadOnlyTransport,
    ReadOnlyTransport,
    ReadOnlyViolation,
    guarded_async_client,
    guarded_client,
    is_allowed,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

from tests.guard.wire import TOKEN, HeaderAuth, Wire, raw_request

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
    request = raw_request("GET", "/proxy/api/v3/account")
    ReadOnlyTransport(wire, venue="binance", prefix=prefix).handle_request(request)
    await AsyncReadOnlyTransport(wire, venue="binance", prefix=prefix).handle_async_request(request)
    assert len(wire.requests) == 2
    with pytest.raises(ReadOnlyViolation):
        ReadOnlyTransport(wire, venue="binance", prefix=prefix).handle_request(
            raw_request("GET", "/api/v3/account")
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
