"""The trading checks under venue faults: classified FAILs within the timeout, never a crash.

Each row is a fault of one venue and the trading checks that read that venue; the
others must PASS. Every run writes a complete bundle (tests.hardening.support), and
the session-wide invariants add that nothing mutating was sent and no secret shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.hardening.support import SLACK_S, live_workspace, preflight

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

TRADING = ("plan", "futures_account", "markets", "funds", "open_exposure")
FUTURES_READERS = ("futures_account", "markets", "funds", "open_exposure")
UPBIT_READERS = ("markets", "funds", "open_exposure")
TIMEOUT_S = 2.0

FAULTS = [
    ("binance_futures.hang", FUTURES_READERS, "network_error"),
    ("binance_futures.malformed", FUTURES_READERS, "network_error"),
    ("binance_futures.maintenance", FUTURES_READERS, "network_error"),
    ("binance_futures.rate_limited", FUTURES_READERS, "rate_limit"),
    ("upbit.hang", UPBIT_READERS, "network_error"),
    ("upbit.malformed", UPBIT_READERS, "network_error"),
    ("upbit.maintenance", UPBIT_READERS, "network_error"),
    ("upbit.invalid_key", ("funds", "open_exposure", "markets"), "invalid_key"),
]


@pytest.mark.parametrize(("scenario", "failing", "error_type"), FAULTS)
def test_trading_checks_fail_classified_and_in_time(
    workspace: Workspace,
    sim: RunningSimulator,
    scenario: str,
    failing: tuple[str, ...],
    error_type: str,
) -> None:
    live_workspace(workspace, sim)
    sim.state.set_scenarios([scenario])

    run = preflight(workspace, TRADING, "--timeout", f"{TIMEOUT_S:g}")

    expected = {c: ("FAIL", error_type) if c in failing else ("PASS", None) for c in TRADING}
    assert run.checks() == expected, run.reasons()
    assert run.result.code == 1
    assert run.seconds < TIMEOUT_S + SLACK_S
    assert not any(r.status == 418 for r in sim.state.requests())
