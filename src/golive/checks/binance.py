"""``binance``: the Binance key reads spot and USDⓈ-M futures; Binance is not in maintenance.

Reads system status, the spot account and the futures balance (USDT available);
the position mode moved to ``futures_account``, which judges it against the plan.
A -2015 is explained against the key's ``apiRestrictions`` (shared with
``binance_api_restrictions``, fetched once per run).

System status is a /sapi endpoint with a rate-limit budget of its own
(:mod:`golive.exchanges.budgets`): when only it is rate-limited, the spot and
futures reads still judge the check, and the details say the status was not read.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from golive import messages as hints
from golive.exchanges.binance import (
    FUTURES_BALANCE,
    KEY_REJECTED,
    SPOT_ACCOUNT,
    SYSTEM_STATUS,
    RestrictionsRead,
    explain_rejection,
)
from golive.exchanges.blocks import shown_time
from golive.exchanges.outcomes import (
    failure_outcome,
    headroom_warning,
    usage_details,
)
from golive.exchanges.request import Deadline, ReadError, Reply, malformed, read, read_together
from golive.exchanges.session import (
    binance_credentials,
    binance_restrictions_read,
    client_factory,
)
from golive.exchanges.testnet import serves_sapi
from golive.model import Check, ErrorType, Outcome

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.exchanges.endpoint import Endpoint
    from golive.model import CheckContext, JSONValue

READS: tuple[Endpoint, ...] = (SPOT_ACCOUNT, FUTURES_BALANCE)
NO_SAPI = "binance.testnet_no_sapi"
STATUS_LIMITED = "check.binance.status_rate_limited"
STATUS_BLOCKED = "check.binance.status_blocked_earlier"
BUDGET_SPENT = 429


def _field(reply: Reply, kind: type[Any], ctx: CheckContext) -> Any:
    """The reply's JSON if it has the documented top-level type, else a malformed failure."""
    if not isinstance(reply.data, kind):
        raise malformed(reply.endpoint, f"expected a JSON {kind.__name__}", lang=ctx.lang)
    return reply.data


def _usdt(balance: Reply, ctx: CheckContext) -> dict[str, JSONValue]:
    rows = _field(balance, list, ctx)
    row = next((r for r in rows if isinstance(r, dict) and r.get("asset") == "USDT"), None)
    if row is None:
        return {"asset": "USDT", "available": "0", "balance": "0"}
    return {
        "asset": "USDT",
        "available": row.get("availableBalance"),
        "balance": row.get("balance"),
    }


def _spot(account: Reply, ctx: CheckContext) -> dict[str, JSONValue]:
    data = _field(account, dict, ctx)
    balances = [b for b in data.get("balances", []) if isinstance(b, dict)]
    held = [
        {"asset": b.get("asset"), "free": b.get("free"), "locked": b.get("locked")}
        for b in balances
        if any(_positive(b.get(k)) for k in ("free", "locked"))
    ]
    return {
        "can_trade": data.get("canTrade"),
        "account_type": data.get("accountType"),
        "balances": held[:20],
    }


def _positive(value: object) -> bool:
    try:
        return float(str(value)) > 0
    except ValueError:
        return False


def _not_checked(status: object, ctx: CheckContext, *, sapi: bool) -> str | None:
    """Why system status is not part of the verdict: a testnet, or its own budget spent."""
    if not sapi:
        return hints.text(NO_SAPI, ctx.lang)
    if not isinstance(status, ReadError) or status.status != BUDGET_SPENT:  # a 418 is a ban
        return None
    if status.blocked_until is not None:  # golive serve: that budget's 429 of an earlier run
        until = shown_time(status.blocked_until)
        return hints.text(STATUS_BLOCKED, ctx.lang, endpoint=SYSTEM_STATUS.path, until=until)
    return hints.text(STATUS_LIMITED, ctx.lang, endpoint=SYSTEM_STATUS.path)


def _summary(
    replies: Mapping[Endpoint, Reply], ctx: CheckContext, not_checked: str | None
) -> Outcome:
    futures = _usdt(replies[FUTURES_BALANCE], ctx)
    usages = [reply.usage for reply in replies.values()]
    details: dict[str, JSONValue] = {
        "spot": _spot(replies[SPOT_ACCOUNT], ctx),
        "futures": futures,
        "rate_limit": usage_details(usages),
    }
    if not_checked is not None:
        details["not_checked"] = {SYSTEM_STATUS.path: not_checked}
    usdt = str(futures["available"])
    message = hints.text("check.binance.passed", ctx.lang, usdt=usdt)
    return headroom_warning(usages, ctx, details) or Outcome.passed(message, **details)


async def _none() -> None:
    return None


def _maintenance(ctx: CheckContext) -> Outcome:
    text = hints.lookup("binance.maintenance", ctx.lang)
    return Outcome.fail(
        hints.text("check.binance.maintenance", ctx.lang),
        error_type=ErrorType.NETWORK_ERROR,
        reason="binance.maintenance",
        hint=text.hint,
        next_action=text.next_action,
    )


async def _explained(failed: ReadError, ctx: CheckContext, deadline: Deadline) -> Outcome:
    read = RestrictionsRead()
    if failed.code == KEY_REJECTED:
        read = await binance_restrictions_read(ctx, deadline)
    return failure_outcome(failed, ctx, explain_rejection(failed, read))


async def run(ctx: CheckContext) -> Outcome:
    skipped = binance_credentials(ctx)
    if skipped is not None:
        return skipped
    deadline = Deadline.for_timeout(ctx.clock, ctx.timeout)
    factory = client_factory(ctx)
    try:
        async with (
            factory("binance", timeout=ctx.timeout) as spot,
            factory("binance_futures", timeout=ctx.timeout) as futures,
        ):
            clients = {"binance": spot, "binance_futures": futures}
            pairs = [(clients[e.venue], e) for e in READS]
            sapi = serves_sapi(ctx.profile.values, ctx.profile.name)  # spot testnet: /api only
            status_read = read(spot, SYSTEM_STATUS, deadline, lang=ctx.lang) if sapi else _none()
            replies, status = await asyncio.gather(
                read_together(pairs, deadline, lang=ctx.lang), status_read, return_exceptions=True
            )
        if isinstance(status, Reply) and _field(status, dict, ctx).get("status") != 0:
            return _maintenance(ctx)  # other reads then fail with 503s that mean just that
        not_checked = _not_checked(status, ctx, sapi=sapi)
        if isinstance(status, BaseException) and not_checked is None:
            raise status
        if isinstance(replies, BaseException):
            raise replies
        return _summary(dict(zip(READS, replies, strict=True)), ctx, not_checked)
    except ReadError as failed:
        return await _explained(failed, ctx, deadline)


CHECK = Check(
    id="binance",
    title_key="check.binance.title",
    description_key="check.binance.description",
    run=run,
    venues=("binance", "binance_futures"),
)
