"""Turn what came back (a response or an exception) into one of the seven error types.

``classify_response`` reads an HTTP answer from Binance (spot or USDⓈ-M futures),
Upbit or the Telegram Bot API; ``classify_exception`` reads a transport,
PostgreSQL or Redis exception. Both return a :class:`Classification`: the
:class:`~golive.model.ErrorType`, a stable ``reason`` code, and a ``hint``
and ``next_action`` from the bilingual catalogue (:mod:`golive.messages`).

Every decision is a row in a data table below; the functions only walk them.
Both functions never raise: any internal surprise gives ``unknown`` with reason
``classifier.error``.

Decisions worth knowing (see also ``docs/error-types.md``):

* Binance ``-2015`` is ``invalid_key`` (reason ``binance.-2015``, three causes
  in the hint). When the message names the request IP (``request ip: X``, what
  fapi appends), it is ``ip_restriction`` with reason and hint
  ``binance.-2015.request_ip``: ``detail`` is X and the hint says to whitelist
  it. This matches :mod:`golive.exchanges.binance`, which narrows the cause
  further with ``apiRestrictions`` when it has them.
* Upbit ``nonce_used`` is a replayed token (a nonce reused), ``invalid_key``,
  never ``clock_skew``. Upbit rows branch on ``error.name``, not on the status.
* PostgreSQL ``database "x" does not exist`` is ``unknown`` with reason
  ``pg.database_missing``: it is a wrong connection string, not a key, an IP
  or a permission. ``detail`` names the database.
* Exceptions are matched by class name (``package:Class`` over the MRO of the
  exception and its causes) and message patterns, so this module imports
  neither psycopg, redis nor httpx.

Hint texts never quote an exchange message or an exception message; those go
only into ``detail``, which the caller passes through its redactor.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Final

from golive import messages as hints
from golive.messages.lang import resolve_lang
from golive.model import ErrorType

BODY_LIMIT: Final = 64 * 1024
"""Only the first 64 KiB of a body are read."""
DETAIL_LIMIT: Final = 200
MESSAGE_LIMIT: Final = 2000
CHAIN_LIMIT: Final = 8
HEADER_LIMIT: Final = 256
RETRY_AFTER_MAX: Final = 10_000_000.0
CHAT_ID_DIGITS: Final = 16
"""Telegram chat ids fit in 52 bits; supergroups look like -1001234567890."""

IK = ErrorType.INVALID_KEY
IP = ErrorType.IP_RESTRICTION
CLOCK = ErrorType.CLOCK_SKEW
RATE = ErrorType.RATE_LIMIT
DENIED = ErrorType.PERMISSION_DENIED
NET = ErrorType.NETWORK_ERROR
UNKNOWN = ErrorType.UNKNOWN


@dataclass(frozen=True)
class Classification:
    """What an error means and what to do about it."""

    error_type: ErrorType
    reason: str
    hint: str
    next_action: str
    retry_after: float | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Rule:
    """One row: the type, the reason code, and the catalogue key of the hint.

    ``reason`` may hold ``{status}``, ``{code}``, ``{name}`` or ``{type}``,
    filled from the answer. ``hint_key`` defaults to ``reason``.
    """

    error_type: ErrorType
    reason: str
    hint_key: str = ""

    @property
    def key(self) -> str:
        return self.hint_key or self.reason


@dataclass(frozen=True)
class StatusTable:
    """HTTP status rows: exact statuses, then one row for any 5xx."""

    exact: Mapping[int, Rule]
    server_error: Rule | None = None

    def get(self, status: int | None) -> Rule | None:
        if status is None:
            return None
        if status in self.exact:
            return self.exact[status]
        return self.server_error if 500 <= status <= 599 else None


# --------------------------------------------------------------------------- Binance

_BINANCE_CODE_TYPES: Final[Mapping[int, ErrorType]] = {
    -1000: UNKNOWN,  # UNKNOWN: an unknown error on Binance's side
    -1001: NET,  # DISCONNECTED: internal error, try again
    -1002: DENIED,  # UNAUTHORIZED: not authorized to execute this request
    -1003: RATE,  # TOO_MANY_REQUESTS / IP banned until ...
    -1005: IP,  # futures NO_SUCH_IP: no such IP has been white listed
    -1007: NET,  # TIMEOUT waiting for the backend
    -1008: NET,  # SERVER_BUSY / throttled by system-level protection
    -1011: IP,  # futures NON_WHITE_LIST: this IP cannot access this route
    -1015: RATE,  # TOO_MANY_ORDERS
    -1021: CLOCK,  # INVALID_TIMESTAMP: outside recvWindow / ahead of server time
    -1022: IK,  # INVALID_SIGNATURE
    -1099: IK,  # futures NOT_FOUND: not found, unauthenticated, or unauthorized
    -2008: IK,  # Invalid Api-Key ID
    -2014: IK,  # BAD_API_KEY_FMT
    -2015: IK,  # REJECTED_MBX_KEY: invalid API-key, IP, or permissions for action
    -2017: DENIED,  # futures API_KEYS_LOCKED
    -4056: IK,  # futures INVALID_API_KEY_TYPE
    -4057: IK,  # futures INVALID_RSA_PUBLIC_KEY
    -4087: DENIED,  # futures: user can only place reduce only order
    -4088: DENIED,  # futures: user can not place order currently
}
BINANCE_CODES: Final[Mapping[int, Rule]] = {
    code: Rule(kind, f"binance.{code}") for code, kind in _BINANCE_CODE_TYPES.items()
}
BINANCE_CODE_MESSAGES: Final[Mapping[tuple[int, str], Rule]] = {
    (-2015, "request ip:"): Rule(IP, "binance.-2015.request_ip"),
}
BINANCE_MESSAGES: Final[Mapping[str, Rule]] = {
    "system is under maintenance": Rule(NET, "binance.maintenance"),
    "restricted location": Rule(DENIED, "binance.http_451"),
}
BINANCE_STATUS: Final = StatusTable(
    {
        401: Rule(IK, "binance.http_401"),
        403: Rule(DENIED, "binance.http_403"),
        408: Rule(NET, "binance.http_408"),
        418: Rule(RATE, "binance.http_418"),
        429: Rule(RATE, "binance.http_429"),
        451: Rule(DENIED, "binance.http_451"),
        503: Rule(NET, "binance.http_503"),
    },
    server_error=Rule(NET, "binance.http_{status}", "binance.http_5xx"),
)
BINANCE_OVERRIDING_STATUSES: Final = frozenset({418, 451})
"""Statuses that say more than the code: an IP ban (418) and a geo block (451)."""
BINANCE_SUCCESS_CODES: Final = frozenset({0, 200})
BINANCE_UNKNOWN_CODE: Final = Rule(UNKNOWN, "binance.{code}", "binance.unknown_code")

# ----------------------------------------------------------------------------- Upbit

_UPBIT_NAME_TYPES: Final[Mapping[str, ErrorType]] = {
    "invalid_query_payload": IK,  # JWT payload or query_hash does not match the request
    "jwt_verification": IK,  # signature check failed: wrong secret key
    "expired_access_key": IK,
    "nonce_used": IK,  # a replayed token: nonce reused, not a clock problem
    "no_authorization_ip": IP,
    "no_authorization_token": IK,
    "invalid_access_key": IK,
    "out_of_scope": DENIED,  # comes with 401 or 403: branch on the name
    "open_api_withdraw_locked": DENIED,
    "thirdparty_agreement_required": DENIED,
}
UPBIT_NAMES: Final[Mapping[str, Rule]] = {
    **{name: Rule(kind, f"upbit.{name}") for name, kind in _UPBIT_NAME_TYPES.items()},
    "no_authorization_i_p": Rule(IP, "upbit.no_authorization_ip"),  # the older spelling
}
UPBIT_MESSAGES: Final[Mapping[str, Rule]] = {
    "too many api requests": Rule(RATE, "upbit.http_429"),
}
UPBIT_STATUS: Final = StatusTable(
    {
        401: Rule(IK, "upbit.http_401"),
        403: Rule(DENIED, "upbit.http_403"),
        418: Rule(RATE, "upbit.http_418"),
        429: Rule(RATE, "upbit.http_429"),
    },
    server_error=Rule(NET, "upbit.http_{status}", "upbit.http_5xx"),
)
UPBIT_UNKNOWN_NAME: Final = Rule(UNKNOWN, "upbit.{name}", "upbit.unknown_error")

# -------------------------------------------------------------------------- Telegram

TELEGRAM_DESCRIPTIONS: Final[Mapping[str, Rule]] = {
    "chat not found": Rule(DENIED, "telegram.chat_not_found"),
    "chat_id is empty": Rule(IK, "telegram.chat_id_empty"),
    "bot was blocked by the user": Rule(DENIED, "telegram.bot_blocked"),
    "bot is not a member": Rule(DENIED, "telegram.not_member"),
    "bot was kicked": Rule(DENIED, "telegram.not_member"),
    "upgraded to a supergroup": Rule(DENIED, "telegram.chat_migrated"),
    "invalid token specified": Rule(IK, "telegram.401"),
    "terminated by other getupdates": Rule(UNKNOWN, "telegram.409"),
}
TELEGRAM_STATUS: Final = StatusTable(
    {
        400: Rule(UNKNOWN, "telegram.400"),
        401: Rule(IK, "telegram.401"),
        403: Rule(DENIED, "telegram.403"),
        404: Rule(IK, "telegram.404"),
        409: Rule(UNKNOWN, "telegram.409"),
        421: Rule(IK, "telegram.421"),
        429: Rule(RATE, "telegram.429"),
    },
    server_error=Rule(NET, "telegram.{status}", "telegram.5xx"),
)

# ---------------------------------------------------------------- any HTTP answer

HTML_STATUS: Final = StatusTable(
    {403: Rule(DENIED, "http.403_html")},
    server_error=Rule(NET, "http.{status}_html", "http.5xx_html"),
)
HTTP_STATUS: Final = StatusTable(
    {
        401: Rule(IK, "http.401"),
        403: Rule(DENIED, "http.403"),
        407: Rule(NET, "http.407"),
        408: Rule(NET, "http.408"),
        418: Rule(RATE, "http.418", "http.rate_limited"),
        429: Rule(RATE, "http.429", "http.rate_limited"),
        451: Rule(DENIED, "http.451"),
    },
    server_error=Rule(NET, "http.{status}", "http.5xx"),
)
HTML_BODY: Final = Rule(UNKNOWN, "http.html_body")
UNRECOGNIZED_STATUS: Final = Rule(UNKNOWN, "http.{status}", "http.unrecognized")
UNRECOGNIZED: Final = Rule(UNKNOWN, "response.unrecognized")
INTERNAL_ERROR: Final = Rule(UNKNOWN, "classifier.error")

_HTML_MARKERS: Final = ("<!doctype html", "<html", "<head", "<body", "<title", "<center>")
_REQUEST_IP: Final = re.compile(r"request ip:\s*([0-9A-Fa-f:.]{2,45})")
_NAME_CHARS: Final = re.compile(r"[^a-z0-9_]+")
_TYPE_CHARS: Final = re.compile(r"[^A-Za-z0-9_]+")
VENUE_NAMES: Final[Mapping[str, tuple[str, str]]] = {
    "binance": ("Binance", "바이낸스"),
    "binance_futures": ("Binance futures", "바이낸스 선물"),
    "upbit": ("Upbit", "업비트"),
    "telegram": ("Telegram", "텔레그램"),
}
_EXCHANGE_ALIASES: Final[Mapping[str, str]] = {
    "binance_spot": "binance",
    "binanceusdm": "binance_futures",
    "binance_usdm": "binance_futures",
    "fapi": "binance_futures",
}


@dataclass(frozen=True)
class _Answer:
    """A response reduced to the facts the tables look at."""

    exchange: str
    status: int | None
    data: object
    text: str
    retry_after: float | None
    code: int | None = None
    name: str | None = None
    message: str = ""
    ip: str | None = None
    chat_id: str | None = None
    html: bool = False


Decider = Callable[[_Answer], Rule | None]


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
    chosen = _safe_lang(lang)
    try:
        answer = _read_answer(exchange, status, body, headers)
        return _build(_decide(answer), chosen, answer)
    except Exception:  # the contract: never raise, whatever came back
        return _internal_error(chosen)


def classify_exception(exc: BaseException, *, lang: str | None = None) -> Classification:
    """Classify a transport, PostgreSQL or Redis exception. Never raises."""
    chosen = _safe_lang(lang)
    try:
        return _classify_exception(exc, chosen)
    except Exception:  # the contract: never raise, whatever was raised
        return _internal_error(chosen)


# ------------------------------------------------------------------ reading answers


def _read_answer(exchange: object, status: object, body: object, headers: object) -> _Answer:
    venue = _venue(exchange)
    data, text = _parse_body(body)
    answer = _Answer(
        exchange=venue,
        status=_status(status),
        data=data,
        text=text,
        retry_after=_retry_after(_header(headers, "retry-after")),
        html=_looks_like_html(text),
    )
    facts = _FACTS.get(venue)
    return answer if facts is None else facts(answer)


def _venue(exchange: object) -> str:
    if not isinstance(exchange, str):
        return ""
    name = exchange.strip().lower().replace("-", "_")[:40]
    return _EXCHANGE_ALIASES.get(name, name)


def _status(status: object) -> int | None:
    if isinstance(status, bool) or not isinstance(status, int):
        return None
    return status if 100 <= status <= 999 else None


def _parse_body(body: object) -> tuple[object, str]:
    """(structure, text): JSON is parsed from text; a dict or list is used as given."""
    if isinstance(body, dict | list):
        return body, ""
    if isinstance(body, bytes | bytearray | memoryview):
        text = bytes(body[:BODY_LIMIT]).decode("utf-8", "replace")
    elif isinstance(body, str):
        text = body[:BODY_LIMIT]
    else:
        return None, ""
    return _json(text), text


def _json(text: str) -> object:
    if not text.lstrip().startswith(("{", "[")):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith("<") and any(marker in head for marker in _HTML_MARKERS)


def _header(headers: object, wanted: str) -> str | None:
    if not isinstance(headers, Mapping):
        return None
    for count, (key, value) in enumerate(headers.items()):
        if count >= HEADER_LIMIT:
            return None
        if _text_of(key).lower() == wanted:
            return _text_of(value)
    return None


def _text_of(value: object) -> str:
    if isinstance(value, bytes):
        return value[:256].decode("latin-1")
    return value[:256] if isinstance(value, str) else ""


def _retry_after(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        seconds = float(value)
    except (ValueError, OverflowError):
        return None
    return seconds if math.isfinite(seconds) and 0 <= seconds <= RETRY_AFTER_MAX else None


def _field(data: object, *path: str) -> object:
    for name in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(name)
    return data


def _int(value: object, digits: int = 9) -> int | None:
    """An int of at most ``digits`` digits (a JSON int or a numeric string); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 10**digits else None
    if isinstance(value, str) and re.fullmatch(rf"\s*-?\d{{1,{digits}}}\s*", value):
        return int(value)
    return None


def _str(value: object) -> str:
    return value[:MESSAGE_LIMIT] if isinstance(value, str) else ""


def _binance_facts(answer: _Answer) -> _Answer:
    message = _str(_field(answer.data, "msg")) or answer.text[:MESSAGE_LIMIT]
    found = _REQUEST_IP.search(message)
    return replace(
        answer,
        code=_int(_field(answer.data, "code")),
        message=message,
        ip=found.group(1) if found else None,
    )


def _upbit_facts(answer: _Answer) -> _Answer:
    name = _field(answer.data, "error", "name")
    message = _str(_field(answer.data, "error", "message")) or answer.text[:MESSAGE_LIMIT]
    clean = _NAME_CHARS.sub("_", name.strip().lower())[:60] if isinstance(name, str) else None
    return replace(answer, code=_int(name), name=clean or None, message=message)


def _telegram_facts(answer: _Answer) -> _Answer:
    parameters = _field(answer.data, "parameters")
    retry = _retry_after(_int(_field(parameters, "retry_after")))
    chat_id = _int(_field(parameters, "migrate_to_chat_id"), CHAT_ID_DIGITS)
    return replace(
        answer,
        code=_int(_field(answer.data, "error_code")),
        message=_str(_field(answer.data, "description")),
        retry_after=retry if retry is not None else answer.retry_after,
        chat_id=None if chat_id is None else str(chat_id),
    )


_FACTS: Final[Mapping[str, Callable[[_Answer], _Answer]]] = {
    "binance": _binance_facts,
    "binance_futures": _binance_facts,
    "upbit": _upbit_facts,
    "telegram": _telegram_facts,
}

# ------------------------------------------------------------------------ deciding


def _by_message(table: Mapping[str, Rule], message: str) -> Rule | None:
    lowered = message.lower()
    return next((rule for needle, rule in table.items() if needle in lowered), None)


def _binance_override(answer: _Answer) -> Rule | None:
    if answer.status in BINANCE_OVERRIDING_STATUSES:
        return BINANCE_STATUS.get(answer.status)
    return None


def _binance_code(answer: _Answer) -> Rule | None:
    lowered = answer.message.lower()
    for (code, needle), rule in BINANCE_CODE_MESSAGES.items():
        if answer.code == code and needle in lowered:
            return rule
    return None if answer.code is None else BINANCE_CODES.get(answer.code)


def _binance_message(answer: _Answer) -> Rule | None:
    return _by_message(BINANCE_MESSAGES, answer.message)


def _binance_status(answer: _Answer) -> Rule | None:
    return BINANCE_STATUS.get(answer.status)


def _binance_unknown_code(answer: _Answer) -> Rule | None:
    if answer.code is None or answer.code in BINANCE_SUCCESS_CODES:
        return None
    return BINANCE_UNKNOWN_CODE


def _upbit_name(answer: _Answer) -> Rule | None:
    return None if answer.name is None else UPBIT_NAMES.get(answer.name)


def _upbit_numeric_name(answer: _Answer) -> Rule | None:
    """The Quotation API puts the HTTP status in ``error.name`` as an integer."""
    return UPBIT_STATUS.get(answer.code) or HTTP_STATUS.get(answer.code)


def _upbit_message(answer: _Answer) -> Rule | None:
    return _by_message(UPBIT_MESSAGES, answer.message)


def _upbit_status(answer: _Answer) -> Rule | None:
    return UPBIT_STATUS.get(answer.status)


def _upbit_unknown_name(answer: _Answer) -> Rule | None:
    return None if answer.name is None else UPBIT_UNKNOWN_NAME


def _telegram_migrated(answer: _Answer) -> Rule | None:
    """``parameters.migrate_to_chat_id`` says it whatever the description's wording."""
    return None if answer.chat_id is None else TELEGRAM_DESCRIPTIONS["upgraded to a supergroup"]


def _telegram_description(answer: _Answer) -> Rule | None:
    return _by_message(TELEGRAM_DESCRIPTIONS, answer.message)


def _telegram_code(answer: _Answer) -> Rule | None:
    return TELEGRAM_STATUS.get(answer.code)


def _telegram_status(answer: _Answer) -> Rule | None:
    return TELEGRAM_STATUS.get(answer.status)


def _html_page(answer: _Answer) -> Rule | None:
    return HTML_STATUS.get(answer.status) if answer.html else None


def _html_fallback(answer: _Answer) -> Rule | None:
    return HTML_BODY if answer.html else None


def _http_status(answer: _Answer) -> Rule | None:
    return HTTP_STATUS.get(answer.status)


_GENERIC_TAIL: Final[tuple[Decider, ...]] = (_http_status, _html_fallback)
_BINANCE_STEPS: Final[tuple[Decider, ...]] = (
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


def _decide(answer: _Answer) -> Rule:
    for step in VENUE_STEPS.get(answer.exchange, _DEFAULT_STEPS):
        rule = step(answer)
        if rule is not None:
            return rule
    return UNRECOGNIZED if answer.status is None else UNRECOGNIZED_STATUS


# ------------------------------------------------------------------------ building


def _build(rule: Rule, lang: str, answer: _Answer) -> Classification:
    fields = {
        "status": "-" if answer.status is None else str(answer.status),
        "code": "-" if answer.code is None else str(answer.code),
        "name": answer.name or "-",
        "ip": answer.ip or "-",
        "chat_id": answer.chat_id or "-",
        "retry_after": _seconds(answer.retry_after),
        "venue": venue_name(answer.exchange, lang),
    }
    text = hints.lookup(rule.key, lang, **fields)
    return Classification(
        error_type=rule.error_type,
        reason=hints.fill(rule.reason, fields),
        hint=text.hint,
        next_action=text.next_action,
        retry_after=answer.retry_after,
        detail=_answer_detail(answer),
    )


def _answer_detail(answer: _Answer) -> str | None:
    if answer.ip is not None:
        return answer.ip
    label = answer.name or (None if answer.code is None else str(answer.code))
    message = "" if answer.html else answer.message
    if label and message:
        return _clip(f"{label}: {message}")
    if label or message:
        return _clip(label or message)
    return None if answer.status is None else f"HTTP {answer.status}"


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


def venue_name(exchange: str, lang: str) -> str:
    """How a venue is named in messages and hints (``the server`` for an unknown one)."""
    names = VENUE_NAMES.get(exchange)
    if names is None:
        return "서버" if lang == "ko" else "the server"
    return names[1] if lang == "ko" else names[0]


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= DETAIL_LIMIT else flat[: DETAIL_LIMIT - 1] + "…"


def _safe_lang(lang: str | None) -> str:
    try:
        return resolve_lang(lang)
    except Exception:  # an unsupported --lang must not stop classification
        return "en"


def _internal_error(lang: str) -> Classification:
    try:
        text = hints.lookup(INTERNAL_ERROR.key, lang)
        return Classification(UNKNOWN, INTERNAL_ERROR.reason, text.hint, text.next_action)
    except Exception:  # the catalogue itself failed; still answer
        return Classification(
            UNKNOWN,
            INTERNAL_ERROR.reason,
            "golive could not classify this error.",
            "Read the detail of the failing check and report the case to the golive maintainers.",
        )


# ---------------------------------------------------------------------- exceptions


@dataclass(frozen=True)
class ExceptionRule:
    """One row for exceptions: matches when a class AND a message pattern match.

    ``classes`` are ``package:ClassName`` (``package`` is the top-level module)
    looked up in the MRO of the exception and of its causes; empty means any
    class. ``patterns`` are case-insensitive regexes over their messages; empty
    means any message. ``detail`` optionally picks the ``detail`` text.
    """

    rule: Rule
    classes: frozenset[str] = frozenset()
    patterns: tuple[re.Pattern[str], ...] = ()
    detail: re.Pattern[str] | None = None

    def matches(self, names: frozenset[str], text: str) -> bool:
        if self.classes and not self.classes & names:
            return False
        return not self.patterns or any(pattern.search(text) for pattern in self.patterns)


def _on(
    kind: ErrorType,
    reason: str,
    classes: tuple[str, ...] = (),
    patterns: tuple[str, ...] = (),
    detail: str | None = None,
) -> ExceptionRule:
    return ExceptionRule(
        Rule(kind, reason),
        frozenset(classes),
        tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns),
        None if detail is None else re.compile(detail, re.IGNORECASE),
    )


_PG = ("psycopg:Error",)
_REDIS = ("redis:RedisError",)
_DNS = (
    r"name or service not known",
    r"nodename nor servname",
    r"getaddrinfo failed",
    r"temporary failure in name resolution",
    r"no address associated with hostname",
    r"could not translate host name",
)
_REFUSED = (r"connection refused", r"errno 111\b", r"winerror 10061", r"actively refused")
_TLS_VERIFY = (r"certificate_verify_failed", r"certificate verify failed")
_TIMEOUTS = ("builtins:TimeoutError", "httpx:TimeoutException", "httpcore:TimeoutException")
_RESETS = (
    "builtins:ConnectionResetError",
    "builtins:ConnectionAbortedError",
    "builtins:BrokenPipeError",
    "httpx:RemoteProtocolError",
    "httpx:ReadError",
    "httpx:WriteError",
    "httpcore:RemoteProtocolError",
    "httpcore:ReadError",
    "httpcore:WriteError",
)

EXCEPTION_RULES: Final[tuple[ExceptionRule, ...]] = (
    # PostgreSQL (psycopg), most specific first
    _on(IP, "pg.hba_rejected", _PG, (r"no pg_hba\.conf entry", r"pg_hba\.conf rejects")),
    _on(IK, "pg.auth_failed", ("psycopg:InvalidPassword",)),
    _on(
        IK,
        "pg.auth_failed",
        _PG,
        (r"password authentication failed", r"no password supplied", r'role ".*" does not exist'),
    ),
    _on(IK, "pg.auth_failed", ("psycopg:InvalidAuthorizationSpecification",)),
    _on(RATE, "pg.too_many_connections", ("psycopg:TooManyConnections",)),
    _on(
        RATE,
        "pg.too_many_connections",
        _PG,
        (r"too many clients", r"remaining connection slots are reserved", r"too many connections"),
    ),
    _on(
        UNKNOWN,
        "pg.database_missing",
        _PG,
        (r'database ".*" does not exist',),
        detail=r'database "[^"]{1,128}" does not exist',
    ),
    _on(DENIED, "pg.read_only", ("psycopg:ReadOnlySqlTransaction",)),
    _on(DENIED, "pg.read_only", _PG, (r"read-only transaction",)),
    _on(DENIED, "pg.insufficient_privilege", ("psycopg:InsufficientPrivilege",)),
    _on(NET, "pg.connection_refused", _PG, _REFUSED),
    _on(NET, "pg.timeout", ("psycopg:ConnectionTimeout",)),
    _on(NET, "pg.timeout", _PG, (r"timeout expired", r"timed out")),
    _on(NET, "pg.dns_failed", _PG, _DNS),
    # Redis (redis-py)
    _on(
        IK,
        "redis.auth_failed",
        ("redis:AuthenticationError", "redis:AuthenticationWrongNumberOfArgsError"),
    ),
    _on(
        IK,
        "redis.auth_failed",
        _REDIS,
        (r"\bnoauth\b", r"\bwrongpass\b", r"invalid password", r"invalid username-password"),
    ),
    _on(DENIED, "redis.no_permission", ("redis:NoPermissionError",)),
    _on(DENIED, "redis.no_permission", _REDIS, (r"\bnoperm\b",)),
    _on(RATE, "redis.too_many_connections", _REDIS, (r"max number of clients reached",)),
    _on(NET, "redis.connection_refused", _REDIS, _REFUSED),
    _on(NET, "redis.timeout", ("redis:TimeoutError",)),
    _on(NET, "redis.timeout", _REDIS, (r"timeout", r"timed out")),
    # TLS and proxies, for every client
    _on(NET, "net.tls_verify", ("ssl:SSLCertVerificationError",)),
    _on(NET, "net.tls_verify", (), _TLS_VERIFY),
    _on(NET, "net.tls", ("ssl:SSLError",)),
    _on(
        NET,
        "net.tls",
        (),
        (r"\[ssl[:\]]", r"ssl handshake", r"tlsv1 alert", r"wrong version number"),
    ),
    _on(NET, "net.proxy", ("httpx:ProxyError", "httpcore:ProxyError")),
    # what is left of PostgreSQL and Redis connection failures
    _on(NET, "pg.connection_failed", ("psycopg:OperationalError",), (r"connection",)),
    _on(NET, "redis.connection_failed", ("redis:ConnectionError",)),
    # transport (httpx, httpcore, sockets, asyncio)
    _on(NET, "net.dns", ("socket:gaierror",)),
    _on(NET, "net.dns", (), _DNS),
    _on(NET, "net.connection_refused", ("builtins:ConnectionRefusedError",)),
    _on(NET, "net.connection_refused", (), _REFUSED),
    _on(
        NET,
        "net.unreachable",
        (),
        (r"network is unreachable", r"no route to host", r"errno 101\b", r"errno 113\b"),
    ),
    _on(NET, "net.connect_timeout", ("httpx:ConnectTimeout", "httpcore:ConnectTimeout")),
    _on(NET, "net.read_timeout", ("httpx:ReadTimeout", "httpcore:ReadTimeout")),
    _on(NET, "net.pool_timeout", ("httpx:PoolTimeout", "httpcore:PoolTimeout")),
    _on(NET, "net.timeout", _TIMEOUTS),
    _on(NET, "net.connection_reset", _RESETS),
    _on(NET, "net.connection_reset", (), (r"connection reset", r"server disconnected")),
    _on(
        NET,
        "net.connect_failed",
        ("httpx:ConnectError", "httpx:NetworkError", "httpcore:ConnectError"),
    ),
    _on(NET, "net.connect_failed", ("builtins:ConnectionError",)),
)
"""Exception rows in priority order; the first match wins."""
UNKNOWN_EXCEPTION: Final = Rule(UNKNOWN, "exception.{type}", "exception.unknown")


def _classify_exception(exc: BaseException, lang: str) -> Classification:
    chain = tuple(_chain(exc))
    names = frozenset(name for item in chain for name in _class_names(item))
    text = "\n".join(_message(item) for item in chain)
    found = next((row for row in EXCEPTION_RULES if row.matches(names, text)), None)
    rule = UNKNOWN_EXCEPTION if found is None else found.rule
    type_name = _TYPE_CHARS.sub("_", type(exc).__name__)[:60] or "Exception"
    text_parts = hints.lookup(rule.key, lang, type=type_name)
    return Classification(
        error_type=rule.error_type,
        reason=hints.fill(rule.reason, {"type": type_name}),
        hint=text_parts.hint,
        next_action=text_parts.next_action,
        detail=_exception_detail(exc, found, text),
    )


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, then its causes (or contexts, unless suppressed), without loops."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < CHAIN_LIMIT:
        seen.add(id(current))
        yield current
        cause = getattr(current, "__cause__", None)
        if cause is None and not getattr(current, "__suppress_context__", False):
            cause = getattr(current, "__context__", None)
        if cause is None:
            cause = _wrapped(current)
        current = cause if isinstance(cause, BaseException) else None


def _wrapped(exc: BaseException) -> BaseException | None:
    """An exception carried as an argument (httpcore wraps the error it maps, raised
    ``from None``) or the first member of an exception group (anyio's connect attempts)."""
    members = getattr(exc, "exceptions", None)
    carried = members if isinstance(members, tuple) else getattr(exc, "args", ())
    return next((item for item in carried if isinstance(item, BaseException)), None)


def _class_names(exc: BaseException) -> Iterator[str]:
    for cls in type(exc).__mro__:
        package = str(getattr(cls, "__module__", "") or "").split(".", 1)[0]
        yield f"{package}:{cls.__name__}"


def _message(exc: BaseException) -> str:
    try:
        return str(exc)[:MESSAGE_LIMIT]
    except Exception:  # a broken __str__ must not break classification
        return ""


def _exception_detail(exc: BaseException, row: ExceptionRule | None, text: str) -> str:
    if row is not None and row.detail is not None:
        found = row.detail.search(text)
        if found:
            return _clip(found.group(0))
    first_line = _message(exc).strip().splitlines()[:1]
    name = type(exc).__name__
    return _clip(f"{name}: {first_line[0]}") if first_line else name


# ---------------------------------------------------------------------- enumerating


def all_rules() -> tuple[Rule, ...]:
    """Every rule the classifier can apply (reasons may still hold placeholders)."""
    tables: tuple[Iterable[Rule], ...] = (
        BINANCE_CODES.values(),
        BINANCE_CODE_MESSAGES.values(),
        BINANCE_MESSAGES.values(),
        BINANCE_STATUS.exact.values(),
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
    "VENUE_NAMES",
    "Classification",
    "ExceptionRule",
    "Rule",
    "StatusTable",
    "all_rules",
    "classify_exception",
    "classify_response",
    "venue_name",
]
