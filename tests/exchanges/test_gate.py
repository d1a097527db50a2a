"""The credential gate at its two lowest levels: the policy and the client factory.

``closed_gates`` is the policy ``env_isolation`` reports (one table, ``URL_RULES``): a
venue whose base URL FAILs it gets no client on the real wire from the factory, so no
request, signed or not, leaves for it. The runner's half (a gated check is never
started) is tested through the CLI in ``tests/verdict/test_credential_gate.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from golive.checks import env_isolation
from golive.config import Settings
from golive.envfiles.base_urls import BASE_URL_VARIABLES, base_urls, closed_gates
from golive.envfiles.isolation import IsolationFacts, RepoFacts
from golive.exchanges.http import VENUES, ClientFactory, GatedVenueError
from golive.model import Status

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator

VARIABLES = tuple(spec.variable for spec in BASE_URL_VARIABLES)
PROFILES = ("live", "paper", "local_dev")
URLS = (
    "https://api.binance.com",
    "https://fapi.binance.com",
    "https://api.upbit.com:443",
    "https://api.upbit.com:8443",
    "http://api.telegram.org",
    "http://127.0.0.1:18080",
    "http://localhost:18080",
    "http://[::1]:18080",
    "http://127.1:18080",
    "http://192.0.2.10:18080",
    "https://192.0.2.10",
    "https://proxy.corp.example",
    "https://api.binance.com.evil.example",
    "https://testnet.binance.vision",
    "https://demo-fapi.binance.com",
    "ftp://api.binance.com",
    "https://api.binance.com:99999",
    "http:// spaced",
)
ALLOWED = (frozenset(), frozenset({"127.0.0.1"}), frozenset({"proxy.corp.example", "192.0.2.10"}))


def isolation_fails(values: dict[str, str], profile: str, allowed: frozenset[str]) -> set[str]:
    """The variables ``env_isolation`` FAILs, from the same facts the check builds."""
    facts = IsolationFacts(
        profile=profile,
        env_file=".env." + profile,
        base_urls=base_urls(values, allowed),
        siblings=(),
        evidence_dir=Path("/nonexistent/evidence"),
        in_evidence_dir=False,
        repo=RepoFacts(),
    )
    found = env_isolation.problems(facts, "en")
    return {p.hit.names for p in found if p.rule.status is Status.FAIL}


@pytest.mark.parametrize("allowed", ALLOWED)
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("url", URLS)
def test_the_gate_closes_exactly_where_env_isolation_fails(
    url: str, profile: str, allowed: frozenset[str]
) -> None:
    for variable in VARIABLES:
        values = {variable: url}
        gated = {gate.variable for gate in closed_gates(values, profile, allowed).values()}
        assert gated == isolation_fails(values, profile, allowed), (variable, url)


def test_what_closes_and_what_does_not() -> None:
    sim = dict.fromkeys(VARIABLES, "http://127.0.0.1:18080")
    assert set(closed_gates(sim, "live")) == {s.venue for s in BASE_URL_VARIABLES}
    assert closed_gates(sim, "live", frozenset({"127.0.0.1"})) == {}
    assert closed_gates(sim, "paper") == {}
    assert closed_gates(sim, "local_dev") == {}
    assert closed_gates({}, "live") == {}
    warned = {"UPBIT_BASE_URL": "https://proxy.corp.example"}
    assert closed_gates(warned, "paper") == {}  # a WARN tells, it does not gate
    [gate] = closed_gates({"UPBIT_BASE_URL": "http://192.0.2.10:8080"}, "paper").values()
    assert (gate.venue, gate.variable, gate.host) == ("upbit", "UPBIT_BASE_URL", "192.0.2.10:8080")
    assert gate.reasons == ("env.insecure_base_url",)
    [live] = closed_gates({"UPBIT_BASE_URL": "http://192.0.2.10:8080"}, "live").values()
    assert live.reasons == ("env.insecure_base_url", "env.non_production_host")


def sim_values(sim: RunningSimulator, base_url: str | None = None) -> dict[str, str]:
    return {spec.base_url_key: base_url or sim.base_url for spec in VENUES.values()}


@pytest.mark.parametrize("venue", VENUES)
async def test_the_factory_builds_no_client_for_a_gated_venue(
    sim: RunningSimulator, venue: str
) -> None:
    factory = ClientFactory(sim_values(sim), Settings(), profile="live")
    with pytest.raises(GatedVenueError) as refused:
        factory(venue, timeout=2.0)
    assert refused.value.venue == venue
    assert VENUES[venue].base_url_key in str(refused.value)
    assert sim.state.requests() == ()


async def test_a_factory_not_told_its_profile_judges_as_live(sim: RunningSimulator) -> None:
    with pytest.raises(GatedVenueError):
        ClientFactory(sim_values(sim), Settings())("upbit", timeout=2.0)
    assert sim.state.requests() == ()


async def test_http_to_a_host_that_is_not_loopback_is_gated_in_paper(
    sim: RunningSimulator,
) -> None:
    """``127.1`` is this machine, but not a loopback address golive recognises: the policy
    treats it as a remote host, and the simulator behind it proves nothing was sent."""
    values = sim_values(sim, f"http://127.1:{sim.port}")
    factory = ClientFactory(values, Settings(), profile="paper")
    for venue in VENUES:
        with pytest.raises(GatedVenueError):
            factory(venue, timeout=2.0)
    assert sim.state.requests() == ()


async def test_open_gates_reach_the_simulator(sim: RunningSimulator) -> None:
    allowed = Settings(allowed_hosts=["127.0.0.1"])
    for factory in (
        ClientFactory(sim_values(sim), Settings(), profile="paper"),
        ClientFactory(sim_values(sim), allowed, profile="live"),
    ):
        async with factory("binance", timeout=2.0) as client:
            assert (await client.get("/api/v3/time")).status_code == 200
    assert [r.path for r in sim.state.requests()] == ["/api/v3/time"] * 2


async def test_a_replaced_wire_is_still_built_and_sends_nowhere(sim: RunningSimulator) -> None:
    """``read_only``'s self-test: the guard's answer to a mutating request, on a wire that
    never leaves this process."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    factory = ClientFactory(sim_values(sim), Settings(), profile="live")
    wire = httpx.MockTransport(answer)
    async with factory("binance", timeout=2.0, transport=wire) as client:
        await client.get("/api/v3/time")
    assert [r.url.path for r in seen] == ["/api/v3/time"]
    assert sim.state.requests() == ()
