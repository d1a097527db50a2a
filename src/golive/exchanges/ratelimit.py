"""Rate-limit headers -> how much of which budget is used.

Binance ``/api`` and ``/fapi`` report the IP's used request weight per minute
(``X-MBX-USED-WEIGHT-1M``) against one limit per venue. ``/sapi`` answers carry
``X-SAPI-USED-IP-WEIGHT-1M`` (each IP-limited endpoint has its own 12,000/min)
or ``X-SAPI-USED-UID-WEIGHT-1M`` (each UID-limited endpoint 180,000/min) instead
(developers.binance.com/docs/products/caas/basics/4.rate-limits). Upbit reports
the requests left in the current second of a limit group (``Remaining-Req:
group=default; min=1800; sec=29``). ``window`` names the budget that was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.model import JSONValue

BINANCE_WEIGHT_LIMITS: Mapping[str, int] = {"binance": 6000, "binance_futures": 2400}
"""Request weight per minute and IP (spot since 2023-08-25; USDⓈ-M futures)."""

UPBIT_GROUP_LIMITS: Mapping[str, int] = {"default": 30, "order": 12, "market": 10, "candles": 10}
"""Requests per second by ``Remaining-Req`` group; unknown groups count as ``default``.
``order`` went from 8 to 12 on 2026-08-21 (docs.upbit.com/kr/changelog/order-rate-limit-update)."""

_UPBIT_HEADER = re.compile(r"group=([A-Za-z0-9_\-]+).*?sec=([0-9]+)")


@dataclass(frozen=True)
class RateUsage:
    """One response's reading of a venue's budget: ``used`` of ``limit`` in a ``window``."""

    venue: str
    used: int
    limit: int
    window: str

    @property
    def used_pct(self) -> float:
        return 100.0 * self.used / self.limit if self.limit else 0.0

    def as_detail(self) -> dict[str, JSONValue]:
        return {
            "used": self.used,
            "limit": self.limit,
            "window": self.window,
            "used_pct": round(self.used_pct, 1),
        }


BINANCE_BUDGETS: tuple[tuple[str, int | None], ...] = (
    ("X-SAPI-USED-IP-WEIGHT-1M", 12_000),
    ("X-SAPI-USED-UID-WEIGHT-1M", 180_000),
    ("X-MBX-USED-WEIGHT-1M", None),
    ("X-MBX-USED-WEIGHT", None),
)
"""Header -> limit per minute (``None``: the venue's own limit), most specific first."""


def _binance(venue: str, headers: Mapping[str, str]) -> RateUsage | None:
    for header, limit in BINANCE_BUDGETS:
        raw = headers.get(header)
        if raw is not None and _count(raw) is not None:
            budget = limit or BINANCE_WEIGHT_LIMITS[venue]
            return RateUsage(venue, _count(raw) or 0, budget, header.removesuffix("-1M") + "-1M")
    return None


def _upbit(venue: str, headers: Mapping[str, str]) -> RateUsage | None:
    match = _UPBIT_HEADER.search(headers.get("remaining-req", ""))
    if match is None:
        return None
    group, remaining = match.group(1), int(match.group(2))
    limit = UPBIT_GROUP_LIMITS.get(group, UPBIT_GROUP_LIMITS["default"])
    return RateUsage(venue, max(limit - remaining, 0), limit, f"Remaining-Req group={group}")


_PARSERS = {"binance": _binance, "binance_futures": _binance, "upbit": _upbit}


def parse(venue: str, headers: Mapping[str, str]) -> RateUsage | None:
    """The usage a response's headers report, or ``None`` when the venue sends none.

    ``headers`` must look names up case-insensitively (``httpx.Headers`` does).
    """
    parser = _PARSERS.get(venue)
    return None if parser is None else parser(venue, headers)


def _count(raw: str) -> int | None:
    """A header's non-negative count: ASCII digits only (``'²'.isdigit()`` is true), 18 at most."""
    text = raw.strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None
