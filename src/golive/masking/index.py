"""Finding every form of every secret, and every piece of one, in one pass over a text.

Every indexed form (:mod:`golive.masking.forms`) is cut into windows of :data:`WINDOW`
folded characters, kept in one dict (a window to the forms holding it). A scan looks up
windows of the text and, on a hit, extends the match both ways along the form: a match
that covers the whole form, or enough of a piece form to be a piece of the secret
(:data:`golive.masking.forms.PIECE_LEN` characters), is reported. A scan costs one dict
lookup per :data:`TEXT_STRIDE` characters of text (per character past some 300 secrets)
however many secrets there are. Python's ``re`` has no multi-literal automaton:
an alternation of 100,000 escaped literals is tried branch by branch at every position
(measured in docs/reliability.md); a compiled Aho-Corasick (``pyahocorasick``) scans
fast but takes seconds to build for that many forms, and finds no pieces.

Two layouts, one guarantee. With few secrets every window of a piece form is indexed and
the text is read every :data:`TEXT_STRIDE` characters: any run of the shortest piece
(8 characters) holds a window starting at a multiple of the stride. Past
:data:`LEAN_FROM` windows (some 300 secrets) that index would cost too much memory:
the text is read at every character and each form keeps only every ``s``-th window, ``s``
chosen so that its shortest piece still holds one.

A piece made only of golive's own public words (a loaded key name, a catalogue text:
``UPBIT_ACCESS_KEY`` beside the placeholder ``your_access_key``) shows nothing of the
secret and is left alone; so is a secret that is all golive's own words (a check id),
which golive must show as it is (``env validate`` reports it as ``weak_secret``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from golive.masking.fold import fold, folded_with_positions
from golive.masking.forms import PieceForm, piece_forms
from golive.masking.views import decoded_views

WINDOW = 5
"""Folded characters per indexed window."""
TEXT_STRIDE = 4
"""With the full index, a window of the text is looked up at every 4th character: a run
of 8 characters holds 4 windows, one of them at a multiple of 4."""
SHORT_BELOW = WINDOW + TEXT_STRIDE - 1
"""Forms shorter than this (pieces of passwords cut at ``@ # / ?``) go to one regex."""
LEAN_FROM = 150_000
"""Windows of the full index past which the lean layout is used (some 300 secrets of 72
characters: 10,000 secrets take 75 MB in the lean layout, docs/reliability.md)."""

Span = tuple[int, int, int]
"""(start, end, id) in the original text; ``id`` names the form's owner in the caller."""


@dataclass(frozen=True, slots=True, eq=False)
class _Form:
    text: str
    ident: int
    piece: PieceForm | None
    """None: only the whole form is a match."""
    number: int = 0
    """Its place in the index."""


_Windows = dict[str, "_Form | list[_Form]"]
"""A window to the forms holding it (where: ``str.find``, on a hit: a dict of offsets
would cost an object per window, and most windows are never hit)."""


@dataclass
class FormIndex:
    """Whole forms and piece forms, keyed by their folded windows (built on first use)."""

    public: Callable[[], str] = str
    """Folded public words (``\\n``-separated): a piece made only of them is not a leak."""
    _forms: list[_Form] = field(default_factory=list)
    _known: dict[str, int] = field(default_factory=dict)
    _built: tuple[_Windows, int] | None = None
    """The windows and the text stride, replaced whole (a scan on another thread sees the
    old index or the new one, never half of one)."""
    _short: dict[str, int] = field(default_factory=dict)
    _short_pattern: re.Pattern[str] | None = None
    _public: str | None = None

    def add(self, form: str, ident: int) -> None:
        """Find ``form`` whole (any case, invisible characters ignored) as ``ident``."""
        key = fold(form)
        if len(key) >= SHORT_BELOW:
            self._add_form(key, ident, None)
        elif key:
            self._short.setdefault(key, ident)
            self._short_pattern = None

    def add_pieces(self, secret: str, ident: int) -> None:
        """Also find every piece of ``secret`` (:func:`piece_forms`) as ``ident``."""
        for piece in piece_forms(secret):
            self._add_form(piece.text, ident, piece)

    def _add_form(self, text: str, ident: int, piece: PieceForm | None) -> None:
        self._built = None
        known = self._known.get(text)
        if known is not None and self._forms[known].ident == ident:
            if piece is not None:  # a whole form that is also a piece form
                self._forms[known] = _Form(text, ident, piece, known)
            return
        self._known[text] = len(self._forms)
        self._forms.append(_Form(text, ident, piece, len(self._forms)))

    def find(self, text: str) -> list[Span]:
        """Every occurrence, overlaps included, as spans of the original ``text``."""
        if not (self._forms or self._short):
            return []
        folded, positions = folded_with_positions(text)
        spans = self._windowed(folded) + self._shorts(folded) + self._decoded(folded)
        return _mapped(spans, positions)

    def _decoded(self, folded: str) -> list[Span]:
        """Matches inside the hex and ``%XX`` runs of ``folded``, as spans of ``folded``."""
        found: list[Span] = []
        for decoded, start, width in decoded_views(folded):
            text, positions = folded_with_positions(decoded)
            for s, e, ident in _mapped(self._windowed(text), positions):
                found.append((start + s * width, start + e * width, ident))
        return found

    def build(self) -> None:
        """Index every form now (a first scan would do it; a redactor does it when made)."""
        if self._built is None:
            full = sum(len(form.text) - WINDOW + 1 for form in self._forms)
            stride = TEXT_STRIDE if full <= LEAN_FROM else 1
            self._built = (_windows_of(self._forms, stride), stride)

    @property
    def lean(self) -> bool:
        """Whether the lean layout is used (every character of a text looked up)."""
        self.build()
        assert self._built is not None
        return self._built[1] == 1

    def _windowed(self, text: str) -> list[Span]:
        self.build()
        assert self._built is not None
        windows, stride = self._built
        found: list[Span] = []
        reached: dict[tuple[int, int], int] = {}
        for i in range(0, len(text) - WINDOW + 1, stride):
            refs = windows.get(text[i : i + WINDOW])
            if refs is None:
                continue
            window = text[i : i + WINDOW]
            for form in refs if isinstance(refs, list) else (refs,):
                offset = form.text.find(window)
                while offset >= 0:
                    diagonal = (form.number, i - offset)
                    if reached.get(diagonal, -1) <= i:  # else inside a run already measured
                        span = self._match(text, i, form, offset)
                        reached[diagonal] = span[1]
                        if span[2] >= 0:
                            found.append(span)
                    offset = form.text.find(window, offset + 1)
        return found

    def _match(self, text: str, at: int, form: _Form, offset: int) -> Span:
        """The longest agreement of ``text`` and ``form`` through the window at ``at``, as a
        span (its ``id`` is -1 when it is neither the whole form nor a piece to mask)."""
        key = form.text
        before = _common_suffix(text, at, key, offset)
        after = _common_prefix(text, at + WINDOW, key, offset + WINDOW)
        start, end = at - before, at + WINDOW + after
        first, last = offset - before, offset + WINDOW + after
        piece = form.piece
        if first == 0 and last == len(key):
            if piece is not None and text[start:end] in self._public_text():
                return (start, end, -1)  # the secret is golive's own words: lint says so
            return (start, end, form.ident)
        if piece is None or piece.units_within(first, last) < piece.need:
            return (start, end, -1)
        if text[start:end] in self._public_text():
            return (start, end, -1)
        return (start, end, form.ident)

    def _public_text(self) -> str:
        if self._public is None:
            self._public = self.public()
        return self._public

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


def _mapped(spans: list[Span], positions: list[int] | None) -> list[Span]:
    """``spans`` of a folded text as spans of the text it was folded from."""
    if positions is None:
        return spans
    return [(positions[s], positions[e - 1] + 1, ident) for s, e, ident in spans]


def _windows_of(forms: list[_Form], stride: int) -> _Windows:
    """Every window to index, to its form (or forms: a list, for the few windows several
    forms share)."""
    windows: _Windows = {}
    setdefault = windows.setdefault
    for form in forms:
        text = form.text
        for offset in _offsets(form, stride):
            key = text[offset : offset + WINDOW]
            refs = setdefault(key, form)
            if refs is form:
                continue
            if not isinstance(refs, list):
                windows[key] = [refs, form]
            elif refs[-1] is not form:  # a form's windows come one after another
                refs.append(form)
    return windows


def _offsets(form: _Form, stride: int) -> range:
    """Where ``form``'s indexed windows start: any match a scan must find holds one of them
    at a text position it looks at."""
    last = len(form.text) - WINDOW
    if form.piece is None:
        return range(min(stride, last + 1))
    if stride == 1:
        return range(0, last + 1, form.piece.shortest_piece() - WINDOW + 1)
    return range(last + 1)


def _common_prefix(text: str, start: int, key: str, key_start: int) -> int:
    """How many characters ``text[start:]`` and ``key[key_start:]`` share at their start."""
    rest = len(key) - key_start
    if text.startswith(key[key_start:], start):
        return rest
    n = 0
    limit = min(rest, len(text) - start)
    while n < limit and text[start + n] == key[key_start + n]:
        n += 1
    return n


def _common_suffix(text: str, end: int, key: str, key_end: int) -> int:
    """How many characters ``text[:end]`` and ``key[:key_end]`` share at their end."""
    if text.endswith(key[:key_end], 0, end):
        return key_end
    n = 0
    limit = min(key_end, end)
    while n < limit and text[end - 1 - n] == key[key_end - 1 - n]:
        n += 1
    return n
