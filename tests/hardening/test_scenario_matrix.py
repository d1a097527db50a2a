"""Every simulator scenario x every check it touches, end to end through the CLI.

Each row is one scenario and what the venue checks must say about it: the checks
not named must PASS. Every run must end within ``--timeout`` + slack, write a
complete bundle, and print no traceback; the session-wide invariants
(tests.support.invariants) add that no mutating request arrived and no secret
was shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

from golive.sim.scenarios import SCENARIOS
from tests.hardening.support import SLACK_S, VENUE_CHECKS, Expected, live_workspace, preflight

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

FAIL, WARN = "FAIL", "WARN"
IK, IP, CLOCK, RATE = "invalid_key", "ip_restriction", "clock_skew", "rate_limit"
DENIED, NET, UNKNOWN = "permission_denied", "network_error", "unknown"
SPOT = ("binance_api_restrictions", "binance")
SPOT_AND_CLOCK = (*SPOT, "clock_skew")
FUTURES_AND_CLOCK = ("binance", "clock_skew")
SLOW_TIMEOUT = 1.2
"""Well under the simulator's 1.5 s ``slow`` answers: every slow read times out."""


def each(checks: tuple[str, ...], expected: Expected) -> dict[str, Expected]:
    return dict.fromkeys(checks, expected)


@dataclass(frozen=True)
class Row:
    scenario: str
    expected: dict[str, Expected] = field(default_factory=dict)
    timeout: float = 2.0
    blocked_before: bool = False
    """The venue answers 418 from the first request (the scenario is a block): golive did
    not earn it, so the run is not held to 'no 418'."""


MATRIX: tuple[Row, ...] = (
    Row("healthy"),
    # Binance spot and wallet
    Row("binance.invalid_key", each(SPOT, (FAIL, IK))),
    Row("binance.bad_signature", each(SPOT, (FAIL, IK))),
    # spot -2015 does not say whether key, IP or permission: invalid_key, three causes in the hint
    Row("binance.ip_not_allowed", each(SPOT, (FAIL, IK))),
    Row("binance.clock_skew", each(SPOT_AND_CLOCK, (FAIL, CLOCK))),
    Row("binance.rate_limited", each(SPOT_AND_CLOCK, (FAIL, RATE))),
    # each /sapi endpoint is a budget of its own: spot and futures reads keep their answers
    Row("binance.sapi_rate_limited", {"binance_api_restrictions": (FAIL, RATE)}),
    # banned before golive came: every spot read is refused (418), futures still answers
    Row("binance.banned", each(SPOT_AND_CLOCK, (FAIL, RATE)), blocked_before=True),
    Row("binance.maintenance", each(SPOT_AND_CLOCK, (FAIL, NET))),
    Row("binance.hang", each(SPOT_AND_CLOCK, (FAIL, NET))),
    Row("binance.malformed", each(SPOT_AND_CLOCK, (FAIL, NET))),
    Row("binance.slow", each(SPOT_AND_CLOCK, (FAIL, NET)), timeout=SLOW_TIMEOUT),
    Row("binance.withdrawals_enabled", {"binance_api_restrictions": (FAIL, DENIED)}),
    Row("binance.futures_disabled", each(SPOT, (FAIL, DENIED))),
    Row("binance.reading_disabled", each(SPOT, (FAIL, DENIED))),
    Row("binance.transfer_enabled", {"binance_api_restrictions": (FAIL, DENIED)}),
    Row("binance.no_ip_restriction", {"binance_api_restrictions": (WARN, None)}),
    Row("binance.trading_authority_expiring", {"binance_api_restrictions": (WARN, None)}),
    # the trading scenarios: judged by futures_account, markets, funds, open_exposure
    # (tests/cli/test_trading_scenarios.py); the venue checks here are not concerned
    Row("binance.hedge_mode"),
    Row("binance.multi_assets_mode"),
    Row(
        "binance.portfolio_margin",
        {"binance": (FAIL, DENIED), "binance_api_restrictions": (WARN, None)},
    ),
    Row("binance.extra_permissions", {"binance_api_restrictions": (WARN, None)}),
    # Binance USDT-M futures
    # every fapi -2015 names the request IP: still invalid_key, narrowed by apiRestrictions
    Row("binance_futures.invalid_key", {"binance": (FAIL, IK)}),
    Row("binance_futures.bad_signature", {"binance": (FAIL, IK)}),
    Row("binance_futures.ip_not_allowed", {"binance": (FAIL, IK)}),
    Row("binance_futures.clock_skew", each(FUTURES_AND_CLOCK, (FAIL, CLOCK))),
    Row("binance_futures.rate_limited", each(FUTURES_AND_CLOCK, (FAIL, RATE))),
    Row("binance_futures.maintenance", each(FUTURES_AND_CLOCK, (FAIL, NET))),
    Row("binance_futures.hang", each(FUTURES_AND_CLOCK, (FAIL, NET))),
    Row("binance_futures.malformed", each(FUTURES_AND_CLOCK, (FAIL, NET))),
    Row("binance_futures.slow", each(FUTURES_AND_CLOCK, (FAIL, NET)), timeout=SLOW_TIMEOUT),
    Row("binance_futures.cannot_trade"),
    Row("binance_futures.trading_locked"),
    Row("binance_futures.multi_assets_mode"),
    Row("binance_futures.leverage_mismatch"),
    Row("binance_futures.margin_type_mismatch"),
    Row("binance_futures.symbol_not_trading"),
    Row("binance_futures.min_notional_above_plan"),
    Row("binance_futures.insufficient_margin"),
    Row("binance_futures.open_position"),
    # Upbit
    Row("upbit.invalid_key", {"upbit": (FAIL, IK)}),
    Row("upbit.bad_signature", {"upbit": (FAIL, IK)}),
    Row("upbit.ip_not_allowed", {"upbit": (FAIL, IP)}),
    Row("upbit.clock_skew"),  # Upbit's JWT carries no time: nothing to reject
    Row("upbit.rate_limited", {"upbit": (FAIL, RATE)}),
    Row("upbit.blocked", {"upbit": (FAIL, RATE)}, blocked_before=True),
    Row("upbit.maintenance", {"upbit": (FAIL, NET)}),
    Row("upbit.hang", {"upbit": (FAIL, NET)}),
    Row("upbit.malformed", {"upbit": (FAIL, NET)}),
    Row("upbit.slow", {"upbit": (FAIL, NET)}, timeout=SLOW_TIMEOUT),
    Row("upbit.key_expiring", {"upbit": (WARN, None)}),
    Row("upbit.key_expired", {"upbit": (FAIL, IK)}),
    Row("upbit.out_of_scope", {"upbit": (FAIL, DENIED)}),
    Row("upbit.market_warning"),
    Row("upbit.min_total_above_plan"),
    Row("upbit.insufficient_krw"),
    Row("upbit.open_order"),
    Row("upbit.view_account_only", {"upbit": (FAIL, DENIED)}),  # live needs View Orders
    # Telegram
    Row("telegram.invalid_key", {"telegram": (FAIL, IK)}),
    Row("telegram.bad_signature", {"telegram": (FAIL, IK)}),
    Row("telegram.bad_token", {"telegram": (FAIL, IK)}),
    Row("telegram.ip_not_allowed", {"telegram": (FAIL, IP)}),  # an egress block: this IP
    Row("telegram.clock_skew"),  # the Bot API has no signed time
    Row("telegram.rate_limited", {"telegram": (FAIL, RATE)}),
    Row("telegram.maintenance", {"telegram": (FAIL, NET)}),
    Row("telegram.hang", {"telegram": (FAIL, NET)}),
    Row("telegram.malformed", {"telegram": (FAIL, NET)}),
    Row("telegram.slow", {"telegram": (FAIL, NET)}, timeout=SLOW_TIMEOUT),
    Row("telegram.chat_not_found", {"telegram": (FAIL, DENIED)}),
    Row("telegram.cannot_post", {"telegram": (FAIL, DENIED)}),
)


def test_every_scenario_has_a_row() -> None:
    assert sorted(row.scenario for row in MATRIX) == sorted(SCENARIOS)


@pytest.mark.parametrize("row", MATRIX, ids=[row.scenario for row in MATRIX])
def test_scenario(workspace: Workspace, sim: RunningSimulator, row: Row) -> None:
    live_workspace(workspace, sim)
    sim.state.set_scenarios([row.scenario])

    run = preflight(workspace, VENUE_CHECKS, "--timeout", f"{row.timeout:g}")

    expected = {check: row.expected.get(check, ("PASS", None)) for check in VENUE_CHECKS}
    assert run.checks() == expected, run.reasons()
    failed = any(status == FAIL for status, _ in expected.values())
    assert run.result.code == (1 if failed else 0), run.result.text
    assert run.data["verdict"] == ("NOT_READY" if failed else "PARTIAL")  # --only: not every check
    assert run.seconds < row.timeout + SLACK_S
    assert row.blocked_before or not any(r.status == 418 for r in sim.state.requests())
