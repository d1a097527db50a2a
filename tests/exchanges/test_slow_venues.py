"""A slow venue: fresh signatures, honest RTTs, and a check budget that is a real deadline.

The simulator's ``latency_ms`` (every request) and ``*.slow`` (one venue, ``slow_ms``)
delay each answer before the simulator reads the request's ``timestamp``, so a
signed request arrives as old as it was when signed plus that delay.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest

from golive.checks import binance, clock_skew, telegram
from golive.config import Settings, Thresholds
from golive.model import ErrorType, Status
from tests.exchanges.support import sim_context

if TYPE_CHECKING:
    from types import ModuleType

    from golive.sim.server import RunningSimulator

LATENCY_MS = 1500
RECV_WINDOW_MS = 2500
"""One latency of age fits the window; a request signed before waiting its turn does not."""


async def test_a_slow_venue_gets_fresh_signatures_and_honest_round_trips(
    sim: RunningSimulator,
) -> None:
    sim.state.latency_ms = LATENCY_MS
    settings = Settings(thresholds=Thresholds(recv_window_ms=RECV_WINDOW_MS))
    ctx = sim_context(sim, timeout=8.0, settings=settings)

    account, clock = await asyncio.gather(binance.run(ctx), clock_skew.run(ctx))

    rejected = [r for r in sim.state.requests() if r.status == 400]
    assert rejected == []  # no -1021: every signed request was signed after its wait
    assert account.status is Status.PASS, (account.reason, account.message)
    assert clock.status is not Status.FAIL, clock.message
    for venue in ("binance", "binance_futures"):
        assert clock.details[venue]["rtt_ms"] < LATENCY_MS + 400  # no queue time in the RTT
        assert abs(clock.details[venue]["offset_ms"]) < LATENCY_MS / 2 + 300


@pytest.mark.parametrize(
    ("scenario", "check", "slow_ms"),
    [
        ("binance.slow", binance, 1200),  # one round trip, longer than the budget
        ("binance_futures.slow", binance, 1200),
        ("telegram.slow", telegram, 1200),
    ],
)
async def test_a_slow_venue_is_a_read_timeout_within_the_budget(
    sim: RunningSimulator, scenario: str, check: ModuleType, slow_ms: int
) -> None:
    sim.state.set_scenarios([scenario])
    sim.state.slow_ms = slow_ms

    outcome = await check.run(sim_context(sim, timeout=1.0))

    # no wall-clock bound (it would not hold on a loaded machine): net.read_timeout
    # below is the check's own deadline (80 % of its timeout) ending it, not the runner
    assert (outcome.status, outcome.error_type) == (Status.FAIL, ErrorType.NETWORK_ERROR)
    assert outcome.reason == "net.read_timeout"


async def test_unsigned_reads_do_not_queue(sim: RunningSimulator) -> None:
    """Telegram's two reads carry no signature: they go together and fit the budget."""
    sim.state.set_scenarios(["telegram.slow"])
    sim.state.slow_ms = 600

    outcome = await telegram.run(sim_context(sim, timeout=1.0))

    # no wall-clock bound (it would not hold on a loaded machine): net.read_timeout
    # below is the check's own deadline (80 % of its timeout) ending it, not the runner
    assert outcome.status is Status.PASS, outcome.message
