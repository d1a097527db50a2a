"""The response classifier: walk each venue's tables in order; the first row wins.

Every decision is a row in a table of :mod:`golive.errors.binance_spot`,
:mod:`~golive.errors.binance_futures`, :mod:`~golive.errors.upbit`,
:mod:`~golive.errors.telegram` or :mod:`~golive.errors.transport`; the
functions here only look rows up, and :data:`VENUE_STEPS` says in which order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from golive import messages as hints
from golive.errors.answer import Answer, read_answer
from golive.errors.binance_futures import BINANCE_CODES
from golive.errors.binance_spot import (
    BINANCE_CODE_MESSAGES,
    BINANCE_MESSAGES,
    BINANCE_OVERRIDING_STATUSES,
    BINANCE_SAPI_STATUS,
    BINANCE_STATUS,
    BINANCE_SUCCESS_CODES,
    BINANCE_UNKNOWN_CODE,
    BINANCE_UNTIMED,
)
from golive.errors.rules import Classification, Rule, clip, internal_error, safe_lang
from golive.errors.telegram import TELEGRAM_DESCRIPTIONS, TELEGRAM_STATUS, TELEGRAM_UNTIMED
from golive.errors.transport import (
    HTML_BODY,
    HTML_STATUS,
    HTTP_STATUS,
    HTTP_UNTIMED,
    UNRECOGNIZED,
    UNRECOGNIZED_STATUS,
)
from golive.errors.upbit import (
    UPBIT_BLOCK_STATUS,
    UPBIT_MESSAGES,
    UPBIT_NAMES,
    UPBIT_STATUS,
    UPBIT_UNKNOWN_NAME,
    UPBIT_UNTIMED,
)
from golive.errors.venues import venue_name

Decider = Callable[[Answer], Rule | None]

UNTIMED_HINTS: Final[Mapping[str, str]] = {
    **BINANCE_UNTIMED,
    **UPBIT_UNTIMED,
    **TELEGRAM_UNTIMED,
    **HTTP_UNTIMED,
}
"""Hint key -> its sibling for an answer that names no time golive can read: a hint that
shows ``{retry_after}`` has one, so no operator reads "- s" (tests/errors enforce it)."""


def classify_response(
    exchange: str,
    status: int | None,
    body: object,
    headers: Mapping[str, str] | None = None,
    *,
    lang: str | None = None,
) -> Classification:
    """Classify one HTTP answer. Never raises.

    ``exchange`` is ``binance``, ``binance_futures``, ``upbit`` or ``telegram``
    (anything else gets the generic HTTP rows). ``body`` may be str, bytes, an
    already-parsed dict or list, None, or anything else.
    """
    chosen = safe_lang(lang)
    try:
        answer = read_answer(exchange, status, body, headers)
        return _build(_decide(answer), chosen, answer)
    except Exception:  # the contract: never raise, whatever came back
        return internal_error(chosen)


def block_time(
    exchange: str, status: int | None, body: object, headers: Mapping[str, str] | None = None
) -> float | None:
    """Seconds the venue says it refuses requests (``Retry-After``, or the block time of
    Upbit's 418 body), or ``None`` when it says nothing readable. Never raises."""
    try:
        return read_answer(exchange, status, body, headers).retry_after
    except Exception:  # the contract: never raise, whatever came back
        return None


# ------------------------------------------------------------------------ deciding


def _by_message(table: Mapping[str, Rule], message: str) -> Rule | None:
    lowered = message.lower()
    return next((rule for needle, rule in table.items() if needle in lowered), None)


def _binance_sapi(answer: Answer) -> Rule | None:
    """A /sapi answer's 429: that endpoint's own budget, not the IP's /api weight."""
    return BINANCE_SAPI_STATUS.get(answer.status) if answer.sapi else None


def _binance_override(answer: Answer) -> Rule | None:
    if answer.status in BINANCE_OVERRIDING_STATUSES:
        return BINANCE_STATUS.get(answer.status)
    return None


def _binance_code(answer: Answer) -> Rule | None:
    lowered = answer.message.lower()
    for (code, needle), rule in BINANCE_CODE_MESSAGES.items():
        if answer.code == code and needle in lowered:
            return rule
    return None if answer.code is None else BINANCE_CODES.get(answer.code)


def _binance_message(answer: Answer) -> Rule | None:
    return _by_message(BINANCE_MESSAGES, answer.message)


def _binance_status(answer: Answer) -> Rule | None:
    return BINANCE_STATUS.get(answer.status)


def _binance_unknown_code(answer: Answer) -> Rule | None:
    if answer.code is None or answer.code in BINANCE_SUCCESS_CODES:
        return None
    return BINANCE_UNKNOWN_CODE


def _upbit_block(answer: Answer) -> Rule | None:
    """A 418 is the block whatever its body says (its text starts like a 429's); the hint
    shows the block time, or says that the answer gave none golive could read."""
    return UPBIT_STATUS.get(answer.status) if answer.status == UPBIT_BLOCK_STATUS else None


def _upbit_name(answer: Answer) -> Rule | None:
    return None if answer.name is None else UPBIT_NAMES.get(answer.name)


def _upbit_numeric_name(answer: Answer) -> Rule | None:
    """The Quotation API puts the HTTP status in ``error.name`` as an integer.

    Statuses Upbit has no row for are left to the generic rows, read from the status.
    """
    return UPBIT_STATUS.get(answer.code)


def _upbit_message(answer: Answer) -> Rule | None:
    return _by_message(UPBIT_MESSAGES, answer.message)


def _upbit_status(answer: Answer) -> Rule | None:
    return UPBIT_STATUS.get(answer.status)


def _upbit_unknown_name(answer: Answer) -> Rule | None:
    return None if answer.name is None else UPBIT_UNKNOWN_NAME


def _telegram_migrated(answer: Answer) -> Rule | None:
    """``parameters.migrate_to_chat_id`` says it whatever the description's wording."""
    return None if answer.chat_id is None else TELEGRAM_DESCRIPTIONS["upgraded to a supergroup"]


def _telegram_description(answer: Answer) -> Rule | None:
    return _by_message(TELEGRAM_DESCRIPTIONS, answer.message)


def _telegram_code(answer: Answer) -> Rule | None:
    return TELEGRAM_STATUS.get(answer.code)


def _telegram_status(answer: Answer) -> Rule | None:
    return TELEGRAM_STATUS.get(answer.status)


def _html_page(answer: Answer) -> Rule | None:
    return HTML_STATUS.get(answer.status) if answer.html else None


def _html_fallback(answer: Answer) -> Rule | None:
    return HTML_BODY if answer.html else None


def _http_status(answer: Answer) -> Rule | None:
    return HTTP_STATUS.get(answer.status)


_GENERIC_TAIL: Final[tuple[Decider, ...]] = (_http_status, _html_fallback)
_BINANCE_STEPS: Final[tuple[Decider, ...]] = (
    _binance_sapi,
    _binance_override,
    _binance_code,
    _binance_message,
    _html_page,
    _binance_status,
    _binance_unknown_code,
    *_GENERIC_TAIL,
)
VENUE_STEPS: Final[Mapping[str, tuple[Decider, ...]]] = {
    "binance": _BINANCE_STEPS,
    "binance_futures": _BINANCE_STEPS,
    "upbit": (
        _upbit_block,
        _upbit_name,
        _upbit_numeric_name,
        _upbit_message,
        _html_page,
        _upbit_status,
        _upbit_unknown_name,
        *_GENERIC_TAIL,
    ),
    "telegram": (
        _telegram_migrated,
        _telegram_description,
        _telegram_code,
        _html_page,
        _telegram_status,
        *_GENERIC_TAIL,
    ),
}
"""Per venue, the order in which tables are consulted; the first row found wins."""
_DEFAULT_STEPS: Final[tuple[Decider, ...]] = (_html_page, *_GENERIC_TAIL)


def _decide(answer: Answer) -> Rule:
    for step in VENUE_STEPS.get(answer.exchange, _DEFAULT_STEPS):
        rule = step(answer)
        if rule is not None:
            return rule
    return UNRECOGNIZED if answer.status is None else UNRECOGNIZED_STATUS


# ------------------------------------------------------------------------ building


def _build(rule: Rule, lang: str, answer: Answer) -> Classification:
    fields = {
        "status": "-" if answer.status is None else str(answer.status),
        "code": "-" if answer.code is None else str(answer.code),
        "name": answer.name or "-",
        "ip": answer.ip or "-",
        "chat_id": answer.chat_id or "-",
        "retry_after": _seconds(answer.retry_after),
        "venue": venue_name(answer.exchange, lang),
    }
    text = hints.lookup(hint_key(rule, answer.retry_after), lang, **fields)
    return Classification(
        error_type=rule.error_type,
        reason=hints.fill(rule.reason, fields),
        hint=text.hint,
        next_action=text.next_action,
        retry_after=answer.retry_after,
        detail=_answer_detail(answer),
        headline=rule.headline,
    )


def hint_key(rule: Rule, retry_after: float | None) -> str:
    """``rule``'s hint key, or its untimed sibling when the answer named no time."""
    return UNTIMED_HINTS.get(rule.key, rule.key) if retry_after is None else rule.key


def _answer_detail(answer: Answer) -> str | None:
    if answer.ip is not None:
        return answer.ip
    label = answer.name or (None if answer.code is None else str(answer.code))
    message = "" if answer.html else answer.message
    if label and message:
        return clip(f"{label}: {message}")
    if label or message:
        return clip(label or message)
    return None if answer.status is None else f"HTTP {answer.status}"


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return str(int(value)) if value.is_integer() else f"{value:.1f}"
