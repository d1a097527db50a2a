"""``read_only``: the guard self-test, and every scenario leaves no write and no secret."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

import httpx
import pytest

from golive.checks import binance, binance_api_restrictions, clock_skew, read_only, telegram, upbit
from golive.model import ErrorType, Status
from golive.sim.scenarios import SCENARIOS
from tests.exchanges.support import assert_clean, sim_context

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from golive.model import CheckContext
    from golive.sim.server import RunningSimulator

EXCHANGE_CHECKS = (binance, binance_api_restrictions, clock_skew, upbit, telegram, read_only)


async def test_guard_blocks_every_write_and_sends_nothing(sim: RunningSimulator) -> None:
    outcome = await read_only.run(sim_context(sim, READ_ONLY_ENFORCED="true"))
    # the guard held; READ_ONLY_ENFORCED=true in a live file is the bot's switch: a WARN
    assert (outcome.status, outcome.reason) == (Status.WARN, "readonly.bot_switch_on")
    rows = outcome.details["self_test"]
    assert len(rows) == len(read_only.PROBES)
    assert all(row["blocked"] for row in rows)
    assert {row["venue"] for row in rows} == {"binance", "binance_futures", "upbit", "telegram"}
    assert outcome.details["env_read_only_enforced"] == "true"
    assert sim.state.requests() == ()
    assert_clean(outcome, sim)


async def test_the_simulators_live_file_lets_the_bot_trade(sim: RunningSimulator) -> None:
    outcome = await read_only.run(sim_context(sim))
    assert outcome.status is Status.PASS, outcome
    assert outcome.details["env_read_only_enforced"] == "false"


async def test_env_flag_off_is_noted(sim: RunningSimulator) -> None:
    outcome = await read_only.run(sim_context(sim, READ_ONLY_ENFORCED="false"))
    assert outcome.status is Status.PASS
    assert "READ_ONLY_ENFORCED" in outcome.details["note"]


class Unguarded:
    """A broken factory: the given wire without the guard (what a `mounts=` slip would do)."""

    def __call__(
        self, venue: str, *, timeout: float, transport: httpx.AsyncBaseTransport | None = None
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url="https://venue.test", transport=transport)

    async def shared(self, key: str, fetch: Callable[[], Awaitable[object]]) -> object:
        return await fetch()


class IgnoresTheWire(Unguarded):
    """A broken factory that drops the given wire: the self-test must not send writes then."""

    def __init__(self) -> None:
        self.wire = Recording()

    def __call__(
        self, venue: str, *, timeout: float, transport: httpx.AsyncBaseTransport | None = None
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url="https://venue.test", transport=self.wire)


class Recording(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.methods: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.methods.append(request.method)
        return httpx.Response(200, json={})


def _with_http(ctx: CheckContext, http: object) -> CheckContext:
    return replace(ctx, http=http)  # type: ignore[arg-type]


async def test_a_guard_that_lets_writes_through_fails_critically(sim: RunningSimulator) -> None:
    outcome = await read_only.run(_with_http(sim_context(sim), Unguarded()))
    assert (outcome.status, outcome.error_type) == (Status.FAIL, ErrorType.UNKNOWN)
    assert outcome.reason == "readonly.guard_failed"
    assert outcome.critical
    assert len(outcome.details["failures"]) == len(read_only.PROBES)


async def test_an_unsound_wire_stops_the_self_test_before_any_write(
    sim: RunningSimulator,
) -> None:
    factory = IgnoresTheWire()
    outcome = await read_only.run(_with_http(sim_context(sim), factory))
    assert outcome.reason == "readonly.guard_failed"
    assert "did not reach the test wire" in outcome.message
    assert set(factory.wire.methods) == {"GET"}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
async def test_no_scenario_causes_a_write_or_a_leak(sim: RunningSimulator, scenario: str) -> None:
    sim.state.set_scenarios([scenario])
    ctx = sim_context(sim, timeout=1.0)
    outcomes = await asyncio.gather(*(module.run(ctx) for module in EXCHANGE_CHECKS))
    for outcome in outcomes:
        assert outcome.message
        assert_clean(outcome, sim)
    assert sim.state.mutating_requests() == ()
