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

_ASCII_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
"""The only unsafe characters ASCII has: C0 controls and DEL (category Cc)."""
_UNSAFE_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def _escape_match(found: re.Match[str]) -> str:
    return _escape(found.group())


def _escaped_line(text: str) -> str:
    """``text`` with every control, format, surrogate and line/paragraph separator escaped."""
    if text.isprintable():  # False for every character of an unsafe category (and a few more)
        return text
    if text.isascii():
        return _ASCII_UNSAFE.sub(_escape_match, text)
    return "".join(_escape(c) if unicodedata.category(c) in _UNSAFE_CATEGORIES else c for c in text)


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control, format or surrogate character escaped.

    ``newlines``: keep ``\\n`` (a multi-line hint); otherwise it is escaped too, so
    one field stays one line.

    Most text needs no work: ``str.isprintable()`` is false for every character of
    the escaped categories, so a printable text is returned as it is, ASCII text
    goes through one regular expression, and a block kept in lines (a rendered
    ``result.json``) is looked at line by line; only a non-ASCII line that is not
    printable is looked at character by character.
    """
    if newlines and "\n" in text:
        return "\n".join(_escaped_line(line) for line in text.split("\n"))
    return _escaped_line(text)


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
