"""After a 429, golive backs off: no 418 provoked, at most one retry (the simulator counts).

The simulator answers a ``rate_limited`` venue with 429, and with 418 (an IP ban)
the third time a client continues past a 429. A whole preflight reads Binance from
several checks at once, in one burst of at most ``FIRST_BURST`` requests before the
venue's first answer; these tests hold it to that burst, one retry in total and no
418, end to end and at the level of one run's client factory
(golive.exchanges.backoff).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from golive.config import Settings
from golive.exchanges.backoff import FIRST_BURST
from golive.exchanges.binance import (
    API_RESTRICTIONS,
    FUTURES_TIME,
    SERVER_TIME,
    SPOT_ACCOUNT,
    SYSTEM_STATUS,
)
from golive.exchanges.clocksample import SAMPLES
from golive.exchanges.http import ClientFactory
from golive.exchanges.request import Deadline, ReadError, Reply, read
from golive.model import ErrorType, SystemClock
from golive.sim.envwrite import env_values
from golive.sim.state import Injection
from tests.hardening.support import VENUE_CHECKS, live_workspace, preflight

if TYPE_CHECKING:
    from golive.exchanges.endpoint import Endpoint
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

SIMULATOR = Settings(allowed_hosts=["127.0.0.1"])
"""A live profile may reach the simulator (else the credential gate builds no client)."""
RATE_LIMIT_BODY = b'{"code":-1003,"msg":"Too much request weight used; current limit is 6000."}'


def venue_log(sim: RunningSimulator, venue: str) -> list[tuple[str, int]]:
    return [(r.path, r.status) for r in sim.state.requests() if r.venue == venue]


@pytest.mark.parametrize(
    ("scenario", "venue", "checks"),
    [
        ("binance.rate_limited", "binance", ("binance_api_restrictions", "binance", "clock_skew")),
        ("binance_futures.rate_limited", "binance_futures", ("binance", "clock_skew")),
    ],
)
def test_a_whole_preflight_provokes_no_ban(
    workspace: Workspace,
    sim: RunningSimulator,
    scenario: str,
    venue: str,
    checks: tuple[str, ...],
) -> None:
    live_workspace(workspace, sim)
    sim.state.set_scenarios([scenario])

    run = preflight(workspace, VENUE_CHECKS)  # the default 10 s timeout: a retry fits

    log = venue_log(sim, venue)
    assert [status for _, status in log if status != 429] == [], log
    read_per_run = Counter({SERVER_TIME.path: SAMPLES, FUTURES_TIME.path: SAMPLES})
    sent = Counter(path for path, _ in log)
    retries = sum(max(0, n - read_per_run.get(path, 1)) for path, n in sent.items())
    assert retries <= 1, log
    assert len(log) <= FIRST_BURST + 1, log  # the burst, and at most one retry
    for check in checks:
        assert run.checks()[check] == ("FAIL", "rate_limit"), run.reasons()
    assert run.result.code == 1


async def _reads(
    sim: RunningSimulator,
    endpoints: list[Endpoint],
    timeout: float = 5.0,
    factory: ClientFactory | None = None,
) -> list[Reply | BaseException]:
    """Reads through one run's factory at once, as concurrent checks make them."""
    factory = factory or ClientFactory.from_values(env_values(sim, "live"), SIMULATOR)
    deadline = Deadline(SystemClock(), timeout)

    async def one(endpoint: Endpoint) -> Reply:
        async with factory(endpoint.venue, timeout=timeout) as client:
            return await read(client, endpoint, deadline, lang="en")

    return await asyncio.gather(*(one(e) for e in endpoints), return_exceptions=True)


async def test_beyond_the_first_burst_nothing_is_sent_after_a_429(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.rate_limited"])

    answers = await _reads(sim, [API_RESTRICTIONS] * (FIRST_BURST + 5))

    assert all(isinstance(a, ReadError) for a in answers)
    errors = [a for a in answers if isinstance(a, ReadError)]
    assert {e.classification.error_type for e in errors} == {ErrorType.RATE_LIMIT}
    # the burst went out; the rest waited for the first answer, a 429, and were not sent;
    # several refusals mean the budget is gone: no retry
    assert Counter(e.attempts for e in errors) == Counter({1: FIRST_BURST, 0: 5})
    assert [status for _, status in venue_log(sim, "binance")] == [429] * FIRST_BURST


async def test_public_and_signed_reads_go_out_together(sim: RunningSimulator) -> None:
    """One round trip: a public read does not hold back the signed ones, nor they it."""
    sim.state.set_scenarios(["binance.rate_limited"])

    answers = await _reads(sim, [SERVER_TIME, API_RESTRICTIONS, SPOT_ACCOUNT])

    # all three left at once; the /api budget was refused twice (no retry), while
    # apiRestrictions, a /sapi endpoint with a budget of its own, was refused once and
    # had the venue's one retry
    assert [a.attempts for a in answers if isinstance(a, ReadError)] == [1, 2, 1]
    assert sorted(venue_log(sim, "binance")) == sorted(
        (e.path, 429) for e in (SERVER_TIME, API_RESTRICTIONS, API_RESTRICTIONS, SPOT_ACCOUNT)
    )


async def test_a_ban_is_remembered_and_never_retried(sim: RunningSimulator) -> None:
    body = b'{"code":-1003,"msg":"Way too much request weight used; IP banned until 1."}'
    sim.state.inject(Injection("GET", API_RESTRICTIONS.path, 418, (("Retry-After", "1"),), body))

    factory = ClientFactory.from_values(env_values(sim, "live"), SIMULATOR)
    (first,) = await _reads(sim, [API_RESTRICTIONS], factory=factory)
    (second,) = await _reads(sim, [SPOT_ACCOUNT], factory=factory)

    assert isinstance(first, ReadError)
    assert isinstance(second, ReadError)
    assert (first.status, second.status) == (418, 418)
    assert second.attempts == 0  # answered from memory: not sent
    assert second.classification.error_type is ErrorType.RATE_LIMIT
    assert venue_log(sim, "binance") == [(API_RESTRICTIONS.path, 418)]


async def test_a_public_read_after_a_ban_is_not_sent_either(sim: RunningSimulator) -> None:
    body = b'{"code":-1003,"msg":"Way too much request weight used; IP banned until 1."}'
    sim.state.inject(Injection("GET", SYSTEM_STATUS.path, 418, (("Retry-After", "1"),), body))
    factory = ClientFactory.from_values(env_values(sim, "live"), SIMULATOR)
    deadline = Deadline(SystemClock(), 5.0)

    async with factory("binance", timeout=5.0) as client:
        with pytest.raises(ReadError):
            await read(client, SYSTEM_STATUS, deadline, lang="en")
        with pytest.raises(ReadError) as later:
            await read(client, SERVER_TIME, deadline, lang="en")

    assert (later.value.status, later.value.attempts) == (418, 0)
    assert venue_log(sim, "binance") == [(SYSTEM_STATUS.path, 418)]


async def test_a_successful_retry_reopens_the_venue(sim: RunningSimulator) -> None:
    sim.state.inject(
        Injection("GET", SYSTEM_STATUS.path, 429, (("Retry-After", "0"),), RATE_LIMIT_BODY, 1)
    )
    factory = ClientFactory.from_values(env_values(sim, "live"), SIMULATOR)
    deadline = Deadline(SystemClock(), 5.0)

    async with factory("binance", timeout=5.0) as client:
        status = await read(client, SYSTEM_STATUS, deadline, lang="en")
        later = await read(client, SERVER_TIME, deadline, lang="en")

    assert (status.attempts, later.attempts) == (2, 1)
    assert [s for _, s in venue_log(sim, "binance")] == [429, 200, 200]


async def test_waiting_for_a_first_answer_that_never_comes_is_a_read_timeout(
    sim: RunningSimulator,
) -> None:
    sim.state.set_scenarios(["binance.hang"])
    started = time.monotonic()

    answers = await _reads(sim, [API_RESTRICTIONS, SPOT_ACCOUNT] * FIRST_BURST, 1.0)

    assert time.monotonic() - started < 10  # the server never answers: the deadline ended it
    reasons = {a.classification.reason for a in answers if isinstance(a, ReadError)}
    assert len(answers) == 2 * FIRST_BURST
    assert reasons == {"net.read_timeout"}
    # the burst went out; the others waited for an answer (a burst request timing out
    # frees them, and one may slip out in the last milliseconds of the shared budget)
    assert FIRST_BURST <= len(venue_log(sim, "binance")) < 2 * FIRST_BURST


SAPI_BODY = b'{"code":-1003,"msg":"Too much request weight used; current limit is 12000."}'


async def _one_by_one(sim: RunningSimulator, endpoints: list[Endpoint]) -> list[Reply | ReadError]:
    """Reads through one run's factory, each after the previous answer (no race)."""
    factory = ClientFactory.from_values(env_values(sim, "live"), SIMULATOR)
    answers: list[Reply | ReadError] = []
    for endpoint in endpoints:
        (answer,) = await _reads(sim, [endpoint], factory=factory)
        assert isinstance(answer, Reply | ReadError), answer
        answers.append(answer)
    return answers


async def test_a_sapi_429_stops_that_endpoint_and_nothing_else(sim: RunningSimulator) -> None:
    """Each /sapi endpoint has its own budget, apart from /api; futures is its own venue."""
    headers = (("X-SAPI-USED-IP-WEIGHT-1M", "12001"),)
    sim.state.inject(Injection("GET", API_RESTRICTIONS.path, 429, headers, SAPI_BODY))
    reads = [API_RESTRICTIONS, SYSTEM_STATUS, SPOT_ACCOUNT, SERVER_TIME, FUTURES_TIME]

    answers = await _one_by_one(sim, [*reads, API_RESTRICTIONS])

    first, *others, again = answers
    assert isinstance(first, ReadError)
    assert first.classification.reason == "binance.sapi_429"
    assert [type(a) for a in others] == [Reply] * 4
    assert isinstance(again, ReadError)
    assert (again.status, again.attempts) == (429, 0)  # not sent: its budget is spent
    assert [path for path, _ in venue_log(sim, "binance")].count(API_RESTRICTIONS.path) == 1


async def test_an_api_429_leaves_sapi_and_futures_open(sim: RunningSimulator) -> None:
    sim.state.inject(Injection("GET", SPOT_ACCOUNT.path, 429, (), RATE_LIMIT_BODY))

    account, time_read, status, futures = await _one_by_one(
        sim, [SPOT_ACCOUNT, SERVER_TIME, SYSTEM_STATUS, FUTURES_TIME]
    )

    assert isinstance(account, ReadError)
    assert isinstance(time_read, ReadError)
    assert time_read.attempts == 0  # /api: the same budget
    assert (type(status), type(futures)) == (Reply, Reply)
    assert venue_log(sim, "binance") == [(SPOT_ACCOUNT.path, 429), (SYSTEM_STATUS.path, 200)]


async def test_a_ban_on_api_closes_sapi_too_but_not_futures(sim: RunningSimulator) -> None:
    body = b'{"code":-1003,"msg":"Way too much request weight used; IP banned until 1."}'
    sim.state.inject(Injection("GET", SPOT_ACCOUNT.path, 418, (("Retry-After", "120"),), body))

    account, status, futures = await _one_by_one(sim, [SPOT_ACCOUNT, SYSTEM_STATUS, FUTURES_TIME])

    assert isinstance(account, ReadError)
    assert isinstance(status, ReadError)
    assert (status.status, status.attempts) == (418, 0)
    assert isinstance(futures, Reply)
    assert venue_log(sim, "binance") == [(SPOT_ACCOUNT.path, 418)]
