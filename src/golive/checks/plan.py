"""``plan``: the trading plan is present and sane. Local: reads nothing but the plan.

In ``live`` no plan is a FAIL (golive cannot tell whether the bot can trade), in
``paper`` a WARN, in ``local_dev`` a SKIP. A plan that is given must parse, name
pairs, a seed and a max notional, keep every amount above 0 and the daily loss
below the seed, and (``live``) carry both kill-switch limits, its max notional no
larger than the plan's. A ``[plan]`` value (``golive.toml``, or a fleet file's
``[bots.plan]``) that the env file overrides with a different one is a WARN
naming each (``checks/_plan_shadow.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from golive import messages
from golive.checks._plan_shadow import Shadowed, shadowed_by_env
from golive.model import Check, ErrorType, Outcome, Status
from golive.plan import PLAN_KEYS, TradingPlan, expected_text, plan_of

if TYPE_CHECKING:
    from golive.model import CheckContext, JSONValue

REQUIRED = ("pairs", "seed_usdt", "max_notional_usdt")
AMOUNTS = ("seed_usdt", "max_notional_usdt", "kill_switch_daily_loss_usdt")
KILL_SWITCH = ("kill_switch_daily_loss_usdt", "kill_switch_max_notional_usdt")
ORIGIN_OF = {k.name: k.env or f"[plan] {k.name}" for k in PLAN_KEYS}


CASES: dict[str, tuple[str, str]] = {
    "missing": ("plan.missing", "plan.message.missing"),
    "invalid_value": ("plan.invalid_value", "plan.message.invalid_value"),
    "incomplete": ("plan.incomplete", "plan.message.incomplete"),
    "not_positive": ("plan.not_positive", "plan.message.not_positive"),
    "loss_not_below_seed": ("plan.loss_not_below_seed", "plan.message.loss_not_below_seed"),
    "kill_switch_missing": ("plan.kill_switch_missing", "plan.message.kill_switch_missing"),
    "kill_switch_above_plan": (
        "plan.kill_switch_above_plan",
        "plan.message.kill_switch_above_plan",
    ),
    "shadowed": ("plan.shadowed", "plan.message.shadowed"),
}
"""case -> (reason code with its hint and next action, the one-line message)."""


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the plan: its reason code, how bad, and the values named."""

    case: str
    status: Status
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return CASES[self.case][0]

    @property
    def message_key(self) -> str:
        return CASES[self.case][1]


def _usdt(value: Decimal | None) -> str:
    return "-" if value is None else format(value.normalize(), "f")


def _origin(plan: TradingPlan, name: str) -> str:
    return plan.origins.get(name) or ORIGIN_OF[name]


def _value_findings(plan: TradingPlan, lang: str) -> list[Finding]:
    return [
        Finding(
            "invalid_value",
            Status.FAIL,
            {
                "origin": p.origin,
                "value": p.value,
                "why": expected_text(p.code, lang),
            },
        )
        for p in plan.problems
    ]


def _completeness(plan: TradingPlan, strict: bool) -> list[Finding]:
    found = []
    absent = [n for n in REQUIRED if plan.values.get(n) in (None, ())]
    if absent and not plan.problems:
        keys = ", ".join(ORIGIN_OF[n] for n in absent)
        found.append(Finding("incomplete", Status.FAIL, {"missing": keys}))
    no_switch = [n for n in KILL_SWITCH if plan.amount(n) is None and not plan.given(n)]
    if no_switch:
        keys = ", ".join(ORIGIN_OF[n] for n in no_switch)
        status = Status.FAIL if strict else Status.WARN
        found.append(Finding("kill_switch_missing", status, {"missing": keys}))
    return found


def _sanity(plan: TradingPlan) -> list[Finding]:
    found = []
    for name in (*AMOUNTS, "kill_switch_max_notional_usdt"):
        value = plan.amount(name)
        if value is not None and value <= 0:
            fields = {"setting": _origin(plan, name), "found": _usdt(value)}
            found.append(Finding("not_positive", Status.FAIL, fields))
    seed, loss = plan.amount("seed_usdt"), plan.amount("kill_switch_daily_loss_usdt")
    if seed and loss and seed > 0 and loss >= seed:
        fields = {"found": _usdt(loss), "required": _usdt(seed)}
        found.append(Finding("loss_not_below_seed", Status.FAIL, fields))
    plan_max = plan.amount("max_notional_usdt")
    switch_max = plan.amount("kill_switch_max_notional_usdt")
    if plan_max and switch_max and switch_max > plan_max > 0:
        fields = {"found": _usdt(switch_max), "required": _usdt(plan_max)}
        found.append(Finding("kill_switch_above_plan", Status.FAIL, fields))
    return found


def judge(plan: TradingPlan, profile: str, lang: str) -> list[Finding]:
    """Every finding about a plan that is present, worst first."""
    findings = [
        *_value_findings(plan, lang),
        *_completeness(plan, strict=profile == "live"),
        *_sanity(plan),
    ]
    return sorted(findings, key=lambda f: f.status is not Status.FAIL)


def _finding_detail(finding: Finding, lang: str) -> dict[str, JSONValue]:
    text = messages.lookup(finding.reason, lang, **finding.fields)
    return {
        "reason": finding.reason,
        "status": finding.status.value,
        "message": messages.text(finding.message_key, lang, **finding.fields),
        "hint": text.hint,
        "next_action": text.next_action,
    }


def _outcome(findings: list[Finding], details: dict[str, JSONValue], lang: str) -> Outcome:
    first = findings[0]
    text = messages.lookup(first.reason, lang, **first.fields)
    details["findings"] = [_finding_detail(f, lang) for f in findings]
    message = messages.text(first.message_key, lang, **first.fields)
    if len(findings) > 1:
        message += messages.text("plan.message.more", lang, count=str(len(findings) - 1))
    return Outcome(
        first.status,
        message,
        error_type=ErrorType.UNKNOWN if first.status is Status.FAIL else None,
        reason=first.reason,
        hint=text.hint,
        next_action=text.next_action,
        details=details,
    )


def _missing(profile: str, lang: str) -> Outcome:
    if profile == "local_dev":
        return Outcome.skip(messages.text("plan.message.not_needed", lang), reason="plan.missing")
    status = Status.FAIL if profile == "live" else Status.WARN
    return _outcome([Finding("missing", status)], {"plan": None}, lang)


def _passed(plan: TradingPlan, details: dict[str, JSONValue], lang: str) -> Outcome:
    message = messages.text(
        "plan.message.pass",
        lang,
        pairs=", ".join(p.shown for p in plan.pairs),
        seed=_usdt(plan.amount("seed_usdt")),
        max_notional=_usdt(plan.amount("max_notional_usdt")),
        leverage=str(plan.leverage),
        loss=_usdt(plan.amount("kill_switch_daily_loss_usdt")),
    )
    return Outcome.passed(message, **details)


def _shadowed(shadowed: list[Shadowed], ctx: CheckContext) -> Finding:
    """One WARN naming every ``[plan]`` value the env file overrides, and the keys to remove."""
    items = [
        messages.text(
            "plan.shadowed_item", ctx.lang, env=s.env, used=s.used, origin=s.origin, given=s.given
        )
        for s in shadowed
    ]
    fields = {
        "items": "; ".join(items),
        "keys": ", ".join(s.env for s in shadowed),
        "env_file": str(ctx.profile.env_file),
    }
    return Finding("shadowed", Status.WARN, fields)


async def run(ctx: CheckContext) -> Outcome:
    plan = plan_of(ctx)
    if not plan.present:
        return _missing(ctx.profile.name, ctx.lang)
    details: dict[str, JSONValue] = {"plan": plan.as_detail()}
    findings = judge(plan, ctx.profile.name, ctx.lang)
    shadowed = shadowed_by_env(ctx.settings.plan, ctx.profile.values, ctx.plan_flags)
    if shadowed:
        details["shadowed"] = [s.as_detail() for s in shadowed]
        findings.append(_shadowed(shadowed, ctx))
    if findings:
        return _outcome(findings, details, ctx.lang)
    return _passed(plan, details, ctx.lang)


CHECK = Check(
    id="plan",
    title_key="check.plan.title",
    description_key="check.plan.description",
    run=run,
    requires=("env_file",),
)
