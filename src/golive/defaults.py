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
