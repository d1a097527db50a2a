"""An unmodified third-party client (ccxt) works against the simulator, configured only by URLs."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

import ccxt  # type: ignore[import-untyped]
import pytest

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def pointed_at(exchange: ccxt.Exchange, base_url: str) -> ccxt.Exchange:
    """Replace the scheme and host of every ``urls['api']`` entry; paths stay ccxt's own."""
    exchange.urls["api"] = {
        name: re.sub(r"^https://[^/]+", base_url, url) if isinstance(url, str) else url
        for name, url in exchange.urls["api"].items()
    }
    return exchange


def binance(sim: RunningSimulator) -> ccxt.binance:
    creds = sim.state.credentials
    client = ccxt.binance(
        {
            "apiKey": creds.binance_api_key,
            "secret": creds.binance_api_secret,
            "timeout": 5000,
            "options": {
                "fetchMarkets": {"types": ["spot", "linear"]},
                "fetchCurrencies": False,
                "fetchMargins": False,
            },
        }
    )
    return pointed_at(client, sim.base_url)


def upbit(sim: RunningSimulator) -> ccxt.upbit:
    creds = sim.state.credentials
    client = ccxt.upbit(
        {"apiKey": creds.upbit_access_key, "secret": creds.upbit_secret_key, "timeout": 5000}
    )
    client.urls["api"] = {"public": sim.base_url, "private": sim.base_url}
    return client


def test_ccxt_binance_time_and_spot_balance(sim: RunningSimulator) -> None:
    client = binance(sim)
    assert abs(client.fetch_time() - time.time() * 1000) < 2000
    balance = client.fetch_balance()
    assert balance["USDT"]["free"] == 1000.0
    assert balance["BTC"]["total"] == 0.01
    paths = [r.path for r in sim.state.requests()]
    assert "/api/v3/account" in paths
    assert not sim.state.mutating_requests()


def test_ccxt_binance_futures_balance(sim: RunningSimulator) -> None:
    client = binance(sim)
    assert client.fetch_balance({"type": "swap"})["USDT"]["free"] == 5000.0
    assert client.fetch_balance({"type": "swap", "useV2": True})["USDT"]["total"] == 5000.0
    paths = {r.path for r in sim.state.requests()}
    assert {"/fapi/v1/exchangeInfo", "/fapi/v3/account", "/fapi/v2/account"} <= paths


def test_ccxt_binance_sees_simulated_errors(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.bad_signature"])
    client = binance(sim)
    with pytest.raises(ccxt.AuthenticationError):
        client.fetch_balance()
    sim.state.set_scenarios(["binance.clock_skew"])
    with pytest.raises(ccxt.InvalidNonce):
        client.fetch_balance()


def test_ccxt_upbit_balance(sim: RunningSimulator) -> None:
    client = upbit(sim)
    balance = client.fetch_balance()
    assert balance["KRW"]["free"] == 1_000_000.0
    assert balance["BTC"]["total"] == 0.01
    assert {r.path for r in sim.state.requests()} == {"/v1/market/all", "/v1/accounts"}


def test_ccxt_upbit_sees_simulated_errors(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.invalid_key"])
    with pytest.raises(ccxt.AuthenticationError):
        upbit(sim).fetch_balance()
