"""Text from outside made safe to show: no terminal escapes, no lone surrogates.

Whatever a venue answers, whatever a file or its name holds, reaches the console,
``detail.txt``, ``result.json`` and JUnit only through :func:`printable`: control
characters (C0, C1, DEL), Unicode format characters (bidi overrides, zero-width
marks) and lone surrogates are written as visible ``\\xNN`` (below 0x20) or ``\\uNNNN``
escapes (also valid inside a JSON string), so a
server cannot set the window title, clear the screen, forge a ``PASS`` line, or
crash the run with a string that cannot be encoded as UTF-8.

:func:`fold` is the comparison form the redactor uses to find a secret echoed in
another case or split by invisible characters.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
"""C0, DEL, C1, zero-width and bidi marks, BOM, surrogates (a fast first pass)."""
_KEPT_IN_BLOCKS = frozenset("\n")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def _unsafe(char: str, *, newlines: bool) -> bool:
    if newlines and char in _KEPT_IN_BLOCKS:
        return False
    category = unicodedata.category(char)
    return category in ("Cc", "Cf", "Cs", "Zl", "Zp")


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control, format or surrogate character escaped.

    ``newlines``: keep ``\\n`` (a multi-line hint); otherwise it is escaped too, so
    one field stays one line.
    """
    if text.isprintable() and not _UNSAFE.search(text):
        return text
    return "".join(_escape(c) if _unsafe(c, newlines=newlines) else c for c in text)


def printable_obj(obj: Any) -> Any:
    """:func:`printable` applied to every string (keys too) inside dicts, lists and tuples."""
    if isinstance(obj, str):
        return printable(obj)
    if isinstance(obj, dict):
        return {printable_obj(k): printable_obj(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(printable_obj(item) for item in obj)
    return obj


def fold(text: str) -> str:
    """Case-folded, without format characters (zero-width joiners, soft hyphens, bidi)."""
    if text.isascii():
        return text.lower()
    return "".join(c for c in text if unicodedata.category(c) != "Cf").lower()
