"""The shapes a secret takes in text: whole encoded forms, and forms its pieces are read in.

A *whole form* is the secret in one encoding (raw, URL-quoted, JSON-escaped, ``repr``,
base64): it is masked where it appears whole. A *piece form* is one in which any
:data:`PIECE_LEN` consecutive characters of the secret are masked wherever they appear:

* the raw form (folded: :mod:`golive.masking.fold`);
* each encoding that writes every character as its own run of text (URL-quoting, JSON,
  ``repr``; UTF-8 read as Latin-1), with where each character's run starts;
* base64 at each of the three byte alignments (a secret inside a longer base64 text, an
  HTTP Basic ``user:password``), where a piece is :data:`PIECE_LEN` bytes. The zero bytes
  that align the secret decide only its first characters, which a text matches by chance.

Hex and ``%XX`` per byte are not indexed: the scan decodes such runs of the text
(:mod:`golive.masking.views`) and finds the secret's UTF-8 bytes there, read as Latin-1
(the raw form itself when the secret is ASCII).
"""

from __future__ import annotations

import base64
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from urllib.parse import quote, quote_plus

from golive.masking.fold import fold

PIECE_LEN = 8
"""No piece of a secret this long may appear in output (an 8-character slice is a leak)."""
BASE64_PIECE_LEN = 10
"""Base64 characters that make a piece: any 8 bytes of a secret inside a base64 text, at
any alignment, leave at least 10 characters that only they decide (two or three whole
groups, and the characters of the groups they share with their neighbours that hold no
neighbour's bit)."""
WHOLE_MIN_LEN = 8
"""Shorter forms are never hunted in free text (``MIN_SECRET_LEN`` of the redactor)."""

Units = tuple[int, ...] | None
"""Where a piece form's characters of the secret start (one offset per character, then
the form's length), or None: one per form character."""


@dataclass(frozen=True, slots=True)
class PieceForm:
    """A folded form in which runs of ``need`` units are pieces of the secret."""

    text: str
    units: Units
    need: int

    def units_within(self, start: int, end: int) -> int:
        """How many whole units ``text[start:end]`` holds."""
        units = self.units
        if units is None:
            return end - start
        return bisect_right(units, end) - 1 - bisect_left(units, start)

    def shortest_piece(self) -> int:
        """The length of the shortest run of ``need`` units: windows must fit inside it."""
        units = self.units
        if units is None:
            return self.need
        return min(units[i + self.need] - units[i] for i in range(len(units) - self.need))


def _json_inner(value: str, *, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)[1:-1]


def _utf8(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


def _b64(value: str, *, urlsafe: bool) -> str:
    data = value.encode("utf-8", "surrogatepass")
    return (base64.urlsafe_b64encode(data) if urlsafe else base64.b64encode(data)).decode()


def _latin1(value: str) -> str:
    return _utf8(value).decode("latin-1")


_PER_CHARACTER: tuple[Callable[[str], str], ...] = (
    lambda s: quote(s, safe=""),
    quote,
    quote_plus,
    lambda s: _json_inner(s, ascii_only=True),
    lambda s: _json_inner(s, ascii_only=False),
    lambda s: _json_inner(_json_inner(s, ascii_only=True), ascii_only=True),
    lambda s: repr(s)[1:-1],
    lambda s: ascii(s)[1:-1],
    _latin1,
)
"""Encodings that turn each character into its own run (the raw form aside); the last
one is how a hex or ``%XX`` run decodes."""

_BASE64: tuple[Callable[[str], str], ...] = (
    lambda s: _b64(s, urlsafe=False),
    lambda s: _b64(s, urlsafe=True),
    lambda s: _b64(s, urlsafe=False).rstrip("="),
    lambda s: _b64(s, urlsafe=True).rstrip("="),
)
_ENCODERS: tuple[Callable[[str], str], ...] = (lambda s: s, *_PER_CHARACTER, *_BASE64)
_PLAIN = re.compile(r"[A-Za-z0-9_.~-]*")
"""Characters every per-character encoding writes as they are (most API keys hold no other)."""


def _plain(secret: str) -> bool:
    return _PLAIN.fullmatch(secret) is not None


def encoded_forms(secret: str) -> frozenset[str]:
    """The secret as it may appear whole in text: raw, URL-quoted, JSON-escaped, repr,
    base64. Letter case does not matter: the redactor compares folded text."""
    encoders = (lambda s: s, *_BASE64) if _plain(secret) else _ENCODERS
    forms = {form for encode in encoders if (form := _encode(encode, secret))}
    return frozenset(f for f in forms if len(f) >= WHOLE_MIN_LEN)


def _encode(encode: Callable[[str], str], secret: str) -> str | None:
    try:
        return encode(secret)
    except UnicodeEncodeError:  # a lone surrogate cannot be URL-quoted
        return None


def piece_forms(secret: str) -> list[PieceForm]:
    """Every folded form in which a run of :data:`PIECE_LEN` characters of ``secret`` is
    looked for, each once. The raw form counts folded characters (format characters fold
    away); the others count the secret's characters, each written as its encoding."""
    raw = fold(secret)
    if len(raw) < PIECE_LEN:
        return []
    forms = {raw: PieceForm(raw, None, PIECE_LEN)}
    for encode in () if _plain(secret) else _PER_CHARACTER:
        form = _character_form(encode, secret)
        if form is not None:
            forms.setdefault(form.text, form)
    data = _utf8(secret)
    for shift in (b"", b"\0", b"\0\0"):  # the three alignments, every byte of the secret
        text = fold(base64.b64encode(shift + data).decode().rstrip("="))
        forms.setdefault(text, PieceForm(text, None, BASE64_PIECE_LEN))
    return list(forms.values())


def _character_form(encode: Callable[[str], str], secret: str) -> PieceForm | None:
    whole = _encode(encode, secret)
    if whole is None:
        return None
    if whole == secret:
        return None  # the raw form
    parts = [part for char in secret if (part := fold(encode(char)))]
    if len(parts) < PIECE_LEN:
        return None
    return PieceForm("".join(parts), (0, *accumulate(map(len, parts))), PIECE_LEN)
