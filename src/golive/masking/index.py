"""Finding every form of every secret in one pass over a text: cost linear in the text.

The redactor's forms (every encoding of every secret) are indexed by their first
:data:`ANCHOR` characters in a dict. A scan looks up each ``ANCHOR``-long window of
the text once and compares only the forms that start there, so a scan costs one
dict lookup per character whatever the number of secrets (10,000 keys cost the
same per character as one). Python's ``re`` has no multi-literal automaton: an
alternation of 100,000 escaped literals is tried branch by branch at every
position (measured in docs/reliability.md); a compiled Aho-Corasick
(``pyahocorasick``) scans fast but takes seconds to build for that many forms.

Matching is on the *folded* text: lower-cased, format characters (zero-width
space and joiners, bidi marks, soft hyphen) removed, so a secret echoed in
another case or split by invisible characters is still found. Positions are
mapped back to the original text.

A secret cut by clipping (a truncated error message) is caught by its first and
last ``ANCHOR`` characters, extended as far as the text still agrees with it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

ANCHOR = 8
"""Forms are looked up by this many leading characters; shorter forms go to one regex."""


def _fold_char(char: str) -> str:
    return "" if unicodedata.category(char) == "Cf" else char.lower()


def fold(text: str) -> str:
    """Lower-cased, character by character, without format characters."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def folded_with_positions(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)`` and, unless it is the identity on positions, where each char came from."""
    if text.isascii():
        return text.lower(), None
    chars: list[str] = []
    positions: list[int] = []
    for i, char in enumerate(text):
        low = _fold_char(char)
        chars.append(low)
        positions += [i] * len(low)
    positions.append(len(text))
    return "".join(chars), positions


Span = tuple[int, int, int]
"""(start, end, id) in the original text; ``id`` names the form's owner in the caller."""


WHOLE, HEAD, TAIL = 0, 1, 2
"""How an indexed key is matched: the whole form, or a cut secret's head or tail."""


@dataclass
class FormIndex:
    """Whole forms and cut-secret ends, keyed by their first :data:`ANCHOR` folded chars."""

    _by_anchor: dict[str, list[tuple[int, str, int]]] = field(default_factory=dict)
    _short: dict[str, int] = field(default_factory=dict)
    _short_pattern: re.Pattern[str] | None = None

    def add(self, form: str, ident: int) -> None:
        """Find ``form`` (any case, invisible characters ignored) as ``ident``."""
        key = fold(form)
        if len(key) >= ANCHOR:
            self._by_anchor.setdefault(key[:ANCHOR], []).append((WHOLE, key, ident))
        elif key:
            self._short.setdefault(key, ident)
            self._short_pattern = None

    def add_cut(self, secret: str, ident: int) -> None:
        """Also find ``secret``'s prefixes and suffixes of :data:`ANCHOR`+ characters."""
        key = fold(secret)
        if len(key) > ANCHOR:
            self._by_anchor.setdefault(key[:ANCHOR], []).append((HEAD, key, ident))
            self._by_anchor.setdefault(key[-ANCHOR:], []).append((TAIL, key, ident))

    def find(self, text: str) -> list[Span]:
        """Every occurrence, overlaps included, as spans of the original ``text``."""
        if not (self._by_anchor or self._short):
            return []
        folded, positions = folded_with_positions(text)
        spans = self._anchored(folded) + self._shorts(folded)
        if positions is None:
            return spans
        return [(positions[s], positions[e - 1] + 1, ident) for s, e, ident in spans]

    def _anchored(self, text: str) -> list[Span]:
        found: list[Span] = []
        index = self._by_anchor
        for i in range(len(text) - ANCHOR + 1):
            entries = index.get(text[i : i + ANCHOR])
            if entries is None:
                continue
            for kind, key, ident in entries:
                if kind == WHOLE:
                    if text.startswith(key, i):
                        found.append((i, i + len(key), ident))
                elif kind == HEAD:
                    found.append((i, i + _common_prefix(text, i, key), ident))
                else:
                    end = i + ANCHOR
                    found.append((end - _common_suffix(text, end, key), end, ident))
        return found

    def _shorts(self, text: str) -> list[Span]:
        if not self._short:
            return []
        if self._short_pattern is None:
            ordered = sorted(self._short, key=len, reverse=True)
            self._short_pattern = re.compile("(?=(" + "|".join(map(re.escape, ordered)) + "))")
        return [
            (m.start(1), m.end(1), self._short[m.group(1)])
            for m in self._short_pattern.finditer(text)
        ]


def _common_prefix(text: str, start: int, key: str) -> int:
    n = 0
    limit = min(len(key), len(text) - start)
    while n < limit and text[start + n] == key[n]:
        n += 1
    return n


def _common_suffix(text: str, end: int, key: str) -> int:
    n = 0
    limit = min(len(key), end)
    while n < limit and text[end - 1 - n] == key[-1 - n]:
        n += 1
    return n
