"""The folded view of a text, in which the redactor compares secrets with it.

Folding lower-cases each character on its own, removes format characters (zero-width
space and joiners, bidi marks, soft hyphen) and reads ``+`` as ``-`` and ``/`` as ``_``
(the two base64 alphabets then read alike: one index serves both). A secret echoed in
another case, split by invisible characters or re-encoded in URL-safe base64 is then
the same text. :func:`folded_with_positions` also says where each folded character came
from, so a match is mapped back onto the original text.

The folding is one ``str.translate`` through a table filled on first sight of each
character (C speed; a character's fold never changes); only a text holding a character
whose fold is not exactly one character (a format character, ``İ``) is walked
character by character to record positions.
"""

from __future__ import annotations

import re
import unicodedata

_ASCII_SWAPS = {"+": "-", "/": "_"}


def _fold_char(char: str) -> str:
    if unicodedata.category(char) == "Cf":
        return ""
    low = char.lower()
    return _ASCII_SWAPS.get(low, low)


class _FoldTable(dict[int, str]):
    """``str.translate`` table: code point to its fold, computed on first sight."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()
        self.uneven_pattern: re.Pattern[str] | None = None

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = self[code] = _fold_char(char)
        if len(folded) != 1:
            self.uneven.add(char)
            self.uneven_pattern = re.compile("[" + re.escape("".join(sorted(self.uneven))) + "]")
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-cased, character by character, without format characters, ``+/`` as ``-_``."""
    if text.isascii():
        return _fold_ascii(text)
    return text.translate(_TABLE)


def _fold_ascii(text: str) -> str:
    low = text.lower()
    if "+" in low:
        low = low.replace("+", "-")
    if "/" in low:
        low = low.replace("/", "_")
    return low


def folded_with_positions(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)`` and, unless it is the identity on positions, where each char came from
    (one entry per folded character, plus ``len(text)``)."""
    if text.isascii():
        return _fold_ascii(text), None
    folded = text.translate(_TABLE)
    pattern = _TABLE.uneven_pattern
    if pattern is None or pattern.search(text) is None:
        return folded, None
    positions: list[int] = []
    for i, char in enumerate(text):
        positions += [i] * len(_TABLE[ord(char)])
    positions.append(len(text))
    return folded, positions
