"""The bilingual hint catalogue: what went wrong and what to do now, in en and ko.

The catalogues are data files shipped in the wheel (``en.json``, ``ko.json``).
Each maps a stable key to either one sentence (a plain string, read with
:func:`text`) or, for a reason code (``binance.-2015``, ``net.timeout``,
``git.tracked``), an entry with two texts:

* ``hint``: what is wrong, in words an operator understands;
* ``next_action``: the concrete fix to do now (console path, command, setting).

Lookups never raise: a missing Korean entry falls back to English, a missing
entry to the key itself, and a ``{field}`` placeholder without a value stays as
written. Catalogues are read lazily on first use and cached.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from golive.messages.lang import normalize_lang

PARTS: tuple[str, ...] = ("hint", "next_action")
FALLBACK_LANG = "en"
_PACKAGE = "golive.messages"
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

Catalogue = Mapping[str, Mapping[str, str]]
_LOADING = threading.Lock()
"""Held while a catalogue is looked up: checks on threads of their own ask for it at
once, and each would otherwise read and parse the file itself."""


@dataclass(frozen=True)
class Message:
    """A sentence not yet put into words: its key and fields, rendered per language.

    A field may itself be a :class:`Message` (a clause chosen by code, such as
    why a value is malformed), rendered in the same language first.
    """

    key: str
    fields: Mapping[str, str | Message | Joined] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        values = {
            name: value if isinstance(value, str) else value.render(lang)
            for name, value in self.fields.items()
        }
        return text(self.key, lang, **values)


@dataclass(frozen=True)
class Joined:
    """Several messages rendered in one language and joined (a list in one sentence)."""

    parts: tuple[Message | Joined, ...]
    separator: str = "; "

    def render(self, lang: str) -> str:
        return self.separator.join(part.render(lang) for part in self.parts)


def message(key: str, /, **fields: str | Message | Joined) -> Message:
    """Shorthand for ``Message(key, fields)``."""
    return Message(key, fields)


class MessageError(Exception):
    """An operator-facing error whose words come from the catalogue.

    ``str(error)`` is the English sentence (logs, tests, callers that know no
    language); :meth:`in_lang` says it in the operator's language at the one
    error boundary (``golive.cli``). A plain string is accepted too.
    """

    def __init__(self, said: Message | str) -> None:
        self.said = said if isinstance(said, Message) else None
        super().__init__(said if isinstance(said, str) else said.render(FALLBACK_LANG))

    def in_lang(self, lang: str) -> str:
        return str(self) if self.said is None else self.said.render(lang)


@dataclass(frozen=True)
class HintText:
    """The two texts of one catalogue entry, placeholders filled."""

    hint: str
    next_action: str


def text(key: str, lang: str, /, **fields: str) -> str:
    """One text by key.

    ``key`` is an entry key (``"binance.-2015"``, giving its ``hint``) or an
    entry key plus a part (``"binance.-2015.next_action"``).
    """
    raw = _raw(key, "hint", lang)  # a whole key first: ``report.console.hint`` is one
    if raw is None:
        entry_key, part = _split_part(key)
        raw = _raw(entry_key, part, lang)
    return key if raw is None else fill(raw, fields)


def lookup(key: str, lang: str, /, **fields: str) -> HintText:
    """Both texts of an entry; each falls back on its own (ko, then en, then the key)."""
    hint, action = (_raw(key, part, lang) for part in PARTS)
    return HintText(
        hint=key if hint is None else fill(hint, fields),
        next_action=key if action is None else fill(action, fields),
    )


def has(key: str, lang: str = FALLBACK_LANG) -> bool:
    """Whether ``lang``'s own catalogue (no fallback) holds ``key``."""
    return key in catalogue(lang)


def keys(lang: str = FALLBACK_LANG) -> frozenset[str]:
    """Every entry key of one language's catalogue."""
    return frozenset(catalogue(lang))


def fill(template: str, fields: Mapping[str, str]) -> str:
    """Replace ``{name}`` with ``fields[name]``; unknown names and stray braces stay as written."""

    def replace(match: re.Match[str]) -> str:
        value = fields.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return _PLACEHOLDER.sub(replace, template)


def catalogue(lang: str) -> Catalogue:
    """One language's parsed catalogue (``en`` if unsupported); ``{}`` if unreadable."""
    name = normalize_lang(lang) or FALLBACK_LANG
    with _LOADING:
        return _load(name)


@cache
def _load(name: str) -> Catalogue:
    try:
        source = _read(f"{name}.json")
        loaded = json.loads(source)
    except (OSError, ValueError):
        return {}
    return _entries_of(loaded)


def _read(filename: str) -> str:
    """The catalogue file, from the package's resources or, failing that, beside this module.

    The fallback serves a process that can no longer import (e.g. one that dropped
    privileges after start-up and cannot read the standard library's lazy modules).
    """
    try:
        return resources.files(_PACKAGE).joinpath(filename).read_text("utf-8")
    except ImportError:
        return Path(__file__).with_name(filename).read_text("utf-8")


def _entries_of(loaded: object) -> Catalogue:
    if not isinstance(loaded, dict):
        return {}
    entries: dict[str, Mapping[str, str]] = {}
    for key, entry in loaded.items():
        if not isinstance(key, str):
            continue
        if isinstance(entry, str):
            entries[key] = {"hint": entry}
        elif isinstance(entry, dict):
            entries[key] = {part: value for part, value in entry.items() if isinstance(value, str)}
    return entries


def _raw(key: str, part: str, lang: str) -> str | None:
    for candidate in (lang, FALLBACK_LANG):
        value = catalogue(candidate).get(key, {}).get(part)
        if value is not None:
            return value
    return None


def _split_part(key: str) -> tuple[str, str]:
    for part in PARTS:
        suffix = "." + part
        if key.endswith(suffix):
            return key[: -len(suffix)], part
    return key, "hint"
