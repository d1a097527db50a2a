"""``golive serve`` keeps a venue's block between runs (golive.exchanges.blocks).

The serve loop's own pieces (the scheduler, the preparer ``golive serve`` builds, the
Starlette app through ASGI) run against the simulator; the blocks kept between runs
use a clock the test holds, so "inside the block" and "after it" are the test's
choice, never a matter of timing. The simulator's request log says what was sent.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from golive import messages
from golive.checks import all_checks
from golive.checks.binance import STATUS_BLOCKED
from golive.commands.common import load
from golive.commands.serve_cmd import preparer
from golive.errors import venue_name
from golive.exchanges.binance import SYSTEM_STATUS
from golive.exchanges.blocks import BLOCKED_EARLIER, BLOCKED_EARLIER_DEFAULT, Blocks
from golive.serve.app import build_app
from golive.serve.retention import Retention
from golive.serve.scheduler import Scheduler
from tests.hardening.support import live_workspace
from tests.operate.support import ServeProcess, value
from tests.support.clocks import HeldClock

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace


@dataclass(frozen=True)
class Served:
    """What one run left on the server's endpoints, and what it sent to the simulator."""

    ready: int
    readyz: dict[str, Any]
    result: dict[str, Any]
    sent: list[tuple[str, str, int]]
    """(venue, path, status) of every request the simulator saw during the run."""

    def check(self, check_id: str) -> dict[str, Any]:
        return next(c for c in self.result["checks"] if c["id"] == check_id)

    def sent_to(self, venue: str, prefix: str = "/") -> list[tuple[str, str, int]]:
        return [r for r in self.sent if r[0] == venue and r[1].startswith(prefix)]


class Server:
    """The scheduler ``golive serve`` runs, with its blocks on a held clock."""

    def __init__(self, workspace: Workspace, sim: RunningSimulator, lang: str) -> None:
        live_workspace(workspace, sim)
        self.sim = sim
        self.clock = HeldClock()
        cwd = workspace.root
        first = load("live", None, lang=lang, config=None, cwd=cwd)
        prepare = preparer(
            first,
            None,
            checks=all_checks(),
            lang=lang,
            config=None,
            timeout=None,
            cwd=cwd,
            blocks=Blocks(self.clock),
        )
        self.scheduler = Scheduler(
            prepare,
            label="live",
            interval=300,
            evidence_dir=cwd / "logs" / "evidence",
            retention=Retention(),
            lang=first.lang,
        )

    def run(self, at_s: float) -> Served:
        """One run, ``at_s`` seconds (held clock) after the first; what it served."""
        self.clock.elapsed = at_s
        before = len(self.sim.state.requests())
        return asyncio.run(self._run(before))

    async def _run(self, before: int) -> Served:
        assert await self.scheduler.run_once() is not None
        sent = [(str(r.venue), r.path, r.status) for r in self.sim.state.requests()[before:]]
        app = httpx.ASGITransport(app=build_app(self.scheduler))
        async with httpx.AsyncClient(transport=app, base_url="http://serve") as client:
            readyz = await client.get("/readyz")
            result = await client.get("/result.json")
        return Served(readyz.status_code, readyz.json(), json.loads(result.text), sent)


@dataclass(frozen=True)
class Case:
    scenario: str
    venue: str
    prefix: str
    """The paths of the venue the block closes (``/``: all of them)."""
    check: str
    """A check that reads only what the block closes (it must FAIL, never PASS)."""
    block_s: float
    named: bool
    """Whether the venue named the time (else golive's default for an untimed refusal)."""
    open_venue: str
    """A venue the block leaves open: read in the blocked run."""


CASES = [
    # Upbit 418 with "Blocked for 120 seconds." in the body: the whole venue
    Case("upbit.blocked", "upbit", "/", "upbit", 120, True, "binance"),
    # Binance spot 418 with Retry-After: 120: /api and /sapi, never /fapi
    Case(
        "binance.banned", "binance", "/", "binance_api_restrictions", 120, True, "binance_futures"
    ),
    # each /sapi endpoint's own 429 (Retry-After: 1): /api and /fapi stay open
    Case(
        "binance.sapi_rate_limited",
        "binance",
        "/sapi/",
        "binance_api_restrictions",
        1,
        True,
        "binance",
    ),
    # /fapi 429 with Retry-After: 1
    Case(
        "binance_futures.rate_limited", "binance_futures", "/", "futures_account", 1, True, "upbit"
    ),
    # Upbit 429 without Retry-After: golive's default, Upbit's one-second window
    Case("upbit.rate_limited", "upbit", "/", "upbit", 1, False, "binance"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.scenario for c in CASES])
def test_a_run_inside_a_block_sends_nothing_to_it_and_the_first_run_after_reads_again(
    workspace: Workspace, sim: RunningSimulator, case: Case
) -> None:
    server = Server(workspace, sim, "en")
    sim.state.set_scenarios([case.scenario])
    first = server.run(at_s=0)
    refused = first.sent_to(case.venue, case.prefix)
    assert refused, "the first run met the refusal itself"
    assert {status for _, _, status in refused} <= {418, 429}
    assert first.check(case.check)["error_type"] == "rate_limit"

    inside = server.run(at_s=case.block_s / 2)
    assert inside.sent_to(case.venue, case.prefix) == []  # nothing to the blocked budget
    assert inside.sent_to(case.open_venue), "the other venues are read as usual"
    blocked = inside.check(case.check)
    key = BLOCKED_EARLIER if case.named else BLOCKED_EARLIER_DEFAULT
    assert (blocked["status"], blocked["error_type"], blocked["reason"]) == (
        "FAIL",
        "rate_limit",
        BLOCKED_EARLIER,
    )
    assert blocked["details"]["attempts"] == 0
    ends = f"2026-11-30T07:{int(case.block_s) // 60:02d}:{int(case.block_s) % 60:02d}Z"
    assert blocked["details"]["blocked_until"] == ends
    until = ends.replace("T", " ").replace("Z", " UTC")
    assert f"blocked until {until}" in blocked["message"]
    assert blocked["hint"].startswith(messages.lookup(key, "en").hint.split("{")[0])
    assert until in blocked["hint"]
    for check in inside.result["checks"]:  # every read of the blocked venue reports it
        if check.get("reason") == BLOCKED_EARLIER:
            assert check["status"] == "FAIL", check
    assert inside.result["verdict"] == "NOT_READY"
    assert (inside.ready, inside.readyz["reason"]) == (503, "not_ready")

    sim.state.set_scenarios([])
    after = server.run(at_s=case.block_s)
    assert after.sent_to(case.venue, case.prefix), "after the block the venue is read again"
    assert after.check(case.check)["status"] == "PASS"
    assert (after.ready, after.result["verdict"]) == (200, "READY")


def test_a_sapi_block_leaves_the_spot_check_its_reads_and_says_what_was_not_sent(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    server = Server(workspace, sim, "en")
    sim.state.set_scenarios(["binance.sapi_rate_limited"])
    server.run(at_s=0)
    inside = server.run(at_s=0.5)
    assert inside.sent_to("binance", "/sapi/") == []
    assert {status for _, _, status in inside.sent_to("binance", "/api/")} == {200}
    spot = inside.check("binance")
    assert spot["status"] == "PASS"  # judged on its /api and /fapi reads, which were made
    text = messages.text(STATUS_BLOCKED, "en", endpoint=SYSTEM_STATUS.path, until=SAPI_ENDS)
    assert spot["details"]["not_checked"] == {SYSTEM_STATUS.path: text}


SAPI_ENDS = "2026-11-30 07:00:01 UTC"


def test_the_block_is_reported_in_korean(workspace: Workspace, sim: RunningSimulator) -> None:
    server = Server(workspace, sim, "ko")
    sim.state.set_scenarios(["upbit.blocked"])
    server.run(at_s=0)
    inside = server.run(at_s=30)
    upbit = inside.check("upbit")
    assert upbit["reason"] == BLOCKED_EARLIER
    until = "2026-11-30 07:02:00 UTC"
    name = venue_name("upbit", "ko")
    expected = messages.text("outcome.failed.blocked_earlier", "ko", venue=name, until=until)
    assert upbit["message"] == expected
    fields = {"venue": name, "status": "418", "until": until}
    text = messages.lookup(BLOCKED_EARLIER, "ko", **fields)
    assert (upbit["hint"], upbit["next_action"]) == (text.hint, text.next_action)
    assert inside.sent_to("upbit") == []


def test_a_serve_process_sends_nothing_to_upbit_inside_its_block(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """The real command: Upbit's 418 names a 120 s block; the runs every second after it
    (well inside the block: runs take a few seconds) send Upbit nothing."""
    live_workspace(workspace, sim)
    sim.state.set_scenarios(["upbit.blocked"])
    server = ServeProcess(workspace, "--env", "live", "--interval", "1", "--port", "0")
    try:
        first = server.wait_for("a first run", lambda: runs(server) >= 1 and runs(server))
        mark = len(sim.state.requests())
        server.wait_for("two more runs", lambda: runs(server) >= first + 2)
        later = [r for r in sim.state.requests()[mark:] if str(r.venue) == "upbit"]
        assert later == []
        upbit = next(
            c for c in json.loads(server.get("/result.json").text)["checks"] if c["id"] == "upbit"
        )
        assert (upbit["status"], upbit["reason"]) == ("FAIL", BLOCKED_EARLIER)
        assert "blocked until" in upbit["message"]
        code, body = server.readyz()
        assert (code, body["reason"], body["verdict"]) == (503, "not_ready", "NOT_READY")
        code, output = server.stop()
        assert code == 0, output
    finally:
        server.kill()


def runs(server: ServeProcess) -> int:
    found = value(server.get("/metrics").text, "golive_serve_runs_total", profile="live")
    return int(found or 0)
