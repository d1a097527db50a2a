"""Faults every venue plays: hang, slow, latency, malformed, clock skew; applied per venue."""

from __future__ import annotations

import threading
import time
from email.utils import parsedate_to_datetime

import httpx
import pytest

from golive.sim.server import RunningSimulator, SimConfig, start_simulator
from tests.support.simulator import binance_headers, binance_url, telegram_url, upbit_headers

PROBES = {
    "binance": "/api/v3/time",
    "binance_futures": "/fapi/v1/time",
    "upbit": "/v1/market/all",
    "telegram": None,
}


HELD_FOR_MS = 120_000
"""How long a held answer would take: far beyond any wait below, so a released
answer is proven released by the simulator, not by its time running out."""


def wait_until_held(sim: RunningSimulator, count: int = 1, *, exactly: bool = False) -> None:
    """Block until ``count`` answers (or, ``exactly``, that many) are held in the simulator.

    Polls the simulator's own counter instead of guessing with a sleep, so a loaded
    machine only makes the test slower, never wrong.
    """
    for _ in range(6000):
        held = sim.state.held
        if held == count or (held >= count and not exactly):
            return
        time.sleep(0.01)
    raise AssertionError(f"the simulator never held {count} answer(s)")


def probe(sim: RunningSimulator, venue: str, timeout: float = 5.0) -> httpx.Response:
    path = PROBES[venue]
    url = telegram_url(sim, "getMe") if path is None else sim.url(path)
    return httpx.get(url, timeout=timeout)


@pytest.mark.parametrize("venue", list(PROBES))
def test_hang_never_answers_and_is_logged(sim: RunningSimulator, venue: str) -> None:
    sim.state.set_scenarios([f"{venue}.hang"])
    with pytest.raises(httpx.ReadTimeout):
        probe(sim, venue, timeout=0.2)
    (entry,) = sim.state.requests()
    assert (entry.venue, entry.status) == (venue, 0)
    others = [v for v in PROBES if v != venue]
    assert all(probe(sim, other).status_code == 200 for other in others)


def test_hang_is_released_when_the_scenario_goes(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.hang"])
    result: list[int] = []
    worker = threading.Thread(
        target=lambda: result.append(probe(sim, "binance", timeout=HELD_FOR_MS / 1000).status_code)
    )
    worker.start()
    wait_until_held(sim)
    sim.state.reset()
    worker.join(60)
    assert not worker.is_alive()
    assert result == [503]


@pytest.mark.parametrize("venue", list(PROBES))
def test_slow_delays_only_its_venue(sim: RunningSimulator, venue: str) -> None:
    sim.state.slow_ms = 250
    sim.state.set_scenarios([f"{venue}.slow"])
    started = time.perf_counter()
    assert probe(sim, venue).status_code == 200
    assert time.perf_counter() - started >= 0.25
    sim.state.slow_ms = HELD_FOR_MS  # had the other venue been held, it would time out
    other = next(v for v in PROBES if v != venue)
    assert probe(sim, other, timeout=30).status_code == 200


def test_reset_forgets_a_slow_answer_whose_client_left(sim: RunningSimulator) -> None:
    sim.state.slow_ms = HELD_FOR_MS
    sim.state.set_scenarios(["binance.slow"])
    with pytest.raises(httpx.ReadTimeout):
        probe(sim, "binance", timeout=0.05)
    wait_until_held(sim)  # the answer is held, its client gone
    sim.state.reset()
    wait_until_held(sim, 0, exactly=True)  # the old answer has been let go
    assert sim.state.requests() == ()


def test_reset_releases_a_slow_answer_unlogged(sim: RunningSimulator) -> None:
    sim.state.slow_ms = HELD_FOR_MS
    sim.state.set_scenarios(["upbit.slow"])
    result: list[int] = []
    worker = threading.Thread(
        target=lambda: result.append(probe(sim, "upbit", timeout=HELD_FOR_MS / 1000).status_code)
    )
    worker.start()
    wait_until_held(sim)
    sim.state.reset()
    worker.join(60)
    assert not worker.is_alive()
    assert result == [503]
    assert sim.state.requests() == ()


def test_stop_releases_a_slow_answer_unlogged() -> None:
    sim = start_simulator(SimConfig(scenarios=("telegram.slow",), slow_ms=HELD_FOR_MS))
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(probe(sim, "telegram", timeout=HELD_FOR_MS / 1000).status_code)
        except httpx.HTTPError as exc:
            outcome.append(type(exc))

    worker = threading.Thread(target=call)
    worker.start()
    wait_until_held(sim)
    sim.stop()
    worker.join(60)
    assert not worker.is_alive()
    assert outcome
    assert outcome[0] != 200
    assert sim.state.requests() == ()


def test_latency_delays_every_answer(sim: RunningSimulator) -> None:
    sim.state.latency_ms = 150
    for venue in PROBES:
        started = time.perf_counter()
        probe(sim, venue)
        assert time.perf_counter() - started >= 0.15


@pytest.mark.parametrize("venue", list(PROBES))
def test_malformed_is_502_and_not_json(sim: RunningSimulator, venue: str) -> None:
    sim.state.set_scenarios([f"{venue}.malformed"])
    response = probe(sim, venue)
    assert response.status_code == 502
    with pytest.raises(ValueError):
        response.json()


@pytest.mark.parametrize("venue", ["telegram", "upbit", "binance", "binance_futures"])
def test_clock_skew_moves_date_header(sim: RunningSimulator, venue: str) -> None:
    sim.state.set_scenarios([f"{venue}.clock_skew"])
    served = parsedate_to_datetime(probe(sim, venue).headers["date"]).timestamp()
    assert 8 < served - time.time() < 12


@pytest.mark.parametrize("venue", ["binance", "binance_futures", "upbit", "telegram"])
def test_maintenance_answers_5xx(sim: RunningSimulator, venue: str) -> None:
    sim.state.set_scenarios([f"{venue}.maintenance"])
    assert probe(sim, venue).status_code in (500, 503)


def test_several_scenarios_at_once(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.invalid_key", "upbit.key_expired", "telegram.bad_token"])
    assert (
        httpx.get(binance_url(sim, "/api/v3/account"), headers=binance_headers(sim)).status_code
        == 401
    )
    upbit = httpx.get(sim.url("/v1/accounts"), headers=upbit_headers(sim))
    assert upbit.json()["error"]["name"] == "expired_access_key"
    assert probe(sim, "telegram").status_code == 401


def test_stop_releases_a_hanging_request() -> None:
    sim = start_simulator()
    sim.state.set_scenarios(["upbit.hang"])
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(probe(sim, "upbit", timeout=HELD_FOR_MS / 1000).status_code)
        except httpx.HTTPError as exc:
            outcome.append(type(exc))

    worker = threading.Thread(target=call)
    worker.start()
    wait_until_held(sim)
    sim.stop()
    worker.join(60)
    assert not worker.is_alive()
    assert outcome
    assert outcome[0] != 200


def test_unknown_root_is_plain_404(sim: RunningSimulator) -> None:
    response = httpx.get(sim.url("/nothing/here"))
    assert response.status_code == 404
    assert sim.state.requests() == ()
