"""Exchange reads -> check outcomes: failure messages, explanations and rate-limit headroom.

Messages are short, in the run's language and never quote a venue's raw text
(that goes, redacted, into ``details["detail"]``); hints come from the
catalogue (:mod:`golive.messages`) or from :mod:`golive.errors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from golive import messages as hints
from golive.errors import venue_name
from golive.model import CheckContext, ErrorType, Outcome

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from golive.exchanges.ratelimit import RateUsage
    from golive.exchanges.request import ReadError
    from golive.model import JSONValue


FAILURE_MESSAGES: Mapping[ErrorType, tuple[str, str]] = {
    ErrorType.INVALID_KEY: (
        "{venue} rejected the key ({code})",
        "{venue}: 키가 거부되었습니다 ({code})",
    ),
    ErrorType.IP_RESTRICTION: (
        "{venue} refused requests from this IP ({code})",
        "{venue}: 이 IP의 요청이 거부되었습니다 ({code})",
    ),
    ErrorType.PERMISSION_DENIED: (
        "{venue}: the key lacks a permission ({code})",
        "{venue}: 키에 필요한 권한이 없습니다 ({code})",
    ),
    ErrorType.CLOCK_SKEW: (
        "{venue} rejected the request time ({code})",
        "{venue}: 요청 시각이 거부되었습니다 ({code})",
    ),
    ErrorType.RATE_LIMIT: (
        "{venue} is rate-limiting this IP ({code})",
        "{venue}: 이 IP의 요청이 제한되고 있습니다 ({code})",
    ),
    ErrorType.NETWORK_ERROR: (
        "{venue} is unreachable or unavailable ({code})",
        "{venue}: 연결할 수 없거나 서비스가 중단되었습니다 ({code})",
    ),
    ErrorType.UNKNOWN: (
        "{venue} gave an answer golive cannot read ({code})",
        "{venue}: 해석할 수 없는 응답입니다 ({code})",
    ),
}

VENUE_MESSAGES: Mapping[tuple[str, ErrorType], tuple[str, str]] = {
    ("telegram", ErrorType.INVALID_KEY): (
        "Telegram rejected the bot token ({code})",
        "텔레그램: 봇 토큰이 거부되었습니다 ({code})",
    ),
    ("telegram", ErrorType.PERMISSION_DENIED): (
        "Telegram: the bot cannot reach the chat ({code})",
        "텔레그램: 봇이 채팅에 접근할 수 없습니다 ({code})",
    ),
    ("telegram", ErrorType.RATE_LIMIT): (
        "Telegram is rate-limiting this bot ({code})",
        "텔레그램: 이 봇의 요청이 제한되고 있습니다 ({code})",
    ),
}
"""Venue-specific wording that reads better than the generic line of ``FAILURE_MESSAGES``."""

HEADROOM_MESSAGES = (
    "{venue} rate limit {used_pct:.0f} % used ({used}/{limit}, {window})",
    "{venue} 요청 한도 {used_pct:.0f}% 사용 중 ({used}/{limit}, {window})",
)


def in_lang(texts: tuple[str, str], lang: str) -> str:
    """The Korean text for ``ko``, else the English one: texts are (en, ko) pairs."""
    return texts[1] if lang == "ko" else texts[0]


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
    if failed.usage is not None:
        details["rate_limit"] = failed.usage.as_detail()
    return details


def failure_outcome(
    failed: ReadError,
    ctx: CheckContext,
    explanation: Explanation | None = None,
) -> Outcome:
    """The FAIL for a read that failed, with the classifier's (or a better) explanation."""
    found = failed.classification
    error_type, reason = found.error_type, found.reason
    hint, next_action = found.hint, found.next_action
    if explanation is not None:
        error_type, reason = explanation.error_type, explanation.reason
        text = hints.lookup(explanation.hint_key, ctx.lang, **explanation.fields)
        hint, next_action = text.hint, text.next_action
    venue = failed.endpoint.venue
    template = VENUE_MESSAGES.get((venue, error_type), FAILURE_MESSAGES[error_type])
    message = in_lang(template, ctx.lang).format(
        venue=venue_name(venue, ctx.lang), code=_code_label(failed)
    )
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
    message = in_lang(HEADROOM_MESSAGES, ctx.lang).format(
        venue=venue_name(worst.venue, ctx.lang),
        used_pct=worst.used_pct,
        used=worst.used,
        limit=worst.limit,
        window=worst.window,
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


CREDENTIAL_TEXTS = {
    "missing": ("{keys} not set in the env file", "env 파일에 {keys} 값이 없습니다"),
    "whitespace": (
        "{keys} has leading or trailing whitespace",
        "{keys} 값 앞뒤에 공백이 있습니다",
    ),
    "whitespace_action": (
        "Remove the spaces or line break around {keys} in the env file "
        "(and any quotes that keep them), then rerun.",
        "env 파일에서 {keys} 값 앞뒤의 공백이나 줄바꿈(그리고 그것을 감싼 따옴표)을 지운 뒤 "
        "다시 실행하세요.",
    ),
}


def credential_problem(ctx: CheckContext, *keys: str) -> Outcome | None:
    """SKIP when a credential is not set (``required_keys`` reports that), FAIL when padded.

    A key with stray whitespace cannot even be sent in a header, and a padded
    secret signs wrongly: both are caught before anything is sent.
    """
    missing = [key for key in keys if not ctx.profile.get(key).strip()]
    if missing:
        text = in_lang(CREDENTIAL_TEXTS["missing"], ctx.lang).format(keys=", ".join(missing))
        return Outcome.skip(text, reason="credentials.missing")
    padded = [key for key in keys if ctx.profile.get(key) != ctx.profile.get(key).strip()]
    if not padded:
        return None
    names = ", ".join(padded)
    return Outcome.fail(
        in_lang(CREDENTIAL_TEXTS["whitespace"], ctx.lang).format(keys=names),
        error_type=ErrorType.INVALID_KEY,
        reason="credentials.whitespace",
        next_action=in_lang(CREDENTIAL_TEXTS["whitespace_action"], ctx.lang).format(keys=names),
    )
