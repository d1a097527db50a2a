"""``telegram`` against the simulator: token, chat, failures; it sends nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from golive.checks import telegram as check
from golive.model import ErrorType, Status
from tests.exchanges.support import assert_clean, paths, sim_context

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator

MATRIX = [
    ("healthy", Status.PASS, None),
    ("telegram.bad_token", Status.FAIL, ErrorType.INVALID_KEY),
    ("telegram.invalid_key", Status.FAIL, ErrorType.INVALID_KEY),
    ("telegram.chat_not_found", Status.FAIL, ErrorType.PERMISSION_DENIED),
    ("telegram.rate_limited", Status.FAIL, ErrorType.RATE_LIMIT),
    ("telegram.maintenance", Status.FAIL, ErrorType.NETWORK_ERROR),
    ("telegram.malformed", Status.FAIL, ErrorType.NETWORK_ERROR),
]


@pytest.mark.parametrize(("scenario", "status", "error_type"), MATRIX)
async def test_acceptance_matrix(
    sim: RunningSimulator, scenario: str, status: Status, error_type: ErrorType | None
) -> None:
    sim.state.set_scenarios([scenario])
    outcome = await check.run(sim_context(sim))
    assert (outcome.status, outcome.error_type) == (status, error_type)
    assert_clean(outcome, sim)
    reads = ("/getMe", "/getChat", "/getChatMember")
    assert all(r.path.endswith(reads) for r in sim.state.requests())


async def test_healthy_names_the_bot_and_the_chat(sim: RunningSimulator) -> None:
    outcome = await check.run(sim_context(sim))
    chat_id = sim.state.credentials.telegram_chat_id
    assert outcome.details["bot_username"]
    assert outcome.details["chat_id"] == chat_id
    assert str(chat_id) in outcome.message
    assert sorted(paths(sim)) == [
        "GET /bot***/getChat",
        "GET /bot***/getChatMember",
        "GET /bot***/getMe",
    ]


async def test_chat_not_found_says_the_bot_cannot_reach_it(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["telegram.chat_not_found"])
    outcome = await check.run(sim_context(sim))
    assert outcome.reason == "telegram.chat_not_found"
    assert "cannot reach the chat" in outcome.message


async def test_rate_limit_reports_retry_after(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["telegram.rate_limited"])
    outcome = await check.run(sim_context(sim))
    assert outcome.details["retry_after_s"] is not None
    assert len(sim.state.requests()) <= 3


@pytest.mark.parametrize("token", ["not-a-token", "0123:abc", "123456:has space"])
async def test_token_not_shaped_fails_without_a_request(sim: RunningSimulator, token: str) -> None:
    outcome = await check.run(sim_context(sim, TELEGRAM_BOT_TOKEN=token))
    assert (outcome.status, outcome.error_type) == (Status.FAIL, ErrorType.INVALID_KEY)
    assert sim.state.requests() == ()
    assert token not in outcome.message


async def test_hang_fails_within_the_timeout(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["telegram.hang"])
    outcome = await check.run(sim_context(sim, timeout=1.0))
    # no wall-clock bound (it would not hold on a loaded machine): net.read_timeout
    # below is the check's own deadline (80 % of its timeout) ending it, not the runner
    assert (outcome.status, outcome.error_type) == (Status.FAIL, ErrorType.NETWORK_ERROR)


async def test_missing_chat_id_skips(sim: RunningSimulator) -> None:
    outcome = await check.run(sim_context(sim, TELEGRAM_CHAT_ID=""))
    assert outcome.status is Status.SKIP
    assert sim.state.requests() == ()
