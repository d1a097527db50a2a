"""What the simulated USDⓈ-M futures account answers about trading: config, locks, exposure.

Every shape follows the page of developers.binance.com/docs/derivatives/
usds-margined-futures named beside its builder. Scenarios change what is
reported; the control API (:class:`golive.sim.book.Book`) changes symbol configs.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, replace
from typing import TYPE_CHECKING

from golive.sim.binance_data import hedge_mode, missing, multi_assets, restrictions
from golive.sim.binance_markets import futures_listing
from golive.sim.book import FUTURES, SymbolConfig

if TYPE_CHECKING:
    from golive.sim.binance_data import Call
    from golive.sim.state import SimState

HOUR_MS = 3_600_000
MISMATCHED_LEVERAGE = 20
MISMATCHED_MAX_NOTIONAL = "25000"
"""``binance_futures.leverage_mismatch``: 20x (Binance's default), with the bracket cap at 20x."""
OPEN_POSITION = ("ETHUSDT", "0.020", "3480.00")
"""``binance_futures.open_position``: a long of 0.02 ETH (a symbol of the written plan)."""


def account_config(call: Call) -> object:
    """``GET /fapi/v1/accountConfig`` (account/rest-api/Account-Config), weight 5."""
    can_trade = restrictions(call.state).enableFutures
    if call.state.is_active("binance_futures.cannot_trade"):
        can_trade = False
    return {
        "feeTier": 0,
        "canTrade": can_trade,
        "canDeposit": True,
        "canWithdraw": True,
        "dualSidePosition": hedge_mode(call.state),
        "updateTime": 0,
        "multiAssetsMargin": multi_assets(call.state),
        "tradeGroupId": -1,
    }


def api_trading_status(call: Call) -> object:
    """``GET /fapi/v1/apiTradingStatus`` (Futures-Trading-Quantitative-Rules-Indicators).

    Weight 1 with ``symbol``, 10 without. Healthy: no indicator. Under
    ``binance_futures.trading_locked`` the account is locked for an hour (the
    docs' "account violation triggered" answer, indicator ``TMV``).
    """
    indicators: dict[str, object] = {}
    if call.state.is_active("binance_futures.trading_locked"):
        lock = {
            "indicator": "TMV",
            "value": 10,
            "triggerValue": 1,
            "plannedRecoverTime": call.now_ms + HOUR_MS,
            "isLocked": True,
        }
        indicators["ACCOUNT"] = [lock]
    return {"indicators": indicators, "updateTime": call.now_ms - 60_000}


def symbol_configs(state: SimState) -> list[SymbolConfig]:
    configs = []
    for row in FUTURES:
        config = SymbolConfig(row[0])
        if state.is_active("binance_futures.leverage_mismatch"):
            config = replace(
                config, leverage=MISMATCHED_LEVERAGE, maxNotionalValue=MISMATCHED_MAX_NOTIONAL
            )
        if state.is_active("binance_futures.margin_type_mismatch"):
            config = replace(config, marginType="CROSSED")
        overrides = state.book.symbol_configs.get(row[0], {})
        configs.append(replace(config, **overrides))  # type: ignore[arg-type]
    return configs


def symbol_config(call: Call) -> object:
    """``GET /fapi/v1/symbolConfig`` (account/rest-api/Symbol-Config), weight 5: an array."""
    symbol = call.params.get("symbol")
    rows = [asdict(c) for c in symbol_configs(call.state)]
    return [r for r in rows if r["symbol"] == symbol] if symbol else rows


def _position(symbol: str, amount: str, entry: str, mark: str) -> dict[str, object]:
    notional = float(amount) * float(mark)
    return {
        "symbol": symbol,
        "positionSide": "BOTH",
        "positionAmt": amount,
        "entryPrice": entry,
        "breakEvenPrice": entry,
        "markPrice": mark,
        "unRealizedProfit": f"{(float(mark) - float(entry)) * float(amount):.8f}",
        "liquidationPrice": "0",
        "isolatedMargin": f"{notional:.8f}",
        "notional": f"{notional:.8f}",
        "marginAsset": "USDT",
        "isolatedWallet": f"{notional:.8f}",
        "initialMargin": f"{notional:.8f}",
        "maintMargin": f"{notional * 0.005:.8f}",
        "positionInitialMargin": f"{notional:.8f}",
        "openOrderInitialMargin": "0",
        "adl": 1,
        "bidNotional": "0",
        "askNotional": "0",
        "updateTime": 1720736417660,
    }


def position_risk(call: Call) -> object:
    """``GET /fapi/v3/positionRisk`` (trade/rest-api/Position-Information-V3), weight 5.

    Only symbols with a position or open orders are returned (the docs' rule).
    """
    if not call.state.is_active("binance_futures.open_position"):
        return []
    symbol, amount, entry = OPEN_POSITION
    marks = {row["symbol"]: row["markPrice"] for row in futures_listing(call.state)}
    rows = [_position(symbol, amount, entry, marks.get(symbol, entry))]
    wanted = call.params.get("symbol")
    return [r for r in rows if not wanted or r["symbol"] == wanted]


def open_orders(call: Call) -> object:
    """``GET /fapi/v1/openOrders`` (trade/rest-api/Current-All-Open-Orders).

    Weight 1 with ``symbol``, 40 without. The simulated account has no open order.
    """
    return []


def order_test(call: Call) -> object:
    """``POST /fapi/v1/order/test`` (trade/rest-api/New-Order-Test): validated, not placed."""
    p = call.params
    absent = missing(p, "symbol", "side", "type")
    if absent:
        return absent
    if p["type"] in ("MARKET", "LIMIT") and not p.get("quantity"):
        return missing(p, "quantity")
    return {
        "clientOrderId": p.get("newClientOrderId") or f"test{secrets.token_hex(8)}",
        "cumQty": "0",
        "cumQuote": "0",
        "executedQty": "0",
        "orderId": 22542179,
        "avgPrice": "0.00000",
        "origQty": p.get("quantity", "0"),
        "price": p.get("price", "0"),
        "reduceOnly": False,
        "side": p["side"],
        "positionSide": p.get("positionSide", "BOTH"),
        "status": "NEW",
        "stopPrice": "0",
        "closePosition": False,
        "symbol": p["symbol"],
        "timeInForce": p.get("timeInForce", "GTC"),
        "type": p["type"],
        "origType": p["type"],
        "updateTime": call.now_ms,
        "workingType": "CONTRACT_PRICE",
        "priceProtect": False,
        "priceMatch": "NONE",
        "selfTradePreventionMode": "NONE",
        "goodTillDate": 0,
    }
