"""The --write-env file: exactly env_values, mode 0600, readable by python-dotenv."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from dotenv import dotenv_values

from golive.sim.envwrite import (
    MARKER,
    EnvWriteRefusedError,
    env_values,
    write_env_file,
    write_env_file_keeping,
)
from golive.sim.state import SimConfig, SimState

if TYPE_CHECKING:
    from pathlib import Path

    from golive.sim.server import RunningSimulator

EXPECTED_KEYS = [
    "ARBITRAGE_ENV",
    "UPBIT_ACCESS_KEY",
    "UPBIT_SECRET_KEY",
    "BINANCE_API_KEY",
    "BINANCE_API_SECRET",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_CHAT_ID",
    "POSTGRES_DSN",
    "REDIS_URL",
    "READ_ONLY_ENFORCED",
    "TRADING_PAIRS",
    "SEED_USDT",
    "MAX_NOTIONAL_USDT",
    "FUTURES_LEVERAGE",
    "FUTURES_MARGIN_TYPE",
    "FUTURES_POSITION_MODE",
    "KILL_SWITCH_DAILY_LOSS_USDT",
    "KILL_SWITCH_MAX_NOTIONAL_USDT",
    "BINANCE_BASE_URL",
    "BINANCE_FUTURES_BASE_URL",
    "UPBIT_BASE_URL",
    "TELEGRAM_BASE_URL",
]


def test_env_values_for_handle_and_state(simulator: RunningSimulator) -> None:
    values = env_values(simulator, "paper")
    assert list(values) == EXPECTED_KEYS
    assert values == env_values(simulator.state, "paper")
    creds = simulator.state.credentials
    assert values["ARBITRAGE_ENV"] == "paper"
    assert values["BINANCE_API_KEY"] == creds.binance_api_key
    assert values["TELEGRAM_CHAT_ID"] == str(creds.telegram_chat_id)
    assert values["READ_ONLY_ENFORCED"] == "true"  # a paper bot stays read-only
    assert env_values(simulator, "live")["READ_ONLY_ENFORCED"] == "false"  # a live one trades
    assert values["POSTGRES_DSN"] == "postgresql://postgres@127.0.0.1:5432/postgres"
    assert values["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    for key in (
        "BINANCE_BASE_URL",
        "BINANCE_FUTURES_BASE_URL",
        "UPBIT_BASE_URL",
        "TELEGRAM_BASE_URL",
    ):
        assert values[key] == simulator.base_url


def test_dsn_and_redis_from_flags(simulator: RunningSimulator) -> None:
    values = env_values(
        simulator, "local_dev", "postgresql://u:p@127.0.0.1/db", "redis://127.0.0.1/2"
    )
    assert values["POSTGRES_DSN"] == "postgresql://u:p@127.0.0.1/db"
    assert values["REDIS_URL"] == "redis://127.0.0.1/2"


def test_unknown_profile_and_unstarted_state(simulator: RunningSimulator) -> None:
    with pytest.raises(ValueError, match="unknown profile"):
        env_values(simulator, "prod")
    with pytest.raises(ValueError, match="not serving"):
        env_values(SimState(SimConfig()), "live")


def test_written_file_is_0600_and_round_trips(simulator: RunningSimulator, tmp_path: Path) -> None:
    values = env_values(simulator, "live", "postgresql://u:p w@127.0.0.1/db#x")
    path = write_env_file(tmp_path / ".env.live", values, simulator.base_url)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert dotenv_values(path) == values
    assert list(tmp_path.iterdir()) == [path]


def test_rewriting_its_own_file_replaces_atomically(
    simulator: RunningSimulator, tmp_path: Path
) -> None:
    path = tmp_path / "sim.env"
    write_env_file(path, {"OLD": "1"}, simulator.base_url)
    path.chmod(0o644)
    assert write_env_file_keeping(path, env_values(simulator), simulator.base_url) is None
    assert "OLD" not in dotenv_values(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [path]


def test_a_file_it_did_not_write_is_refused_unless_forced(
    simulator: RunningSimulator, tmp_path: Path
) -> None:
    path = tmp_path / "sim.env"
    path.write_text("OLD=1\n")
    with pytest.raises(EnvWriteRefusedError, match="golive sim did not write it"):
        write_env_file(path, env_values(simulator), simulator.base_url)
    assert path.read_text() == "OLD=1\n"
    moment = datetime(2026, 11, 30, 4, 5, 6, tzinfo=UTC)
    values = env_values(simulator)
    backup = write_env_file_keeping(path, values, simulator.base_url, force=True, now=moment)
    assert backup == tmp_path / "sim.env.bak-20261130T040506Z"
    assert backup.read_text() == "OLD=1\n"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert path.read_text().startswith(MARKER)
