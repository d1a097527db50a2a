"""Blocks kept between runs (golive.exchanges.blocks), on a clock the test holds.

Each "run" is a fresh :class:`Backoff` from a fresh :class:`VenueStates` sharing one
:class:`Blocks`, as ``golive serve`` builds them. A refusal of one run closes its budget
for the next runs until the time the venue named (or golive's default), and the answers
those runs give instead of sending say so; after the end, one request goes first.
"""

from __future__ import annotations

import httpx
import pytest

from golive.exchanges.backoff import (
    NOT_SENT_HEADER,
    RETRY_EXTENSION,
    Backoff,
    Refusal,
    VenueStates,
)
from golive.exchanges.blocks import (
    BLOCK_DEFAULT_HEADER,
    BLOCKED_UNTIL_HEADER,
    MAX_BLOCK_S,
    PROBE_BURST,
    UNTIMED_BAN_S,
    Blocks,
    EarlierBlock,
)
from tests.support.clocks import HeldClock

SPOT = ("binance", "https://api.binance.com", "")
FUTURES = ("binance_futures", "https://fapi.binance.com", "")
UPBIT = ("upbit", "https://api.upbit.com", "")


def get(egress: tuple[str, ...], path: str) -> httpx.Request:
    return httpx.Request("GET", f"{egress[1]}{path}")


def run(blocks: Blocks, egress: tuple[str, ...]) -> Backoff:
    """The backoff a new run gets for ``egress``."""
    return VenueStates(blocks).backoff((*egress, ""), egress)


def refuse(backoff: Backoff, request: httpx.Request, status: int, block_s: float | None) -> None:
    backoff.remember(request, Refusal(status, (), b"refused", block_s))


@pytest.fixture
def clock() -> HeldClock:
    return HeldClock()


@pytest.fixture
def blocks(clock: HeldClock) -> Blocks:
    return Blocks(clock)


def test_a_ban_closes_the_venue_for_later_runs_until_the_time_it_named(
    blocks: Blocks, clock: HeldClock
) -> None:
    refuse(run(blocks, UPBIT), get(UPBIT, "/v1/accounts"), 418, 120)
    clock.elapsed = 119.0
    later = run(blocks, UPBIT)
    request = get(UPBIT, "/v1/market/all")
    assert later.blocked_earlier(request)
    assert not later.admits(request)
    answer = later.refuse(request)
    assert answer.status_code == 418
    assert NOT_SENT_HEADER in answer.headers
    assert answer.headers[BLOCKED_UNTIL_HEADER] == "2026-11-30T07:02:00Z"
    assert answer.headers["Retry-After"] == "1"  # the time left, not the 120 of the answer
    assert BLOCK_DEFAULT_HEADER not in answer.headers
    earlier = EarlierBlock.of(answer)
    assert earlier is not None
    assert earlier.shown() == "2026-11-30 07:02:00 UTC"

    clock.elapsed = 120.0
    after = run(blocks, UPBIT)
    assert not after.blocked_earlier(request)
    assert after.admits(request)
    assert after.burst == PROBE_BURST  # one request first: is the block really over?


def test_a_ban_without_a_readable_time_is_kept_for_the_default(
    blocks: Blocks, clock: HeldClock
) -> None:
    refuse(run(blocks, UPBIT), get(UPBIT, "/v1/accounts"), 418, None)
    clock.elapsed = UNTIMED_BAN_S - 1
    answer = run(blocks, UPBIT).refuse(get(UPBIT, "/v1/accounts"))
    assert answer.headers[BLOCK_DEFAULT_HEADER] == str(int(UNTIMED_BAN_S))
    assert answer.headers[BLOCKED_UNTIL_HEADER] == "2026-11-30T07:10:00Z"
    clock.elapsed = UNTIMED_BAN_S
    assert run(blocks, UPBIT).admits(get(UPBIT, "/v1/accounts"))


@pytest.mark.parametrize(
    ("egress", "path", "kept_s"),
    [
        (UPBIT, "/v1/accounts", 1.0),
        (SPOT, "/api/v3/account", 60.0),
        (FUTURES, "/fapi/v2/balance", 60.0),
    ],
)
def test_a_429_without_a_time_is_kept_for_the_venues_counting_window(
    blocks: Blocks, clock: HeldClock, egress: tuple[str, ...], path: str, kept_s: float
) -> None:
    refuse(run(blocks, egress), get(egress, path), 429, None)
    clock.elapsed = kept_s - 0.5
    assert not run(blocks, egress).admits(get(egress, path))
    clock.elapsed = kept_s
    assert run(blocks, egress).admits(get(egress, path))


def test_a_429_closes_its_own_budget_only_and_no_other_venue(
    blocks: Blocks, clock: HeldClock
) -> None:
    refuse(run(blocks, SPOT), get(SPOT, "/sapi/v1/account/apiRestrictions"), 429, 1)
    clock.elapsed = 0.5
    spot = run(blocks, SPOT)
    assert not spot.admits(get(SPOT, "/sapi/v1/account/apiRestrictions"))
    assert spot.admits(get(SPOT, "/sapi/v1/system/status"))
    assert spot.admits(get(SPOT, "/api/v3/account"))
    assert run(blocks, FUTURES).admits(get(FUTURES, "/fapi/v2/balance"))
    retry = get(SPOT, "/sapi/v1/account/apiRestrictions")
    retry.extensions[RETRY_EXTENSION] = True
    assert not spot.admits(retry)  # a block of an earlier run is never retried


def test_a_spot_ban_leaves_futures_and_another_base_url_open(blocks: Blocks) -> None:
    refuse(run(blocks, SPOT), get(SPOT, "/api/v3/account"), 418, 120)
    assert not run(blocks, SPOT).admits(get(SPOT, "/sapi/v1/system/status"))
    assert run(blocks, FUTURES).admits(get(FUTURES, "/fapi/v2/balance"))
    elsewhere = ("binance", "https://testnet.binance.vision", "")
    assert run(blocks, elsewhere).admits(get(elsewhere, "/api/v3/account"))


def test_a_block_holds_for_another_account_on_the_same_egress(blocks: Blocks) -> None:
    """Upbit blocks "the IP or the account" and does not say which: a new key waits too."""
    refuse(run(blocks, UPBIT), get(UPBIT, "/v1/accounts"), 418, 120)
    other_key = VenueStates(blocks).backoff((*UPBIT, "another-account"), UPBIT)
    assert not other_key.admits(get(UPBIT, "/v1/accounts"))


def test_a_named_time_is_capped_at_binances_longest_ban(blocks: Blocks, clock: HeldClock) -> None:
    refuse(run(blocks, SPOT), get(SPOT, "/api/v3/account"), 418, 10 * MAX_BLOCK_S)
    clock.elapsed = MAX_BLOCK_S - 1
    assert not run(blocks, SPOT).admits(get(SPOT, "/api/v3/account"))
    clock.elapsed = MAX_BLOCK_S
    assert run(blocks, SPOT).admits(get(SPOT, "/api/v3/account"))


def test_a_success_ends_a_kept_429_but_never_a_ban(blocks: Blocks, clock: HeldClock) -> None:
    first = run(blocks, SPOT)
    refuse(first, get(SPOT, "/api/v3/account"), 429, 30)
    first.reopen(get(SPOT, "/api/v3/time"))  # the retry after the 429 was answered
    assert run(blocks, SPOT).admits(get(SPOT, "/api/v3/account"))
    banned = run(blocks, SPOT)
    refuse(banned, get(SPOT, "/api/v3/account"), 418, 30)
    banned.reopen(get(SPOT, "/api/v3/time"))  # an answer already on its way
    assert not run(blocks, SPOT).admits(get(SPOT, "/api/v3/account"))


def test_the_probe_ends_when_the_venue_answers(blocks: Blocks, clock: HeldClock) -> None:
    refuse(run(blocks, UPBIT), get(UPBIT, "/v1/accounts"), 418, 10)
    clock.elapsed = 10
    probing = run(blocks, UPBIT)
    assert probing.burst == PROBE_BURST
    assert run(blocks, UPBIT).burst == PROBE_BURST  # no answer yet: the next run probes too
    probing.answer()
    assert run(blocks, UPBIT).burst > PROBE_BURST


def test_without_blocks_a_run_starts_clean() -> None:
    """A one-shot preflight: nothing is carried, whatever an earlier process saw."""
    first = VenueStates().backoff((*UPBIT, ""), UPBIT)
    refuse(first, get(UPBIT, "/v1/accounts"), 418, 120)
    fresh = VenueStates().backoff((*UPBIT, ""), UPBIT)
    assert fresh.admits(get(UPBIT, "/v1/accounts"))
    assert not fresh.blocked_earlier(get(UPBIT, "/v1/accounts"))
