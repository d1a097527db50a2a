"""``binance_api_restrictions``: the Binance key's permissions match golive's policy.

Reads ``GET /sapi/v1/account/apiRestrictions`` (shared with the ``binance``
check) and walks :data:`POLICY_RULES`. Withdrawals enabled is the worst case: a
leaked key could empty the account, so that FAIL comes first and is critical.
A transfer right moves money like a withdrawal and fails too by default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from golive import messages as hints
from golive.exchanges.binance import KEY_REJECTED, RestrictionsRead, explain_rejection
from golive.exchanges.outcomes import (
    failure_outcome,
    headroom_warning,
    usage_details,
)
from golive.exchanges.request import Deadline, ReadError, malformed
from golive.exchanges.session import binance_credentials, binance_restrictions
from golive.exchanges.testnet import serves_sapi
from golive.model import Check, ErrorType, Outcome, Status

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.config import Settings
    from golive.model import CheckContext, JSONValue

DAY_MS = 86_400_000
NO_SAPI = "binance.testnet_no_sapi"
"""The spot test network serves /api only: apiRestrictions cannot be read there."""


@dataclass(frozen=True)
class PolicyRule:
    """``flag`` must not equal ``bad``; ``policy`` names the ``BinancePolicy`` switch.

    ``problem`` and ``step`` are catalogue keys: what is wrong, and the console setting to change.
    """

    flag: str
    bad: bool
    policy: str
    status: Status
    reason: str
    problem: str
    step: str
    critical: bool = False
    instead: tuple[str, str] | None = None
    """(flag, reason): when that flag is true it is the better explanation of this violation."""


def _least_privilege(flag: str, policy: str, problem: str, step: str) -> PolicyRule:
    """A WARN for a right the bot never needs (USDⓈ-M futures and spot reads only)."""
    return PolicyRule(flag, True, policy, Status.WARN, "binance.least_privilege", problem, step)


POLICY_RULES: tuple[PolicyRule, ...] = (
    PolicyRule(
        "enableWithdrawals", True, "forbid_withdrawals", Status.FAIL,
        "binance.withdrawals_enabled",
        "check.binance_api_restrictions.problem.withdrawals",
        "check.binance_api_restrictions.step.withdrawals",
        critical=True,
    ),
    PolicyRule(
        "enableReading", False, "require_reading", Status.FAIL, "binance.reading_disabled",
        "check.binance_api_restrictions.problem.reading",
        "check.binance_api_restrictions.step.reading",
    ),
    PolicyRule(
        "enableFutures", False, "require_futures", Status.FAIL, "binance.futures_disabled",
        "check.binance_api_restrictions.problem.futures",
        "check.binance_api_restrictions.step.futures",
        instead=("enablePortfolioMarginTrading", "binance.portfolio_margin"),
    ),
    PolicyRule(
        "enableInternalTransfer", True, "forbid_internal_transfer", Status.FAIL,
        "binance.transfer_enabled",
        "check.binance_api_restrictions.problem.internal_transfer",
        "check.binance_api_restrictions.step.internal_transfer",
    ),
    PolicyRule(
        "permitsUniversalTransfer", True, "forbid_universal_transfer", Status.FAIL,
        "binance.transfer_enabled",
        "check.binance_api_restrictions.problem.universal_transfer",
        "check.binance_api_restrictions.step.universal_transfer",
    ),
    PolicyRule(
        "ipRestrict", False, "warn_without_ip_restriction", Status.WARN,
        "binance.no_ip_restriction",
        "check.binance_api_restrictions.problem.ip", "check.binance_api_restrictions.step.ip",
    ),
    _least_privilege(
        "enableSpotAndMarginTrading", "warn_spot_and_margin_trading",
        "check.binance_api_restrictions.problem.spot_and_margin_trading",
        "check.binance_api_restrictions.step.spot_and_margin_trading",
    ),
    _least_privilege(
        "enableMargin", "warn_margin",
        "check.binance_api_restrictions.problem.margin",
        "check.binance_api_restrictions.step.margin",
    ),
    _least_privilege(
        "enableVanillaOptions", "warn_vanilla_options",
        "check.binance_api_restrictions.problem.vanilla_options",
        "check.binance_api_restrictions.step.vanilla_options",
    ),
    _least_privilege(
        "enablePortfolioMarginTrading", "warn_portfolio_margin",
        "check.binance_api_restrictions.problem.portfolio_margin",
        "check.binance_api_restrictions.step.portfolio_margin",
    ),
    _least_privilege(
        "enableFixApiTrade", "warn_fix_api_trade",
        "check.binance_api_restrictions.problem.fix_api_trade",
        "check.binance_api_restrictions.step.fix_api_trade",
    ),
)  # fmt: skip
"""Policy rules in display order: the first violated one leads the message and hint."""


@dataclass(frozen=True)
class Violation:
    status: Status
    reason: str
    problem: str
    step: str | None = None
    critical: bool = False
    fields: Mapping[str, str] = field(default_factory=dict)


def _rule_violations(flags: Mapping[str, Any], settings: Settings, lang: str) -> list[Violation]:
    """A flag that is missing or not a bool counts as violated: it cannot be shown safe."""
    found: list[Violation] = []
    for rule in POLICY_RULES:
        if not getattr(settings.binance_policy, rule.policy) or not _violated(rule, flags):
            continue
        problem, step = hints.text(rule.problem, lang), hints.text(rule.step, lang)
        reason = rule.reason
        if rule.instead is not None and flags.get(rule.instead[0]) is True:
            reason = rule.instead[1]
        found.append(Violation(rule.status, reason, problem, step, rule.critical))
    return found


def _violated(rule: PolicyRule, flags: Mapping[str, Any]) -> bool:
    """A required flag missing or not a bool is violated (it cannot be shown safe); a
    least-privilege right is violated only when it is present and true."""
    if rule.reason == "binance.least_privilege":
        return flags.get(rule.flag) is True
    return flags.get(rule.flag) is not (not rule.bad)


def _expiry_violation(flags: Mapping[str, Any], ctx: CheckContext) -> Violation | None:
    expires = flags.get("tradingAuthorityExpirationTime")
    if not isinstance(expires, int) or isinstance(expires, bool) or expires <= 0:
        return None
    now_ms = int(ctx.clock.now().timestamp() * 1000)
    days = round((expires - now_ms) / DAY_MS)
    if days > ctx.settings.thresholds.trading_authority_warn_days:
        return None
    fields = {"days": str(max(days, 0)), "expire_at": _iso(expires)}
    problem = hints.text("check.binance_api_restrictions.expiring", ctx.lang, days=fields["days"])
    return Violation(Status.WARN, "binance.trading_authority_expiring", problem, fields=fields)


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="seconds")


def _flag_details(flags: Mapping[str, Any]) -> dict[str, JSONValue]:
    """Every flag Binance returned (booleans and ``createTime``), and the expiry as a date."""
    details: dict[str, JSONValue] = {
        k: v for k, v in sorted(flags.items()) if isinstance(v, bool) or k == "createTime"
    }
    expires = flags.get("tradingAuthorityExpirationTime")
    if isinstance(expires, int) and not isinstance(expires, bool) and expires > 0:
        details["tradingAuthorityExpirationTime"] = _iso(expires)
    return details


def _verdict(found: list[Violation], ctx: CheckContext, details: dict[str, JSONValue]) -> Outcome:
    lead = next((v for v in found if v.status is Status.FAIL), found[0])
    steps = [v.step for v in found if v.step]
    text = hints.lookup(lead.reason, ctx.lang, **lead.fields)
    path = "check.binance_api_restrictions.console_path"
    console = hints.text(path, ctx.lang, steps=", ".join(steps)) if steps else ""
    hint = f"{text.hint} {console}".strip()
    details["violations"] = [{"status": str(v.status), "reason": v.reason} for v in found]
    problems = "; ".join(v.problem for v in found)
    message = hints.text("check.binance_api_restrictions.message", ctx.lang, problems=problems)
    if lead.status is Status.FAIL:
        return Outcome.fail(
            message,
            error_type=ErrorType.PERMISSION_DENIED,
            reason=lead.reason,
            hint=hint,
            next_action=text.next_action,
            details=details,
            critical=any(v.critical for v in found),
        )
    return Outcome.warn(
        message, reason=lead.reason, hint=hint, next_action=text.next_action, details=details
    )


async def run(ctx: CheckContext) -> Outcome:
    skipped = binance_credentials(ctx)
    if skipped is not None:
        return skipped
    if not serves_sapi(ctx.profile.values, ctx.profile.name):
        return Outcome.skip(hints.text(NO_SAPI, ctx.lang), reason=NO_SAPI)
    try:
        reply = await binance_restrictions(ctx, Deadline.for_timeout(ctx.clock, ctx.timeout))
        if not isinstance(reply.data, dict):
            raise malformed(reply.endpoint, "expected a JSON object", lang=ctx.lang)
    except ReadError as failed:
        refused = RestrictionsRead(refused=failed.code == KEY_REJECTED)
        return failure_outcome(failed, ctx, explain_rejection(failed, refused))
    flags: Mapping[str, Any] = reply.data
    found = _rule_violations(flags, ctx.settings, ctx.lang)
    expiry = _expiry_violation(flags, ctx)
    found += [expiry] if expiry is not None else []
    details = {**_flag_details(flags), "rate_limit": usage_details([reply.usage])}
    if found:
        return _verdict(found, ctx, details)
    busy = headroom_warning([reply.usage], ctx, details)
    passed = hints.text("check.binance_api_restrictions.passed", ctx.lang)
    return busy or Outcome.passed(passed, **details)


CHECK = Check(
    id="binance_api_restrictions",
    title_key="check.binance_api_restrictions.title",
    description_key="check.binance_api_restrictions.description",
    run=run,
    venues=("binance",),
)
