"""Defaults as plain data, no pydantic: the profiles, the keys each requires, the body cap.

``golive.config`` builds its settings on these and re-exports them; modules a check
imports at load time read them here, so listing checks never loads the settings model.
"""

from __future__ import annotations

PROFILES: tuple[str, ...] = ("live", "paper", "local_dev")

_EXCHANGE_KEYS = [
    "UPBIT_ACCESS_KEY",
    "UPBIT_SECRET_KEY",
    "BINANCE_API_KEY",
    "BINANCE_API_SECRET",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_CHAT_ID",
    "POSTGRES_DSN",
    "REDIS_URL",
]

DEFAULT_REQUIRED_KEYS: dict[str, list[str]] = {
    "live": list(_EXCHANGE_KEYS),
    "paper": list(_EXCHANGE_KEYS),
    "local_dev": ["POSTGRES_DSN", "REDIS_URL"],
}

DEFAULT_MAX_BODY_BYTES = 1 << 20
"""The largest answer body golive reads (``max_body_bytes`` in the settings)."""

ENV_FILE_GROUP_OTHER_BITS = 0o077
"""An env file holds secrets: no bit for group or others (``chmod 600``)."""
ENV_FILE_MODE_ERROR_PROFILES: frozenset[str] = frozenset({"live"})
"""Where an env file others may read is an error (``git_safety`` FAILs ``git.file_mode``,
``env validate`` reports ``file_mode`` as an error); elsewhere a warning."""


def readable_by_others(mode: int | None) -> bool:
    """Whether a file mode gives group or others any access (None: mode unknown)."""
    return mode is not None and bool(mode & ENV_FILE_GROUP_OTHER_BITS)


TESTNET_FLAG = "BINANCE_TESTNET"
TESTNET_TRUE_WORDS: frozenset[str] = frozenset({"1", "true", "yes"})
TESTNET_PROFILES: frozenset[str] = frozenset({"paper", "local_dev"})
"""Only these profiles may run on a test network (``BINANCE_TESTNET`` is honoured there);
in ``live`` the flag is an ``env validate`` error (``testnet_in_live``)."""
FALSE_WORDS: frozenset[str] = frozenset({"", "0", "false", "no", "off"})


def testnet_flag_set(value: str) -> bool:
    """``BINANCE_TESTNET`` set to anything but a false word (``live`` forbids any of those)."""
    return value.strip().lower() not in FALSE_WORDS
