"""Binance market data on the wire: ``exchangeInfo`` (spot and USDⓈ-M) and ``premiumIndex``.

Shapes follow the docs: spot "Exchange information" (binance-spot-api-docs
rest-api.md), USDⓈ-M "Exchange Information" (developers.binance.com/docs/derivatives/
usds-margined-futures/market-data/rest-api/Exchange-Information, weight 1) with its
``LOT_SIZE``, ``MARKET_LOT_SIZE`` and ``MIN_NOTIONAL`` (``notional``) filters, and
"Mark Price" (.../market-data/rest-api/Mark-Price: ``GET /fapi/v1/premiumIndex``,
weight 1 with ``symbol``, 10 without; one object with a symbol, an array without).
Listings come from :mod:`golive.sim.book`, changed by the control API and by the
``binance_futures.symbol_not_trading`` / ``min_notional_above_plan`` scenarios.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from golive.sim.auth import BinanceRejection
from golive.sim.binance_data import FUTURES_WEIGHT_LIMIT, SPOT_WEIGHT_LIMIT
from golive.sim.book import FUTURES

if TYPE_CHECKING:
    from golive.sim.binance_data import Call
    from golive.sim.state import SimState

NOT_TRADING_STATUS = "SETTLING"
"""``binance_futures.symbol_not_trading``: every perpetual is settling (not ``TRADING``)."""
MIN_NOTIONAL_ABOVE_PLAN = "200"
"""``binance_futures.min_notional_above_plan``: above a 100 USDT plan's max notional."""
INVALID_SYMBOL = BinanceRejection(400, -1121, "Invalid symbol.")

SYMBOLS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # symbol, base, quote, tickSize, stepSize, minNotional
    ("BTCUSDT", "BTC", "USDT", "0.10", "0.001", "100"),
    ("ETHUSDT", "ETH", "USDT", "0.01", "0.001", "20"),
    ("XRPUSDT", "XRP", "USDT", "0.0001", "0.1", "5"),
)


def filters(tick: str, step: str, min_notional: str, *, futures: bool) -> list[dict[str, object]]:
    lot = {"minQty": step, "maxQty": "9000000", "stepSize": step}
    filters: list[dict[str, object]] = [
        {"filterType": "PRICE_FILTER", "minPrice": tick, "maxPrice": "1000000", "tickSize": tick},
        {"filterType": "LOT_SIZE", **lot},
        {"filterType": "MARKET_LOT_SIZE", **lot},
    ]
    if futures:
        return [
            *filters,
            {"filterType": "MAX_NUM_ORDERS", "limit": 200},
            {"filterType": "MAX_NUM_ALGO_ORDERS", "limit": 10},
            {"filterType": "MIN_NOTIONAL", "notional": min_notional},
            {
                "filterType": "PERCENT_PRICE",
                "multiplierUp": "1.0500",
                "multiplierDown": "0.9500",
                "multiplierDecimal": "4",
            },
        ]
    notional = {"minNotional": min_notional, "applyMinToMarket": True, "maxNotional": "9000000"}
    return [
        *filters,
        {"filterType": "NOTIONAL", **notional, "applyMaxToMarket": False, "avgPriceMins": 5},
        {"filterType": "MAX_NUM_ORDERS", "maxNumOrders": 200},
    ]


def _spot_symbol(row: tuple[str, str, str, str, str, str]) -> dict[str, object]:
    symbol, base, quote, tick, step, min_notional = row
    return {
        "symbol": symbol,
        "status": "TRADING",
        "baseAsset": base,
        "baseAssetPrecision": 8,
        "quoteAsset": quote,
        "quotePrecision": 8,
        "quoteAssetPrecision": 8,
        "baseCommissionPrecision": 8,
        "quoteCommissionPrecision": 8,
        "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"],
        "icebergAllowed": True,
        "ocoAllowed": True,
        "otoAllowed": True,
        "quoteOrderQtyMarketAllowed": True,
        "allowTrailingStop": True,
        "cancelReplaceAllowed": True,
        "isSpotTradingAllowed": True,
        "isMarginTradingAllowed": True,
        "filters": filters(tick, step, min_notional, futures=False),
        "permissions": [],
        "permissionSets": [["SPOT", "MARGIN"]],
        "defaultSelfTradePreventionMode": "EXPIRE_MAKER",
        "allowedSelfTradePreventionModes": ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"],
    }


def spot_exchange_info(call: Call) -> object:
    return {
        "timezone": "UTC",
        "serverTime": call.now_ms,
        "rateLimits": [
            limit("REQUEST_WEIGHT", "MINUTE", 1, SPOT_WEIGHT_LIMIT),
            limit("ORDERS", "SECOND", 10, 100),
            limit("ORDERS", "DAY", 1, 200000),
            limit("RAW_REQUESTS", "MINUTE", 5, 61000),
        ],
        "exchangeFilters": [],
        "symbols": [_spot_symbol(row) for row in SYMBOLS],
    }


def limit(kind: str, interval: str, num: int, limit: int) -> dict[str, object]:
    return {"rateLimitType": kind, "interval": interval, "intervalNum": num, "limit": limit}


def futures_listing(state: SimState) -> list[dict[str, str]]:
    """Every perpetual as listed now: base table, control-API overrides, scenarios."""
    rows = []
    for symbol, base, tick, step, min_notional, mark in FUTURES:
        row = {"symbol": symbol, "base": base, "tick": tick, "step": step}
        row |= {"minNotional": min_notional, "markPrice": mark, "status": "TRADING"}
        row |= {"listed": "true"} | state.book.futures_listings.get(symbol, {})
        if state.is_active("binance_futures.symbol_not_trading"):
            row["status"] = NOT_TRADING_STATUS
        if state.is_active("binance_futures.min_notional_above_plan"):
            row["minNotional"] = MIN_NOTIONAL_ABOVE_PLAN
        if row["listed"] == "true":
            rows.append(row)
    return rows


def _futures_symbol(row: dict[str, str]) -> dict[str, object]:
    tick, step = row["tick"], row["step"]
    return {
        "symbol": row["symbol"],
        "pair": row["symbol"],
        "contractType": "PERPETUAL",
        "deliveryDate": 4133404800000,
        "onboardDate": 1569398400000,
        "status": row["status"],
        "maintMarginPercent": "2.5000",
        "requiredMarginPercent": "5.0000",
        "baseAsset": row["base"],
        "quoteAsset": "USDT",
        "marginAsset": "USDT",
        "pricePrecision": max(len(tick.partition(".")[2]), 1),
        "quantityPrecision": len(step.partition(".")[2]),
        "baseAssetPrecision": 8,
        "quotePrecision": 8,
        "underlyingType": "COIN",
        "underlyingSubType": [],
        "settlePlan": 0,
        "triggerProtect": "0.0500",
        "liquidationFee": "0.012500",
        "marketTakeBound": "0.05",
        "maxMoveOrderLimit": 10000,
        "filters": filters(tick, step, row["minNotional"], futures=True),
        "orderTypes": ["LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT"],
        "timeInForce": ["GTC", "IOC", "FOK", "GTX", "GTD"],
    }


def futures_exchange_info(call: Call) -> object:
    return {
        "timezone": "UTC",
        "serverTime": call.now_ms,
        "futuresType": "U_MARGINED",
        "rateLimits": [
            limit("REQUEST_WEIGHT", "MINUTE", 1, FUTURES_WEIGHT_LIMIT),
            limit("ORDERS", "MINUTE", 1, 1200),
            limit("ORDERS", "SECOND", 10, 300),
        ],
        "exchangeFilters": [],
        "assets": [
            {"asset": "USDT", "marginAvailable": True, "autoAssetExchange": "-10000"},
            {"asset": "BNB", "marginAvailable": True, "autoAssetExchange": "-0.00100000"},
        ],
        "symbols": [_futures_symbol(row) for row in futures_listing(call.state)],
    }


def _premium(row: dict[str, str], now_ms: int) -> dict[str, object]:
    eight_hours = 8 * 3_600_000
    return {
        "symbol": row["symbol"],
        "markPrice": row["markPrice"],
        "indexPrice": row["markPrice"],
        "estimatedSettlePrice": row["markPrice"],
        "lastFundingRate": "0.00010000",
        "interestRate": "0.00010000",
        "nextFundingTime": (now_ms // eight_hours + 1) * eight_hours,
        "time": now_ms - 1000,
    }


def premium_index(call: Call) -> object:
    rows = futures_listing(call.state)
    symbol = call.params.get("symbol")
    if not symbol:
        return [_premium(row, call.now_ms) for row in rows]
    row = next((r for r in rows if r["symbol"] == symbol), None)
    return INVALID_SYMBOL if row is None else _premium(row, call.now_ms)
