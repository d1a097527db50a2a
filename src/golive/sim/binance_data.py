"""What the simulated Binance account answers: payload builders over the account data.

Field names and shapes follow the Binance spot, wallet and USDT-M futures docs.
Scenarios change what is reported (``RESTRICTION_OVERRIDES``), never the account.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from golive.sim.auth import BinanceRejection as Rejection
from golive.sim.auth import mandatory

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.sim.accounts import BinanceRestrictions
    from golive.sim.state import SimState
    from golive.sim.venues import Venue

DAY_MS = 86_400_000
SPOT_WEIGHT_LIMIT = 6000
FUTURES_WEIGHT_LIMIT = 2400

RESTRICTION_OVERRIDES: Mapping[str, Mapping[str, bool]] = {
    "binance.withdrawals_enabled": {"enableWithdrawals": True},
    "binance.transfer_enabled": {"enableInternalTransfer": True, "permitsUniversalTransfer": True},
    "binance.futures_disabled": {"enableFutures": False},
    "binance.reading_disabled": {"enableReading": False},
    "binance.no_ip_restriction": {"ipRestrict": False},
    "binance.portfolio_margin": {"enablePortfolioMarginTrading": True},
    "binance.extra_permissions": {
        "enableSpotAndMarginTrading": True,
        "enableMargin": True,
        "enableVanillaOptions": True,
        "enableFixApiTrade": True,
    },
}

SYMBOLS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # symbol, base, quote, tickSize, stepSize, minNotional
    ("BTCUSDT", "BTC", "USDT", "0.10", "0.001", "100"),
    ("ETHUSDT", "ETH", "USDT", "0.01", "0.001", "20"),
    ("XRPUSDT", "XRP", "USDT", "0.0001", "0.1", "5"),
)


@dataclass(frozen=True)
class Call:
    """One authenticated Binance call as a builder sees it."""

    state: SimState
    venue: Venue
    params: Mapping[str, str]
    now_ms: int


def missing(params: Mapping[str, str], *names: str) -> Rejection | None:
    absent = next((n for n in names if not params.get(n)), None)
    return mandatory(absent) if absent else None


def restrictions(state: SimState) -> BinanceRestrictions:
    flags = state.accounts.binance.restrictions
    for name, overrides in RESTRICTION_OVERRIDES.items():
        if state.is_active(name):
            flags = replace(flags, **overrides)
    return flags


def server_time(call: Call) -> object:
    return {"serverTime": call.now_ms}


def system_status(call: Call) -> object:
    if call.state.is_active("binance.maintenance"):
        return {"status": 1, "msg": "system_maintenance"}
    return {"status": 0, "msg": "normal"}


def api_restrictions(call: Call) -> object:
    payload: dict[str, object] = asdict(restrictions(call.state))
    payload["createTime"] = call.state.accounts.binance.create_time_ms
    if call.state.is_active("binance.trading_authority_expiring"):
        payload["tradingAuthorityExpirationTime"] = call.now_ms + 3 * DAY_MS
    return payload


def spot_account(call: Call) -> object:
    flags = restrictions(call.state)
    omit_zero = call.params.get("omitZeroBalances", "").lower() == "true"
    balances = [
        {"asset": asset, "free": free, "locked": locked}
        for asset, free, locked in call.state.accounts.binance.spot_balances
        if not (omit_zero and float(free) == 0 and float(locked) == 0)
    ]
    return {
        "makerCommission": 10,
        "takerCommission": 10,
        "buyerCommission": 0,
        "sellerCommission": 0,
        "commissionRates": {
            "maker": "0.00100000",
            "taker": "0.00100000",
            "buyer": "0.00000000",
            "seller": "0.00000000",
        },
        "canTrade": flags.enableSpotAndMarginTrading,
        "canWithdraw": flags.enableWithdrawals,
        "canDeposit": True,
        "brokered": False,
        "requireSelfTradePrevention": False,
        "preventSor": False,
        "updateTime": call.now_ms - 60_000,
        "accountType": "SPOT",
        "balances": balances,
        "permissions": ["SPOT"],
        "uid": 354937868,
    }


def futures_balance(call: Call) -> object:
    return [
        {
            "accountAlias": "SgsR",
            "asset": asset,
            "balance": wallet,
            "crossWalletBalance": wallet,
            "crossUnPnl": "0.00000000",
            "availableBalance": wallet,
            "maxWithdrawAmount": wallet,
            "marginAvailable": True,
            "updateTime": call.now_ms - 60_000,
        }
        for asset, wallet in call.state.accounts.binance.futures_balances
    ]


def _futures_assets(call: Call) -> list[dict[str, object]]:
    zero = "0.00000000"
    return [
        {
            "asset": asset,
            "walletBalance": wallet,
            "unrealizedProfit": zero,
            "marginBalance": wallet,
            "maintMargin": zero,
            "initialMargin": zero,
            "positionInitialMargin": zero,
            "openOrderInitialMargin": zero,
            "crossWalletBalance": wallet,
            "crossUnPnl": zero,
            "availableBalance": wallet,
            "maxWithdrawAmount": wallet,
            "marginAvailable": True,
            "updateTime": call.now_ms - 60_000,
        }
        for asset, wallet in call.state.accounts.binance.futures_balances
    ]


def _futures_totals(call: Call) -> dict[str, object]:
    usdt = dict(call.state.accounts.binance.futures_balances).get("USDT", "0.00000000")
    zero = "0.00000000"
    return {
        "totalInitialMargin": zero,
        "totalMaintMargin": zero,
        "totalWalletBalance": usdt,
        "totalUnrealizedProfit": zero,
        "totalMarginBalance": usdt,
        "totalPositionInitialMargin": zero,
        "totalOpenOrderInitialMargin": zero,
        "totalCrossWalletBalance": usdt,
        "totalCrossUnPnl": zero,
        "availableBalance": usdt,
        "maxWithdrawAmount": usdt,
    }


def futures_account_v3(call: Call) -> object:
    return {**_futures_totals(call), "assets": _futures_assets(call), "positions": []}


def futures_account_v2(call: Call) -> object:
    flags = restrictions(call.state)
    head = {
        "feeTier": 0,
        "feeBurn": False,
        "canTrade": flags.enableFutures,
        "canDeposit": True,
        "canWithdraw": flags.enableWithdrawals,
        "updateTime": 0,
        "multiAssetsMargin": _multi_assets(call.state),
        "tradeGroupId": -1,
    }
    return {**head, **_futures_totals(call), "assets": _futures_assets(call), "positions": []}


def _multi_assets(state: SimState) -> bool:
    return (
        state.is_active("binance.multi_assets_mode") or state.accounts.binance.multi_assets_margin
    )


def dual_side(call: Call) -> object:
    hedge = call.state.is_active("binance.hedge_mode")
    return {"dualSidePosition": hedge or call.state.accounts.binance.dual_side_position}


def multi_assets_margin(call: Call) -> object:
    return {"multiAssetsMargin": _multi_assets(call.state)}


def _filters(tick: str, step: str, min_notional: str, *, futures: bool) -> list[dict[str, object]]:
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
        "filters": _filters(tick, step, min_notional, futures=False),
        "permissions": [],
        "permissionSets": [["SPOT", "MARGIN"]],
        "defaultSelfTradePreventionMode": "EXPIRE_MAKER",
        "allowedSelfTradePreventionModes": ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"],
    }


def _futures_symbol(row: tuple[str, str, str, str, str, str]) -> dict[str, object]:
    symbol, base, quote, tick, step, min_notional = row
    return {
        "symbol": symbol,
        "pair": symbol,
        "contractType": "PERPETUAL",
        "deliveryDate": 4133404800000,
        "onboardDate": 1569398400000,
        "status": "TRADING",
        "maintMarginPercent": "2.5000",
        "requiredMarginPercent": "5.0000",
        "baseAsset": base,
        "quoteAsset": quote,
        "marginAsset": quote,
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
        "filters": _filters(tick, step, min_notional, futures=True),
        "orderTypes": ["LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT"],
        "timeInForce": ["GTC", "IOC", "FOK", "GTX", "GTD"],
    }


def spot_exchange_info(call: Call) -> object:
    return {
        "timezone": "UTC",
        "serverTime": call.now_ms,
        "rateLimits": [
            _limit("REQUEST_WEIGHT", "MINUTE", 1, SPOT_WEIGHT_LIMIT),
            _limit("ORDERS", "SECOND", 10, 100),
            _limit("ORDERS", "DAY", 1, 200000),
            _limit("RAW_REQUESTS", "MINUTE", 5, 61000),
        ],
        "exchangeFilters": [],
        "symbols": [_spot_symbol(row) for row in SYMBOLS],
    }


def futures_exchange_info(call: Call) -> object:
    return {
        "timezone": "UTC",
        "serverTime": call.now_ms,
        "futuresType": "U_MARGINED",
        "rateLimits": [
            _limit("REQUEST_WEIGHT", "MINUTE", 1, FUTURES_WEIGHT_LIMIT),
            _limit("ORDERS", "MINUTE", 1, 1200),
            _limit("ORDERS", "SECOND", 10, 300),
        ],
        "exchangeFilters": [],
        "assets": [
            {"asset": "USDT", "marginAvailable": True, "autoAssetExchange": "-10000"},
            {"asset": "BNB", "marginAvailable": True, "autoAssetExchange": "-0.00100000"},
        ],
        "symbols": [_futures_symbol(row) for row in SYMBOLS],
    }


def _limit(kind: str, interval: str, num: int, limit: int) -> dict[str, object]:
    return {"rateLimitType": kind, "interval": interval, "intervalNum": num, "limit": limit}
