"""``open_exposure``: the run starts flat, with no exposure the kill switch does not know.

Reads ``GET /fapi/v1/openOrders`` without a symbol (weight 40: every symbol),
``GET /fapi/v3/positionRisk`` (weight 5: only symbols with a position or open
orders) and Upbit ``GET /v1/orders/open`` (resting orders). An open order or a
non-zero position on a planned symbol or market is a FAIL; elsewhere a WARN
listing them. Upbit's read needs View Orders, which ``paper`` does not: a
paper key without it leaves Upbit's orders unread, said in the PASS line and
``details["not_checked"]``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from golive import messages
from golive.checks._trading import (
    Finding,
    decimal,
    judged,
    plan_and_keys_or_skip,
    rows,
    unneeded_scope,
)
from golive.exchanges.binance import OPEN_ORDERS, POSITION_RISK
from golive.exchanges.outcomes import failure_outcome, usage_details
from golive.exchanges.request import Deadline, ReadError, malformed
from golive.exchanges.session import shared_read
from golive.exchanges.upbit import OPEN_ORDERS as UPBIT_OPEN_ORDERS
from golive.model import Check, Outcome, Status

if TYPE_CHECKING:
    from golive.exchanges.request import Reply
    from golive.model import CheckContext, JSONValue
    from golive.plan import TradingPlan

READS = (OPEN_ORDERS, POSITION_RISK, UPBIT_OPEN_ORDERS)
SHOWN = 10


def _items(replies: list[Reply | None], ctx: CheckContext) -> list[dict[str, str]]:
    """Every open order and position, as (venue, kind, where, what); a read not made
    (``None``) has none."""
    for reply in replies:
        if reply is not None and not isinstance(reply.data, list):
            raise malformed(reply.endpoint, "expected a JSON array", lang=ctx.lang)
    orders, positions, upbit = (rows(r) if r is not None else [] for r in replies)
    found = [
        {"venue": "binance_futures", "kind": "order", "where": str(o.get("symbol")),
         "what": f"{o.get('side')} {o.get('type')} {o.get('origQty')} @ {o.get('price')}"}
        for o in orders
    ]  # fmt: skip
    found += [
        {"venue": "binance_futures", "kind": "position", "where": str(p.get("symbol")),
         "what": f"{p.get('positionSide')} {p.get('positionAmt')}"}
        for p in positions
        if (decimal(p.get("positionAmt")) or 0) != 0
    ]  # fmt: skip
    found += [
        {"venue": "upbit", "kind": "order", "where": str(o.get("market")),
         "what": f"{o.get('side')} {o.get('ord_type')} {o.get('remaining_volume')}"
                 f" @ {o.get('price')}"}
        for o in upbit
    ]  # fmt: skip
    return found


def _listed(items: list[dict[str, str]]) -> str:
    shown = [f"{i['where']} {i['kind']} {i['what']}" for i in items[:SHOWN]]
    more = len(items) - SHOWN
    return "; ".join(shown) + (f"; +{more}" if more > 0 else "")


def _findings(items: list[dict[str, str]], plan: TradingPlan) -> list[Finding]:
    planned = {p.binance for p in plan.pairs} | {p.upbit for p in plan.pairs}
    inside = [i for i in items if i["where"] in planned]
    outside = [i for i in items if i["where"] not in planned]
    found = []
    if inside:
        fields = {"count": str(len(inside)), "items": _listed(inside)}
        found.append(Finding("open_exposure.planned", "check.open_exposure.planned", fields=fields))
    if outside:
        fields = {"count": str(len(outside)), "items": _listed(outside)}
        found.append(
            Finding("open_exposure.elsewhere", "check.open_exposure.elsewhere", Status.WARN, fields)
        )
    return found


async def _read(ctx: CheckContext, deadline: Deadline) -> list[Reply | None]:
    """Every read at once; Upbit's refused for a scope the profile does not need is None."""
    answers = await asyncio.gather(
        *(shared_read(ctx, deadline, e) for e in READS), return_exceptions=True
    )
    replies: list[Reply | None] = []
    for answer in answers:
        if isinstance(answer, BaseException) and not unneeded_scope(answer, ctx):
            raise answer
        replies.append(None if isinstance(answer, BaseException) else answer)
    return replies


def _passed(replies: list[Reply | None], ctx: CheckContext, details: dict[str, JSONValue]) -> str:
    passed = messages.text("check.open_exposure.passed", ctx.lang)
    if replies[-1] is not None:
        return passed
    note = messages.text("check.open_exposure.upbit_not_read", ctx.lang, profile=ctx.profile.name)
    details["not_checked"] = {UPBIT_OPEN_ORDERS.path: note}
    return messages.text("check.trading.noted", ctx.lang, passed=passed, note=note)


async def run(ctx: CheckContext) -> Outcome:
    plan = plan_and_keys_or_skip(ctx)
    if isinstance(plan, Outcome):
        return plan
    deadline = Deadline.for_timeout(ctx.clock, ctx.timeout)
    try:
        replies = await _read(ctx, deadline)
        items = _items(replies, ctx)
    except ReadError as failed:
        return failure_outcome(failed, ctx)
    details: dict[str, JSONValue] = {
        "open": list(items),
        "rate_limit": usage_details(r.usage for r in replies if r is not None),
    }
    passed = _passed(replies, ctx, details)
    return judged(_findings(items, plan), details, ctx.lang, passed)


CHECK = Check(
    id="open_exposure",
    title_key="check.open_exposure.title",
    description_key="check.open_exposure.description",
    run=run,
    requires=("plan",),
    venues=("binance_futures", "upbit"),
)
