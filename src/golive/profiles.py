"""The profiles and the keys each one requires by default: plain data, no pydantic.

``golive.config`` builds its settings on these; the env-file modules read them
without loading the settings model (listing checks stays light).
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
