"""Venue identifiers: the names the classifier accepts and how messages name them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

VENUE_NAMES: Final[Mapping[str, tuple[str, str]]] = {
    "binance": ("Binance", "바이낸스"),
    "binance_futures": ("Binance futures", "바이낸스 선물"),
    "upbit": ("Upbit", "업비트"),
    "telegram": ("Telegram", "텔레그램"),
}
EXCHANGE_ALIASES: Final[Mapping[str, str]] = {
    "binance_spot": "binance",
    "binanceusdm": "binance_futures",
    "binance_usdm": "binance_futures",
    "fapi": "binance_futures",
}


def venue_id(exchange: object) -> str:
    """The table key for what a caller named the venue (``""`` for a non-string)."""
    if not isinstance(exchange, str):
        return ""
    name = exchange.strip().lower().replace("-", "_")[:40]
    return EXCHANGE_ALIASES.get(name, name)


def venue_name(exchange: str, lang: str) -> str:
    """How a venue is named in messages and hints (``the server`` for an unknown one)."""
    names = VENUE_NAMES.get(exchange)
    if names is None:
        return "서버" if lang == "ko" else "the server"
    return names[1] if lang == "ko" else names[0]
