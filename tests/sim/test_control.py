"""The control API under /__sim__/ and the scenario table behind it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from golive.sim.scenarios import (
    SCENARIOS,
    Fault,
    UnknownScenarioError,
    describe_scenario,
    validate_scenarios,
)
from golive.sim.venues import Venue
from tests.support.simulator import binance_headers, binance_url

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator


def test_every_venue_has_every_common_fault() -> None:
    for venue in Venue:
        for fault in Fault:
            assert f"{venue.value}.{fault.value}" in SCENARIOS


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_scenario_table_is_well_formed(lang: str) -> None:
    for name, key in SCENARIOS.items():
        venue, _, fault = name.partition(".")
        assert name == "healthy" or (venue in {v.value for v in Venue} and fault)
        assert key == f"sim.scenario.{name}"
        description = describe_scenario(name, lang)
        assert description
        assert description != key
        assert "\n" not in description
        assert len(description) <= 90


def test_unknown_scenario_message_lists_valid_ones() -> None:
    with pytest.raises(UnknownScenarioError) as info:
        validate_scenarios(["binance.invalid_key", "binance.nope"])
    message = str(info.value)
    assert "\n" not in message
    assert "'binance.nope'" in message
    assert "upbit.key_expired" in message


def test_healthy_means_nothing_active() -> None:
    assert validate_scenarios(["healthy"]) == ()
    assert validate_scenarios(["upbit.hang", "healthy", "upbit.hang"]) == ("upbit.hang",)


def test_list_scenarios(sim: RunningSimulator) -> None:
    body = httpx.get(sim.url("/__sim__/scenarios")).json()
    assert body["active"] == ["healthy"]
    described = {name: describe_scenario(name, "en") for name in SCENARIOS}
    assert {s["name"]: s["description"] for s in body["scenarios"]} == described


def test_set_scenarios(sim: RunningSimulator) -> None:
    response = httpx.post(
        sim.url("/__sim__/scenario"), json={"scenarios": ["binance.invalid_key", "upbit.hang"]}
    )
    assert response.json() == {"active": ["binance.invalid_key", "upbit.hang"]}
    assert sim.state.active_scenarios == ("binance.invalid_key", "upbit.hang")
    assert httpx.get(sim.url("/__sim__/scenario")).json()["active"] == list(
        sim.state.active_scenarios
    )


@pytest.mark.parametrize(
    "body", [{"scenarios": ["nope.nothing"]}, {"scenarios": "binance.hang"}, {"x": 1}]
)
def test_bad_scenario_requests_change_nothing(sim: RunningSimulator, body: object) -> None:
    sim.state.set_scenarios(["upbit.slow"])
    response = httpx.post(sim.url("/__sim__/scenario"), json=body)
    assert response.status_code == 400
    assert "error" in response.json()
    assert sim.state.active_scenarios == ("upbit.slow",)


def test_bad_json_is_400(sim: RunningSimulator) -> None:
    response = httpx.post(
        sim.url("/__sim__/scenario"),
        content=b"{nope",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400


def test_inject_json_answer_then_fall_back(sim: RunningSimulator) -> None:
    spec = {
        "method": "GET",
        "path": "/api/v3/time",
        "status": 451,
        "headers": {"X-Test": "1"},
        "json": {"code": 0, "msg": "Service unavailable from a restricted location"},
        "times": 1,
    }
    assert httpx.post(sim.url("/__sim__/inject"), json=spec).json()["ok"] is True
    first = httpx.get(sim.url("/api/v3/time"))
    assert (first.status_code, first.headers["X-Test"], first.json()["code"]) == (451, "1", 0)
    assert first.headers["content-type"] == "application/json"
    assert httpx.get(sim.url("/api/v3/time")).status_code == 200
    assert [r.status for r in sim.state.requests()] == [451, 200]


def test_inject_raw_body_until_reset(sim: RunningSimulator) -> None:
    spec = {
        "method": "get",
        "path": "/v1/accounts",
        "status": 200,
        "headers": {"Content-Type": "text/plain"},
        "body": "not json",
    }
    httpx.post(sim.url("/__sim__/inject"), json=spec)
    for _ in range(2):
        response = httpx.get(sim.url("/v1/accounts"))
        assert (response.status_code, response.text) == (200, "not json")
    httpx.post(sim.url("/__sim__/reset"), json={})
    assert httpx.get(sim.url("/v1/accounts")).status_code == 401


@pytest.mark.parametrize(
    "spec", [{"method": "GET"}, {"method": "GET", "path": "/x", "status": "500"}, []]
)
def test_bad_injection_is_400(sim: RunningSimulator, spec: object) -> None:
    assert httpx.post(sim.url("/__sim__/inject"), json=spec).status_code == 400


def test_request_log_hides_signature_and_filters(sim: RunningSimulator) -> None:
    httpx.get(
        binance_url(sim, "/api/v3/account", {"omitZeroBalances": "true"}),
        headers=binance_headers(sim),
    )
    httpx.get(sim.url("/v1/market/all"))
    httpx.post(sim.url("/v1/orders"))
    entries = httpx.get(sim.url("/__sim__/requests")).json()["requests"]
    assert [e["path"] for e in entries] == ["/api/v3/account", "/v1/market/all", "/v1/orders"]
    first = entries[0]
    assert set(first) == {"method", "path", "query", "venue", "status", "time", "mutating"}
    assert first["query"].startswith("omitZeroBalances=true&timestamp=")
    assert "signature" not in first["query"]
    assert (first["venue"], first["status"], first["mutating"]) == ("binance", 200, False)
    upbit = httpx.get(sim.url("/__sim__/requests?venue=upbit")).json()["requests"]
    assert len(upbit) == 2
    mutating = httpx.get(sim.url("/__sim__/requests?mutating=true")).json()["requests"]
    assert [(e["method"], e["path"]) for e in mutating] == [("POST", "/v1/orders")]


def test_control_requests_are_not_logged(sim: RunningSimulator) -> None:
    httpx.get(sim.url("/__sim__/scenarios"))
    assert sim.state.requests() == ()


def test_reset(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.invalid_key"])
    httpx.get(sim.url("/api/v3/time"))
    body = httpx.post(sim.url("/__sim__/reset"), json={}).json()
    assert body == {"ok": True, "active": ["healthy"]}
    assert sim.state.requests() == ()
    assert sim.state.active_scenarios == ()


def test_every_scenario_is_documented() -> None:
    text = (Path(__file__).parents[2] / "docs" / "simulator.md").read_text()
    missing = [name for name in SCENARIOS if f"| `{name}` |" not in text]
    assert missing == []
