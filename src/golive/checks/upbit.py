"""``upbit``: the Upbit key reads balances, is not about to expire, and may view orders.

Reads ``/v1/accounts`` (KRW and coin balances), ``/v1/api_keys`` (the loaded
key's ``expire_at``) and ``/v1/orders/chance?market=KRW-BTC`` (proves the
order-view scope). Upbit has no API that shows whether withdrawal is allowed,
so the operator is told where to confirm it: an info line, not a WARN.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from golive import messages as hints
from golive.exchanges.outcomes import (
    credential_problem,
    failure_outcome,
    headroom_warning,
    usage_details,
)
from golive.exchanges.request import Deadline, ReadError, malformed, read_together
from golive.exchanges.session import client_factory
from golive.exchanges.upbit import ACCOUNTS, API_KEYS, ORDER_CHANCE, ORDER_VIEW_PROFILES
from golive.model import Check, ErrorType, Outcome, Status

if TYPE_CHECKING:
    from golive.exchanges.endpoint import Endpoint
    from golive.exchanges.request import Reply
    from golive.model import CheckContext, JSONValue

READS = (ACCOUNTS, API_KEYS, ORDER_CHANCE)
"""In ``ORDER_VIEW_PROFILES`` all three (orders/chance proves View Orders); elsewhere the
first two: balances and the key's expiry."""
PASSED = {True: "check.upbit.passed", False: "check.upbit.passed_account_only"}
"""The PASS line by whether orders/chance was read: it says exactly what was read."""


def _reads(ctx: CheckContext) -> tuple[Endpoint, ...]:
    return READS if ctx.profile.name in ORDER_VIEW_PROFILES else READS[:2]


EXPIRY = {
    "expired": ("upbit.key_expired", "check.upbit.expired"),
    "expiring": ("upbit.key_expiring", "check.upbit.expiring"),
}
"""A key near or past its expiry, by kind: (reason, message key)."""


def _rows(reply: Reply, ctx: CheckContext) -> list[dict[str, Any]]:
    if not isinstance(reply.data, list):
        raise malformed(reply.endpoint, "expected a JSON array", lang=ctx.lang)
    return [row for row in reply.data if isinstance(row, dict)]


def _balances(accounts: Reply, ctx: CheckContext) -> dict[str, JSONValue]:
    rows = _rows(accounts, ctx)
    krw = next((r for r in rows if r.get("currency") == "KRW"), {})
    coins = [
        {"currency": r.get("currency"), "balance": r.get("balance"), "locked": r.get("locked")}
        for r in rows
        if r.get("currency") != "KRW"
    ]
    krw_row = {"balance": krw.get("balance", "0"), "locked": krw.get("locked", "0")}
    return {"krw": krw_row, "coins": coins[:20]}


def _expire_at(keys: Reply, ctx: CheckContext) -> datetime | None:
    access_key = ctx.profile.get("UPBIT_ACCESS_KEY")
    row = next((r for r in _rows(keys, ctx) if r.get("access_key") == access_key), None)
    raw = row.get("expire_at") if row else None
    try:
        return datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        raise malformed(keys.endpoint, "expire_at is not an ISO 8601 time", lang=ctx.lang) from None


def _expiry_outcome(
    expire_at: datetime, ctx: CheckContext, details: dict[str, JSONValue]
) -> Outcome | None:
    days = (expire_at - ctx.clock.now()).total_seconds() / 86_400
    fields = {"expire_at": expire_at.isoformat(), "days": str(max(round(days), 0))}
    if days > ctx.settings.thresholds.key_expiry_warn_days:
        return None
    kind = "expired" if days <= 0 else "expiring"
    reason, message_key = EXPIRY[kind]
    text = hints.lookup(reason, ctx.lang, **fields)
    message = hints.text(message_key, ctx.lang, **fields)
    status = Status.FAIL if kind == "expired" else Status.WARN
    return Outcome(
        status,
        message,
        error_type=ErrorType.INVALID_KEY if status is Status.FAIL else None,
        reason=reason,
        hint=text.hint,
        next_action=text.next_action,
        details=details,
    )


def _verdict(replies: tuple[Reply, ...], ctx: CheckContext) -> Outcome:
    accounts, keys = replies[:2]
    balances = _balances(accounts, ctx)
    expire_at = _expire_at(keys, ctx)
    usages = [reply.usage for reply in replies]
    info = hints.lookup("upbit.withdraw_permission_unreadable", ctx.lang)
    details: dict[str, JSONValue] = {
        **balances,
        "key_expire_at": expire_at.isoformat() if expire_at else None,
        "order_view_scope": True if len(replies) == len(READS) else None,
        "withdraw_permission": info.hint,
        "verify_by_hand": info.next_action,
        "rate_limit": usage_details(usages),
    }
    problem = _expiry_outcome(expire_at, ctx, details) if expire_at else None
    problem = problem or headroom_warning(usages, ctx, details)
    if problem is not None:
        return problem
    unknown = hints.text("check.upbit.expiry_unknown", ctx.lang)
    shown = expire_at.date().isoformat() if expire_at else unknown
    krw = str(balances["krw"]["balance"])
    key = PASSED[len(replies) == len(READS)]
    message = hints.text(key, ctx.lang, krw=krw, expire_at=shown, profile=ctx.profile.name)
    return Outcome(
        Status.PASS, message, hint=info.hint, next_action=info.next_action, details=details
    )


async def run(ctx: CheckContext) -> Outcome:
    skipped = credential_problem(ctx, "UPBIT_ACCESS_KEY", "UPBIT_SECRET_KEY")
    if skipped is not None:
        return skipped
    deadline = Deadline.for_timeout(ctx.clock, ctx.timeout)
    try:
        async with client_factory(ctx)("upbit", timeout=ctx.timeout) as client:
            pairs = [(client, endpoint) for endpoint in _reads(ctx)]
            replies = tuple(await read_together(pairs, deadline, lang=ctx.lang))
        return _verdict(replies, ctx)
    except ReadError as failed:
        return failure_outcome(failed, ctx)


CHECK = Check(
    id="upbit",
    title_key="check.upbit.title",
    description_key="check.upbit.description",
    run=run,
    imports=("jwt",),
    venues=("upbit",),
)
