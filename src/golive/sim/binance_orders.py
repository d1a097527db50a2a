"""What the simulated Binance answers to mutating requests: plausible, and nothing changes.

Orders, cancels, leverage, position mode, withdrawals and transfers answer with
the shapes of the Binance spot, wallet and USDT-M futures docs; the account
(:mod:`golive.sim.binance_data`) is never changed. golive's guard must stop all
of these before they leave; the simulator answers them so a test can prove it.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from golive.sim.auth import BinanceRejection as Rejection
from golive.sim.binance_data import Call, missing

if TYPE_CHECKING:
    from collections.abc import Mapping


def _order_id() -> int:
    return 10_000_000 + secrets.randbelow(90_000_000)


def spot_order(call: Call) -> object:
    p = call.params
    absent = missing(p, "symbol", "side", "type")
    if absent:
        return absent
    return {
        "symbol": p["symbol"],
        "orderId": _order_id(),
        "orderListId": -1,
        "clientOrderId": p.get("newClientOrderId") or secrets.token_hex(11),
        "transactTime": call.now_ms,
        "price": p.get("price", "0.00000000"),
        "origQty": p.get("quantity", "0.00000000"),
        "executedQty": "0.00000000",
        "origQuoteOrderQty": p.get("quoteOrderQty", "0.00000000"),
        "cummulativeQuoteQty": "0.00000000",
        "status": "NEW",
        "timeInForce": p.get("timeInForce", "GTC"),
        "type": p["type"],
        "side": p["side"],
        "workingTime": call.now_ms,
        "selfTradePreventionMode": "NONE",
        "fills": [],
    }


def _cancel_ids(p: Mapping[str, str]) -> Rejection | None:
    absent = missing(p, "symbol")
    if absent or p.get("orderId") or p.get("origClientOrderId"):
        return absent
    msg = "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!"
    return Rejection(400, -1102, msg)


def spot_cancel(call: Call) -> object:
    p = call.params
    rejection = _cancel_ids(p)
    if rejection:
        return rejection
    return {
        "symbol": p["symbol"],
        "origClientOrderId": p.get("origClientOrderId") or secrets.token_hex(11),
        "orderId": int(p.get("orderId") or _order_id()),
        "orderListId": -1,
        "clientOrderId": secrets.token_hex(11),
        "transactTime": call.now_ms,
        "status": "CANCELED",
        "selfTradePreventionMode": "NONE",
    }


def _futures_order_body(call: Call, status: str) -> dict[str, object]:
    p = call.params
    return {
        "clientOrderId": p.get("newClientOrderId") or p.get("origClientOrderId") or "sim",
        "cumQty": "0",
        "cumQuote": "0",
        "executedQty": "0",
        "orderId": int(p.get("orderId") or _order_id()),
        "avgPrice": "0.00",
        "origQty": p.get("quantity", "0"),
        "price": p.get("price", "0"),
        "reduceOnly": p.get("reduceOnly", "false") == "true",
        "side": p.get("side", "BUY"),
        "positionSide": p.get("positionSide", "BOTH"),
        "status": status,
        "stopPrice": "0",
        "closePosition": False,
        "symbol": p.get("symbol", ""),
        "timeInForce": p.get("timeInForce", "GTC"),
        "type": p.get("type", "LIMIT"),
        "origType": p.get("type", "LIMIT"),
        "updateTime": call.now_ms,
        "workingType": "CONTRACT_PRICE",
        "priceProtect": False,
        "priceMatch": "NONE",
        "selfTradePreventionMode": "NONE",
        "goodTillDate": 0,
    }


def futures_order(call: Call) -> object:
    return missing(call.params, "symbol", "side", "type") or _futures_order_body(call, "NEW")


def futures_cancel(call: Call) -> object:
    return _cancel_ids(call.params) or _futures_order_body(call, "CANCELED")


def leverage(call: Call) -> object:
    p = call.params
    absent = missing(p, "symbol", "leverage")
    if absent:
        return absent
    return {"leverage": int(p["leverage"]), "maxNotionalValue": "1000000", "symbol": p["symbol"]}


def set_dual_side(call: Call) -> object:
    return missing(call.params, "dualSidePosition") or {"code": 200, "msg": "success"}


def withdraw(call: Call) -> object:
    return missing(call.params, "coin", "address", "amount") or {"id": secrets.token_hex(16)}


def transfer(call: Call) -> object:
    return missing(call.params, "type", "asset", "amount") or {"tranId": _order_id()}
