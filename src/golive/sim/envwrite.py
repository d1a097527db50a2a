"""The env file ``golive sim --write-env`` writes: credentials and base URLs for a profile.

:func:`env_values` is what gets written, so tests and ``golive demo`` can reuse it
without a file; :func:`write_env_file` writes it atomically with mode 0600.

An env file may hold real secrets that cannot be recovered (Binance shows a
secret once), so the writer overwrites only a file it wrote itself, known by
:data:`MARKER` on its first line. Anything else that exists is refused
(:class:`EnvWriteRefusedError`): a hand-written file unless ``force`` (then the old
file is moved to ``PATH.bak-<UTC timestamp>``, mode 0600), and anything that is
not a regular file (a device, a folder, a symlink) always.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from golive import messages
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
BOT_READ_ONLY: Mapping[str, str] = {"live": "false", "paper": "true", "local_dev": "true"}
"""``READ_ONLY_ENFORCED`` per profile: the bot's own switch, not golive's (a preflight is
read-only whatever the file says). A live bot with it on could not trade, which the
``read_only`` check WARNs, so a live rehearsal file says false; paper and local_dev keep
the bot read-only, as that check expects of them."""
MARKER = "# Written by `golive sim`"
"""How a file this module wrote begins: the only files it overwrites without ``force``."""
BACKUP_STAMP = "%Y%m%dT%H%M%SZ"
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
        "READ_ONLY_ENFORCED": BOT_READ_ONLY[profile],
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
    body = "".join(_line(k, v) + "\n" for k, v in values.items())
    header = (
        f"{MARKER} for the simulator at {base_url} ({_DIGEST}{_digest(body)}).\n"
        "# Simulator credentials only: valid while that simulator runs, useless anywhere else.\n"
    )
    return header + body


_DIGEST = "sha256:"
_DIGEST_OF = re.compile(r"\(sha256:([0-9a-f]{16})\)\.$")
"""The marker line names a digest of the lines below the header: a file someone edited
since (real keys pasted into a simulator file) is no longer "ours" and is not replaced."""


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


class EnvWriteRefusedError(ValueError):
    """The path holds something the writer must not replace; the message is one line."""


def _written_by_us(path: Path) -> bool:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(MAX_OURS_BYTES + 1)
    if not data.startswith(MARKER.encode()) or len(data) > MAX_OURS_BYTES:
        return False
    first, _, rest = data.decode("utf-8", "replace").partition("\n")
    body = rest.partition("\n")[2]
    found = _DIGEST_OF.search(first)
    return found is not None and found.group(1) == _digest(body)


MAX_OURS_BYTES = 1_000_000


def backup_path(path: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime(BACKUP_STAMP)
    return path.with_name(f"{path.name}.bak-{stamp}")


def check_target(path: Path, *, force: bool, lang: str = "en") -> bool:
    """Raise :class:`EnvWriteRefusedError` unless ``path`` may be written; True if it exists."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(info.st_mode):
        raise EnvWriteRefusedError(messages.text("sim.write_env.not_regular", lang, path=str(path)))
    if not force and not _written_by_us(path):
        raise EnvWriteRefusedError(messages.text("sim.write_env.not_ours", lang, path=str(path)))
    return True


def _move_aside(path: Path, now: datetime | None, lang: str) -> Path:
    backup = backup_path(path, now)
    if os.path.lexists(backup):
        raise EnvWriteRefusedError(
            messages.text("sim.write_env.backup_exists", lang, path=str(backup))
        )
    os.rename(path, backup)
    os.chmod(backup, 0o600)
    return backup


def write_env_file(
    path: Path,
    values: Mapping[str, str],
    base_url: str,
    *,
    force: bool = False,
    lang: str = "en",
    now: datetime | None = None,
) -> Path:
    """Write atomically (temp file + rename in the same folder), mode 0600; returns ``path``."""
    write_env_file_keeping(path, values, base_url, force=force, lang=lang, now=now)
    return path


def write_env_file_keeping(
    path: Path,
    values: Mapping[str, str],
    base_url: str,
    *,
    force: bool = False,
    lang: str = "en",
    now: datetime | None = None,
) -> Path | None:
    """:func:`write_env_file`; returns where a file golive did not write went (``force``)."""
    backup = None
    if check_target(path, force=force, lang=lang) and not _written_by_us(path):
        backup = _move_aside(path, now, lang)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(render_env(values, base_url))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return backup
