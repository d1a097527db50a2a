"""One read against the simulator: success, classification, retry rules, malformed answers."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from golive.exchanges.binance import SERVER_TIME, SYSTEM_STATUS
from golive.exchanges.request import Deadline, ReadError, read
from golive.model import ErrorType, SystemClock
from golive.sim.state import Injection
from tests.exchanges.support import sim_context

if TYPE_CHECKING:
    from golive.exchanges.endpoint import Endpoint
    from golive.exchanges.request import Reply
    from golive.sim.server import RunningSimulator


async def _read(
    sim: RunningSimulator, endpoint: Endpoint = SYSTEM_STATUS, timeout: float = 5.0
) -> Reply:
    ctx = sim_context(sim, timeout=timeout)
    assert ctx.http is not None
    async with ctx.http(endpoint.venue, timeout=timeout) as client:
        return await read(client, endpoint, Deadline(SystemClock(), timeout), lang="en")


async def test_success_gives_json_and_usage(sim: RunningSimulator) -> None:
    reply = await _read(sim)
    assert reply.data == {"status": 0, "msg": "normal"}
    assert reply.usage is not None
    assert (reply.usage.limit, reply.usage.window) == (12000, "X-SAPI-USED-IP-WEIGHT-1M")
    assert reply.attempts == 1


async def test_short_retry_after_is_retried_once(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.rate_limited"])
    started = time.monotonic()
    with pytest.raises(ReadError) as caught:
        await _read(sim)
    assert caught.value.classification.error_type is ErrorType.RATE_LIMIT
    assert caught.value.classification.retry_after == 1
    assert caught.value.attempts == 2
    assert 1.0 <= time.monotonic() - started < 3.0
    assert [r.status for r in sim.state.requests()] == [429, 429]


async def test_long_retry_after_is_not_waited_for(sim: RunningSimulator) -> None:
    body = b'{"code":-1003,"msg":"Too much request weight used"}'
    sim.state.inject(
        Injection("GET", SYSTEM_STATUS.path, 429, (("Retry-After", "30"),), body, times=5)
    )
    with pytest.raises(ReadError) as caught:
        await _read(sim)
    assert caught.value.classification.retry_after == 30
    assert caught.value.attempts == 1
    assert len(sim.state.requests()) == 1


async def test_ban_is_never_retried(sim: RunningSimulator) -> None:
    body = b'{"code":-1003,"msg":"Way too much request weight used; IP banned until 1."}'
    sim.state.inject(Injection("GET", SYSTEM_STATUS.path, 418, (("Retry-After", "1"),), body))
    with pytest.raises(ReadError) as caught:
        await _read(sim)
    assert caught.value.status == 418
    assert len(sim.state.requests()) == 1


async def test_retry_that_does_not_fit_the_deadline_is_skipped(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.rate_limited"])
    with pytest.raises(ReadError) as caught:
        await _read(sim, timeout=1.5)
    assert caught.value.attempts == 1
    assert len(sim.state.requests()) == 1


async def test_retry_that_succeeds(sim: RunningSimulator) -> None:
    body = b'{"code":-1003,"msg":"Too much request weight used"}'
    sim.state.inject(
        Injection("GET", SYSTEM_STATUS.path, 429, (("Retry-After", "0"),), body, times=1)
    )
    reply = await _read(sim)
    assert reply.attempts == 2
    assert reply.data["status"] == 0


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(b"not json at all", "text/plain"), (b'{"serverTime": 1', "application/json")],
)
async def test_non_json_success_is_malformed(
    sim: RunningSimulator, body: bytes, content_type: str
) -> None:
    sim.state.inject(
        Injection("GET", SERVER_TIME.path, 200, (("Content-Type", content_type),), body)
    )
    with pytest.raises(ReadError) as caught:
        await _read(sim, SERVER_TIME)
    assert caught.value.classification.reason == "response.malformed"
    assert caught.value.classification.error_type is ErrorType.UNKNOWN


async def test_hang_ends_within_the_deadline(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.hang"])
    started = time.monotonic()
    with pytest.raises(ReadError) as caught:
        await _read(sim, timeout=0.5)
    assert time.monotonic() - started < 10  # the server never answers: the deadline ended it
    assert caught.value.classification.error_type is ErrorType.NETWORK_ERROR


async def test_spent_deadline_sends_nothing(sim: RunningSimulator) -> None:
    ctx = sim_context(sim)
    assert ctx.http is not None
    async with ctx.http("binance", timeout=1.0) as client:
        with pytest.raises(ReadError) as caught:
            await read(client, SYSTEM_STATUS, Deadline(SystemClock(), 0.0), lang="en")
    assert caught.value.classification.error_type is ErrorType.NETWORK_ERROR
    assert sim.state.requests() == ()


async def test_upbit_429_without_retry_after_is_retried_once_after_its_window(
    sim: RunningSimulator,
) -> None:
    """Upbit sends no Retry-After (UPRATE): golive waits the 1 s window, then tries once more."""
    from golive.exchanges.upbit import ACCOUNTS

    sim.state.set_scenarios(["upbit.rate_limited"])
    with pytest.raises(ReadError) as caught:
        await _read(sim, ACCOUNTS)
    assert caught.value.classification.retry_after is None
    assert caught.value.attempts == 2
    assert [r.status for r in sim.state.requests()] == [429, 429]
