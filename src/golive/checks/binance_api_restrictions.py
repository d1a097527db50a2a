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
from golive.exchanges.binance import explain_rejection
from golive.exchanges.outcomes import (
    credential_problem,
    failure_outcome,
    headroom_warning,
    in_lang,
    usage_details,
)
from golive.exchanges.request import Deadline, ReadError, malformed
from golive.exchanges.session import binance_restrictions
from golive.model import Check, ErrorType, Outcome, Status

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.config import Settings
    from golive.model import CheckContext, JSONValue

DAY_MS = 86_400_000


@dataclass(frozen=True)
class PolicyRule:
    """``flag`` must not equal ``bad``; ``policy`` names the ``BinancePolicy`` switch."""

    flag: str
    bad: bool
    policy: str
    status: Status
    reason: str
    problem: tuple[str, str]
    step: tuple[str, str]
    critical: bool = False


POLICY_RULES: tuple[PolicyRule, ...] = (
    PolicyRule(
        "enableWithdrawals", True, "forbid_withdrawals", Status.FAIL,
        "binance.withdrawals_enabled",
        ("withdrawals are enabled", "출금 권한이 켜져 있습니다"),
        ("Enable Withdrawals OFF", "출금 허용(Enable Withdrawals) 끄기"),
        critical=True,
    ),
    PolicyRule(
        "enableReading", False, "require_reading", Status.FAIL, "binance.reading_disabled",
        ("reading is disabled", "읽기 권한이 꺼져 있습니다"),
        ("Enable Reading ON", "읽기 허용(Enable Reading) 켜기"),
    ),
    PolicyRule(
        "enableFutures", False, "require_futures", Status.FAIL, "binance.futures_disabled",
        ("futures are disabled", "선물 권한이 꺼져 있습니다"),
        ("Enable Futures ON", "선물 허용(Enable Futures) 켜기"),
    ),
    PolicyRule(
        "enableInternalTransfer", True, "forbid_internal_transfer", Status.FAIL,
        "binance.transfer_enabled",
        ("internal transfer is enabled", "내부 이체 권한이 켜져 있습니다"),
        ("Permits Internal Transfer OFF", "내부 이체 허용(Permits Internal Transfer) 끄기"),
    ),
    PolicyRule(
        "permitsUniversalTransfer", True, "forbid_universal_transfer", Status.FAIL,
        "binance.transfer_enabled",
        ("universal transfer is enabled", "유니버설 이체 권한이 켜져 있습니다"),
        ("Permits Universal Transfer OFF", "유니버설 이체 허용(Permits Universal Transfer) 끄기"),
    ),
    PolicyRule(
        "ipRestrict", False, "warn_without_ip_restriction", Status.WARN,
        "binance.no_ip_restriction",
        ("the key works from any IP", "키가 모든 IP에서 사용 가능합니다"),
        (
            "Restrict access to trusted IPs only (add the bot's IP)",
            "신뢰할 수 있는 IP만 허용(Restrict access to trusted IPs only)에 봇의 IP 추가",
        ),
    ),
)  # fmt: skip
"""Policy rules in display order: the first violated one leads the message and hint."""

CONSOLE_PATH = (
    "Binance > API Management > Edit restrictions > ",
    "바이낸스 > API 관리 > 제한 편집 > ",
)
MESSAGE_PREFIX = ("Binance API key: ", "바이낸스 API 키: ")
PASSED = (
    "Binance API key permissions match the policy",
    "바이낸스 API 키 권한이 정책과 일치합니다",
)
EXPIRY_PROBLEM = (
    "trading authority expires in {days} day(s)",
    "거래 권한이 {days}일 후 만료됩니다",
)


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
        safe_value = not rule.bad
        if getattr(settings.binance_policy, rule.policy) and flags.get(rule.flag) is not safe_value:
            problem, step = in_lang(rule.problem, lang), in_lang(rule.step, lang)
            found.append(Violation(rule.status, rule.reason, problem, step, rule.critical))
    return found


def _expiry_violation(flags: Mapping[str, Any], ctx: CheckContext) -> Violation | None:
    expires = flags.get("tradingAuthorityExpirationTime")
    if not isinstance(expires, int) or isinstance(expires, bool) or expires <= 0:
        return None
    now_ms = int(ctx.clock.now().timestamp() * 1000)
    days = round((expires - now_ms) / DAY_MS)
    if days > ctx.settings.thresholds.trading_authority_warn_days:
        return None
    problem = in_lang(EXPIRY_PROBLEM, ctx.lang).format(days=max(days, 0))
    fields = {"days": str(max(days, 0)), "expire_at": _iso(expires)}
    return Violation(Status.WARN, "binance.trading_authority_expiring", problem, fields=fields)


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="seconds")


def _flag_details(flags: Mapping[str, Any]) -> dict[str, JSONValue]:
    shown = {rule.flag for rule in POLICY_RULES} | {"enableSpotAndMarginTrading", "enableMargin"}
    details: dict[str, JSONValue] = {k: flags[k] for k in sorted(shown) if k in flags}
    expires = flags.get("tradingAuthorityExpirationTime")
    if isinstance(expires, int) and not isinstance(expires, bool) and expires > 0:
        details["tradingAuthorityExpirationTime"] = _iso(expires)
    return details


def _verdict(found: list[Violation], ctx: CheckContext, details: dict[str, JSONValue]) -> Outcome:
    lead = next((v for v in found if v.status is Status.FAIL), found[0])
    steps = [v.step for v in found if v.step]
    text = hints.lookup(lead.reason, ctx.lang, **lead.fields)
    console = in_lang(CONSOLE_PATH, ctx.lang) + ", ".join(steps) if steps else ""
    hint = f"{text.hint} {console}".strip()
    details["violations"] = [{"status": str(v.status), "reason": v.reason} for v in found]
    message = in_lang(MESSAGE_PREFIX, ctx.lang) + "; ".join(v.problem for v in found)
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
    skipped = credential_problem(ctx, "BINANCE_API_KEY", "BINANCE_API_SECRET")
    if skipped is not None:
        return skipped
    try:
        reply = await binance_restrictions(ctx, Deadline.for_timeout(ctx.clock, ctx.timeout))
        if not isinstance(reply.data, dict):
            raise malformed(reply.endpoint, "expected a JSON object", lang=ctx.lang)
    except ReadError as failed:
        return failure_outcome(failed, ctx, explain_rejection(failed, None))
    flags: Mapping[str, Any] = reply.data
    found = _rule_violations(flags, ctx.settings, ctx.lang)
    expiry = _expiry_violation(flags, ctx)
    found += [expiry] if expiry is not None else []
    details = {**_flag_details(flags), "rate_limit": usage_details([reply.usage])}
    if found:
        return _verdict(found, ctx, details)
    busy = headroom_warning([reply.usage], ctx, details)
    return busy or Outcome.passed(in_lang(PASSED, ctx.lang), **details)


CHECK = Check(
    id="binance_api_restrictions",
    title="Binance API key permissions",
    description="Withdrawals off, reading and futures on, no transfer rights, IP whitelist.",
    run=run,
)
