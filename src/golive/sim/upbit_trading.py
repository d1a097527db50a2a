"""Upbit answers a trading plan reads: tickers, open orders, and the order test.

Shapes follow docs.upbit.com/kr/reference: ``list-tickers`` (``GET /v1/ticker``,
public, ticker group 10/s per IP), ``list-open-orders`` (``GET /v1/orders/open``,
view-orders scope, default group 30/s) and ``order-test`` (``POST /v1/orders/test``,
make-orders scope, order-test group 8/s: validated like an order, never created).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from golive.sim.upbit_data import Rejection, kst, listing, wire_text

if TYPE_CHECKING:
    from golive.sim.upbit_data import Call

OPEN_ORDER = ("KRW-ETH", "bid", "4800000", "0.01")
"""``upbit.open_order``: a resting limit bid for 0.01 ETH (a market of the written plan)."""


def _ticker(row: dict[str, object], now_ms: int) -> dict[str, object]:
    price = float(str(row["trade_price"]))
    traded = datetime.fromtimestamp((now_ms - 2000) / 1000, UTC)
    korea = datetime.fromtimestamp((now_ms - 2000) / 1000 + 9 * 3600, UTC)
    return {
        "market": row["market"],
        "trade_date": traded.strftime("%Y%m%d"),
        "trade_time": traded.strftime("%H%M%S"),
        "trade_date_kst": korea.strftime("%Y%m%d"),
        "trade_time_kst": korea.strftime("%H%M%S"),
        "trade_timestamp": now_ms - 2000,
        "opening_price": price,
        "high_price": price,
        "low_price": price,
        "trade_price": price,
        "prev_closing_price": price,
        "change": "EVEN",
        "change_price": 0.0,
        "change_rate": 0.0,
        "signed_change_price": 0.0,
        "signed_change_rate": 0.0,
        "trade_volume": 0.5,
        "acc_trade_price": price * 1000,
        "acc_trade_price_24h": price * 2000,
        "acc_trade_volume": 1000.0,
        "acc_trade_volume_24h": 2000.0,
        "highest_52_week_price": price * 1.5,
        "highest_52_week_date": "2026-03-14",
        "lowest_52_week_price": price * 0.5,
        "lowest_52_week_date": "2025-12-01",
        "timestamp": now_ms - 1000,
    }


def ticker(call: Call) -> object:
    """``GET /v1/ticker?markets=A,B``: one snapshot per market; an unknown one is 404."""
    wanted = [m.strip() for m in call.params.get("markets", "").split(",") if m.strip()]
    if not wanted:
        return Rejection(400, "validation_error", "markets is missing")
    rows = {str(r["market"]): r for r in listing(call.state)}
    if any(m not in rows for m in wanted):
        return Rejection(404, "not_found_market", "Code not found")
    return [_ticker(rows[m], call.now_ms) for m in wanted]


def _order(p: dict[str, str], now_ms: int) -> dict[str, object]:
    volume = p.get("volume", "0")
    return {
        "uuid": str(uuid.uuid4()),
        "side": p["side"],
        "ord_type": p["ord_type"],
        "price": p.get("price", "0"),
        "state": "wait",
        "market": p["market"],
        "created_at": kst(now_ms),
        "volume": volume,
        "remaining_volume": volume,
        "reserved_fee": "0",
        "remaining_fee": "0",
        "paid_fee": "0",
        "locked": "0",
        "executed_volume": "0",
        "executed_funds": "0",
        "trades_count": 0,
        "time_in_force": None,
        "identifier": None,
        "smp_type": "cancel_maker",
        "prevented_volume": "0",
        "prevented_locked": "0",
    }


def open_orders(call: Call) -> object:
    """``GET /v1/orders/open``: the account's resting orders (none, bar the scenario)."""
    if not call.state.is_active("upbit.open_order"):
        return []
    market, side, price, volume = OPEN_ORDER
    wanted = call.params.get("market")
    if wanted and wanted != market:
        return []
    order = {"market": market, "side": side, "ord_type": "limit", "price": price}
    return [_order(order | {"volume": volume}, call.now_ms - 600_000)]


def _total(params: dict[str, str]) -> Decimal | None:
    try:
        price = Decimal(params.get("price") or "0")
        volume = Decimal(params.get("volume") or "1")
    except InvalidOperation:
        return None
    return price if params.get("ord_type") == "price" else price * volume


def order_test(call: Call) -> object:
    """``POST /v1/orders/test``: checked as an order would be (market, minimum total)."""
    p = dict(call.params)
    absent = next((n for n in ("market", "side", "ord_type") if not p.get(n)), None)
    if absent:
        return Rejection(400, "validation_error", f"{absent} is missing")
    row = next((r for r in listing(call.state) if r["market"] == p["market"]), None)
    if row is None:
        return Rejection(400, "market_offline", "market does not have a valid value")
    total = _total(p)
    if total is None or total < Decimal(str(row["min_total"])):
        side = "bid" if p["side"] == "bid" else "ask"
        return Rejection(400, f"under_min_total_{side}", wire_text()["errors"]["under_min_total"])
    return _order(p, call.now_ms)
