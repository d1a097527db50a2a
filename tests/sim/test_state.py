"""The shared state: a reset or a stop makes answers still in flight stale and unlogged."""

from __future__ import annotations

from golive.sim.state import SimConfig, SimState
from golive.sim.venues import Venue


def record(state: SimState, generation: int) -> bool:
    return state.record_current(generation, Venue.BINANCE, "GET", "/api/v3/time", "", 200)


def test_record_from_the_current_generation_is_logged() -> None:
    state = SimState(SimConfig())
    assert record(state, state.generation)
    assert len(state.requests()) == 1


def test_reset_makes_older_answers_stale() -> None:
    state = SimState(SimConfig())
    before = state.generation
    state.reset()
    assert not state.is_current(before)
    assert not record(state, before)
    assert state.requests() == ()
    assert record(state, state.generation)


def test_stop_makes_every_answer_stale() -> None:
    state = SimState(SimConfig())
    current = state.generation
    state.stop()
    assert state.stopping
    assert not state.is_current(current)
    assert not state.is_current(state.generation)
    assert not record(state, state.generation)
    assert state.requests() == ()


def test_plain_record_is_always_logged() -> None:
    state = SimState(SimConfig())
    state.reset()
    state.record(Venue.UPBIT, "GET", "/v1/accounts", "", 200)
    assert len(state.requests()) == 1
