"""The exception classifier: the first row of :data:`EXCEPTION_RULES` that matches wins.

Exceptions are matched by class name (``package:Class`` over the MRO of the
exception and its causes) and message patterns, so this module imports neither
psycopg, redis nor httpx.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from golive import messages as hints
from golive.errors.datastores import DATASTORE_CONNECTION_RULES, DATASTORE_RULES
from golive.errors.rules import (
    CHAIN_LIMIT,
    MESSAGE_LIMIT,
    UNKNOWN,
    Classification,
    ExceptionRule,
    Rule,
    clip,
    internal_error,
    safe_lang,
)
from golive.errors.transport import TLS_AND_PROXY_RULES, TRANSPORT_RULES

EXCEPTION_RULES: Final[tuple[ExceptionRule, ...]] = (
    *DATASTORE_RULES,
    *TLS_AND_PROXY_RULES,
    *DATASTORE_CONNECTION_RULES,
    *TRANSPORT_RULES,
)
"""Exception rows in priority order; the first match wins."""
UNKNOWN_EXCEPTION: Final = Rule(UNKNOWN, "exception.{type}", "exception.unknown")

_TYPE_CHARS: Final = re.compile(r"[^A-Za-z0-9_]+")


def classify_exception(exc: BaseException, *, lang: str | None = None) -> Classification:
    """Classify a transport, PostgreSQL or Redis exception. Never raises."""
    chosen = safe_lang(lang)
    try:
        return _classify_exception(exc, chosen)
    except Exception:  # the contract: never raise, whatever was raised
        return internal_error(chosen)


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
            return clip(found.group(0))
    first_line = _message(exc).strip().splitlines()[:1]
    name = type(exc).__name__
    return clip(f"{name}: {first_line[0]}") if first_line else name
