"""``upbit`` against the simulator: balances, key expiry, scopes and failures."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from golive.checks import upbit as check
from golive.config import Settings
from golive.model import ErrorType, Status
from golive.sim.state import Injection
from tests.exchanges.support import assert_clean, paths, sim_context

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator

PASS, FAIL, WARN = Status.PASS, Status.FAIL, Status.WARN

MATRIX = [
    ("healthy", PASS, None),
    ("upbit.invalid_key", FAIL, ErrorType.INVALID_KEY),
    ("upbit.bad_signature", FAIL, ErrorType.INVALID_KEY),
    ("upbit.ip_not_allowed", FAIL, ErrorType.IP_RESTRICTION),
    ("upbit.out_of_scope", FAIL, ErrorType.PERMISSION_DENIED),
    ("upbit.key_expiring", WARN, None),
    ("upbit.key_expired", FAIL, ErrorType.INVALID_KEY),
    ("upbit.rate_limited", FAIL, ErrorType.RATE_LIMIT),
    ("upbit.maintenance", FAIL, ErrorType.NETWORK_ERROR),
    ("upbit.malformed", FAIL, ErrorType.NETWORK_ERROR),
]


@pytest.mark.parametrize(("scenario", "status", "error_type"), MATRIX)
async def test_acceptance_matrix(
    sim: RunningSimulator, scenario: str, status: Status, error_type: ErrorType | None
) -> None:
    sim.state.set_scenarios([scenario])
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.error_type) == (status, error_type)
    assert_clean(outcome, sim)


async def test_healthy_summarises_balances_and_withdraw_note(sim: RunningSimulator) -> None:
    outcome = await check.run(sim_context(sim))
    assert outcome.status is PASS
    assert float(outcome.details["krw"]["balance"]) > 0
    assert isinstance(outcome.details["coins"], list)
    assert outcome.details["order_view_scope"] is True
    assert outcome.details["key_expire_at"] is not None
    assert "withdraw" in outcome.details["withdraw_permission"].lower()
    assert "Open API" in (outcome.next_action or "")
    assert outcome.details["rate_limit"]["upbit"]["limit"] == 30
    assert sorted(paths(sim)) == ["GET /v1/accounts", "GET /v1/api_keys", "GET /v1/orders/chance"]
    assert sim.state.requests()[-1].query == "market=KRW-BTC"


async def test_key_expiring_warns_with_the_date(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.key_expiring"])
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.reason) == (WARN, "upbit.key_expiring")
    assert "3 day" in outcome.message
    assert "+09:00" in (outcome.hint or "")


async def test_expiry_window_is_configurable(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.key_expiring"])
    settings = Settings.model_validate({"thresholds": {"key_expiry_warn_days": 2}})
    assert (await check.run(sim_context(sim, settings=settings))).status is PASS


async def test_expire_at_in_the_past_fails(sim: RunningSimulator) -> None:
    access_key = sim.state.credentials.upbit_access_key
    body = json.dumps([{"access_key": access_key, "expire_at": "2020-01-01T09:00:00+09:00"}])
    sim.state.inject(Injection("GET", "/v1/api_keys", 200, body=body.encode()))
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.reason) == (FAIL, "upbit.key_expired")
    assert outcome.error_type is ErrorType.INVALID_KEY


async def test_key_not_listed_is_reported_not_failed(sim: RunningSimulator) -> None:
    sim.state.inject(Injection("GET", "/v1/api_keys", 200, body=b"[]"))
    outcome = await check.run(sim_context(sim))
    assert outcome.status is PASS
    assert outcome.details["key_expire_at"] is None


async def test_malformed_accounts_shape(sim: RunningSimulator) -> None:
    sim.state.inject(Injection("GET", "/v1/accounts", 200, body=b'{"accounts": []}'))
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.reason) == (FAIL, "response.malformed")
    assert outcome.message == "Upbit gave an answer golive cannot read (malformed)"


async def test_rate_limited_retries_at_most_once(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.rate_limited"])
    outcome = await check.run(sim_context(sim))
    assert outcome.details.get("retry_after_s") is None  # Upbit sends no Retry-After (UPRATE)
    assert outcome.details["attempts"] <= 2
    assert outcome.error_type == ErrorType.RATE_LIMIT
    # three independent reads go out together; after the 429s at most one retry, never a 418
    assert len(sim.state.requests()) <= 4
    assert all(r.status != 418 for r in sim.state.requests())


async def test_hang_fails_within_the_timeout(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.hang"])
    outcome = await check.run(sim_context(sim, timeout=1.0))
    # no wall-clock bound (it would not hold on a loaded machine): net.read_timeout
    # below is the check's own deadline (80 % of its timeout) ending it, not the runner
    assert (outcome.status, outcome.error_type) == (FAIL, ErrorType.NETWORK_ERROR)


async def test_missing_credentials_skip(sim: RunningSimulator) -> None:
    outcome = await check.run(sim_context(sim, UPBIT_SECRET_KEY=""))
    assert outcome.status is Status.SKIP
    assert sim.state.requests() == ()
