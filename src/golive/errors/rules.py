"""The row types every table is made of, and what a row becomes.

A :class:`Rule` names an :class:`~golive.model.ErrorType`, a stable ``reason``
code and the catalogue key of its hint; a :class:`StatusTable` holds the rows
for HTTP statuses; an :class:`ExceptionRule` matches exceptions by class and
message. A :class:`Classification` is the answer both classifiers return.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
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
    headline: str | None = None
    """Catalogue key of the one-line message when the type's generic line would mislead."""


@dataclass(frozen=True)
class Rule:
    """One row: the type, the reason code, and the catalogue key of the hint.

    ``reason`` may hold ``{status}``, ``{code}``, ``{name}`` or ``{type}``,
    filled from the answer. ``hint_key`` defaults to ``reason``. ``headline``
    names the catalogue line a check shows instead of its type's generic line
    (a client bug is ``unknown`` but not "an answer golive cannot read").
    """

    error_type: ErrorType
    reason: str
    hint_key: str = ""
    headline: str | None = None

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


def on(
    kind: ErrorType,
    reason: str,
    classes: tuple[str, ...] = (),
    patterns: tuple[str, ...] = (),
    detail: str | None = None,
) -> ExceptionRule:
    """One exception row, its patterns compiled case-insensitively."""
    return ExceptionRule(
        Rule(kind, reason),
        frozenset(classes),
        tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns),
        None if detail is None else re.compile(detail, re.IGNORECASE),
    )


CLIENT_BUG: Final = "outcome.failed.client_bug"
"""The headline of an answer that says the request itself was malformed or replayed."""
INTERNAL_ERROR: Final = Rule(UNKNOWN, "classifier.error")
"""What both classifiers answer when something inside them went wrong."""


def clip(text: str) -> str:
    """One line of at most :data:`DETAIL_LIMIT` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= DETAIL_LIMIT else flat[: DETAIL_LIMIT - 1] + "…"


def safe_lang(lang: str | None) -> str:
    try:
        return resolve_lang(lang)
    except Exception:  # an unsupported --lang must not stop classification
        return "en"


def internal_error(lang: str) -> Classification:
    """``unknown`` / ``classifier.error``: the catalogue's lookups never raise."""
    text = hints.lookup(INTERNAL_ERROR.key, lang)
    return Classification(UNKNOWN, INTERNAL_ERROR.reason, text.hint, text.next_action)
