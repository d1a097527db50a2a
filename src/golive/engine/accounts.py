"""Bots of a fleet that share an exchange account, judged together.

Each bot's ``funds`` check holds its own plan against the account's free balance,
so two bots on one account each pass against the same money. Here the bots are
grouped by account per venue (the key that names the account: ``UPBIT_ACCESS_KEY``,
``BINANCE_API_KEY``; compared by a digest kept in memory, never shown), and for
every account that two or more bots use:

- **funds**: the sum of what each bot's plan needs there (``funds``'
  ``details.<leg>.needed``) against the free amount (the smallest ``available``
  its bots read). Short is a FAIL, within 10 % a WARN, as ``funds`` judges one bot.
- **max notional**: bots trading one symbol on one Binance futures account hold
  one position, so the sum of their max notional must stay within the symbol's
  ``maxNotionalValue`` (``futures_account``' details); above it is a FAIL.

Open exposure needs no sum: every bot already reads the whole account's open
orders and positions. A bot whose check did not run (or read nothing) adds
nothing; an account is judged when two of its bots have figures.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from golive.checks._trading import decimal, shown
from golive.checks.funds import TIGHT
from golive.model import Status

if TYPE_CHECKING:
    from collections.abc import Sequence

    from golive.engine.preflight import PreflightRun
    from golive.model import JSONValue

ACCOUNT_KEYS: Mapping[str, str] = {
    "upbit": "UPBIT_ACCESS_KEY",
    "binance_futures": "BINANCE_API_KEY",
}
"""Venue (as ``funds`` names its legs) -> the env key that names the account."""
PLACES: Mapping[str, int] = {"KRW": 0, "USDT": 2}
FUNDS_SHORT, FUNDS_TIGHT = "fleet.shared_funds_short", "fleet.shared_funds_tight"
ABOVE_CAP = "fleet.shared_max_notional_above_cap"


@dataclass(frozen=True)
class Sharer:
    """One bot as this module sees it: its name, its env values (for the keys), its run."""

    name: str
    values: Mapping[str, str]
    run: PreflightRun | None


@dataclass(frozen=True)
class AccountFinding:
    """Bots on one account that do not fit it together (``status`` FAIL or WARN)."""

    reason: str
    status: Status
    venue: str
    bots: tuple[str, ...]
    currency: str
    needed: Decimal
    available: Decimal
    symbol: str | None = None

    def fields(self) -> dict[str, str]:
        """The catalogue placeholders of this finding's hint and next action."""
        places = PLACES.get(self.currency, 8)
        return {
            "bots": ", ".join(self.bots),
            "currency": self.currency,
            "needed": shown(self.needed, places),
            "available": shown(self.available, places),
            "symbol": self.symbol or "",
        }

    def as_dict(self) -> dict[str, JSONValue]:
        fields = self.fields()
        return {
            "reason": self.reason,
            "status": self.status.value,
            "venue": self.venue,
            "bots": list(self.bots),
            "currency": self.currency,
            "needed": fields["needed"],
            "available": fields["available"],
            "symbol": self.symbol,
        }


def _details(run: PreflightRun | None, check: str) -> Mapping[str, object]:
    found = next((r for r in run.results if r.id == check), None) if run else None
    return found.details if found is not None else {}


def shared_accounts(sharers: Sequence[Sharer]) -> dict[tuple[str, str], list[Sharer]]:
    """(venue, key digest) -> its bots, for every account two or more bots use."""
    groups: dict[tuple[str, str], list[Sharer]] = defaultdict(list)
    for sharer in sharers:
        for venue, key in ACCOUNT_KEYS.items():
            value = sharer.values.get(key, "").strip()
            if value:
                digest = hashlib.sha256(value.encode()).hexdigest()
                groups[venue, digest].append(sharer)
    return {account: bots for account, bots in groups.items() if len(bots) > 1}


def _funds(venue: str, bots: list[Sharer]) -> list[AccountFinding]:
    figures = []
    for bot in bots:
        leg = _details(bot.run, "funds").get(venue)
        if isinstance(leg, Mapping):
            needed, there = decimal(leg.get("needed")), decimal(leg.get("available"))
            if needed is not None and there is not None:
                figures.append((bot.name, needed, there, str(leg.get("currency", ""))))
    if len(figures) < 2:
        return []
    needed = sum((f[1] for f in figures), Decimal(0))
    free = min(f[2] for f in figures)
    if free >= needed * TIGHT:
        return []
    reason, status = (FUNDS_SHORT, Status.FAIL) if free < needed else (FUNDS_TIGHT, Status.WARN)
    names = tuple(f[0] for f in figures)
    return [AccountFinding(reason, status, venue, names, figures[0][3], needed, free)]


def _symbol_plans(bot: Sharer) -> dict[str, tuple[Decimal, Decimal | None]]:
    """Symbol -> (this bot's max notional, the symbol's cap as this bot read it)."""
    plan = _details(bot.run, "plan").get("plan")
    values = plan.get("values") if isinstance(plan, Mapping) else None
    if not isinstance(values, Mapping):
        return {}
    budget, pairs = decimal(values.get("max_notional_usdt")), values.get("pairs")
    if budget is None or not isinstance(pairs, list):
        return {}
    rows = _details(bot.run, "futures_account").get("symbols")
    caps = {
        str(r.get("symbol")): decimal(r.get("maxNotionalValue"))
        for r in (rows if isinstance(rows, list) else [])
        if isinstance(r, Mapping)
    }
    symbols = [str(p).rpartition("/")[2] for p in pairs]
    return {s: (budget, caps.get(s)) for s in symbols}


def _max_notional(bots: list[Sharer]) -> list[AccountFinding]:
    by_symbol: dict[str, list[tuple[str, Decimal, Decimal | None]]] = defaultdict(list)
    for bot in bots:
        for symbol, (budget, cap) in _symbol_plans(bot).items():
            by_symbol[symbol].append((bot.name, budget, cap))
    found = []
    for symbol, plans in by_symbol.items():
        caps = [p[2] for p in plans if p[2] is not None]
        total = sum((p[1] for p in plans), Decimal(0))
        if len(plans) > 1 and caps and total > min(caps):
            names = tuple(p[0] for p in plans)
            found.append(
                AccountFinding(
                    ABOVE_CAP, Status.FAIL, "binance_futures", names, "USDT", total, min(caps),
                    symbol,
                )
            )  # fmt: skip
    return found


def judge_accounts(sharers: Sequence[Sharer]) -> tuple[AccountFinding, ...]:
    """Every account two or more bots share that cannot carry their plans together."""
    found: list[AccountFinding] = []
    for (venue, _), bots in shared_accounts(sharers).items():
        found += _funds(venue, bots)
        if venue == "binance_futures":
            found += _max_notional(bots)
    return tuple(found)
