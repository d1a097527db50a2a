"""``order_permission``: the keys may place orders, proven with test orders that create none.

Runs only under ``golive preflight --prove-order-permission`` (otherwise it is not
selected, or SKIP when named with ``--only``). For the first planned pair at its
minimum size it sends Binance ``POST /fapi/v1/order/test`` (a MARKET BUY of the
smallest quantity that clears ``minQty`` and ``MIN_NOTIONAL`` at the mark price)
and Upbit ``POST /v1/orders/test`` (a market bid, ``ord_type=price``, of the
market's ``bid.min_total``). The guard allows exactly these two requests, and only
on this run. ``details`` records what was sent and what came back.
"""

from __future__ import annotations

import asyncio
from decimal import ROUND_UP, Decimal
from typing import TYPE_CHECKING, Any

from golive import messages
from golive.checks._trading import decimal, lot_size, plan_and_keys_or_skip, shown, symbol_filters
from golive.exchanges import binance, upbit
from golive.exchanges.binance import FUTURES_EXCHANGE_INFO, premium_index
from golive.exchanges.ordertest import TestOrder, send
from golive.exchanges.outcomes import failure_details, failure_outcome
from golive.exchanges.request import Deadline, ReadError, Reply
from golive.exchanges.session import client_factory, shared_read
from golive.exchanges.upbit import order_chance
from golive.model import Check, ErrorType, Outcome

if TYPE_CHECKING:
    from golive.model import CheckContext, JSONValue
    from golive.plan import Pair


def _binance_quantity(info: Any, symbol: str, mark: Decimal) -> Decimal:
    """The smallest quantity a MARKET order may have: minQty, raised to MIN_NOTIONAL."""
    symbols = info.get("symbols", []) if isinstance(info, dict) else []
    found = next((s for s in symbols if isinstance(s, dict) and s.get("symbol") == symbol), {})
    filters = symbol_filters(found)
    min_qty, step = lot_size(filters)
    minimum = decimal(filters.get("MIN_NOTIONAL", {}).get("notional")) or Decimal(0)
    quantity = max(min_qty, minimum / mark if mark > 0 else min_qty)
    if step > 0:
        quantity = (quantity / step).to_integral_value(rounding=ROUND_UP) * step
    return quantity


async def _orders(ctx: CheckContext, pair: Pair, deadline: Deadline) -> list[TestOrder]:
    reads = (FUTURES_EXCHANGE_INFO, premium_index(pair.binance), order_chance(pair.upbit))
    info, premium, chance = await asyncio.gather(*(shared_read(ctx, deadline, e) for e in reads))
    mark = decimal(premium.data.get("markPrice")) if isinstance(premium.data, dict) else None
    quantity = _binance_quantity(info.data, pair.binance, mark or Decimal(0))
    market = chance.data.get("market", {}) if isinstance(chance.data, dict) else {}
    total = decimal((market.get("bid") or {}).get("min_total")) or Decimal(5000)
    futures = (("symbol", pair.binance), ("side", "BUY"), ("type", "MARKET"))
    return [
        TestOrder(binance.ORDER_TEST, (*futures, ("quantity", shown(quantity)))),
        TestOrder(
            upbit.ORDER_TEST,
            body={"market": pair.upbit, "side": "bid", "ord_type": "price", "price": shown(total)},
        ),
    ]


async def _prove(ctx: CheckContext, order: TestOrder, deadline: Deadline) -> dict[str, JSONValue]:
    venue = order.endpoint.venue
    async with client_factory(ctx)(venue, timeout=ctx.timeout, order_tests=True) as client:
        try:
            reply: Reply = await send(client, order, deadline, lang=ctx.lang)
        except ReadError as failed:
            return {"sent": order.shown(), "proven": False, **failure_details(failed, ctx)}
    return {"sent": order.shown(), "proven": True, "answer": reply.data}


async def run(ctx: CheckContext) -> Outcome:
    if not ctx.prove_order_permission:
        text = messages.text("check.order_permission.not_requested", ctx.lang)
        return Outcome.skip(text, reason="order_permission.not_requested")
    plan = plan_and_keys_or_skip(ctx)
    if isinstance(plan, Outcome):
        return plan
    deadline = Deadline.for_timeout(ctx.clock, ctx.timeout)
    try:
        orders = await _orders(ctx, plan.pairs[0], deadline)
        legs = await asyncio.gather(*(_prove(ctx, order, deadline) for order in orders))
    except ReadError as failed:
        return failure_outcome(failed, ctx)
    details: dict[str, JSONValue] = {"binance_futures": legs[0], "upbit": legs[1]}
    refused = next((o for o, leg in zip(orders, legs, strict=True) if not leg["proven"]), None)
    if refused is None:
        text = messages.text("check.order_permission.passed", ctx.lang, pair=plan.pairs[0].shown)
        return Outcome.passed(text, **details)
    return _refused(refused, details, ctx)


def _refused(order: TestOrder, details: dict[str, JSONValue], ctx: CheckContext) -> Outcome:
    venue = order.endpoint.venue
    leg = details[venue]
    assert isinstance(leg, dict)
    fields = {"venue": venue, "status": str(leg.get("http_status")), "path": order.endpoint.path}
    text = messages.lookup("order_permission.refused", ctx.lang, **fields)
    return Outcome.fail(
        messages.text("check.order_permission.refused", ctx.lang, **fields),
        error_type=ErrorType.PERMISSION_DENIED,
        reason="order_permission.refused",
        hint=text.hint,
        next_action=text.next_action,
        details=details,
    )


CHECK = Check(
    id="order_permission",
    title_key="check.order_permission.title",
    description_key="check.order_permission.description",
    run=run,
    requires=("plan",),
    venues=("binance_futures", "upbit"),
)
