"""Which budget a request spends, and what a refusal closes (golive.exchanges.budgets).

Binance: /api shares one budget per IP, each /sapi endpoint has its own, and a /sapi
429 never escalates to 418 (developers.binance.com/docs/products/caas/basics/
4.rate-limits); futures is a venue of its own. A 418 is a ban: the whole venue.
The back-off runs here on a clock the test holds (no timing).
"""

from __future__ import annotations

import httpx
import pytest

from golive.exchanges.backoff import RETRY_EXTENSION, Backoff, Refusal
from golive.exchanges.budgets import API_BUDGET, VENUE_WIDE, budget_of

BUDGETS = [
    ("binance", "/api/v3/account", API_BUDGET),
    ("binance", "/api/v3/time", API_BUDGET),
    ("binance", "/sapi/v1/account/apiRestrictions", "/sapi/v1/account/apiRestrictions"),
    ("binance", "/sapi/v1/system/status", "/sapi/v1/system/status"),
    ("binance", "/gateway/sapi/v1/system/status", "/gateway/sapi/v1/system/status"),
    ("binance", "/api/v3/sapi-like", API_BUDGET),
    ("binance_futures", "/fapi/v2/balance", VENUE_WIDE),
    ("binance_futures", "/sapi/v1/system/status", VENUE_WIDE),
    ("upbit", "/v1/accounts", VENUE_WIDE),
    ("upbit", "/v1/market/all", VENUE_WIDE),
    ("telegram", "/botX/getMe", VENUE_WIDE),
]


@pytest.mark.parametrize(("venue", "path", "budget"), BUDGETS)
def test_budget_of(venue: str, path: str, budget: str) -> None:
    assert budget_of(venue, path) == budget


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def get(path: str, *, retry: bool = False) -> httpx.Request:
    extensions = {RETRY_EXTENSION: True} if retry else {}
    return httpx.Request("GET", f"https://api.binance.com{path}", extensions=extensions)


def refusal(status: int, block_s: float | None = None) -> Refusal:
    return Refusal(status, (), b"", block_s)


ACCOUNT, TIME = "/api/v3/account", "/api/v3/time"
RESTRICTIONS, STATUS = "/sapi/v1/account/apiRestrictions", "/sapi/v1/system/status"


def test_a_sapi_429_closes_that_endpoint_only() -> None:
    backoff = Backoff("binance")
    backoff.remember(get(RESTRICTIONS), refusal(429))
    assert [backoff.admits(get(p)) for p in (RESTRICTIONS, STATUS, ACCOUNT, TIME)] == [
        False,
        True,
        True,
        True,
    ]
    assert backoff.refuse(get(RESTRICTIONS)).status_code == 429


def test_an_api_429_closes_api_and_leaves_each_sapi_endpoint_open() -> None:
    backoff = Backoff("binance")
    backoff.remember(get(ACCOUNT), refusal(429))
    assert [backoff.admits(get(p)) for p in (ACCOUNT, TIME, RESTRICTIONS, STATUS)] == [
        False,
        False,
        True,
        True,
    ]


@pytest.mark.parametrize("path", [ACCOUNT, RESTRICTIONS])
def test_a_418_closes_the_whole_venue_and_a_success_does_not_reopen_it(path: str) -> None:
    backoff = Backoff("binance")
    backoff.remember(get(path), refusal(418, 120))
    backoff.reopen(get(STATUS))  # an answer that was on its way before the ban
    assert [backoff.admits(get(p)) for p in (ACCOUNT, TIME, RESTRICTIONS, STATUS)] == [False] * 4
    assert backoff.refuse(get(STATUS)).status_code == 418
    assert not backoff.admits(get(path, retry=True))  # never retried


def test_a_success_reopens_its_own_budget_only() -> None:
    backoff = Backoff("binance")
    backoff.remember(get(ACCOUNT), refusal(429))
    backoff.remember(get(RESTRICTIONS), refusal(429))
    backoff.reopen(get(TIME))
    assert (backoff.admits(get(ACCOUNT)), backoff.admits(get(RESTRICTIONS))) == (True, False)


def test_the_retry_waits_for_the_time_the_venue_named() -> None:
    clock = Clock()
    backoff = Backoff("binance", clock=clock)
    backoff.remember(get(ACCOUNT), refusal(429, block_s=1.5))
    clock.now += 1.0
    assert not backoff.admits(get(ACCOUNT, retry=True))  # early: not sent, retry not spent
    clock.now += 0.5
    assert backoff.admits(get(ACCOUNT, retry=True))
    assert not backoff.admits(get(ACCOUNT, retry=True))  # one retry per venue and run


def test_one_retry_per_venue_even_across_budgets() -> None:
    backoff = Backoff("binance")
    backoff.remember(get(ACCOUNT), refusal(429))
    backoff.remember(get(RESTRICTIONS), refusal(429))
    assert backoff.admits(get(RESTRICTIONS, retry=True))
    assert not backoff.admits(get(ACCOUNT, retry=True))


def test_a_budget_refused_twice_is_not_retried() -> None:
    backoff = Backoff("binance")
    backoff.remember(get(ACCOUNT), refusal(429))
    backoff.remember(get(TIME), refusal(429))
    assert not backoff.admits(get(ACCOUNT, retry=True))


def test_an_upbit_418s_block_time_comes_from_its_body() -> None:
    request = httpx.Request("GET", "https://api.upbit.com/v1/accounts")
    body = b"Too many API requests. Blocked for 120 seconds."
    answer = httpx.Response(418, content=body, request=request)
    assert Refusal.read("upbit", answer, body).block_s == 120.0
    hostile = b"Too many API requests. Blocked for 99999999999999 seconds."
    assert Refusal.read("upbit", answer, hostile).block_s is None


def test_a_binance_refusals_block_time_comes_from_retry_after() -> None:
    request = get(ACCOUNT)
    answer = httpx.Response(429, headers={"Retry-After": "3"}, request=request)
    assert Refusal.read("binance", answer, b"").block_s == 3.0
