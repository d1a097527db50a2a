"""Venue identifiers: the names the classifier accepts and how messages name them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

VENUE_NAMES: Final[Mapping[str, str]] = {
    "binance": "venue.binance",
    "binance_futures": "venue.binance_futures",
    "upbit": "venue.upbit",
    "telegram": "venue.telegram",
}
"""Venue id -> the catalogue key of its name (``venue.unknown`` for any other)."""
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
    from golive import messages

    return messages.text(VENUE_NAMES.get(exchange, "venue.unknown"), lang)
