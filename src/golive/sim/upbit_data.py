"""What the simulated Upbit account answers: payload builders over the account data.

Field names and shapes follow Upbit's REST reference (get-balance, list-api-keys,
available-order-information, list-trading-pairs). Mutating endpoints answer
plausibly and change nothing.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from golive.sim.book import UPBIT_MARKETS
from golive.sim.venues import Venue

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.sim.state import SimState

KST = timezone(timedelta(hours=9))
DAY_MS = 86_400_000


@cache
def wire_text() -> dict[str, Any]:
    """The Korean texts Upbit sends (error messages, market names), from ``upbit_wire.json``."""
    source = resources.files("golive.sim").joinpath("upbit_wire.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(source)
    return loaded


MIN_TOTAL = "5000"
"""Upbit's minimum order total in the KRW market (orders/chance ``min_total``)."""
MIN_TOTAL_ABOVE_PLAN = "200000"
"""``upbit.min_total_above_plan``: above a 100 USDT plan's KRW notional (about 138,000)."""
INSUFFICIENT_KRW = "50000.0"
"""``upbit.insufficient_krw``: free KRW, below what a 100 USDT leg needs."""


@dataclass(frozen=True)
class Rejection:
    status: int
    name: str
    message: str


@dataclass(frozen=True)
class Call:
    state: SimState
    params: Mapping[str, str]
    now_ms: int


def kst(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, KST).strftime("%Y-%m-%dT%H:%M:%S+09:00")


def listing(state: SimState) -> list[dict[str, object]]:
    """Every market as listed now: base table, control-API overrides, scenarios."""
    rows: list[dict[str, object]] = []
    for market, english, price in UPBIT_MARKETS:
        korean = wire_text()["korean_names"][market]
        row: dict[str, object] = {"market": market, "korean_name": korean}
        row |= {"english_name": english, "trade_price": price, "listed": True}
        row |= {"warning": False, "caution": [], "state": "active", "min_total": MIN_TOTAL}
        row |= state.book.upbit_listings.get(market, {})
        if state.is_active("upbit.market_warning"):
            row["warning"] = True
        if state.is_active("upbit.min_total_above_plan"):
            row["min_total"] = MIN_TOTAL_ABOVE_PLAN
        if row["listed"]:
            rows.append(row)
    return rows


def _event(row: dict[str, object]) -> dict[str, object]:
    flagged = row["caution"] if isinstance(row["caution"], list) else []
    caution = {name: name in flagged for name in _CAUTIONS}
    return {"warning": bool(row["warning"]), "caution": caution}


def market_all(call: Call) -> object:
    """``GET /v1/market/all`` (docs.upbit.com/kr/reference/list-trading-pairs).

    With ``isDetails=true`` each market carries ``market_event``: ``warning`` (a
    designated warning market) and ``caution`` flags by type (since 2026-01-29 any
    alert level of a type reads true: docs.upbit.com/kr/changelog/market_event).
    """
    details = call.params.get("isDetails", "false").lower() == "true"
    return [
        {
            "market": row["market"],
            "korean_name": row["korean_name"],
            "english_name": row["english_name"],
            **({"market_event": _event(row)} if details else {}),
        }
        for row in listing(call.state)
    ]


_CAUTIONS = (
    "PRICE_FLUCTUATIONS",
    "TRADING_VOLUME_SOARING",
    "DEPOSIT_AMOUNT_SOARING",
    "GLOBAL_PRICE_DIFFERENCES",
    "CONCENTRATION_OF_SMALL_ACCOUNTS",
)


def _account_row(currency: str, balance: str, locked: str, avg: str) -> dict[str, object]:
    return {
        "currency": currency,
        "balance": balance,
        "locked": locked,
        "avg_buy_price": avg,
        "avg_buy_price_modified": False,
        "unit_currency": "KRW",
    }


def balances(state: SimState) -> list[tuple[str, str, str, str]]:
    """(currency, balance, locked, avg_buy_price): the account, control-API balances, scenario."""
    rows = {row[0]: row for row in state.accounts.upbit.balances}
    for currency, free in state.book.upbit_balances.items():
        rows[currency] = (currency, free, *rows.get(currency, (currency, "0", "0.0", "0"))[2:])
    if state.is_active("upbit.insufficient_krw"):
        rows["KRW"] = ("KRW", INSUFFICIENT_KRW, "0.0", "0")
    return list(rows.values())


def accounts(call: Call) -> object:
    return [_account_row(*row) for row in balances(call.state)]


def expire_at_ms(state: SimState) -> int:
    now = state.now_ms(Venue.UPBIT)
    if state.is_active("upbit.key_expired"):
        return now - DAY_MS
    if state.is_active("upbit.key_expiring"):
        return now + 3 * DAY_MS
    return now + state.accounts.upbit.expire_in_days * DAY_MS


def api_keys(call: Call) -> object:
    account = call.state.accounts.upbit
    return [{"access_key": account.access_key, "expire_at": kst(expire_at_ms(call.state))}]


def _balance_of(state: SimState, currency: str) -> dict[str, object]:
    rows = {row[0]: row for row in balances(state)}
    return _account_row(*rows.get(currency, (currency, "0.0", "0.0", "0")))


def order_chance(call: Call) -> object:
    market = call.params.get("market")
    if not market:
        return Rejection(400, "validation_error", "market is missing")
    row = next((r for r in listing(call.state) if r["market"] == market), None)
    if row is None:
        return Rejection(400, "notfoundmarket", "market does not have a valid value")
    quote, _, base = market.partition("-")
    min_total = str(row["min_total"])
    kinds = ["best_fok", "best_ioc", "limit", "limit_fok", "limit_ioc"]
    return {
        "bid_fee": "0.0005",
        "ask_fee": "0.0005",
        "maker_bid_fee": "0.0005",
        "maker_ask_fee": "0.0005",
        "market": {
            "id": market,
            "name": f"{base}/{quote}",
            "order_types": ["limit"],
            "order_sides": ["ask", "bid"],
            "bid_types": [*kinds, "price"],
            "ask_types": [*kinds, "market"],
            "bid": {"currency": quote, "min_total": min_total},
            "ask": {"currency": base, "min_total": min_total},
            "max_total": "1000000000",
            "state": row["state"],
        },
        "bid_account": _balance_of(call.state, quote),
        "ask_account": _balance_of(call.state, base),
    }


def _missing(params: Mapping[str, str], *names: str) -> Rejection | None:
    absent = next((n for n in names if not params.get(n)), None)
    return Rejection(400, "validation_error", f"{absent} is missing") if absent else None


def _order(call: Call, uuid_: str, state: str) -> dict[str, object]:
    p = call.params
    volume = p.get("volume", "0")
    return {
        "uuid": uuid_,
        "side": p.get("side", "bid"),
        "ord_type": p.get("ord_type", "limit"),
        "price": p.get("price", "0"),
        "state": state,
        "market": p.get("market", "KRW-BTC"),
        "created_at": kst(call.now_ms),
        "volume": volume,
        "remaining_volume": volume,
        "reserved_fee": "0",
        "remaining_fee": "0",
        "paid_fee": "0",
        "locked": "0",
        "executed_volume": "0",
        "trades_count": 0,
    }


def place_order(call: Call) -> object:
    rejection = _missing(call.params, "market", "side", "ord_type")
    return rejection or _order(call, str(uuid.uuid4()), "wait")


def cancel_order(call: Call) -> object:
    order_id = call.params.get("uuid") or call.params.get("identifier")
    if not order_id:
        return Rejection(400, "validation_error", "uuid or identifier is missing")
    return _order(call, order_id, "wait")


def _withdrawal(call: Call, currency: str) -> dict[str, object]:
    return {
        "type": "withdraw",
        "uuid": str(uuid.uuid4()),
        "currency": currency,
        "net_type": call.params.get("net_type", currency),
        "txid": None,
        "state": "WAITING",
        "created_at": kst(call.now_ms),
        "done_at": None,
        "amount": call.params.get("amount", "0"),
        "fee": "0.0",
        "transaction_type": call.params.get("transaction_type", "default"),
    }


def withdraw_coin(call: Call) -> object:
    rejection = _missing(call.params, "currency", "amount", "address")
    return rejection or _withdrawal(call, call.params["currency"])


def withdraw_krw(call: Call) -> object:
    return _missing(call.params, "amount") or _withdrawal(call, "KRW")
