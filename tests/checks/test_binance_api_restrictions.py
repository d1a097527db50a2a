"""``binance_api_restrictions`` against the simulator: the policy table and its overrides."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from golive.checks import binance_api_restrictions as check
from golive.config import Settings
from golive.model import ErrorType, Status
from golive.sim.state import Injection
from tests.exchanges.support import assert_clean, paths, sim_context

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator

PASS, FAIL, WARN = Status.PASS, Status.FAIL, Status.WARN
DENIED = ErrorType.PERMISSION_DENIED

MATRIX = [
    ("healthy", PASS, None, None),
    ("binance.withdrawals_enabled", FAIL, DENIED, "binance.withdrawals_enabled"),
    ("binance.futures_disabled", FAIL, DENIED, "binance.futures_disabled"),
    ("binance.reading_disabled", FAIL, DENIED, "binance.reading_disabled"),
    ("binance.transfer_enabled", FAIL, DENIED, "binance.transfer_enabled"),
    ("binance.no_ip_restriction", WARN, None, "binance.no_ip_restriction"),
    ("binance.trading_authority_expiring", WARN, None, "binance.trading_authority_expiring"),
    ("binance.invalid_key", FAIL, ErrorType.INVALID_KEY, "binance.-2015.key_refused"),
    ("binance.extra_permissions", WARN, None, "binance.least_privilege"),
    ("binance.portfolio_margin", WARN, None, "binance.least_privilege"),
    ("binance.bad_signature", FAIL, ErrorType.INVALID_KEY, "binance.-1022"),
    ("binance.malformed", FAIL, ErrorType.NETWORK_ERROR, "http.502_html"),
]


@pytest.mark.parametrize(("scenario", "status", "error_type", "reason"), MATRIX)
async def test_acceptance_matrix(
    sim: RunningSimulator,
    scenario: str,
    status: Status,
    error_type: ErrorType | None,
    reason: str | None,
) -> None:
    sim.state.set_scenarios([scenario])
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.error_type, outcome.reason) == (status, error_type, reason)
    assert outcome.critical is (scenario == "binance.withdrawals_enabled")
    assert_clean(outcome, sim)


async def test_healthy_reports_the_flags(sim: RunningSimulator) -> None:
    outcome = await check.run(sim_context(sim))
    assert outcome.details["enableWithdrawals"] is False
    assert outcome.details["enableFutures"] is True
    assert outcome.details["ipRestrict"] is True
    assert outcome.details["rate_limit"]["binance"]["limit"] == 12000
    assert outcome.details["rate_limit"]["binance"]["window"] == "X-SAPI-USED-IP-WEIGHT-1M"
    assert paths(sim) == ["GET /sapi/v1/account/apiRestrictions"]


async def test_withdrawals_enabled_is_critical_with_console_steps(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.withdrawals_enabled"])
    outcome = await check.run(sim_context(sim))
    assert outcome.critical
    assert "withdrawals are enabled" in outcome.message
    assert "Set in Binance > API Management > Edit restrictions: Enable Withdrawals OFF." in (
        outcome.hint or ""
    )
    assert "Enable Withdrawals" in (outcome.next_action or "")


async def test_withdrawals_come_first_among_several_violations(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(
        ["binance.no_ip_restriction", "binance.transfer_enabled", "binance.withdrawals_enabled"]
    )
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.reason, outcome.critical) == (
        FAIL,
        "binance.withdrawals_enabled",
        True,
    )
    reasons = [v["reason"] for v in outcome.details["violations"]]
    assert reasons[0] == "binance.withdrawals_enabled"
    assert "binance.no_ip_restriction" in reasons
    hint = outcome.hint or ""
    assert hint.index("Enable Withdrawals OFF") < hint.index("Restrict access to trusted IPs")


async def test_transfer_policy_can_be_relaxed(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.transfer_enabled"])
    policy = {"forbid_internal_transfer": False, "forbid_universal_transfer": False}
    settings = Settings.model_validate({"binance_policy": policy})
    outcome = await check.run(sim_context(sim, settings=settings))
    assert outcome.status is PASS


async def test_ip_warning_can_be_switched_off(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.no_ip_restriction"])
    settings = Settings.model_validate({"binance_policy": {"warn_without_ip_restriction": False}})
    outcome = await check.run(sim_context(sim, settings=settings))
    assert outcome.status is PASS


async def test_trading_authority_window_is_configurable(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.trading_authority_expiring"])
    settings = Settings.model_validate({"thresholds": {"trading_authority_warn_days": 1}})
    assert (await check.run(sim_context(sim, settings=settings))).status is PASS
    outcome = await check.run(sim_context(sim))
    assert "3" in outcome.message
    assert "tradingAuthorityExpirationTime" in outcome.details


async def test_a_missing_flag_cannot_be_shown_safe(sim: RunningSimulator) -> None:
    body = json.dumps({"ipRestrict": True, "enableReading": True, "enableFutures": True}).encode()
    sim.state.inject(Injection("GET", "/sapi/v1/account/apiRestrictions", 200, body=body))
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.reason, outcome.critical) == (
        FAIL,
        "binance.withdrawals_enabled",
        True,
    )


async def test_hang_fails_within_the_timeout(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.hang"])
    outcome = await check.run(sim_context(sim, timeout=1.0))
    # no wall-clock bound (it would not hold on a loaded machine): net.read_timeout
    # below is the check's own deadline (80 % of its timeout) ending it, not the runner
    assert (outcome.status, outcome.error_type) == (FAIL, ErrorType.NETWORK_ERROR)


async def test_korean_texts(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.withdrawals_enabled"])
    outcome = await check.run(sim_context(sim, lang="ko"))
    assert outcome.message.startswith("바이낸스 API 키: 출금 권한")
    assert "바이낸스 > API 관리" in (outcome.hint or "")


async def test_least_privilege_lists_every_right_and_each_switch_works(
    sim: RunningSimulator,
) -> None:
    sim.state.set_scenarios(["binance.extra_permissions"])
    outcome = await check.run(sim_context(sim))
    assert outcome.status is WARN
    for step in (
        "Enable Spot & Margin Trading OFF",
        "Enable Margin Loan, Repay & Transfer OFF",
        "Enable European Options OFF",
        "Enable FIX API Trading OFF",
    ):
        assert step in (outcome.hint or "")
    assert "[binance_policy]" in (outcome.next_action or "")
    relaxed = Settings.model_validate(
        {
            "binance_policy": {
                "warn_spot_and_margin_trading": False,
                "warn_margin": False,
                "warn_vanilla_options": False,
                "warn_fix_api_trade": False,
            }
        }
    )
    assert (await check.run(sim_context(sim, settings=relaxed))).status is PASS


async def test_details_list_every_flag_read(sim: RunningSimulator) -> None:
    outcome = await check.run(sim_context(sim))
    for flag in (
        "ipRestrict", "enableReading", "enableWithdrawals", "enableInternalTransfer",
        "enableMargin", "enableFutures", "permitsUniversalTransfer", "enableVanillaOptions",
        "enableFixApiTrade", "enableFixReadOnly", "enableSpotAndMarginTrading",
        "enablePortfolioMarginTrading", "createTime",
    ):  # fmt: skip
        assert flag in outcome.details, flag


async def test_portfolio_margin_explains_futures_off(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.portfolio_margin", "binance.futures_disabled"])
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.reason) == (FAIL, "binance.portfolio_margin")
    assert "portfolio-margin account" in (outcome.hint or "")


async def test_trading_authority_is_spot_and_margin_not_futures(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["binance.trading_authority_expiring"])
    outcome = await check.run(sim_context(sim))
    assert "spot and margin trading permission expires" in outcome.message
    assert "futures trading is not affected" in outcome.message
    ko = await check.run(sim_context(sim, lang="ko"))
    assert "현물·마진 거래 권한" in ko.message


async def test_headroom_line_names_the_sapi_budget(sim: RunningSimulator) -> None:
    sim.state.add_weight("sapi ip /sapi/v1/account/apiRestrictions", 11_000)
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.reason) == (WARN, "ratelimit.headroom")
    assert "X-SAPI-USED-IP-WEIGHT-1M" in outcome.message
    assert "/12000" in outcome.message
