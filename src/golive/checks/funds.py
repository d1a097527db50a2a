"""``funds``: each leg holds enough to carry the plan's largest position.

Upbit: free KRW from ``GET /v1/accounts`` must be at least max notional ×
KRW/USDT (``GET /v1/ticker?markets=KRW-USDT``) × (1 + the highest ``bid_fee`` of
the planned markets' ``GET /v1/orders/chance``). Binance: ``availableBalance`` of
USDT in ``GET /fapi/v2/balance`` (weight 5) must be at least max notional ÷
leverage × 1.1. Short is a FAIL naming the leg, the amount needed and the amount
there; less than 10 % above the need is a WARN. ``details`` carries both figures
and ``headroom_ratio`` (there ÷ needed) per leg.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from golive import messages
from golive.checks._trading import (
    Finding,
    decimal,
    judged,
    krw_rate,
    plan_and_keys_or_skip,
    rows,
    shown,
)
from golive.errors import venue_name
from golive.exchanges.binance import FUTURES_BALANCE
from golive.exchanges.outcomes import failure_outcome, usage_details
from golive.exchanges.request import Deadline, ReadError, Reply, malformed
from golive.exchanges.session import shared_read
from golive.exchanges.upbit import ACCOUNTS, KRW_USDT_TICKER, order_chance
from golive.model import Check, Outcome, Status

if TYPE_CHECKING:
    from golive.model import CheckContext, JSONValue
    from golive.plan import TradingPlan

MARGIN_BUFFER = Decimal("1.1")
"""Futures margin kept above max notional ÷ leverage (fees, mark moves)."""
TIGHT = Decimal("1.1")
"""Within 10 % of the need: a WARN."""
REASONS = {
    ("upbit", Status.FAIL): "funds.upbit_short",
    ("upbit", Status.WARN): "funds.upbit_tight",
    ("binance_futures", Status.FAIL): "funds.binance_futures_short",
    ("binance_futures", Status.WARN): "funds.binance_futures_tight",
}


@dataclass(frozen=True)
class Leg:
    """One leg's need and what is there, in the leg's currency."""

    name: str
    currency: str
    needed: Decimal
    there: Decimal
    places: int

    @property
    def ratio(self) -> float:
        return float(self.there / self.needed) if self.needed > 0 else float("inf")

    def detail(self) -> dict[str, JSONValue]:
        return {
            "currency": self.currency,
            "needed": shown(self.needed, self.places),
            "available": shown(self.there, self.places),
            "headroom_ratio": round(self.ratio, 4),
        }

    def finding(self, lang: str) -> Finding | None:
        fields = {
            "leg": venue_name(self.name, lang),
            "currency": self.currency,
            "found": shown(self.there, self.places),
            "required": shown(self.needed, self.places),
        }
        if self.there < self.needed:
            return Finding(REASONS[self.name, Status.FAIL], "check.funds.short", fields=fields)
        if self.there < self.needed * TIGHT:
            reason = REASONS[self.name, Status.WARN]
            return Finding(reason, "check.funds.tight", Status.WARN, fields)
        return None


def _free_krw(accounts: Reply, ctx: CheckContext) -> Decimal:
    if not isinstance(accounts.data, list):
        raise malformed(accounts.endpoint, "expected a JSON array", lang=ctx.lang)
    row = next((r for r in rows(accounts) if r.get("currency") == "KRW"), {})
    return decimal(row.get("balance")) or Decimal(0)


def _available_usdt(balance: Reply, ctx: CheckContext) -> Decimal:
    if not isinstance(balance.data, list):
        raise malformed(balance.endpoint, "expected a JSON array", lang=ctx.lang)
    row = next((r for r in rows(balance) if r.get("asset") == "USDT"), {})
    return decimal(row.get("availableBalance")) or Decimal(0)


def _fee(chances: list[Reply]) -> Decimal:
    fees = [decimal(c.data.get("bid_fee")) for c in chances if isinstance(c.data, dict)]
    return max((f for f in fees if f is not None), default=Decimal(0))


def _legs(replies: list[Reply], plan: TradingPlan, ctx: CheckContext) -> list[Leg]:
    accounts, balance, ticker, *chances = replies
    rate, _ = krw_rate(ticker)
    if rate is None:
        raise malformed(ticker.endpoint, "no KRW-USDT trade_price", lang=ctx.lang)
    budget = plan.amount("max_notional_usdt") or Decimal(0)
    upbit_need = budget * rate * (1 + _fee(chances))
    futures_need = budget / plan.leverage * MARGIN_BUFFER
    return [
        Leg("upbit", "KRW", upbit_need, _free_krw(accounts, ctx), 0),
        Leg("binance_futures", "USDT", futures_need, _available_usdt(balance, ctx), 2),
    ]


def _verdict(replies: list[Reply], plan: TradingPlan, ctx: CheckContext) -> Outcome:
    legs = _legs(replies, plan, ctx)
    findings = [f for leg in legs if (f := leg.finding(ctx.lang)) is not None]
    details: dict[str, JSONValue] = {leg.name: leg.detail() for leg in legs}
    details["rate_limit"] = usage_details(r.usage for r in replies)
    upbit, futures = legs
    passed = messages.text(
        "check.funds.passed",
        ctx.lang,
        krw=shown(upbit.there, 0),
        krw_needed=shown(upbit.needed, 0),
        usdt=shown(futures.there, 2),
        usdt_needed=shown(futures.needed, 2),
    )
    return judged(findings, details, ctx.lang, passed)


async def run(ctx: CheckContext) -> Outcome:
    plan = plan_and_keys_or_skip(ctx)
    if isinstance(plan, Outcome):
        return plan
    deadline = Deadline.for_timeout(ctx.clock, ctx.timeout)
    reads = [
        ACCOUNTS,
        FUTURES_BALANCE,
        KRW_USDT_TICKER,
        *(order_chance(p.upbit) for p in plan.pairs),
    ]
    answers = await asyncio.gather(
        *(shared_read(ctx, deadline, e) for e in reads), return_exceptions=True
    )
    try:
        for answer in answers[:3]:
            if isinstance(answer, BaseException):
                raise answer
        # a market golive cannot read the conditions of is the markets check's finding
        replies = [a for a in answers if isinstance(a, Reply)]
        return _verdict(replies, plan, ctx)
    except ReadError as failed:
        return failure_outcome(failed, ctx)


CHECK = Check(
    id="funds",
    title_key="check.funds.title",
    description_key="check.funds.description",
    run=run,
    requires=("plan",),
    venues=("binance_futures", "upbit"),
)
