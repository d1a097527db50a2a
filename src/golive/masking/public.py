"""Golive's own words: text it shows as it is, so no piece of a secret made only of them
is a leak (a password holding ``withdrawals`` does not mask the reason code
``binance.withdrawals_enabled``, nor make the bundle's leak scan refuse it)."""

from __future__ import annotations

from functools import cache

from golive.masking.fold import fold

WELL_KNOWN_PASSWORDS: frozenset[str] = frozenset(
    {"postgres", "password", "redis", "root", "admin", "secret", "changeme", "test", "default"}
)
"""Dictionary defaults (``postgres:postgres@localhost``): masked where they stand in a URL,
but not hunted as free text, where they are ordinary words (``postgresql://``, a check id)."""


@cache
def public_words() -> str:
    """Every key and text of both catalogues and the dictionary defaults, folded, one a line."""
    from golive import messages

    lines = sorted(WELL_KNOWN_PASSWORDS)
    for lang in ("en", "ko"):
        for key, entry in messages.catalogue(lang).items():
            lines += [key, *entry.values()]
    return fold("\n".join(lines))
