"""Paper profiles that fit the test networks (issue 13.9).

The Binance Spot Test Network serves only /api (SPOTDOCS testnet/general-info.md):
what needs /sapi is SKIP with the reason, the rest runs. Upbit has no testnet: in
paper a key with only the View Account scope is enough; live still needs View Orders.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from golive.checks import binance, binance_api_restrictions, upbit
from golive.exchanges.testnet import on_testnet, serves_sapi
from golive.model import ErrorType, Status
from golive.sim.envwrite import env_values
from golive.sim.server import SimConfig, start_simulator
from tests.exchanges.support import paths, sim_context

if TYPE_CHECKING:
    from collections.abc import Iterator

    from golive.model import CheckContext
    from golive.sim.server import RunningSimulator


@pytest.fixture(scope="module")
def testnet_sim() -> Iterator[RunningSimulator]:
    with start_simulator(SimConfig(binance_testnet=True)) as running:
        yield running


def _paper(ctx: CheckContext) -> CheckContext:
    return replace(ctx, profile=replace(ctx.profile, name="paper"))


@pytest.mark.parametrize(
    ("values", "spot", "futures"),
    [
        ({"BINANCE_BASE_URL": "https://testnet.binance.vision"}, True, False),
        ({"BINANCE_BASE_URL": "https://api1.testnet.binance.vision/"}, True, False),
        ({"BINANCE_BASE_URL": "https://demo-api.binance.com"}, True, False),
        ({"BINANCE_FUTURES_BASE_URL": "https://demo-fapi.binance.com"}, False, True),
        ({"BINANCE_FUTURES_BASE_URL": "https://testnet.binancefuture.com"}, False, True),
        ({"BINANCE_BASE_URL": "https://api.binance.com"}, False, False),
        ({"BINANCE_TESTNET": "true"}, True, True),
    ],
)
def test_testnet_hosts_are_recognised(values: dict[str, str], spot: bool, futures: bool) -> None:
    assert (on_testnet(values, "binance"), on_testnet(values, "binance_futures")) == (spot, futures)
    assert serves_sapi(values) is not spot


async def test_spot_testnet_skips_what_needs_sapi_and_runs_the_rest(
    testnet_sim: RunningSimulator,
) -> None:
    testnet_sim.state.reset()
    values = env_values(testnet_sim, "paper")
    assert values["BINANCE_TESTNET"] == "true"
    ctx = _paper(sim_context(testnet_sim))
    restrictions = await binance_api_restrictions.run(ctx)
    assert (restrictions.status, restrictions.reason) == (Status.SKIP, "binance.testnet_no_sapi")
    assert "/api only" in restrictions.message
    outcome = await binance.run(ctx)
    assert outcome.status is Status.PASS, outcome.message
    assert "/sapi/v1/system/status" in outcome.details["not_checked"]
    assert not [p for p in paths(testnet_sim) if "/sapi/" in p]


def test_the_testnet_simulator_has_no_sapi(testnet_sim: RunningSimulator) -> None:
    import httpx

    response = httpx.get(testnet_sim.url("/sapi/v1/system/status"))
    assert (response.status_code, response.json()["code"]) == (404, -5000)


async def test_upbit_paper_needs_only_view_account(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["upbit.view_account_only"])
    paper = await upbit.run(_paper(sim_context(sim)))
    assert paper.status is Status.PASS, paper.message
    assert paper.details["order_view_scope"] is None
    assert not [p for p in paths(sim) if "orders/chance" in p]
    live = await upbit.run(sim_context(sim))
    assert (live.status, live.error_type, live.reason) == (
        Status.FAIL,
        ErrorType.PERMISSION_DENIED,
        "upbit.out_of_scope",
    )


async def test_live_never_skips_for_a_testnet_flag(testnet_sim: RunningSimulator) -> None:
    """BINANCE_TESTNET in a live env file must not switch a check off: it runs and fails."""
    testnet_sim.state.reset()
    outcome = await binance_api_restrictions.run(sim_context(testnet_sim))
    assert outcome.status is Status.FAIL
    assert serves_sapi({"BINANCE_TESTNET": "true"}, "live")
