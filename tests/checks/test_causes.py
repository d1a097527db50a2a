"""Headlines agree with hints: each failure is typed by the cause the operator must fix.

The answers are injected into the simulator and read through golive's client and
checks, so the classification, the headline and the hint are the ones a run shows.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from golive.checks import binance, upbit
from golive.model import ErrorType, Status
from golive.sim.state import Injection
from tests.exchanges.support import sim_context

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator

IP, UNKNOWN = ErrorType.IP_RESTRICTION, ErrorType.UNKNOWN
RESTRICTED = {
    "code": 0,
    "msg": "Service unavailable from a restricted location according to 'b. Eligibility' in "
    "https://www.binance.com/en/terms. Please contact customer service if you believe you "
    "received this message in error.",
}


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [(403, b"", "binance.http_403"), (451, json.dumps(RESTRICTED).encode(), "binance.http_451")],
)
async def test_waf_and_geo_block_are_this_ip_not_a_permission(
    sim: RunningSimulator, status: int, body: bytes, reason: str
) -> None:
    sim.state.inject(Injection("GET", "/api/v3/account", status, body=body, times=None))
    outcome = await binance.run(sim_context(sim))
    assert (outcome.status, outcome.error_type, outcome.reason) == (Status.FAIL, IP, reason)
    assert "refused requests from this IP" in outcome.message
    assert "permission" not in outcome.message


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("nonce_used", "upbit.nonce_used"),
        ("invalid_query_payload", "upbit.invalid_query_payload"),
        ("validation_error", "upbit.validation_error"),
    ],
)
async def test_client_bugs_are_not_a_bad_key(sim: RunningSimulator, name: str, reason: str) -> None:
    body = json.dumps({"error": {"name": name, "message": "x"}}).encode()
    sim.state.inject(Injection("GET", "/v1/accounts", 401, body=body, times=None))
    outcome = await upbit.run(sim_context(sim))
    assert (outcome.error_type, outcome.reason) == (UNKNOWN, reason)
    assert "refused the request itself" in outcome.message
    assert "not the key" in outcome.message


async def test_missing_parameter_on_binance_is_a_client_bug(sim: RunningSimulator) -> None:
    body = json.dumps(
        {
            "code": -1102,
            "msg": "Mandatory parameter 'x' was not sent, was empty/null, or malformed.",
        }
    ).encode()
    sim.state.inject(Injection("GET", "/fapi/v2/balance", 400, body=body, times=None))
    outcome = await binance.run(sim_context(sim))
    assert (outcome.error_type, outcome.reason) == (UNKNOWN, "binance.-1102")
    assert "refused the request itself" in outcome.message


async def test_a_redirect_is_the_network(sim: RunningSimulator) -> None:
    headers = (("Location", "http://127.0.0.1:1/elsewhere"),)
    sim.state.inject(Injection("GET", "/api/v3/account", 302, headers=headers, times=None))
    outcome = await binance.run(sim_context(sim))
    assert (outcome.error_type, outcome.reason) == (ErrorType.NETWORK_ERROR, "http.redirect")
