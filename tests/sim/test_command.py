"""``golive sim``: run_sim's usage errors, serving in a thread, and a real process with signals."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from io import StringIO
from typing import TYPE_CHECKING

import httpx
import pytest
from dotenv import dotenv_values

from golive.sim.command import SimUsageError, run_sim, serve, sim_config
from tests.support.simulator import binance_signed_query

if TYPE_CHECKING:
    from pathlib import Path

ARGS: dict[str, object] = {
    "host": None,
    "port": 0,
    "scenarios": [],
    "latency_ms": 0,
    "clock_offset_ms": 0,
    "write_env": None,
    "profile": "live",
    "postgres_dsn": None,
    "redis_url": None,
}


@pytest.mark.parametrize(
    ("override", "needle"),
    [
        ({"scenarios": ["binance.nope"]}, "unknown scenario 'binance.nope'; valid: healthy, "),
        ({"profile": "prod"}, "--profile must be one of live, paper, local_dev"),
        ({"port": 70000}, "--port must be 0..65535"),
        ({"latency_ms": -1}, "--latency-ms must be >= 0"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], override: dict[str, object], needle: str
) -> None:
    assert run_sim(**{**ARGS, **override}) == 2  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("golive sim: ")
    assert needle in err


def test_default_host_is_loopback_and_explicit_host_is_allowed() -> None:
    base = {"port": 0, "scenarios": [], "latency_ms": 0, "clock_offset_ms": 0}
    assert sim_config(host=None, **base).host == "127.0.0.1"  # type: ignore[arg-type]
    explicit = sim_config(host="0.0.0.0", **base)  # type: ignore[arg-type]
    assert explicit.allow_non_loopback


def test_clock_offset_alone_skews_every_venue() -> None:
    config = sim_config(host=None, port=0, scenarios=[], latency_ms=0, clock_offset_ms=3000)
    assert {name.split(".")[1] for name in config.scenarios} == {"clock_skew"}
    assert len(config.scenarios) == 4
    chosen = sim_config(
        host=None, port=0, scenarios=["upbit.clock_skew"], latency_ms=0, clock_offset_ms=3000
    )
    assert chosen.scenarios == ("upbit.clock_skew",)


def test_bad_flags_raise_usage_error() -> None:
    with pytest.raises(SimUsageError):
        sim_config(host=None, port=-1, scenarios=[], latency_ms=0, clock_offset_ms=0)


def test_serve_in_a_thread_writes_env_and_stops(tmp_path: Path) -> None:
    stop, out = threading.Event(), StringIO()
    env = tmp_path / ".env.paper"
    config = sim_config(
        host=None, port=0, scenarios=["binance.hedge_mode"], latency_ms=0, clock_offset_ms=0
    )
    result: list[int] = []
    worker = threading.Thread(
        target=lambda: result.append(
            serve(
                config,
                write_env=env,
                profile="paper",
                postgres_dsn=None,
                redis_url=None,
                stop=stop,
                out=out,
            )
        )
    )
    worker.start()
    deadline = time.monotonic() + 5
    while "stops it" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    values = dotenv_values(env)
    assert values["ARBITRAGE_ENV"] == "paper"
    assert httpx.get(f"{values['BINANCE_BASE_URL']}/api/v3/time").status_code == 200
    stop.set()
    worker.join(5)
    assert result == [0]
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("golive sim: listening on http://127.0.0.1:")
    assert lines[1] == "golive sim: scenarios: binance.hedge_mode"
    assert f"env file for profile paper: {env}" in lines[2]
    assert lines[-1] == "golive sim: stopped"


def _start_process(env_file: Path, *extra: str) -> subprocess.Popen[str]:
    code = (
        "import sys; from pathlib import Path; from golive.sim.command import run_sim;"
        "raise SystemExit(run_sim(host=None, port=0, scenarios=sys.argv[2:], latency_ms=0,"
        " clock_offset_ms=0, write_env=Path(sys.argv[1]), profile='live',"
        " postgres_dsn=None, redis_url=None))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, str(env_file), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_env(proc: subprocess.Popen[str], env_file: Path) -> dict[str, str | None]:
    deadline = time.monotonic() + 10
    while not env_file.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return dotenv_values(env_file)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_process_serves_a_plain_signed_request_then_stops_on_signal(
    tmp_path: Path, sig: signal.Signals
) -> None:
    env_file = tmp_path / ".env.live"
    proc = _start_process(env_file, "binance.withdrawals_enabled")
    try:
        values = _wait_for_env(proc, env_file)
        query = binance_signed_query(str(values["BINANCE_API_SECRET"]))
        response = httpx.get(
            f"{values['BINANCE_BASE_URL']}/sapi/v1/account/apiRestrictions?{query}",
            headers={"X-MBX-APIKEY": str(values["BINANCE_API_KEY"])},
        )
        assert response.status_code == 200
        assert response.json()["enableWithdrawals"] is True
        assert stat_mode(env_file) == 0o600
    finally:
        os.kill(proc.pid, sig)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert out.splitlines()[0] == f"golive sim: listening on {values['BINANCE_BASE_URL']}"
    assert out.splitlines()[-1] == "golive sim: stopped"


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_port_in_use_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert run_sim(**{**ARGS, "port": port}) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"golive sim: cannot serve on 127.0.0.1:{port}: Address already in use")
    assert err.count("\n") == 1


def test_unwritable_env_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / ".env.live"
    assert run_sim(**{**ARGS, "write_env": target}) == 2  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert err.startswith(f"golive sim: cannot write {target}: ")
    assert err.count("\n") == 1
