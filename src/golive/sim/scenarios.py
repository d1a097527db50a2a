"""The scenario table: every named fault the simulator can play, with one line each.

A scenario name is ``<venue>.<fault>``; several can be active at once. ``healthy``
means "no fault" and is what an empty active list reports.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from golive import messages

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from golive.sim.venues import Venue

HEALTHY = "healthy"


class Fault(StrEnum):
    """Faults every venue knows; venue-specific ones are spelled out in ``SCENARIOS``."""

    INVALID_KEY = "invalid_key"
    BAD_SIGNATURE = "bad_signature"
    IP_NOT_ALLOWED = "ip_not_allowed"
    CLOCK_SKEW = "clock_skew"
    RATE_LIMITED = "rate_limited"
    MAINTENANCE = "maintenance"
    HANG = "hang"
    MALFORMED = "malformed"
    SLOW = "slow"


SCENARIOS: Mapping[str, str] = {
    HEALTHY: "no fault: every venue answers correctly (the default)",
    # Binance spot and wallet (/api, /sapi)
    "binance.invalid_key": "the API key is unknown: signed /api and /sapi calls get -2015 (401)",
    "binance.bad_signature": "the simulator's secret differs: signed /api, /sapi calls get -1022",
    "binance.ip_not_allowed": "the caller's IP is not whitelisted: signed /api and /sapi get -2015",
    "binance.clock_skew": "/api and /sapi clock offset (--clock-offset-ms, else +10 s): -1021",
    "binance.rate_limited": "/api answers 429 -1003, then 418 (IP ban); /sapi only ever 429",
    "binance.sapi_rate_limited": "every /sapi endpoint's own budget is spent: 429, never 418; "
    "/api and /fapi answer",
    "binance.banned": "IP banned already: /api, /sapi answer 418 with Retry-After; /fapi answers",
    "binance.maintenance": "system/status says 1 system_maintenance; other /api, /sapi calls 503",
    "binance.hang": "/api and /sapi accept the connection and never answer",
    "binance.malformed": "/api and /sapi answer 502 with an HTML error page instead of JSON",
    "binance.slow": "/api and /sapi answer correctly but late (slow_ms, default 1500 ms)",
    "binance.withdrawals_enabled": "apiRestrictions says enableWithdrawals: true",
    "binance.futures_disabled": "enableFutures: false, and signed /fapi calls get -2015",
    "binance.reading_disabled": "enableReading: false, and signed read calls get -2015",
    "binance.transfer_enabled": "enableInternalTransfer and permitsUniversalTransfer: true",
    "binance.no_ip_restriction": "apiRestrictions says ipRestrict: false (key usable from any IP)",
    "binance.trading_authority_expiring": "tradingAuthorityExpirationTime is set 3 days ahead",
    "binance.hedge_mode": "positionSide/dual says dualSidePosition: true (hedge mode)",
    "binance.multi_assets_mode": "multiAssetsMargin: true (= binance_futures.multi_assets_mode)",
    "binance.portfolio_margin": "portfolio-margin key: signed /fapi calls get -2015",
    "binance.extra_permissions": "spot/margin trading, margin, options and FIX trading enabled",
    # Binance USDT-M futures (/fapi)
    "binance_futures.invalid_key": "the key is unknown to /fapi: -2015 (401), with ', request ip'",
    "binance_futures.bad_signature": "the simulator's secret differs: signed /fapi calls get -1022",
    "binance_futures.ip_not_allowed": "signed /fapi calls get -2015 with ', request ip: <ip>'",
    "binance_futures.clock_skew": "/fapi clock offset (--clock-offset-ms, else +10 s): -1021",
    "binance_futures.rate_limited": "/fapi answers 429 -1003 with Retry-After, then 418 (IP ban)",
    "binance_futures.maintenance": "/fapi answers 503 'System is under maintenance.'",
    "binance_futures.hang": "/fapi accepts the connection and never answers",
    "binance_futures.malformed": "/fapi answers 502 with an nginx HTML page instead of JSON",
    "binance_futures.slow": "/fapi answers correctly but late (slow_ms, default 1500 ms)",
    "binance_futures.cannot_trade": "accountConfig says canTrade: false",
    "binance_futures.trading_locked": "apiTradingStatus: the account is locked (TMV) for 1 hour",
    "binance_futures.multi_assets_mode": "accountConfig and multiAssetsMargin say true",
    "binance_futures.leverage_mismatch": "symbolConfig: 20x everywhere, maxNotionalValue 25000",
    "binance_futures.margin_type_mismatch": "symbolConfig: every symbol CROSSED",
    "binance_futures.symbol_not_trading": "exchangeInfo: every perpetual has status SETTLING",
    "binance_futures.min_notional_above_plan": "exchangeInfo: MIN_NOTIONAL 200 USDT everywhere",
    "binance_futures.insufficient_margin": "futures USDT balance and availableBalance are 50",
    "binance_futures.open_position": "positionRisk v3: a 0.02 ETHUSDT long is open",
    # Upbit (/v1)
    "upbit.invalid_key": "the access key is unknown: private calls get 401 invalid_access_key",
    "upbit.bad_signature": "the simulator's secret differs: 401 jwt_verification",
    "upbit.ip_not_allowed": "the caller's IP is not registered: 401 no_authorization_ip",
    "upbit.clock_skew": "Upbit's clock (Date header, expire_at reference) is offset",
    "upbit.rate_limited": "/v1 answers 429 (no Retry-After), then 418 with the block time",
    "upbit.blocked": "already blocked (IP or account): every /v1 call gets 418 with the block time",
    "upbit.maintenance": "/v1 answers 500 (server under maintenance)",
    "upbit.hang": "/v1 accepts the connection and never answers",
    "upbit.malformed": "/v1 answers 502 with a truncated, invalid JSON body",
    "upbit.slow": "/v1 answers correctly but late (slow_ms, default 1500 ms)",
    "upbit.key_expiring": "api_keys says the key expires in 3 days (inside the 30-day warning)",
    "upbit.key_expired": "the key expired yesterday: private calls get 401 expired_access_key",
    "upbit.out_of_scope": "the key has no scopes: out_of_scope (401 on reads, 403 on writes)",
    "upbit.market_warning": "market/all?isDetails=true: market_event.warning true everywhere",
    "upbit.min_total_above_plan": "orders/chance: bid and ask min_total 200000 KRW",
    "upbit.insufficient_krw": "accounts: 50000 KRW free",
    "upbit.open_order": "orders/open: a resting KRW-ETH limit bid",
    "upbit.view_account_only": "only the View Account scope: orders/chance is out_of_scope",
    # Telegram (/bot<token>/)
    "telegram.invalid_key": "the bot token is unknown: 401 Unauthorized",
    "telegram.bad_signature": "the token's secret part differs: 401 Unauthorized",
    "telegram.bad_token": "the bot token was revoked: 401 Unauthorized",
    "telegram.ip_not_allowed": "an egress block in front of Telegram: 403 HTML page",
    "telegram.clock_skew": "Telegram's clock (Date header, message dates) is offset",
    "telegram.rate_limited": "429 'Too Many Requests: retry after N' with parameters.retry_after",
    "telegram.maintenance": "500 Internal Server Error",
    "telegram.hang": "the Bot API accepts the connection and never answers",
    "telegram.malformed": "502 with an nginx HTML page instead of JSON",
    "telegram.slow": "the Bot API answers correctly but late (slow_ms, default 1500 ms)",
    "telegram.chat_not_found": "getChat and sendMessage get 400 'Bad Request: chat not found'",
    "telegram.cannot_post": "getChatMember says the bot has left the chat (status left)",
}


class UnknownScenarioError(ValueError):
    """A scenario name that is not in :data:`SCENARIOS`; the message is one line."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(self.in_lang("en"))

    def in_lang(self, lang: str) -> str:
        known = ", ".join(SCENARIOS)
        return messages.text("usage.unknown_scenario", lang, given=repr(self.name), known=known)


def validate_scenarios(names: Iterable[str]) -> tuple[str, ...]:
    """Check names against the table; return them without ``healthy`` and duplicates, in order."""
    active: list[str] = []
    for name in names:
        if name not in SCENARIOS:
            raise UnknownScenarioError(name)
        if name != HEALTHY and name not in active:
            active.append(name)
    return tuple(active)


def scenario_name(venue: Venue, fault: str) -> str:
    return f"{venue.value}.{fault}"


def describe(active: Iterable[str]) -> list[str]:
    """What the control API and the CLI show: ``["healthy"]`` when nothing is active."""
    names = list(active)
    return names or [HEALTHY]
