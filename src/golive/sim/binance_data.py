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


INSUFFICIENT_MARGIN_USDT = "50.00000000"
"""``binance_futures.insufficient_margin``: USDT on futures, below a 100 USDT plan's 110."""


def futures_wallet(state: SimState) -> tuple[tuple[str, str], ...]:
    """(asset, wallet balance) on futures: the account, control-API balances, the scenario."""
    wallet = dict(state.accounts.binance.futures_balances) | state.book.futures_balances
    if state.is_active("binance_futures.insufficient_margin"):
        wallet["USDT"] = INSUFFICIENT_MARGIN_USDT
    return tuple(wallet.items())


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
        for asset, wallet in futures_wallet(call.state)
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
        for asset, wallet in futures_wallet(call.state)
    ]


def _futures_totals(call: Call) -> dict[str, object]:
    usdt = dict(futures_wallet(call.state)).get("USDT", "0.00000000")
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
        "multiAssetsMargin": multi_assets(call.state),
        "tradeGroupId": -1,
    }
    return {**head, **_futures_totals(call), "assets": _futures_assets(call), "positions": []}


MULTI_ASSETS_SCENARIOS = ("binance.multi_assets_mode", "binance_futures.multi_assets_mode")


def multi_assets(state: SimState) -> bool:
    """Multi-assets margin mode: the account's setting, or either scenario name."""
    scenario = any(state.is_active(name) for name in MULTI_ASSETS_SCENARIOS)
    return scenario or state.accounts.binance.multi_assets_margin


def hedge_mode(state: SimState) -> bool:
    return state.is_active("binance.hedge_mode") or state.accounts.binance.dual_side_position


def dual_side(call: Call) -> object:
    return {"dualSidePosition": hedge_mode(call.state)}


def multi_assets_margin(call: Call) -> object:
    return {"multiAssetsMargin": multi_assets(call.state)}
