"""The scenario table: every named fault the simulator can play, with one line each.

Each line is a catalogue entry (``sim.scenario.<name>``, en and ko): ``golive sim
--list-scenarios`` prints it in the operator's language.

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
    HEALTHY: "sim.scenario.healthy",
    # Binance spot and wallet (/api, /sapi)
    "binance.invalid_key": "sim.scenario.binance.invalid_key",
    "binance.bad_signature": "sim.scenario.binance.bad_signature",
    "binance.ip_not_allowed": "sim.scenario.binance.ip_not_allowed",
    "binance.clock_skew": "sim.scenario.binance.clock_skew",
    "binance.rate_limited": "sim.scenario.binance.rate_limited",
    "binance.sapi_rate_limited": "sim.scenario.binance.sapi_rate_limited",
    "binance.banned": "sim.scenario.binance.banned",
    "binance.maintenance": "sim.scenario.binance.maintenance",
    "binance.hang": "sim.scenario.binance.hang",
    "binance.malformed": "sim.scenario.binance.malformed",
    "binance.slow": "sim.scenario.binance.slow",
    "binance.withdrawals_enabled": "sim.scenario.binance.withdrawals_enabled",
    "binance.futures_disabled": "sim.scenario.binance.futures_disabled",
    "binance.reading_disabled": "sim.scenario.binance.reading_disabled",
    "binance.transfer_enabled": "sim.scenario.binance.transfer_enabled",
    "binance.no_ip_restriction": "sim.scenario.binance.no_ip_restriction",
    "binance.trading_authority_expiring": "sim.scenario.binance.trading_authority_expiring",
    "binance.hedge_mode": "sim.scenario.binance.hedge_mode",
    "binance.multi_assets_mode": "sim.scenario.binance.multi_assets_mode",
    "binance.portfolio_margin": "sim.scenario.binance.portfolio_margin",
    "binance.extra_permissions": "sim.scenario.binance.extra_permissions",
    # Binance USDT-M futures (/fapi)
    "binance_futures.invalid_key": "sim.scenario.binance_futures.invalid_key",
    "binance_futures.bad_signature": "sim.scenario.binance_futures.bad_signature",
    "binance_futures.ip_not_allowed": "sim.scenario.binance_futures.ip_not_allowed",
    "binance_futures.clock_skew": "sim.scenario.binance_futures.clock_skew",
    "binance_futures.rate_limited": "sim.scenario.binance_futures.rate_limited",
    "binance_futures.maintenance": "sim.scenario.binance_futures.maintenance",
    "binance_futures.hang": "sim.scenario.binance_futures.hang",
    "binance_futures.malformed": "sim.scenario.binance_futures.malformed",
    "binance_futures.slow": "sim.scenario.binance_futures.slow",
    "binance_futures.cannot_trade": "sim.scenario.binance_futures.cannot_trade",
    "binance_futures.trading_locked": "sim.scenario.binance_futures.trading_locked",
    "binance_futures.multi_assets_mode": "sim.scenario.binance_futures.multi_assets_mode",
    "binance_futures.leverage_mismatch": "sim.scenario.binance_futures.leverage_mismatch",
    "binance_futures.margin_type_mismatch": "sim.scenario.binance_futures.margin_type_mismatch",
    "binance_futures.symbol_not_trading": "sim.scenario.binance_futures.symbol_not_trading",
    "binance_futures.min_notional_above_plan": (
        "sim.scenario.binance_futures.min_notional_above_plan"
    ),
    "binance_futures.insufficient_margin": "sim.scenario.binance_futures.insufficient_margin",
    "binance_futures.open_position": "sim.scenario.binance_futures.open_position",
    # Upbit (/v1)
    "upbit.invalid_key": "sim.scenario.upbit.invalid_key",
    "upbit.bad_signature": "sim.scenario.upbit.bad_signature",
    "upbit.ip_not_allowed": "sim.scenario.upbit.ip_not_allowed",
    "upbit.clock_skew": "sim.scenario.upbit.clock_skew",
    "upbit.rate_limited": "sim.scenario.upbit.rate_limited",
    "upbit.blocked": "sim.scenario.upbit.blocked",
    "upbit.maintenance": "sim.scenario.upbit.maintenance",
    "upbit.hang": "sim.scenario.upbit.hang",
    "upbit.malformed": "sim.scenario.upbit.malformed",
    "upbit.slow": "sim.scenario.upbit.slow",
    "upbit.key_expiring": "sim.scenario.upbit.key_expiring",
    "upbit.key_expired": "sim.scenario.upbit.key_expired",
    "upbit.out_of_scope": "sim.scenario.upbit.out_of_scope",
    "upbit.market_warning": "sim.scenario.upbit.market_warning",
    "upbit.min_total_above_plan": "sim.scenario.upbit.min_total_above_plan",
    "upbit.insufficient_krw": "sim.scenario.upbit.insufficient_krw",
    "upbit.open_order": "sim.scenario.upbit.open_order",
    "upbit.view_account_only": "sim.scenario.upbit.view_account_only",
    # Telegram (/bot<token>/)
    "telegram.invalid_key": "sim.scenario.telegram.invalid_key",
    "telegram.bad_signature": "sim.scenario.telegram.bad_signature",
    "telegram.bad_token": "sim.scenario.telegram.bad_token",
    "telegram.ip_not_allowed": "sim.scenario.telegram.ip_not_allowed",
    "telegram.clock_skew": "sim.scenario.telegram.clock_skew",
    "telegram.rate_limited": "sim.scenario.telegram.rate_limited",
    "telegram.maintenance": "sim.scenario.telegram.maintenance",
    "telegram.hang": "sim.scenario.telegram.hang",
    "telegram.malformed": "sim.scenario.telegram.malformed",
    "telegram.slow": "sim.scenario.telegram.slow",
    "telegram.chat_not_found": "sim.scenario.telegram.chat_not_found",
    "telegram.cannot_post": "sim.scenario.telegram.cannot_post",
}
"""Scenario name -> the catalogue key of what it plays (:func:`describe_scenario`)."""


def describe_scenario(name: str, lang: str = "en") -> str:
    """What scenario ``name`` plays, in ``lang`` (the control API keeps English)."""
    return messages.text(SCENARIOS[name], lang)


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
