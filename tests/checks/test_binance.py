"""``binance`` against the simulator: the acceptance matrix and the -2015 explanations."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest

from golive.checks import binance, binance_api_restrictions
from golive.model import ErrorType, Status
from golive.sim.state import Injection
from golive.sim.venues import Venue
from tests.exchanges.support import assert_clean, paths, sim_context

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator

PASS, FAIL = Status.PASS, Status.FAIL
IK, DENIED = ErrorType.INVALID_KEY, ErrorType.PERMISSION_DENIED
NET, RATE, CLOCK = ErrorType.NETWORK_ERROR, ErrorType.RATE_LIMIT, ErrorType.CLOCK_SKEW
ANY = "(any reason)"

MATRIX = [
    ("healthy", PASS, None, None),
    ("binance.invalid_key", FAIL, IK, "binance.-2015.key_refused"),
    ("binance.bad_signature", FAIL, IK, "binance.-1022"),
    ("binance.ip_not_allowed", FAIL, IK, "binance.-2015.key_refused"),
    ("binance.futures_disabled", FAIL, DENIED, "binance.futures_disabled"),
    ("binance.reading_disabled", FAIL, DENIED, "binance.reading_disabled"),
    ("binance.portfolio_margin", FAIL, DENIED, "binance.portfolio_margin"),
    ("binance_futures.ip_not_allowed", FAIL, IK, "binance.-2015.ip_restricted"),
    ("binance_futures.invalid_key", FAIL, IK, "binance.-2015.ip_restricted"),
    ("binance.maintenance", FAIL, NET, "binance.maintenance"),
    ("binance_futures.maintenance", FAIL, NET, ANY),
    ("binance.rate_limited", FAIL, RATE, ANY),
    ("binance.clock_skew", FAIL, CLOCK, "binance.-1021"),
    ("binance.malformed", FAIL, NET, ANY),
    ("binance_futures.malformed", FAIL, NET, ANY),
    ("binance.withdrawals_enabled", PASS, None, None),
    ("binance.hedge_mode", PASS, None, None),
]
"""scenario -> status, error type, reason (``ANY``: the classifier's choice, not this check's)."""


@pytest.mark.parametrize(("scenario", "status", "error_type", "reason"), MATRIX)
async def test_acceptance_matrix(
    sim: RunningSimulator,
    scenario: str,
    status: Status,
    error_type: ErrorType | None,
    reason: str | None,
) -> None:
    sim.state.set_scenarios([scenario])
    outcome = await binance.run(sim_context(sim))
    assert (outcome.status, outcome.error_type) == (status, error_type)
    assert reason in (ANY, outcome.reason)
    assert_clean(outcome, sim)


async def test_healthy_reports_balances_and_headroom(sim: RunningSimulator) -> None:
    outcome = await binance.run(sim_context(sim))
    assert outcome.details["futures"]["available"] == "5000.00000000"
    assert outcome.details["spot"]["balances"]
    assert set(outcome.details["rate_limit"]) == {"binance", "binance_futures"}
    assert outcome.details["rate_limit"]["binance"]["limit"] == 6000
    assert outcome.details["rate_limit"]["binance_futures"]["limit"] == 2400
    assert sorted(paths(sim)) == sorted(  # sent together: any order
        [
            "GET /sapi/v1/system/status",
            "GET /api/v3/account",
            "GET /fapi/v2/balance",
        ]
    )


async def test_position_mode_is_left_to_futures_account(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.hedge_mode"])
    outcome = await binance.run(sim_context(sim))
    assert "position_mode" not in outcome.details
    assert "GET /fapi/v1/positionSide/dual" not in paths(sim)


async def test_invalid_key_names_the_three_causes(sim: RunningSimulator) -> None:
    """Without apiRestrictions (unrelated failure there) the classifier's reading stands."""
    sim.state.set_scenarios(["binance_futures.invalid_key"])
    sim.state.inject(Injection("GET", "/sapi/v1/account/apiRestrictions", 503, times=None))
    outcome = await binance.run(sim_context(sim))
    assert outcome.message == "Binance futures rejected the key (-2015)"
    assert outcome.reason == "binance.-2015.request_ip"
    assert outcome.hint is not None
    hint = outcome.hint.lower()
    assert hint.index("key") < hint.index("trusted ips") < hint.index("enable futures")
    assert "(1)" in outcome.hint
    assert "(3)" in outcome.hint


async def test_apirestrictions_refused_means_the_key(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.invalid_key"])
    outcome = await binance.run(sim_context(sim))
    assert (outcome.error_type, outcome.reason) == (IK, "binance.-2015.key_refused")
    assert "not a missing permission" in (outcome.hint or "")


async def test_without_ip_restriction_the_ip_is_ruled_out(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance_futures.invalid_key", "binance.no_ip_restriction"])
    outcome = await binance.run(sim_context(sim))
    assert (outcome.error_type, outcome.reason) == (IK, "binance.-2015.futures_key")
    assert "created before the futures account" in (outcome.hint or "")


async def test_bad_signature_names_the_signature(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.bad_signature"])
    outcome = await binance.run(sim_context(sim))
    assert "-1022" in (outcome.reason or "")
    assert "signature" in (outcome.hint or "").lower()


async def test_futures_rejection_with_ip_shows_the_ip(sim: RunningSimulator) -> None:
    """ipRestrict is true: the IP fapi saw must be on the list; the headline stays the key's."""
    sim.state.set_scenarios(["binance_futures.ip_not_allowed"])
    outcome = await binance.run(sim_context(sim))
    assert "127.0.0.1" in (outcome.hint or "")
    assert "127.0.0.1" in (outcome.next_action or "")
    assert outcome.details["detail"] == "127.0.0.1"
    assert outcome.message == "Binance futures rejected the key (-2015)"


async def test_futures_disabled_shares_one_restrictions_read(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.futures_disabled"])
    ctx = sim_context(sim)
    both = await asyncio.gather(binance.run(ctx), binance_api_restrictions.run(ctx))
    assert [o.error_type for o in both] == [ErrorType.PERMISSION_DENIED] * 2
    assert paths(sim).count("GET /sapi/v1/account/apiRestrictions") == 1


async def test_stray_whitespace_in_the_key_is_named_before_sending(sim: RunningSimulator) -> None:
    key = sim.state.credentials.binance_api_key
    outcome = await binance.run(sim_context(sim, BINANCE_API_KEY=f"{key} "))
    assert (outcome.status, outcome.error_type) == (FAIL, IK)
    assert outcome.reason == "credentials.whitespace"
    assert "BINANCE_API_KEY" in outcome.message
    assert sim.state.requests() == ()


async def test_rate_limited_retries_at_most_once(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.rate_limited"])
    outcome = await binance.run(sim_context(sim))
    assert (outcome.status, outcome.error_type) == (Status.FAIL, ErrorType.RATE_LIMIT)
    assert outcome.details["retry_after_s"] == 1
    assert outcome.details["attempts"] <= 2
    limited = [r for r in sim.state.requests() if r.path.startswith(("/api", "/sapi"))]
    # status and account go out together; after the 429s at most one retry, never a 418
    assert len(limited) <= 3
    assert all(r.status != 418 for r in sim.state.requests())
    assert "Retry-After" in (outcome.hint or "")


async def test_headroom_warning_over_the_threshold(sim: RunningSimulator) -> None:
    sim.state.add_weight(Venue.BINANCE_FUTURES, 2000)
    outcome = await binance.run(sim_context(sim))
    assert (outcome.status, outcome.reason) == (Status.WARN, "ratelimit.headroom")
    assert outcome.details["rate_limit"]["binance_futures"]["used_pct"] > 80
    assert "Binance futures" in outcome.message


@pytest.mark.parametrize("venue", ["binance", "binance_futures"])
async def test_hang_fails_within_the_timeout(sim: RunningSimulator, venue: str) -> None:
    sim.state.set_scenarios([f"{venue}.hang"])
    outcome = await binance.run(sim_context(sim, timeout=1.0))
    # no wall-clock bound (it would not hold on a loaded machine): net.read_timeout
    # below is the check's own deadline (80 % of its timeout) ending it, not the runner
    assert (outcome.status, outcome.error_type) == (Status.FAIL, ErrorType.NETWORK_ERROR)
    assert outcome.reason == "net.read_timeout"


async def test_missing_credentials_skip(sim: RunningSimulator) -> None:
    outcome = await binance.run(sim_context(sim, BINANCE_API_SECRET=""))
    assert outcome.status is Status.SKIP
    assert sim.state.requests() == ()


async def test_korean_texts(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.invalid_key"])  # apiRestrictions refused too: the key
    outcome = await binance.run(sim_context(sim, lang="ko"))
    assert outcome.message == "바이낸스: 키가 거부되었습니다 (-2015)"
    assert any("\uac00" <= ch <= "\ud7a3" for ch in outcome.hint or "")
