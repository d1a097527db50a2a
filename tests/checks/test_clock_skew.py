"""``clock_skew`` against the simulator: offsets, thresholds, direction, injected clocks."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from golive.checks import clock_skew as check
from golive.config import Settings
from golive.exchanges.clocksample import SAMPLES
from golive.model import ErrorType, Status
from golive.sim.state import Injection
from tests.exchanges.support import assert_clean, paths, sim_context

if TYPE_CHECKING:
    from collections.abc import Iterator

    from golive.sim.server import RunningSimulator


class ShiftedClock:
    """A local wall clock ``shift_ms`` off real time (positive: ahead)."""

    def __init__(self, shift_ms: int) -> None:
        self._shift = timedelta(milliseconds=shift_ms)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._shift

    def monotonic(self) -> float:
        return time.monotonic()


async def test_healthy_reports_both_offsets(sim: RunningSimulator) -> None:
    outcome = await check.run(sim_context(sim))
    assert outcome.status is Status.PASS
    for venue in ("binance", "binance_futures"):
        assert abs(outcome.details[venue]["offset_ms"]) < 200
        assert outcome.details[venue]["rtt_ms"] >= 0
        assert outcome.details[venue]["samples"] == SAMPLES
        assert outcome.details[venue]["error_ms"] == pytest.approx(
            outcome.details[venue]["rtt_ms"] / 2, abs=0.1
        )
    assert outcome.details["recv_window_ms"] == 5000
    assert sorted(paths(sim)) == ["GET /api/v3/time"] * SAMPLES + ["GET /fapi/v1/time"] * SAMPLES
    assert_clean(outcome, sim)


def _within_bound(details: dict[str, float], true_offset_ms: int) -> bool:
    """The true offset lies in offset +- error (1.5 ms more: rounding, whole-ms server stamps)."""
    return abs(details["offset_ms"] - true_offset_ms) <= details["error_ms"] + 1.5


async def _hog_the_loop(chunk_s: float, done: asyncio.Event) -> None:
    """Keep the event loop busy in chunks of ``chunk_s`` until ``done``: a CPU-heavy check."""
    while not done.is_set():
        end = time.perf_counter() + chunk_s
        while time.perf_counter() < end:
            pass
        await asyncio.sleep(0)


@pytest.fixture
def cpu_hogs() -> Iterator[None]:
    """Two CPU-bound processes for the whole test: a loaded 2-core machine."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


async def test_the_true_offset_lies_within_the_bound_under_load(
    sim: RunningSimulator, cpu_hogs: None
) -> None:
    """Under two CPU hogs and a busy event loop, offset +- error still holds the truth.

    The loop is blocked 300 ms at a time; the samples are timed on their own thread as
    the socket sees them, so their error stays well under what a sample timed on the
    busy loop would carry (half a blocked chunk).
    """
    sim.state.set_scenarios(["binance.clock_skew"])
    sim.state.clock_offset_ms = 1500
    done = asyncio.Event()
    hog = asyncio.create_task(_hog_the_loop(0.3, done))
    try:
        outcome = await check.run(sim_context(sim))
    finally:
        done.set()
        await hog
    assert _within_bound(outcome.details["binance"], 1500), outcome.details
    assert _within_bound(outcome.details["binance_futures"], 0), outcome.details
    for venue in ("binance", "binance_futures"):
        assert outcome.details[venue]["samples"] == SAMPLES
        assert outcome.details[venue]["error_ms"] < 150, outcome.details


@pytest.mark.parametrize(
    ("offset_ms", "status", "direction"),
    [(7000, Status.FAIL, "behind"), (2000, Status.WARN, "behind"), (-2000, Status.FAIL, "ahead")],
)
async def test_simulator_clock_offset(
    sim: RunningSimulator, offset_ms: int, status: Status, direction: str
) -> None:
    sim.state.set_scenarios(["binance.clock_skew"])
    sim.state.clock_offset_ms = offset_ms
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.error_type) == (status, ErrorType.CLOCK_SKEW)
    assert outcome.reason == ("clock.skew_fail" if status is Status.FAIL else "clock.skew_warn")
    assert direction in outcome.message
    assert abs(outcome.details["binance"]["offset_ms"] - offset_ms) < 300
    assert abs(outcome.details["binance_futures"]["offset_ms"]) < 300


async def test_futures_clock_is_measured_too(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance_futures.clock_skew"])
    sim.state.clock_offset_ms = 7000
    outcome = await check.run(sim_context(sim))
    assert outcome.status is Status.FAIL
    assert "Binance futures" in outcome.message


@pytest.mark.parametrize(
    ("shift_ms", "status"),
    [(-6000, Status.FAIL), (-1500, Status.WARN), (-300, Status.PASS), (1500, Status.FAIL)],
)
async def test_injected_local_clock(sim: RunningSimulator, shift_ms: int, status: Status) -> None:
    outcome = await check.run(sim_context(sim, clock=ShiftedClock(shift_ms)))
    assert outcome.status is status
    assert abs(outcome.details["binance"]["offset_ms"] + shift_ms) < 300


async def test_thresholds_follow_the_settings(sim: RunningSimulator) -> None:
    settings = Settings.model_validate(
        {"thresholds": {"recv_window_ms": 10000, "clock_warn_ms": 3000}}
    )
    slow = ShiftedClock(-7000)
    assert (await check.run(sim_context(sim, clock=slow, settings=settings))).status is Status.WARN
    near = ShiftedClock(-2000)
    assert (await check.run(sim_context(sim, clock=near, settings=settings))).status is Status.PASS


async def test_malformed_server_time(sim: RunningSimulator) -> None:
    sim.state.inject(Injection("GET", "/api/v3/time", 200, body=b'{"serverTime": "soon"}'))
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.reason) == (Status.FAIL, "response.malformed")
    assert outcome.details["detail"] == "serverTime is not an integer"


@pytest.mark.parametrize("venue", ["binance", "binance_futures"])
async def test_hang_fails_within_the_timeout(sim: RunningSimulator, venue: str) -> None:
    sim.state.set_scenarios([f"{venue}.hang"])
    outcome = await check.run(sim_context(sim, timeout=1.0))
    # no wall-clock bound (it would not hold on a loaded machine): net.read_timeout
    # below is the check's own deadline (80 % of its timeout) ending it, not the runner
    assert (outcome.status, outcome.error_type) == (Status.FAIL, ErrorType.NETWORK_ERROR)
