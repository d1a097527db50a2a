"""Credentials of the shapes the venues issue, for fixtures that must pass ``env validate``.

A Binance API key and HMAC secret are 64 letters and digits, an Upbit access and secret key
40, a Telegram token ``<bot id>:<35 of [A-Za-z0-9_-]>`` (``golive.envfiles.keyshapes``
cites where each comes from). The lengths are written here again on purpose: a test that
imported them from golive would follow a wrong rule instead of catching it.
"""

from __future__ import annotations

BINANCE_KEY_LENGTH = 64
UPBIT_KEY_LENGTH = 40
TOKEN_SECRET_LENGTH = 35


def shaped(seed: str, length: int) -> str:
    """``seed`` repeated and cut to ``length``: fixed, and plainly a test value."""
    return (seed * (length // len(seed) + 1))[:length]


def binance_key(seed: str) -> str:
    return shaped(seed, BINANCE_KEY_LENGTH)


def upbit_key(seed: str) -> str:
    return shaped(seed, UPBIT_KEY_LENGTH)


def telegram_token(seed: str, bot_id: str = "7012345678") -> str:
    return f"{bot_id}:{shaped(seed, TOKEN_SECRET_LENGTH)}"
