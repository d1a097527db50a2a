"""Rate limits through ``golive preflight``: back off from the budget that refused, only it.

* Binance: each /sapi endpoint has its own budget, apart from the /api weight, and a
  /sapi 429 never escalates to 418 (developers.binance.com/docs/products/caas/basics/
  4.rate-limits); futures is a venue of its own. So a /sapi 429 must leave the spot
  and futures checks with the results they have on a healthy simulator, and only the
  check that needs the /sapi answer reports ``rate_limit``.
* Upbit: a 418 blocks the IP or account and carries the block time in its body
  (docs.upbit.com/kr/docs/rate-limits): the check reports ``rate_limit`` with the
  block time in its hint, and nothing more is sent to Upbit in the run (the
  simulator's request log says what arrived).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from golive import messages
from golive.exchanges.binance import API_RESTRICTIONS, SYSTEM_STATUS
from golive.exchanges.upbit import KRW_USDT_TICKER, MARKETS_DETAILED
from tests.hardening.support import live_workspace

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

SPOT_AND_FUTURES = ("binance", "clock_skew", "futures_account")
BINANCE_CHECKS = ("binance_api_restrictions", *SPOT_AND_FUTURES)


def preflight(workspace: Workspace, checks: tuple[str, ...], *args: str) -> dict[str, Any]:
    """``golive preflight --env live --only CHECKS ARGS``; its result.json, by check id."""
    before = set(workspace.bundles())
    result = workspace.run("preflight", "--env", "live", "--only", ",".join(checks), *args)
    assert "Traceback" not in result.text, result.text
    [bundle] = sorted(set(workspace.bundles()) - before)
    data = json.loads((bundle / "result.json").read_text(encoding="utf-8"))
    return {check["id"]: check for check in data["checks"]}


def verdicts(checks: dict[str, Any], ids: tuple[str, ...]) -> dict[str, tuple[str, str | None]]:
    return {i: (checks[i]["status"], checks[i].get("reason")) for i in ids}


def log(sim: RunningSimulator, venue: str) -> list[tuple[str, int]]:
    return [(r.path, r.status) for r in sim.state.requests() if r.venue == venue]


def test_a_sapi_429_leaves_spot_and_futures_checks_their_real_results(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    healthy = preflight(workspace, BINANCE_CHECKS)
    assert {s for s, _ in verdicts(healthy, BINANCE_CHECKS).values()} == {"PASS"}
    sim.state.reset()
    sim.state.set_scenarios(["binance.sapi_rate_limited"])

    limited = preflight(workspace, BINANCE_CHECKS)

    assert verdicts(limited, SPOT_AND_FUTURES) == verdicts(healthy, SPOT_AND_FUTURES)
    restrictions = limited["binance_api_restrictions"]
    assert (restrictions["status"], restrictions["error_type"], restrictions["reason"]) == (
        "FAIL",
        "rate_limit",
        "binance.sapi_429",
    )
    assert restrictions["hint"] == messages.lookup("binance.sapi_429", "en").hint
    assert restrictions["details"]["endpoint"] == API_RESTRICTIONS.path
    not_checked = limited["binance"]["details"]["not_checked"]
    assert list(not_checked) == [SYSTEM_STATUS.path]
    # spot and futures were read and answered; only /sapi was refused, and never with 418
    spot = log(sim, "binance")
    assert {status for path, status in spot if path.startswith("/sapi/")} == {429}
    assert {status for path, status in spot if path.startswith("/api/")} == {200}
    assert {status for _, status in log(sim, "binance_futures")} == {200}


UPBIT_FIRST = ("upbit", "markets")
"""Run in this order (``--serial``): the upbit check meets the block, markets comes after."""


@pytest.mark.parametrize(("lang", "seconds"), [("en", "120 s"), ("ko", "120\ucd08")])
def test_an_upbit_418_names_the_block_time_and_nothing_more_is_sent(
    workspace: Workspace, sim: RunningSimulator, lang: str, seconds: str
) -> None:
    live_workspace(workspace, sim)
    preflight(workspace, UPBIT_FIRST, "--serial", "--lang", lang)
    later_reads = {MARKETS_DETAILED.path, KRW_USDT_TICKER.path}
    assert later_reads <= {path for path, _ in log(sim, "upbit")}  # healthy: markets reads them
    sim.state.reset()
    sim.state.set_scenarios(["upbit.blocked"])

    checks = preflight(workspace, UPBIT_FIRST, "--serial", "--lang", lang)

    upbit = checks["upbit"]
    assert (upbit["status"], upbit["error_type"], upbit["reason"]) == (
        "FAIL",
        "rate_limit",
        "upbit.http_418",
    )
    assert upbit["hint"] == messages.lookup("upbit.http_418", lang, retry_after="120").hint
    assert seconds in upbit["hint"]
    assert upbit["details"]["retry_after_s"] == 120
    assert checks["markets"]["error_type"] == "rate_limit"
    assert checks["markets"]["details"]["attempts"] == 0  # answered from memory, not sent
    sent = log(sim, "upbit")
    assert sent, "the upbit check's first reads reached the simulator"
    assert {status for _, status in sent} == {418}
    assert later_reads.isdisjoint(path for path, _ in sent)
    assert len({path for path, _ in sent}) == len(sent)  # no read was sent twice
