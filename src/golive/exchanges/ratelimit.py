"""Rate-limit headers -> how much of the venue's budget is used.

Binance reports the IP's used request weight per minute (``X-MBX-USED-WEIGHT-1M``)
against a fixed limit per venue; Upbit reports the requests left in the current
second of a limit group (``Remaining-Req: group=default; min=1800; sec=29``).
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

UPBIT_GROUP_LIMITS: Mapping[str, int] = {"default": 30, "order": 8, "market": 10, "candles": 10}
"""Requests per second by ``Remaining-Req`` group; unknown groups count as ``default``."""

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


def _binance(venue: str, headers: Mapping[str, str]) -> RateUsage | None:
    raw = headers.get("x-mbx-used-weight-1m") or headers.get("x-mbx-used-weight")
    if raw is None or not raw.strip().isdigit():
        return None
    return RateUsage(venue, int(raw), BINANCE_WEIGHT_LIMITS[venue], "1m weight")


def _upbit(venue: str, headers: Mapping[str, str]) -> RateUsage | None:
    match = _UPBIT_HEADER.search(headers.get("remaining-req", ""))
    if match is None:
        return None
    group, remaining = match.group(1), int(match.group(2))
    limit = UPBIT_GROUP_LIMITS.get(group, UPBIT_GROUP_LIMITS["default"])
    return RateUsage(venue, max(limit - remaining, 0), limit, f"1s group {group}")


_PARSERS = {"binance": _binance, "binance_futures": _binance, "upbit": _upbit}


def parse(venue: str, headers: Mapping[str, str]) -> RateUsage | None:
    """The usage a response's headers report, or ``None`` when the venue sends none.

    ``headers`` must look names up case-insensitively (``httpx.Headers`` does).
    """
    parser = _PARSERS.get(venue)
    return None if parser is None else parser(venue, headers)
