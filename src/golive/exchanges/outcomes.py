"""Exchange reads -> check outcomes: failure messages, explanations and rate-limit headroom.

Messages are short, in the run's language and never quote a venue's raw text
(that goes, redacted, into ``details["detail"]``); hints come from the
catalogue (:mod:`golive.messages`) or from :mod:`golive.errors`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC
from typing import TYPE_CHECKING

from golive import messages as hints
from golive.defaults import TESTNET_FLAG, TESTNET_PROFILES, testnet_flag_set
from golive.errors import venue_name
from golive.exchanges.blocks import shown_time
from golive.exchanges.upbit import SCOPE_HINTS
from golive.hosts import URL_PROBLEMS, setting_problem, shown_schemes
from golive.model import CheckContext, ErrorType, Outcome

if TYPE_CHECKING:
    from collections.abc import Iterable

    from golive.exchanges.ratelimit import RateUsage
    from golive.exchanges.request import ReadError
    from golive.model import JSONValue


FAILURE_MESSAGES: Mapping[ErrorType, str] = {
    ErrorType.INVALID_KEY: "outcome.failed.invalid_key",
    ErrorType.IP_RESTRICTION: "outcome.failed.ip_restriction",
    ErrorType.PERMISSION_DENIED: "outcome.failed.permission_denied",
    ErrorType.CLOCK_SKEW: "outcome.failed.clock_skew",
    ErrorType.RATE_LIMIT: "outcome.failed.rate_limit",
    ErrorType.NETWORK_ERROR: "outcome.failed.network_error",
    ErrorType.UNKNOWN: "outcome.failed.unknown",
}
"""The one-line message of a failed read, per error type (catalogue keys)."""
OUT_OF_SCOPE = "upbit.out_of_scope"

VENUE_MESSAGES: Mapping[tuple[str, ErrorType], str] = {
    ("telegram", ErrorType.INVALID_KEY): "outcome.failed.telegram.invalid_key",
    ("telegram", ErrorType.PERMISSION_DENIED): "outcome.failed.telegram.permission_denied",
    ("telegram", ErrorType.RATE_LIMIT): "outcome.failed.telegram.rate_limit",
}
"""Venue-specific wording that reads better than the generic line of ``FAILURE_MESSAGES``."""


@dataclass(frozen=True)
class Explanation:
    """A better reading of a failure than the classifier's own (e.g. of Binance -2015)."""

    error_type: ErrorType
    reason: str
    hint_key: str
    fields: Mapping[str, str] = field(default_factory=dict)


def _code_label(failed: ReadError) -> str:
    """Binance's code (``-2015``), else the reason's tail (``out_of_scope``, ``read_timeout``)."""
    if failed.code is not None:
        return str(failed.code)
    return failed.classification.reason.split(".", 1)[-1]


def failure_details(failed: ReadError, ctx: CheckContext) -> dict[str, JSONValue]:
    found = failed.classification
    details: dict[str, JSONValue] = {
        "venue": failed.endpoint.venue,
        "endpoint": failed.endpoint.shown,
        "http_status": failed.status,
        "attempts": failed.attempts,
    }
    if found.detail:
        details["detail"] = ctx.redactor.redact(found.detail)
    if found.retry_after is not None:
        details["retry_after_s"] = found.retry_after
    if failed.blocked_until is not None:
        ends = failed.blocked_until.astimezone(UTC).isoformat(timespec="seconds")
        details["blocked_until"] = ends.replace("+00:00", "Z")
    if failed.usage is not None:
        details["rate_limit"] = failed.usage.as_detail()
    return details


def _scope_explanation(failed: ReadError, ctx: CheckContext) -> Explanation | None:
    """Upbit's ``out_of_scope`` names no scope: the endpoint says which one is missing."""
    found = failed.classification
    hint_key = SCOPE_HINTS.get(failed.endpoint.path)
    if found.reason != OUT_OF_SCOPE or failed.endpoint.venue != "upbit" or hint_key is None:
        return None
    return Explanation(found.error_type, found.reason, hint_key, {"profile": ctx.profile.name})


def _testnet_explanation(failed: ReadError, ctx: CheckContext) -> Explanation | None:
    """An answer golive cannot read from Binance while a ``live`` file sets BINANCE_TESTNET:
    the flag (``env validate``'s ``testnet_in_live``) is the lead, the code stays unknown."""
    found = failed.classification
    flag = ctx.profile.get(TESTNET_FLAG)
    if found.error_type is not ErrorType.UNKNOWN or ctx.profile.name in TESTNET_PROFILES:
        return None
    if not failed.endpoint.venue.startswith("binance") or not testnet_flag_set(flag):
        return None
    return Explanation(found.error_type, found.reason, "binance.testnet_flag_in_live")


def failure_outcome(
    failed: ReadError,
    ctx: CheckContext,
    explanation: Explanation | None = None,
) -> Outcome:
    """The FAIL for a read that failed, with the classifier's (or a better) explanation;
    a missing Upbit scope or a live file's testnet flag reword the hint, not the reason."""
    found = failed.classification
    error_type, reason = found.error_type, found.reason
    hint, next_action = found.hint, found.next_action
    better = explanation or _scope_explanation(failed, ctx) or _testnet_explanation(failed, ctx)
    if better is not None:
        error_type, reason = better.error_type, better.reason
        text = hints.lookup(better.hint_key, ctx.lang, **better.fields)
        hint, next_action = text.hint, text.next_action
    venue = failed.endpoint.venue
    key = VENUE_MESSAGES.get((venue, error_type), FAILURE_MESSAGES[error_type])
    if explanation is None and found.headline is not None:
        key = found.headline
    until = "" if failed.blocked_until is None else shown_time(failed.blocked_until)
    name = venue_name(venue, ctx.lang)
    message = hints.text(key, ctx.lang, venue=name, code=_code_label(failed), until=until)
    return Outcome.fail(
        ctx.redactor.redact(message),
        error_type=error_type,
        reason=reason,
        hint=ctx.redactor.redact(hint),
        next_action=ctx.redactor.redact(next_action),
        details=failure_details(failed, ctx),
    )


def usage_details(usages: Iterable[RateUsage | None]) -> dict[str, JSONValue]:
    """The latest reading per venue, for ``details["rate_limit"]``."""
    return {u.venue: u.as_detail() for u in usages if u is not None}


def headroom_warning(
    usages: Iterable[RateUsage | None], ctx: CheckContext, details: Mapping[str, JSONValue]
) -> Outcome | None:
    """A WARN when a venue's budget is used beyond ``thresholds.rate_limit_warn_pct``."""
    limit = ctx.settings.thresholds.rate_limit_warn_pct
    worst = max((u for u in usages if u is not None), key=lambda u: u.used_pct, default=None)
    if worst is None or worst.used_pct < limit:
        return None
    message = hints.text(
        "outcome.headroom",
        ctx.lang,
        venue=venue_name(worst.venue, ctx.lang),
        used_pct=f"{worst.used_pct:.0f}",
        used=str(worst.used),
        limit=str(worst.limit),
        window=str(worst.window),
    )
    text = hints.lookup("ratelimit.headroom", ctx.lang, pct=f"{worst.used_pct:.0f}")
    return Outcome.warn(
        message,
        reason="ratelimit.headroom",
        hint=text.hint,
        next_action=text.next_action,
        error_type=ErrorType.RATE_LIMIT,
        details=details,
    )


PROXY_KEY = "HTTPS_PROXY"
SETTINGS_BY_PREFIX: Mapping[str, tuple[str, ...]] = {
    "UPBIT_": ("UPBIT_BASE_URL", PROXY_KEY),
    "BINANCE_": ("BINANCE_BASE_URL", "BINANCE_FUTURES_BASE_URL", PROXY_KEY),
    "TELEGRAM_": ("TELEGRAM_BASE_URL", PROXY_KEY),
}
"""A venue's credentials (by key prefix) -> the URL settings its client is built from."""


def setting_problem_outcome(ctx: CheckContext, *keys: str) -> Outcome | None:
    """FAIL ``env.bad_format`` when a URL setting the venue's client needs is unusable.

    A port past 65535 or a proxy scheme httpx does not know would otherwise end
    the check as a crash; ``env validate`` reports the same value as ``bad_format``.
    """
    settings = dict.fromkeys(
        name
        for key in keys
        for prefix, names in SETTINGS_BY_PREFIX.items()
        if key.startswith(prefix)
        for name in names
    )
    for name in settings:
        problem = setting_problem(name, ctx.profile.get(name))
        if problem is None:
            continue
        text = hints.lookup("env.bad_format", ctx.lang)
        described = hints.text(URL_PROBLEMS[problem], ctx.lang, schemes=shown_schemes(name))
        return Outcome.fail(
            hints.text("setting.bad_format", ctx.lang, name=name, problem=described),
            error_type=ErrorType.INVALID_KEY,
            reason="env.bad_format",
            hint=text.hint,
            next_action=text.next_action,
        )
    return None


def credential_problem(ctx: CheckContext, *keys: str) -> Outcome | None:
    """SKIP when a credential is not set (``required_keys`` reports that), FAIL when padded,
    FAIL when a URL setting of the venue cannot be used (:func:`setting_problem_outcome`).

    A key with stray whitespace cannot even be sent in a header, and a padded
    secret signs wrongly: both are caught before anything is sent.
    """
    bad_setting = setting_problem_outcome(ctx, *keys)
    if bad_setting is not None:
        return bad_setting
    missing = [key for key in keys if not ctx.profile.get(key).strip()]
    if missing:
        text = hints.text("outcome.credentials_missing", ctx.lang, keys=", ".join(missing))
        return Outcome.skip(text, reason="credentials.missing")
    padded = [key for key in keys if ctx.profile.get(key) != ctx.profile.get(key).strip()]
    if not padded:
        return None
    names = ", ".join(padded)
    return Outcome.fail(
        hints.text("outcome.credentials_padded", ctx.lang, keys=names),
        error_type=ErrorType.INVALID_KEY,
        reason="credentials.whitespace",
        next_action=hints.text("outcome.credentials_padded_action", ctx.lang, keys=names),
    )
