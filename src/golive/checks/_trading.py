"""What the trading checks share: the plan they judge against, findings, numbers.

A trading check (``futures_account``, ``markets``, ``funds``, ``open_exposure``)
collects :class:`Finding` s, each naming a catalog reason (hint and next action)
and a one-line message, and turns them into one outcome: the worst finding leads,
every finding is listed in ``details["findings"]`` with its own message, hint and
next action (the console lists them all).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from golive import messages
from golive.exchanges.outcomes import credential_problem
from golive.exchanges.request import ReadError
from golive.exchanges.session import binance_credentials
from golive.exchanges.upbit import ORDER_VIEW_PROFILES, SCOPE_HINTS, VIEW_ORDERS
from golive.model import ErrorType, Outcome, Status
from golive.plan import plan_of

if TYPE_CHECKING:
    from golive.exchanges.request import Reply
    from golive.model import CheckContext, JSONValue
    from golive.plan import TradingPlan

RANK = {Status.FAIL: 0, Status.WARN: 1}


@dataclass(frozen=True)
class Finding:
    """One thing the plan cannot live with (FAIL) or should look at (WARN)."""

    reason: str
    message: str
    status: Status = Status.FAIL
    fields: Mapping[str, str] = field(default_factory=dict)
    error_type: ErrorType = ErrorType.UNKNOWN


def unneeded_scope(answer: BaseException, ctx: CheckContext) -> bool:
    """An Upbit read refused for lacking View Orders in a profile that does not
    need it (``paper``: View Account is enough): noted as not read, never a FAIL."""
    if not isinstance(answer, ReadError) or ctx.profile.name in ORDER_VIEW_PROFILES:
        return False
    hint_key = SCOPE_HINTS.get(answer.endpoint.path)
    return answer.classification.reason == "upbit.out_of_scope" and hint_key == VIEW_ORDERS


def plan_or_skip(ctx: CheckContext) -> TradingPlan | Outcome:
    """The run's plan when it names pairs and a max notional, else a SKIP saying so."""
    plan = plan_of(ctx)
    if plan.pairs and plan.amount("max_notional_usdt") and not plan.problems:
        return plan
    return Outcome.skip(messages.text("check.trading.no_plan", ctx.lang), reason="plan.missing")


def plan_and_keys_or_skip(ctx: CheckContext) -> TradingPlan | Outcome:
    """The plan, when both venues' keys are usable too (checks that read both legs)."""
    plan = plan_or_skip(ctx)
    if isinstance(plan, Outcome):
        return plan
    skipped = credential_problem(ctx, "UPBIT_ACCESS_KEY", "UPBIT_SECRET_KEY")
    return skipped or binance_credentials(ctx) or plan


def judged(
    findings: list[Finding], details: dict[str, JSONValue], lang: str, passed: str
) -> Outcome:
    """The outcome of a trading check: PASS with ``passed``, else the worst finding leads."""
    if not findings:
        return Outcome.passed(passed, **details)
    ordered = sorted(findings, key=lambda f: RANK[f.status])
    details["findings"] = [_finding_row(f, lang) for f in ordered]
    first = ordered[0]
    text = messages.lookup(first.reason, lang, **first.fields)
    message = messages.text(first.message, lang, **first.fields)
    if len(ordered) > 1:
        message += messages.text("check.trading.more", lang, count=str(len(ordered) - 1))
    return Outcome(
        first.status,
        message,
        error_type=first.error_type if first.status is Status.FAIL else None,
        reason=first.reason,
        hint=text.hint,
        next_action=text.next_action,
        details=details,
    )


def _finding_row(finding: Finding, lang: str) -> dict[str, JSONValue]:
    """A finding in ``details["findings"]``: its reason, status and fields, and the words
    the console lists for each (message, hint, next action)."""
    text = messages.lookup(finding.reason, lang, **finding.fields)
    return {
        "reason": finding.reason,
        "status": finding.status.value,
        **dict(finding.fields),
        "message": messages.text(finding.message, lang, **finding.fields),
        "hint": text.hint,
        "next_action": text.next_action,
    }


def decimal(value: object) -> Decimal | None:
    """A venue's number (string or number) as a Decimal; ``None`` when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def shown(value: Decimal, places: int = 8) -> str:
    """A number for people: at most ``places`` decimals, no trailing zeros, no exponent."""
    quantum = Decimal(1).scaleb(-places)
    text = format(value.quantize(quantum, rounding=ROUND_DOWN).normalize(), "f")
    return "0" if text in ("-0", "") else text


def rows(reply: Reply) -> list[dict[str, object]]:
    """The dict rows of a JSON array answer (anything else: no rows)."""
    data = reply.data
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def krw_rate(ticker: Reply) -> tuple[Decimal | None, int | None]:
    """KRW per USDT and its time stamp (ms) from ``/v1/ticker?markets=KRW-USDT``."""
    row = next((r for r in rows(ticker) if r.get("market") == "KRW-USDT"), {})
    stamp = row.get("timestamp")
    return decimal(row.get("trade_price")), stamp if isinstance(stamp, int) else None


LOT_FILTERS = ("LOT_SIZE", "MARKET_LOT_SIZE")


def symbol_filters(symbol: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """An exchangeInfo symbol's filters by ``filterType``."""
    found = symbol.get("filters")
    items = found if isinstance(found, list) else []
    return {str(f.get("filterType")): f for f in items if isinstance(f, dict)}


def lot_size(filters: dict[str, dict[str, Any]]) -> tuple[Decimal, Decimal]:
    """The strictest (minQty, stepSize) of LOT_SIZE and MARKET_LOT_SIZE."""
    lots = [filters[name] for name in LOT_FILTERS if name in filters]
    min_qty = max((decimal(f.get("minQty")) or Decimal(0) for f in lots), default=Decimal(0))
    step = max((decimal(f.get("stepSize")) or Decimal(0) for f in lots), default=Decimal(0))
    return min_qty, step
