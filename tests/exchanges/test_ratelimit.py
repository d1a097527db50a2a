"""Rate-limit header parsing: a table of headers and what they mean."""

from __future__ import annotations

import httpx
import pytest

from golive.exchanges import ratelimit
from golive.exchanges.ratelimit import parse

CASES = [
    ("binance", {"X-MBX-USED-WEIGHT-1M": "120"}, (120, 6000, 2.0)),
    ("binance", {"x-mbx-used-weight-1m": "5400"}, (5400, 6000, 90.0)),
    ("binance", {"x-mbx-used-weight": "60"}, (60, 6000, 1.0)),
    ("binance_futures", {"X-MBX-USED-WEIGHT-1M": "1920"}, (1920, 2400, 80.0)),
    ("upbit", {"Remaining-Req": "group=default; min=1800; sec=29"}, (1, 30, 100 / 30)),
    ("upbit", {"remaining-req": "group=default; min=1800; sec=0"}, (30, 30, 100.0)),
    ("upbit", {"Remaining-Req": "group=market; min=600; sec=9"}, (1, 10, 10.0)),
    ("upbit", {"Remaining-Req": "group=new-group; min=1; sec=25"}, (5, 30, 100 / 6)),
]


@pytest.mark.parametrize(("venue", "headers", "expected"), CASES)
def test_usage_from_headers(
    venue: str, headers: dict[str, str], expected: tuple[int, int, float]
) -> None:
    usage = parse(venue, httpx.Headers(headers))
    assert usage is not None
    assert (usage.used, usage.limit) == expected[:2]
    assert usage.used_pct == pytest.approx(expected[2])
    assert usage.as_detail()["limit"] == expected[1]


@pytest.mark.parametrize(
    ("venue", "headers"),
    [
        ("binance", {}),
        ("binance", {"X-MBX-USED-WEIGHT-1M": "lots"}),
        ("upbit", {"Remaining-Req": "garbage"}),
        ("telegram", {"X-MBX-USED-WEIGHT-1M": "1"}),
        ("kraken", {}),
    ],
)
def test_no_usage_when_the_venue_sends_none(venue: str, headers: dict[str, str]) -> None:
    assert parse(venue, httpx.Headers(headers)) is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"X-SAPI-USED-IP-WEIGHT-1M": "7"}, (7, 12000, "X-SAPI-USED-IP-WEIGHT-1M")),
        ({"X-SAPI-USED-UID-WEIGHT-1M": "900"}, (900, 180000, "X-SAPI-USED-UID-WEIGHT-1M")),
        ({"X-MBX-USED-WEIGHT-1M": "20"}, (20, 6000, "X-MBX-USED-WEIGHT-1M")),
    ],
)
def test_binance_budget_is_named_by_its_header(
    headers: dict[str, str], expected: tuple[int, int, str]
) -> None:
    usage = ratelimit.parse("binance", httpx.Headers(headers))
    assert usage is not None
    assert (usage.used, usage.limit, usage.window) == expected


def test_upbit_order_group_is_twelve_per_second() -> None:
    usage = ratelimit.parse("upbit", httpx.Headers({"Remaining-Req": "group=order; min=1; sec=3"}))
    assert usage is not None
    assert (usage.used, usage.limit) == (9, 12)
