"""Which venue a path belongs to, and which requests count as mutating."""

from __future__ import annotations

import re
from enum import StrEnum


class Venue(StrEnum):
    BINANCE = "binance"
    BINANCE_FUTURES = "binance_futures"
    UPBIT = "upbit"
    TELEGRAM = "telegram"


ROOTS: tuple[tuple[str, Venue], ...] = (
    ("/api/", Venue.BINANCE),
    ("/sapi/", Venue.BINANCE),
    ("/fapi/", Venue.BINANCE_FUTURES),
    ("/v1/", Venue.UPBIT),
    ("/bot", Venue.TELEGRAM),
)
"""Path roots, first match wins."""

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

TELEGRAM_PATH = re.compile(r"^/bot(?P<token>[^/]*)/(?P<method>[A-Za-z]+)$")

TELEGRAM_READ_METHODS = frozenset(
    {"getme", "getchat", "getchatmember", "getchatmembercount", "getwebhookinfo", "getmycommands"}
)
"""Bot API methods that change nothing; every other method counts as mutating."""


def venue_for(path: str) -> Venue | None:
    return next((venue for root, venue in ROOTS if path.startswith(root)), None)


def telegram_method(path: str) -> str | None:
    match = TELEGRAM_PATH.match(path)
    return match.group("method") if match else None


def is_mutating(venue: Venue, method: str, path: str) -> bool:
    """True when the request could change something at the venue (orders, transfers, messages)."""
    if venue is Venue.TELEGRAM:
        name = telegram_method(path)
        return name is None or name.lower() not in TELEGRAM_READ_METHODS
    return method.upper() not in SAFE_METHODS


def mask_path(venue: Venue, path: str) -> str:
    """The path as logged: a Telegram bot token never reaches the request log."""
    if venue is not Venue.TELEGRAM:
        return path
    match = TELEGRAM_PATH.match(path)
    if match is None:
        return "/bot***" + path[path.find("/", 1) :] if path.count("/") > 1 else "/bot***"
    return f"/bot***/{match.group('method')}"
