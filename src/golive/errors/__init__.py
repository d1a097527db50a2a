"""Turn what came back (a response or an exception) into one of the seven error types.

``classify_response`` reads an HTTP answer from Binance (spot or USDⓈ-M futures),
Upbit or the Telegram Bot API; ``classify_exception`` reads a transport,
PostgreSQL or Redis exception. Both return a :class:`Classification`: the
:class:`~golive.model.ErrorType`, a stable ``reason`` code, and a ``hint``
and ``next_action`` from the bilingual catalogue (:mod:`golive.messages`).
Both never raise: any internal surprise gives ``unknown`` with reason
``classifier.error``.

One module per source of answers holds its table:

* :mod:`~golive.errors.binance_spot`, :mod:`~golive.errors.binance_futures`:
  Binance codes, statuses and messages. ``-2015`` is ``invalid_key`` (reason
  ``binance.-2015``, three causes in the hint); when the message names the
  request IP (``request ip: X``, what fapi appends) it is ``ip_restriction``
  with reason ``binance.-2015.request_ip`` and ``detail`` X. This matches
  :mod:`golive.exchanges.binance`, which narrows the cause further with
  ``apiRestrictions`` when it has them.
  A /sapi answer's 429 (``binance.sapi_429``) is that endpoint's own budget.
* :mod:`~golive.errors.upbit`: rows by ``error.name`` (``nonce_used`` is a
  replayed token, ``invalid_key``, never ``clock_skew``); the 418 block time is
  read from the body by :mod:`~golive.errors.blocktime`.
* :mod:`~golive.errors.telegram`: rows by description and ``error_code``.
* :mod:`~golive.errors.transport`: any HTTP status or HTML page, and TLS,
  proxy, DNS, connection and timeout exceptions.
* :mod:`~golive.errors.datastores`: PostgreSQL and Redis exceptions.

The classifiers are :mod:`~golive.errors.responses` (with
:mod:`~golive.errors.answer`, which reads bodies and headers) and
:mod:`~golive.errors.exceptions`; the row types are in
:mod:`~golive.errors.rules`. See also ``docs/error-types.md``.

Hint texts never quote an exchange message or an exception message; those go
only into ``detail``, which the caller passes through its redactor.
"""

from __future__ import annotations

from collections.abc import Iterable

from golive.errors.binance_futures import BINANCE_CODES
from golive.errors.binance_spot import (
    BINANCE_CODE_MESSAGES,
    BINANCE_MESSAGES,
    BINANCE_OVERRIDING_STATUSES,
    BINANCE_SAPI_STATUS,
    BINANCE_STATUS,
    BINANCE_SUCCESS_CODES,
    BINANCE_UNKNOWN_CODE,
)
from golive.errors.blocktime import stated_seconds
from golive.errors.exceptions import EXCEPTION_RULES, UNKNOWN_EXCEPTION, classify_exception
from golive.errors.responses import (
    UNTIMED_HINTS,
    VENUE_STEPS,
    Decider,
    block_time,
    classify_response,
    hint_key,
)
from golive.errors.rules import (
    BODY_LIMIT,
    CHAIN_LIMIT,
    CHAT_ID_DIGITS,
    DETAIL_LIMIT,
    HEADER_LIMIT,
    INTERNAL_ERROR,
    MESSAGE_LIMIT,
    RETRY_AFTER_MAX,
    Classification,
    ExceptionRule,
    Rule,
    StatusTable,
)
from golive.errors.telegram import TELEGRAM_DESCRIPTIONS, TELEGRAM_STATUS
from golive.errors.transport import (
    HTML_BODY,
    HTML_STATUS,
    HTTP_STATUS,
    UNRECOGNIZED,
    UNRECOGNIZED_STATUS,
)
from golive.errors.upbit import (
    UPBIT_MESSAGES,
    UPBIT_NAMES,
    UPBIT_STATUS,
    UPBIT_UNKNOWN_NAME,
)
from golive.errors.venues import VENUE_NAMES, venue_name


def all_rules() -> tuple[Rule, ...]:
    """Every rule the classifier can apply (reasons may still hold placeholders)."""
    tables: tuple[Iterable[Rule], ...] = (
        BINANCE_CODES.values(),
        BINANCE_CODE_MESSAGES.values(),
        BINANCE_MESSAGES.values(),
        BINANCE_STATUS.exact.values(),
        BINANCE_SAPI_STATUS.exact.values(),
        UPBIT_NAMES.values(),
        UPBIT_MESSAGES.values(),
        UPBIT_STATUS.exact.values(),
        TELEGRAM_DESCRIPTIONS.values(),
        TELEGRAM_STATUS.exact.values(),
        HTML_STATUS.exact.values(),
        HTTP_STATUS.exact.values(),
    )
    server_errors = (BINANCE_STATUS, UPBIT_STATUS, TELEGRAM_STATUS, HTML_STATUS, HTTP_STATUS)
    singles = (
        BINANCE_UNKNOWN_CODE,
        UPBIT_UNKNOWN_NAME,
        HTML_BODY,
        UNRECOGNIZED_STATUS,
        UNRECOGNIZED,
        INTERNAL_ERROR,
        UNKNOWN_EXCEPTION,
    )
    rules = [rule for table in tables for rule in table]
    rules += [table.server_error for table in server_errors if table.server_error is not None]
    rules += [row.rule for row in EXCEPTION_RULES]
    return tuple(dict.fromkeys([*rules, *singles]))


__all__ = [
    "BINANCE_CODES",
    "BINANCE_CODE_MESSAGES",
    "BINANCE_MESSAGES",
    "BINANCE_OVERRIDING_STATUSES",
    "BINANCE_SAPI_STATUS",
    "BINANCE_STATUS",
    "BINANCE_SUCCESS_CODES",
    "BINANCE_UNKNOWN_CODE",
    "BODY_LIMIT",
    "CHAIN_LIMIT",
    "CHAT_ID_DIGITS",
    "DETAIL_LIMIT",
    "EXCEPTION_RULES",
    "HEADER_LIMIT",
    "HTML_BODY",
    "HTML_STATUS",
    "HTTP_STATUS",
    "INTERNAL_ERROR",
    "MESSAGE_LIMIT",
    "RETRY_AFTER_MAX",
    "TELEGRAM_DESCRIPTIONS",
    "TELEGRAM_STATUS",
    "UNKNOWN_EXCEPTION",
    "UNRECOGNIZED",
    "UNRECOGNIZED_STATUS",
    "UNTIMED_HINTS",
    "UPBIT_MESSAGES",
    "UPBIT_NAMES",
    "UPBIT_STATUS",
    "UPBIT_UNKNOWN_NAME",
    "VENUE_NAMES",
    "VENUE_STEPS",
    "Classification",
    "Decider",
    "ExceptionRule",
    "Rule",
    "StatusTable",
    "all_rules",
    "block_time",
    "classify_exception",
    "classify_response",
    "hint_key",
    "stated_seconds",
    "venue_name",
]
