"""Starting and stopping: loopback only by default, no leaked threads or sockets."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading

import httpx
import pytest

from golive.sim.accounts import SimCredentials
from golive.sim.auth import TELEGRAM_TOKEN_FORMAT
from golive.sim.scenarios import UnknownScenarioError
from golive.sim.server import (
    NonLoopbackHostError,
    SimConfig,
    is_loopback,
    start_simulator,
)


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_start_stop_100_times_leaks_nothing() -> None:
    threads, fds = threading.active_count(), open_fds()
    with httpx.Client() as client:
        for _ in range(100):
            sim = start_simulator()
            assert client.get(sim.url("/api/v3/time")).status_code == 200
            sim.stop()
            assert not sim.running
    assert threading.active_count() == threads
    assert open_fds() <= fds


def test_context_manager_and_fixed_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with start_simulator(SimConfig(port=port)) as sim:
        assert sim.base_url == f"http://127.0.0.1:{port}"
        assert sim.state.base_url == sim.base_url
        assert httpx.get(sim.url("/fapi/v1/time")).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(sim.url("/fapi/v1/time"))


def test_ipv6_loopback() -> None:
    with start_simulator(SimConfig(host="::1")) as sim:
        assert sim.base_url.startswith("http://[::1]:")
        assert httpx.get(sim.url("/api/v3/time")).status_code == 200


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "example.com"])
def test_refuses_non_loopback_without_permission(host: str) -> None:
    with pytest.raises(NonLoopbackHostError, match="not a loopback address"):
        start_simulator(SimConfig(host=host))


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_unknown_start_scenario_is_rejected_before_binding() -> None:
    threads = threading.active_count()
    with pytest.raises(UnknownScenarioError):
        start_simulator(SimConfig(scenarios=("binance.nope",)))
    assert threading.active_count() == threads


def test_start_scenarios_survive_reset() -> None:
    with start_simulator(SimConfig(scenarios=("binance.hedge_mode",))) as sim:
        sim.state.set_scenarios([])
        sim.state.reset()
        assert sim.state.active_scenarios == ("binance.hedge_mode",)


def test_credentials_are_random_per_run_and_well_formed() -> None:
    first, second = SimCredentials.generate(), SimCredentials.generate()
    assert first.binance_api_key != second.binance_api_key
    assert len(first.binance_api_key) == len(first.binance_api_secret) == 64
    assert TELEGRAM_TOKEN_FORMAT.match(first.telegram_bot_token)
    assert len(first.telegram_bot_token.split(":")[1]) == 35
    assert first.telegram_chat_id > 0


def test_given_credentials_are_used() -> None:
    creds = SimCredentials.generate()
    with start_simulator(SimConfig(credentials=creds)) as sim:
        assert sim.state.credentials == creds


def test_import_golive_sim_is_cheap() -> None:
    code = (
        "import sys, golive.sim, golive.sim.command, golive.sim.scenarios;"
        "print(sorted(m for m in ('starlette', 'uvicorn') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
