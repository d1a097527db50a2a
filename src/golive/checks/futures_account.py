"""``futures_account``: the USDⓈ-M futures account is set up the way the plan trades.

Reads, together: ``GET /fapi/v1/accountConfig`` (weight 5: ``canTrade``,
``dualSidePosition``, ``multiAssetsMargin``), ``GET /fapi/v1/apiTradingStatus``
without a symbol (weight 10: trading locks on the account and on every symbol)
and ``GET /fapi/v1/symbolConfig`` without a symbol (weight 5: each symbol's
leverage, margin type and ``maxNotionalValue``). FAIL when the account cannot
trade, is locked (account or a planned symbol; the lock's end time is named),
its position mode or multi-assets mode differs from the plan, or a planned
symbol's leverage, margin type or notional cap does not fit the plan.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from golive import messages
from golive.checks._trading import Finding, decimal, judged, plan_or_skip, shown
from golive.exchanges.binance import (
    ACCOUNT_CONFIG,
    KEY_REJECTED,
    SYMBOL_CONFIG,
    TRADING_STATUS,
    RestrictionsRead,
    explain_rejection,
)
from golive.exchanges.outcomes import failure_outcome, usage_details
from golive.exchanges.request import Deadline, ReadError, malformed, read_together
from golive.exchanges.session import (
    binance_credentials,
    binance_restrictions_read,
    client_factory,
)
from golive.model import Check, ErrorType, Outcome

if TYPE_CHECKING:
    from golive.exchanges.request import Reply
    from golive.model import CheckContext, JSONValue
    from golive.plan import TradingPlan

READS = (ACCOUNT_CONFIG, TRADING_STATUS, SYMBOL_CONFIG)
MODES = {True: "hedge", False: "one_way"}
DENIED = ErrorType.PERMISSION_DENIED


def _object(reply: Reply, ctx: CheckContext) -> dict[str, Any]:
    if not isinstance(reply.data, dict):
        raise malformed(reply.endpoint, "expected a JSON object", lang=ctx.lang)
    return reply.data


def _account(config: dict[str, Any], plan: TradingPlan) -> list[Finding]:
    found: list[Finding] = []
    if config.get("canTrade") is not True:
        found.append(
            Finding(
                "futures_account.cannot_trade",
                "check.futures_account.cannot_trade",
                error_type=DENIED,
            )
        )
    mode = MODES.get(config.get("dualSidePosition") is True)
    if isinstance(config.get("dualSidePosition"), bool) and mode != plan.text("position_mode"):
        fields = {"found": str(mode), "required": plan.text("position_mode")}
        found.append(
            Finding(
                "futures_account.position_mode",
                "check.futures_account.position_mode",
                fields=fields,
            )
        )
    multi = config.get("multiAssetsMargin")
    if isinstance(multi, bool) and multi != plan.multi_assets_margin:
        fields = {"found": str(multi).lower(), "required": str(plan.multi_assets_margin).lower()}
        found.append(
            Finding(
                "futures_account.multi_assets", "check.futures_account.multi_assets", fields=fields
            )
        )
    return found


def _locks(status: dict[str, Any], plan: TradingPlan) -> list[dict[str, JSONValue]]:
    """Every active lock on the account or on a planned symbol."""
    indicators = status.get("indicators")
    planned = {"ACCOUNT", *(p.binance for p in plan.pairs)}
    locks: list[dict[str, JSONValue]] = []
    for scope, items in indicators.items() if isinstance(indicators, dict) else []:
        for item in items if isinstance(items, list) and scope in planned else []:
            if isinstance(item, dict) and item.get("isLocked") is True:
                until = item.get("plannedRecoverTime")
                locks.append(
                    {"scope": scope, "indicator": item.get("indicator"), "until_ms": until}
                )
    return locks


def _until(ms: object) -> str:
    if not isinstance(ms, int) or isinstance(ms, bool):
        return "?"
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _lock_findings(locks: list[dict[str, JSONValue]]) -> list[Finding]:
    return [
        Finding(
            "futures_account.trading_locked",
            "check.futures_account.trading_locked",
            fields={"scope": str(lock["scope"]), "until": _until(lock["until_ms"])},
            error_type=DENIED,
        )
        for lock in locks
    ]


def _symbol(config: dict[str, Any], plan: TradingPlan) -> list[Finding]:
    symbol = str(config.get("symbol"))
    found: list[Finding] = []
    leverage = config.get("leverage")
    if leverage != plan.leverage:
        fields = {"symbol": symbol, "found": f"{leverage}x", "required": f"{plan.leverage}x"}
        found.append(
            Finding(
                "futures_account.leverage_mismatch",
                "check.futures_account.leverage_mismatch",
                fields=fields,
            )
        )
    margin = config.get("marginType")
    if margin != plan.text("margin_type"):
        fields = {"symbol": symbol, "found": str(margin), "required": plan.text("margin_type")}
        found.append(
            Finding(
                "futures_account.margin_type_mismatch",
                "check.futures_account.margin_type_mismatch",
                fields=fields,
            )
        )
    cap, wanted = decimal(config.get("maxNotionalValue")), plan.amount("max_notional_usdt")
    if cap is not None and wanted is not None and cap < wanted:
        fields = {"symbol": symbol, "found": shown(cap), "required": shown(wanted)}
        found.append(
            Finding(
                "futures_account.max_notional_below_plan",
                "check.futures_account.max_notional_below_plan",
                fields=fields,
            )
        )
    return found


def _configs(reply: Reply, plan: TradingPlan, ctx: CheckContext) -> list[dict[str, Any]]:
    if not isinstance(reply.data, list):
        raise malformed(reply.endpoint, "expected a JSON array", lang=ctx.lang)
    planned = {p.binance for p in plan.pairs}
    return [r for r in reply.data if isinstance(r, dict) and r.get("symbol") in planned]


def _verdict(replies: list[Reply], plan: TradingPlan, ctx: CheckContext) -> Outcome:
    config, status, symbols = replies
    account = _object(config, ctx)
    locks = _locks(_object(status, ctx), plan)
    configs = _configs(symbols, plan, ctx)
    findings = [*_account(account, plan), *_lock_findings(locks)]
    for row in configs:
        findings += _symbol(row, plan)
    details: dict[str, JSONValue] = {
        "can_trade": account.get("canTrade"),
        "position_mode": MODES.get(account.get("dualSidePosition") is True),
        "multi_assets_margin": account.get("multiAssetsMargin"),
        "locks": locks,
        "symbols": [
            {k: r.get(k) for k in ("symbol", "leverage", "marginType", "maxNotionalValue")}
            for r in configs
        ],
        "rate_limit": usage_details(r.usage for r in replies),
    }
    passed = messages.text(
        "check.futures_account.passed",
        ctx.lang,
        mode=plan.text("position_mode"),
        symbols=", ".join(str(r.get("symbol")) for r in configs) or "-",
        leverage=str(plan.leverage),
        margin_type=plan.text("margin_type"),
    )
    return judged(findings, details, ctx.lang, passed)


async def run(ctx: CheckContext) -> Outcome:
    plan = plan_or_skip(ctx)
    if isinstance(plan, Outcome):
        return plan
    skipped = binance_credentials(ctx)
    if skipped is not None:
        return skipped
    deadline = Deadline.for_timeout(ctx.clock, ctx.timeout)
    try:
        async with client_factory(ctx)("binance_futures", timeout=ctx.timeout) as client:
            replies = await read_together([(client, e) for e in READS], deadline, lang=ctx.lang)
        return _verdict(replies, plan, ctx)
    except ReadError as failed:
        restrictions = RestrictionsRead()
        if failed.code == KEY_REJECTED:
            restrictions = await binance_restrictions_read(ctx, deadline)
        return failure_outcome(failed, ctx, explain_rejection(failed, restrictions))


CHECK = Check(
    id="futures_account",
    title_key="check.futures_account.title",
    description_key="check.futures_account.description",
    run=run,
    requires=("plan",),
    venues=("binance_futures", "binance"),
)
