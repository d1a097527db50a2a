"""``markets``: every planned pair is listed and trading on both legs, at the planned size.

Binance, per pair: the perpetual is in ``GET /fapi/v1/exchangeInfo`` (weight 1,
read once per run and shared) with ``status`` TRADING, ``contractType`` PERPETUAL
and quote USDT; at the mark price of ``GET /fapi/v1/premiumIndex?symbol=``
(weight 1), the largest quantity within the max notional, rounded down to the
``LOT_SIZE`` / ``MARKET_LOT_SIZE`` step, must reach ``minQty`` and the
``MIN_NOTIONAL`` notional. Upbit, per pair: the market is in
``GET /v1/market/all?isDetails=true`` without ``market_event.warning`` (FAIL;
caution flags WARN), ``GET /v1/orders/chance`` says ``market.state`` active and
its bid and ask ``min_total`` fit the planned KRW notional (max notional times
KRW/USDT from ``GET /v1/ticker?markets=KRW-USDT``; a rate older than 5 minutes
is a WARN). Fees are reported. orders/chance needs View Orders, which ``paper`` does
not: a paper key without it leaves the Upbit order conditions (state, minimum order,
fees) unchecked, said in the PASS line and ``details["not_checked"]``.
"""

from __future__ import annotations

import asyncio
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Any

from golive import messages
from golive.checks._trading import (
    Finding,
    decimal,
    judged,
    krw_rate,
    lot_size,
    plan_or_skip,
    rows,
    shown,
    symbol_filters,
    unneeded_scope,
)
from golive.exchanges.binance import FUTURES_EXCHANGE_INFO, premium_index
from golive.exchanges.outcomes import credential_problem, failure_outcome, usage_details
from golive.exchanges.request import Deadline, ReadError, Reply
from golive.exchanges.session import shared_read
from golive.exchanges.upbit import KRW_USDT_TICKER, MARKETS_DETAILED, order_chance
from golive.model import Check, Outcome, Status

if TYPE_CHECKING:
    from golive.model import CheckContext, JSONValue
    from golive.plan import Pair, TradingPlan

STALE_RATE_MS = 5 * 60 * 1000


def _size(symbol: dict[str, Any], mark: Decimal, plan: TradingPlan) -> list[Finding]:
    """Whether an order of the planned size clears MIN_NOTIONAL and the lot size."""
    filters, name = symbol_filters(symbol), str(symbol.get("symbol"))
    budget = plan.amount("max_notional_usdt") or Decimal(0)
    minimum = decimal(filters.get("MIN_NOTIONAL", {}).get("notional")) or Decimal(0)
    if budget < minimum:
        fields = {"symbol": name, "found": shown(budget), "required": shown(minimum)}
        return [
            Finding(
                "markets.binance_min_notional", "check.markets.binance_min_notional", fields=fields
            )
        ]
    min_qty, step = lot_size(filters)
    quantity = budget / mark
    if step > 0:
        quantity = (quantity / step).to_integral_value(rounding=ROUND_DOWN) * step
    if quantity >= min_qty and quantity * mark >= minimum and quantity > 0:
        return []
    fields = {
        "symbol": name,
        "quantity": shown(quantity),
        "found": shown(quantity * mark, 2),
        "required": shown(max(minimum, min_qty * mark), 2),
        "step": shown(step),
        "mark": shown(mark, 2),
    }
    return [
        Finding("markets.binance_min_quantity", "check.markets.binance_min_quantity", fields=fields)
    ]


def _binance(
    pair: Pair, info: dict[str, Any], mark: Decimal | None, plan: TradingPlan
) -> list[Finding]:
    symbols = info.get("symbols")
    listed = [s for s in symbols if isinstance(s, dict)] if isinstance(symbols, list) else []
    symbol = next((s for s in listed if s.get("symbol") == pair.binance), None)
    if symbol is None or mark is None:
        fields = {"symbol": pair.binance}
        return [
            Finding("markets.binance_not_listed", "check.markets.binance_not_listed", fields=fields)
        ]
    if symbol.get("status") != "TRADING":
        fields = {"symbol": pair.binance, "found": str(symbol.get("status"))}
        return [
            Finding(
                "markets.binance_not_trading", "check.markets.binance_not_trading", fields=fields
            )
        ]
    kind = f"{symbol.get('contractType')}/{symbol.get('quoteAsset')}"
    if kind != "PERPETUAL/USDT":
        fields = {"symbol": pair.binance, "found": kind}
        return [
            Finding(
                "markets.binance_not_perpetual",
                "check.markets.binance_not_perpetual",
                fields=fields,
            )
        ]
    return _size(symbol, mark, plan)


def _events(pair: Pair, listing: dict[str, Any] | None) -> list[Finding]:
    market = pair.upbit
    if listing is None:
        return [
            Finding(
                "markets.upbit_not_listed",
                "check.markets.upbit_not_listed",
                fields={"market": market},
            )
        ]
    event = listing.get("market_event")
    event = event if isinstance(event, dict) else {}
    if event.get("warning") is True:
        return [
            Finding(
                "markets.upbit_warning", "check.markets.upbit_warning", fields={"market": market}
            )
        ]
    caution = event.get("caution")
    flags = sorted(k for k, v in caution.items() if v is True) if isinstance(caution, dict) else []
    if not flags:
        return []
    fields = {"market": market, "flags": ", ".join(flags)}
    return [Finding("markets.upbit_caution", "check.markets.upbit_caution", Status.WARN, fields)]


def _chance(pair: Pair, chance: dict[str, Any], krw: Decimal | None) -> list[Finding]:
    market = chance.get("market") if isinstance(chance.get("market"), dict) else {}
    assert isinstance(market, dict)
    if market.get("state") != "active":
        fields = {"market": pair.upbit, "found": str(market.get("state"))}
        return [
            Finding("markets.upbit_not_active", "check.markets.upbit_not_active", fields=fields)
        ]
    totals = [decimal((market.get(side) or {}).get("min_total")) for side in ("bid", "ask")]
    highest = max((t for t in totals if t is not None), default=None)
    if krw is None or highest is None or highest <= krw:
        return []
    fields = {"market": pair.upbit, "found": shown(krw, 0), "required": shown(highest, 0)}
    return [Finding("markets.upbit_min_total", "check.markets.upbit_min_total", fields=fields)]


def _rate_findings(stamp: int | None, ctx: CheckContext) -> list[Finding]:
    now_ms = int(ctx.clock.now().timestamp() * 1000)
    if stamp is None or now_ms - stamp <= STALE_RATE_MS:
        return []
    fields = {"age": str((now_ms - stamp) // 60_000)}
    return [Finding("markets.rate_stale", "check.markets.rate_stale", Status.WARN, fields)]


def _object(reply: Reply | None) -> dict[str, Any]:
    return reply.data if reply is not None and isinstance(reply.data, dict) else {}


UNKNOWN_ANSWERS = {("binance_futures", -1121), ("upbit", None)}
"""(venue, code) of a 400 that means "no such symbol/market": the listing check reports it."""


def _unknown(answer: BaseException) -> bool:
    if not isinstance(answer, ReadError) or answer.status != 400:
        return False
    return (answer.endpoint.venue, answer.code) in UNKNOWN_ANSWERS


async def _read_all(
    ctx: CheckContext, plan: TradingPlan, deadline: Deadline
) -> tuple[list[Reply | None], bool]:
    """Every read at once, and whether Upbit's orders/chance was read. A per-pair read of an
    unknown symbol or market is ``None``, as is orders/chance refused for View Orders in a
    profile that does not need it (then its facts are noted as not checked)."""
    reads = [FUTURES_EXCHANGE_INFO, MARKETS_DETAILED, KRW_USDT_TICKER]
    reads += [premium_index(p.binance) for p in plan.pairs]
    reads += [order_chance(p.upbit) for p in plan.pairs]
    answers = await asyncio.gather(
        *(shared_read(ctx, deadline, e) for e in reads), return_exceptions=True
    )
    replies: list[Reply | None] = []
    chance_read = True
    for index, answer in enumerate(answers):
        if not isinstance(answer, BaseException):
            replies.append(answer)
            continue
        scope = unneeded_scope(answer, ctx)
        if index < 3 or not (scope or _unknown(answer)):
            raise answer
        chance_read = chance_read and not scope
        replies.append(None)
    return replies, chance_read


def _passed(
    plan: TradingPlan, details: dict[str, JSONValue], chance_read: bool, ctx: CheckContext
) -> str:
    """The PASS line; without orders/chance it claims Binance's minimums only, and says why."""
    key = "check.markets.passed" if chance_read else "check.markets.passed_binance_sizes"
    passed = messages.text(
        key,
        ctx.lang,
        pairs=", ".join(p.shown for p in plan.pairs),
        notional=shown(plan.amount("max_notional_usdt") or Decimal(0)),
        krw=str(details["planned_krw_notional"] or "-"),
    )
    if chance_read:
        return passed
    note = messages.text("check.markets.chance_not_read", ctx.lang, profile=ctx.profile.name)
    details["not_checked"] = {"/v1/orders/chance": note}
    return messages.text("check.trading.noted", ctx.lang, passed=passed, note=note)


def _verdict(
    answers: list[Reply | None], chance_read: bool, plan: TradingPlan, ctx: CheckContext
) -> Outcome:
    replies = [r for r in answers[:3] if r is not None]
    info = replies[0].data
    count = len(plan.pairs)
    marks = [decimal(_object(r).get("markPrice")) for r in answers[3 : 3 + count]]
    chances = [_object(r) for r in answers[3 + count :]]
    rate, stamp = krw_rate(replies[2])
    budget = plan.amount("max_notional_usdt") or Decimal(0)
    krw = budget * rate if rate is not None else None
    listings = {r.get("market"): r for r in rows(replies[1])}
    findings = _rate_findings(stamp, ctx)
    pairs: list[JSONValue] = []
    for pair, mark, chance in zip(plan.pairs, marks, chances, strict=True):
        info_dict = info if isinstance(info, dict) else {}
        findings += _binance(pair, info_dict, mark, plan)
        findings += _events(pair, listings.get(pair.upbit))
        if pair.upbit in listings and chance_read:
            findings += _chance(pair, chance, krw)
        pairs.append(
            {
                "pair": pair.shown,
                "mark_price": shown(mark) if mark is not None else None,
                "bid_fee": chance.get("bid_fee"),
                "ask_fee": chance.get("ask_fee"),
            }
        )
    details: dict[str, JSONValue] = {
        "pairs": pairs,
        "krw_usdt": shown(rate, 2) if rate is not None else None,
        "krw_usdt_time_ms": stamp,
        "planned_krw_notional": shown(krw, 0) if krw is not None else None,
        "rate_limit": usage_details(r.usage for r in answers if r is not None),
    }
    return judged(findings, details, ctx.lang, _passed(plan, details, chance_read, ctx))


async def run(ctx: CheckContext) -> Outcome:
    plan = plan_or_skip(ctx)
    if isinstance(plan, Outcome):
        return plan
    skipped = credential_problem(ctx, "UPBIT_ACCESS_KEY", "UPBIT_SECRET_KEY")
    if skipped is not None:
        return skipped
    deadline = Deadline.for_timeout(ctx.clock, ctx.timeout)
    try:
        answers, chance_read = await _read_all(ctx, plan, deadline)
        return _verdict(answers, chance_read, plan, ctx)
    except ReadError as failed:
        return failure_outcome(failed, ctx)


CHECK = Check(
    id="markets",
    title_key="check.markets.title",
    description_key="check.markets.description",
    run=run,
    requires=("plan",),
    venues=("binance_futures", "upbit"),
)
