"""The client factory: hosts, overrides, the guard in place, proxies, shared reads."""

from __future__ import annotations

import asyncio
import ssl
from typing import TYPE_CHECKING

import httpx
import pytest

from golive.config import Settings
from golive.exchanges.http import VENUES, ClientFactory
from golive.guard import AsyncReadOnlyTransport, ReadOnlyViolation

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.faults import FaultTarget

DEFAULT_HOSTS = {
    "binance": "https://api.binance.com",
    "binance_futures": "https://fapi.binance.com",
    "upbit": "https://api.upbit.com",
    "telegram": "https://api.telegram.org",
}


LOCAL = Settings(allowed_hosts=["127.0.0.1"])
"""A live profile may reach the simulator and the fault servers on 127.0.0.1 (the credential
gate is tested in tests/exchanges/test_gate.py)."""


class Wire(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})


@pytest.mark.parametrize(("venue", "host"), DEFAULT_HOSTS.items())
def test_production_hosts_by_default(venue: str, host: str) -> None:
    assert ClientFactory({}, Settings()).base_url(venue) == host


@pytest.mark.parametrize("venue", DEFAULT_HOSTS)
def test_profile_values_override_the_host(venue: str) -> None:
    values = {VENUES[venue].base_url_key: "http://127.0.0.1:9/"}
    assert ClientFactory(values, Settings()).base_url(venue) == "http://127.0.0.1:9"


@pytest.mark.parametrize("venue", DEFAULT_HOSTS)
async def test_every_client_is_guarded_without_mounts(venue: str) -> None:
    async with ClientFactory({}, Settings())(venue, timeout=1.0) as client:
        assert isinstance(client._transport, AsyncReadOnlyTransport)
        assert client._transport.venue == venue
        assert client._mounts == {}
        assert client.trust_env is False
        assert client.follow_redirects is False


async def test_env_proxy_of_the_process_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://192.0.2.1:3128")
    async with ClientFactory({}, Settings())("binance", timeout=1.0) as client:
        inner = client._transport.inner  # type: ignore[attr-defined]
        assert type(inner._pool).__name__ == "AsyncConnectionPool"


async def test_profile_proxy_goes_on_the_inner_transport() -> None:
    factory = ClientFactory.from_values({"HTTPS_PROXY": "http://127.0.0.1:3128"}, Settings())
    async with factory("upbit", timeout=1.0) as client:
        assert client._mounts == {}
        inner = client._transport.inner  # type: ignore[attr-defined]
        assert type(inner._pool).__name__ == "AsyncHTTPProxy"


async def test_given_wire_sits_under_the_guard_and_auth_still_signs() -> None:
    values = {"BINANCE_API_KEY": "k" * 64, "BINANCE_API_SECRET": "s" * 64}
    wire = Wire()
    async with ClientFactory(values, Settings())("binance", timeout=1.0, transport=wire) as client:
        await client.get("/api/v3/account")
        with pytest.raises(ReadOnlyViolation):
            await client.post("/api/v3/order", params={"symbol": "BTCUSDT"})
    (sent,) = wire.requests
    assert sent.headers["X-MBX-APIKEY"] == "k" * 64
    assert "signature=" in sent.url.query.decode()
    assert "recvWindow=5000" in sent.url.query.decode()


async def test_recv_window_comes_from_the_settings() -> None:
    settings = Settings.model_validate({"thresholds": {"recv_window_ms": 7000}})
    wire = Wire()
    async with ClientFactory({}, settings)("binance_futures", timeout=1.0, transport=wire) as c:
        await c.get("/fapi/v2/balance")
    assert "recvWindow=7000" in wire.requests[0].url.query.decode()


async def test_shared_fetch_runs_once_for_concurrent_callers() -> None:
    factory = ClientFactory({}, Settings())
    calls = 0

    async def fetch() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        return 42

    results = await asyncio.gather(*(factory.shared("k", fetch) for _ in range(5)))
    assert results == [42] * 5
    assert calls == 1


async def test_shared_fetch_survives_a_cancelled_caller() -> None:
    factory = ClientFactory({}, Settings())
    started = asyncio.Event()

    async def fetch() -> str:
        started.set()
        await asyncio.sleep(0.05)
        return "answer"

    first = asyncio.create_task(factory.shared("k", fetch))
    await started.wait()
    first.cancel()
    assert await factory.shared("k", fetch) == "answer"


async def test_shared_fetch_error_reaches_every_caller() -> None:
    factory = ClientFactory({}, Settings())

    async def fetch() -> None:
        raise ValueError("boom")

    for _ in range(2):
        with pytest.raises(ValueError, match="boom"):
            await factory.shared("k", fetch)


async def test_real_sockets_to_the_simulator(sim: RunningSimulator) -> None:
    values = {key.base_url_key: sim.base_url for key in VENUES.values()}
    async with ClientFactory(values, LOCAL)("binance", timeout=2.0) as client:
        response = await client.get("/api/v3/time")
    assert response.status_code == 200
    assert [(r.method, r.path) for r in sim.state.requests()] == [("GET", "/api/v3/time")]


def tls_of(client: httpx.AsyncClient) -> ssl.SSLContext:
    """The TLS context the client's real wire connects with."""
    context: ssl.SSLContext = client._transport.inner._pool._ssl_context  # type: ignore[attr-defined]
    return context


@pytest.mark.parametrize("venue", DEFAULT_HOSTS)
async def test_https_clients_verify_against_the_ca_bundle(venue: str) -> None:
    async with ClientFactory({}, Settings())(venue, timeout=1.0) as client:
        context = tls_of(client)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.cert_store_stats()["x509_ca"] > 0


@pytest.mark.parametrize("fault", ["tls"], indirect=True)
async def test_https_client_refuses_an_untrusted_certificate(fault: FaultTarget) -> None:
    values = {key.base_url_key: "http://127.0.0.1:9" for key in VENUES.values()}
    values["BINANCE_BASE_URL"] = fault.url  # https, a self-signed certificate
    async with ClientFactory(values, LOCAL)("binance", timeout=5.0) as client:
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            await client.get("/api/v3/time")
    assert fault.connections, "the request did not reach the TLS server"


async def test_plain_http_origins_load_no_ca_bundle() -> None:
    """Against a local simulator (every venue on http) the CA bundle is never loaded; the
    context such a client holds verifies and trusts nothing, should TLS ever happen."""
    values = {key.base_url_key: "http://127.0.0.1:9" for key in VENUES.values()}
    factory = ClientFactory(values, LOCAL)
    for venue in VENUES:
        async with factory(venue, timeout=1.0) as client:
            context = tls_of(client)
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname is True
        assert context.cert_store_stats()["x509_ca"] == 0
    assert factory._tls is None


@pytest.mark.parametrize("fault", ["tls"], indirect=True)
async def test_the_context_of_plain_http_clients_fails_any_handshake(fault: FaultTarget) -> None:
    values = {key.base_url_key: "http://127.0.0.1:9" for key in VENUES.values()}
    async with ClientFactory(values, LOCAL)("upbit", timeout=1.0) as guarded:
        context = tls_of(guarded)
    wire = httpx.AsyncHTTPTransport(verify=context, trust_env=False)
    async with httpx.AsyncClient(transport=wire, timeout=5.0) as client:
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            await client.get(f"{fault.url}/")


async def test_one_https_venue_gets_the_verifying_context() -> None:
    values = {key.base_url_key: "http://127.0.0.1:9" for key in VENUES.values()}
    values["TELEGRAM_BASE_URL"] = "https://api.telegram.org"
    factory = ClientFactory(values, LOCAL)
    assert factory._tls is not None  # built with the factory, before any check runs
    async with factory("telegram", timeout=1.0) as client:
        assert tls_of(client) is factory._tls
    async with factory("binance", timeout=1.0) as client:
        assert tls_of(client) is not factory._tls
