"""``read_only``: the preflight is read-only by construction, and the guard proves it.

Every HTTP client of a preflight is built by one factory around the read-only
guard (:mod:`golive.guard`). This check builds each venue's client from that
same factory, signing included, but with a recording transport as the wire, and:

1. sends one allowlisted read, which must reach the recording wire (proof the
   wire under test is the one the client uses, before anything else is sent);
2. sends an order, a cancel and a withdrawal (and Telegram's ``sendMessage``),
   each of which must raise ``ReadOnlyViolation`` with nothing on the wire.

Nothing leaves the process. It also reports the env file's ``READ_ONLY_ENFORCED``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from golive import messages as hints
from golive.exchanges.session import client_factory
from golive.exchanges.telegram import is_token_shaped
from golive.guard import ReadOnlyViolation
from golive.model import Check, ErrorType, Outcome

if TYPE_CHECKING:
    from golive.model import CheckContext, JSONValue

_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
SELF_TEST_TOKEN = "123456:golive-read-only-self-test"  # noqa: S105 - a dummy, never sent


@dataclass(frozen=True)
class Probe:
    """One request of the self-test; ``{token}`` in the path is the bot token."""

    venue: str
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    json: dict[str, Any] | None = None

    @property
    def shown(self) -> str:
        return f"{self.method} {self.path.replace('{token}', '<token>')}"


CONTROLS: tuple[Probe, ...] = (
    Probe("binance", "GET", "/api/v3/time"),
    Probe("binance_futures", "GET", "/fapi/v1/time"),
    Probe("upbit", "GET", "/v1/market/all"),
    Probe("telegram", "GET", "/bot{token}/getMe"),
)
"""Allowlisted reads: each must reach the recording wire, or the self-test is not sound."""

_ORDER = {"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "0.001"}
PROBES: tuple[Probe, ...] = (
    Probe("binance", "POST", "/api/v3/order", _ORDER),
    Probe("binance", "DELETE", "/api/v3/order", {"symbol": "BTCUSDT", "orderId": "1"}),
    Probe("binance", "POST", "/sapi/v1/capital/withdraw/apply",
          {"coin": "USDT", "address": "selftest", "amount": "1"}),
    Probe("binance", "GET", "/api/v3/account%2F..%2Forder", _ORDER),
    Probe("binance_futures", "POST", "/fapi/v1/order", _ORDER),
    Probe("binance_futures", "DELETE", "/fapi/v1/order", {"symbol": "BTCUSDT", "orderId": "1"}),
    Probe("binance_futures", "POST", "/fapi/v1/positionSide/dual", {"dualSidePosition": "true"}),
    Probe("upbit", "POST", "/v1/orders",
          json={"market": "KRW-BTC", "side": "bid", "ord_type": "price", "price": "5000"}),
    Probe("upbit", "DELETE", "/v1/order", {"uuid": "00000000-0000-4000-8000-000000000000"}),
    Probe("upbit", "POST", "/v1/withdraws/coin",
          json={"currency": "BTC", "net_type": "BTC", "amount": "0.001", "address": "selftest"}),
    Probe("telegram", "POST", "/bot{token}/sendMessage",
          json={"chat_id": "0", "text": "golive read-only self-test"}),
)  # fmt: skip
"""Writes: each must be refused by the guard before a byte is sent."""


class RecordingWire(httpx.AsyncBaseTransport):
    """The wire under the guard: records what reaches it and sends nothing anywhere."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request.method)
        return httpx.Response(200, json={})


def _token(ctx: CheckContext) -> str:
    token = ctx.profile.get("TELEGRAM_BOT_TOKEN")
    return token if is_token_shaped(token) else SELF_TEST_TOKEN


async def _send(probe: Probe, ctx: CheckContext) -> tuple[bool, bool]:
    """(refused by the guard, reached the wire) for one probe through a fresh client."""
    wire = RecordingWire()
    path = probe.path.replace("{token}", _token(ctx))
    async with client_factory(ctx)(probe.venue, timeout=ctx.timeout, transport=wire) as client:
        try:
            await client.request(probe.method, path, params=probe.params, json=probe.json)
        except ReadOnlyViolation:
            return True, bool(wire.seen)
    return False, bool(wire.seen)


def _failure(key: str, probe: Probe, ctx: CheckContext) -> str:
    return hints.text(key, ctx.lang, venue=probe.venue, request=probe.shown)


async def _self_test(ctx: CheckContext) -> tuple[list[str], list[dict[str, JSONValue]]]:
    """Failures (empty when the guard held) and one row per probe."""
    failures: list[str] = []
    rows: list[dict[str, JSONValue]] = []
    for control in CONTROLS:
        refused, reached = await _send(control, ctx)
        if refused or not reached:
            failures.append(_failure("check.read_only.control_lost", control, ctx))
    if failures:
        return failures, rows  # not sound: no write is sent through an unknown wire
    for probe in PROBES:
        refused, reached = await _send(probe, ctx)
        rows.append({"venue": probe.venue, "request": probe.shown, "blocked": refused})
        if not refused or reached:
            failures.append(_failure("check.read_only.not_blocked", probe, ctx))
    return failures, rows


def _declared(ctx: CheckContext) -> dict[str, JSONValue]:
    declared = ctx.profile.values.get("READ_ONLY_ENFORCED")
    details: dict[str, JSONValue] = {
        "preflight_read_only": True,
        "env_read_only_enforced": declared,
    }
    if declared is not None and declared.strip().lower() not in _TRUE_WORDS:
        details["note"] = hints.text("check.read_only.env_flag_off", ctx.lang)
    return details


async def run(ctx: CheckContext) -> Outcome:
    failures, rows = await _self_test(ctx)
    details = {**_declared(ctx), "self_test": rows}
    if failures:
        text = hints.lookup("readonly.guard_failed", ctx.lang)
        return Outcome.fail(
            hints.text("check.read_only.failed", ctx.lang, failure=failures[0]),
            error_type=ErrorType.UNKNOWN,
            reason="readonly.guard_failed",
            hint=text.hint,
            next_action=text.next_action,
            details={**details, "failures": failures},
            critical=True,
        )
    message = hints.text("check.read_only.passed", ctx.lang, n=str(len(rows)))
    if ctx.profile.name == "live" and _bot_switch_on(ctx):
        text = hints.lookup("readonly.bot_switch_on", ctx.lang)
        note = hints.text("check.read_only.bot_switch_on", ctx.lang)
        return Outcome.warn(
            f"{message}; {note}",
            reason="readonly.bot_switch_on",
            hint=text.hint,
            next_action=text.next_action,
            details=details,
        )
    return Outcome.passed(message, **details)


def _bot_switch_on(ctx: CheckContext) -> bool:
    """``READ_ONLY_ENFORCED`` is the bot's own switch: true in a live file, it cannot trade."""
    declared = ctx.profile.values.get("READ_ONLY_ENFORCED")
    return declared is not None and declared.strip().lower() in _TRUE_WORDS


CHECK = Check(
    id="read_only",
    title_key="check.read_only.title",
    description_key="check.read_only.description",
    run=run,
    local=True,
)
