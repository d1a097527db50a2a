"""The simulated markets and what the control API may change about them.

:data:`FUTURES` and :data:`UPBIT_MARKETS` are the listings in their healthy
state: Binance USDⓈ-M perpetuals with their filters and mark prices, Upbit KRW
markets with their prices. :class:`Book` holds the overrides set through
``/__sim__/`` (balances, symbol configurations, listings); a reset empties it.
Scenarios are applied on top, at request time, by the venue modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FUTURES: tuple[tuple[str, str, str, str, str, str], ...] = (
    # symbol, base, tickSize, stepSize (LOT_SIZE and MARKET_LOT_SIZE), MIN_NOTIONAL, mark
    ("BTCUSDT", "BTC", "0.10", "0.001", "100", "95000.00000000"),
    ("ETHUSDT", "ETH", "0.01", "0.001", "20", "3500.00000000"),
    ("XRPUSDT", "XRP", "0.0001", "0.1", "5", "2.20000000"),
)
"""The perpetuals, with the MIN_NOTIONAL values Binance lists for them."""

UPBIT_MARKETS: tuple[tuple[str, str, str], ...] = (
    # market, english_name, trade_price (KRW); each korean_name is in upbit_wire.json
    ("KRW-BTC", "Bitcoin", "131100000"),
    ("KRW-ETH", "Ethereum", "4830000"),
    ("KRW-XRP", "XRP", "3036"),
    ("KRW-USDT", "Tether", "1380"),
    ("BTC-ETH", "Ethereum", "0.0368"),
)

DEFAULT_LEVERAGE = 1
DEFAULT_MARGIN_TYPE = "ISOLATED"
MAX_NOTIONAL_AT_LEVERAGE_1 = "1000000000"
"""The healthy account is set up as the bot wants it: 1x, isolated, on every symbol."""


@dataclass(frozen=True)
class SymbolConfig:
    """One row of ``GET /fapi/v1/symbolConfig``."""

    symbol: str
    marginType: str = DEFAULT_MARGIN_TYPE  # noqa: N815 - wire names
    isAutoAddMargin: bool = False  # noqa: N815
    leverage: int = DEFAULT_LEVERAGE
    maxNotionalValue: str = MAX_NOTIONAL_AT_LEVERAGE_1  # noqa: N815


@dataclass
class Book:
    """Control-API overrides; empty means "as the account and listings were created"."""

    futures_balances: dict[str, str] = field(default_factory=dict)
    """asset -> wallet (and available) balance on USDⓈ-M futures"""
    upbit_balances: dict[str, str] = field(default_factory=dict)
    """currency -> free balance on Upbit"""
    symbol_configs: dict[str, dict[str, object]] = field(default_factory=dict)
    """symbol -> symbolConfig fields to replace"""
    futures_listings: dict[str, dict[str, str]] = field(default_factory=dict)
    """symbol -> {"status", "minNotional", "markPrice", "listed"} to replace"""
    upbit_listings: dict[str, dict[str, object]] = field(default_factory=dict)
    """market -> {"listed", "warning", "caution": [flags], "state", "min_total"} to replace"""
