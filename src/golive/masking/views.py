"""Hex and ``%XX`` runs of a folded text, decoded: where byte-encoded secrets are read.

A secret written as hex (``4e68…``) or percent-encoded byte by byte (``%4E%68…``) is
found by decoding such runs and reading the bytes as Latin-1 (one character per byte),
so the index holds no hex nor ``%XX`` form of any secret: the index would grow by five
times the secrets' length, the decoded runs are short and rare. A hex run is read at both
alignments (the bytes may start on an odd digit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from golive.masking.forms import PIECE_LEN

_HEX_RUN = re.compile(f"[0-9a-f]{{{2 * PIECE_LEN},}}")
_PERCENT_RUN = re.compile(f"(?:%[0-9a-f]{{2}}){{{PIECE_LEN},}}")

View = tuple[str, int, int]
"""(decoded text, where its run starts in the folded text, characters per byte)."""


def decoded_views(folded: str) -> Iterator[View]:
    """Every hex run of :data:`PIECE_LEN` bytes or more (at both alignments) and every run of
    as many ``%XX``, decoded as Latin-1."""
    for match in _HEX_RUN.finditer(folded):
        run, start = match.group(), match.start()
        for skip in (0, 1):
            digits = run[skip : skip + (len(run) - skip) // 2 * 2]
            yield bytes.fromhex(digits).decode("latin-1"), start + skip, 2
    if "%" in folded:
        for match in _PERCENT_RUN.finditer(folded):
            digits = match.group().replace("%", "")
            yield bytes.fromhex(digits).decode("latin-1"), match.start(), 3
