"""The env file ``golive sim --write-env`` writes: credentials and base URLs for a profile.

:func:`env_values` is what gets written, so tests and ``golive demo`` can reuse it
without a file; :func:`write_env_file` writes it atomically with mode 0600.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from golive.config import PROFILES
from golive.sim.state import SimState

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator

DEFAULT_POSTGRES_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
BASE_URL_KEYS = (
    "BINANCE_BASE_URL",
    "BINANCE_FUTURES_BASE_URL",
    "UPBIT_BASE_URL",
    "TELEGRAM_BASE_URL",
)
HEALTHY_PLAN: Mapping[str, str] = {
    "TRADING_PAIRS": "ETH,XRP",
    "SEED_USDT": "50",
    "MAX_NOTIONAL_USDT": "100",
    "FUTURES_LEVERAGE": "1",
    "FUTURES_MARGIN_TYPE": "ISOLATED",
    "FUTURES_POSITION_MODE": "one_way",
    "KILL_SWITCH_DAILY_LOSS_USDT": "10",
    "KILL_SWITCH_MAX_NOTIONAL_USDT": "100",
}
"""The trading plan written with the env file: READY against the healthy simulator.

Seed 50 USDT, at most 100 USDT per leg, a 10 USDT daily loss limit. ETH and XRP,
not BTC: BTCUSDT's minimum notional is 100 USDT and its quantity step 0.001 BTC,
so at the simulator's mark price the largest order within 100 USDT is below the
minimum, as it is on Binance (the ``markets`` check says so).
"""
_BARE_VALUE = re.compile(r"^[A-Za-z0-9_./:@%+=,?&~-]*$")


def env_values(
    sim: RunningSimulator | SimState,
    profile: str = "live",
    postgres_dsn: str | None = None,
    redis_url: str | None = None,
) -> dict[str, str]:
    """Every variable ``--write-env`` writes, in file order."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: expected one of {', '.join(PROFILES)}")
    state = sim if isinstance(sim, SimState) else sim.state
    if state.base_url is None:
        raise ValueError("the simulator is not serving yet: no base URL")
    creds = state.credentials
    return {
        "ARBITRAGE_ENV": profile,
        "UPBIT_ACCESS_KEY": creds.upbit_access_key,
        "UPBIT_SECRET_KEY": creds.upbit_secret_key,
        "BINANCE_API_KEY": creds.binance_api_key,
        "BINANCE_API_SECRET": creds.binance_api_secret,
        "TELEGRAM_BOT_TOKEN": creds.telegram_bot_token,
        "TELEGRAM_CHAT_ID": str(creds.telegram_chat_id),
        "POSTGRES_DSN": postgres_dsn or DEFAULT_POSTGRES_DSN,
        "REDIS_URL": redis_url or DEFAULT_REDIS_URL,
        "READ_ONLY_ENFORCED": "true",
        **HEALTHY_PLAN,
        **dict.fromkeys(BASE_URL_KEYS, state.base_url),
        **({"BINANCE_TESTNET": "true"} if state.config.binance_testnet else {}),
    }


def _line(key: str, value: str) -> str:
    if _BARE_VALUE.match(value):
        return f"{key}={value}"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{key}="{escaped}"'


def render_env(values: Mapping[str, str], base_url: str) -> str:
    header = (
        f"# Written by `golive sim` for the simulator at {base_url}.\n"
        "# Simulator credentials only: valid while that simulator runs, useless anywhere else.\n"
    )
    return header + "".join(_line(k, v) + "\n" for k, v in values.items())


def write_env_file(path: Path, values: Mapping[str, str], base_url: str) -> Path:
    """Write atomically (temp file + rename in the same folder), mode 0600."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(render_env(values, base_url))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
