"""Property tests: no secret, nor any 8-character slice of one, survives redaction."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING
from urllib.parse import quote, quote_plus

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from golive.masking import WELL_KNOWN_PASSWORDS, Redactor, is_own_words

if TYPE_CHECKING:
    from collections.abc import Callable

WIDTH = 8
AWKWARD_CHARS = "\"'$%@\\/{}+=&?# \t\n…ü€ß✓한국"
ENCODERS: dict[str, Callable[[str], str]] = {
    "raw": lambda s: s,
    "quote": lambda s: quote(s, safe=""),
    "quote_plus": quote_plus,
    "json": lambda s: json.dumps(s)[1:-1],
    "json_unicode": lambda s: json.dumps(s, ensure_ascii=False)[1:-1],
    "base64": lambda s: base64.b64encode(s.encode()).decode(),
}
SECRET_KEYS = ["BINANCE_API_SECRET", "UPBIT_SECRET_KEY", "TELEGRAM_BOT_TOKEN", "DB_PASSWORD"]

broad_chars = st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(AWKWARD_CHARS))
secrets = st.text(alphabet=broad_chars, min_size=WIDTH, max_size=140)
surroundings = st.text(alphabet=broad_chars, max_size=40)


def slices(secret: str) -> set[str]:
    return {secret[i : i + WIDTH] for i in range(len(secret) - WIDTH + 1)}


def has_slice(text: str, secret: str) -> bool:
    return any(part in text for part in slices(secret))


@settings(max_examples=300, deadline=None)
@given(
    secret=secrets,
    key=st.sampled_from(SECRET_KEYS),
    parts=st.lists(st.tuples(surroundings, st.sampled_from(list(ENCODERS))), max_size=5),
    tail=surroundings,
)
def test_no_secret_slice_survives(
    secret: str, key: str, parts: list[tuple[str, str]], tail: str
) -> None:
    assume(secret.lower() not in WELL_KNOWN_PASSWORDS)  # never hunted in free text: too common
    assume(not is_own_words(secret))  # nor golive's own words (a weak_secret finding)
    redactor = Redactor.from_values({key: secret})
    shown = redactor.display(key)
    text = "".join(before + ENCODERS[form](secret) for before, form in parts) + tail
    ideal = "".join(before + shown for before, _ in parts) + tail
    # Only inputs where a perfect redaction is itself free of slices can be judged.
    assume(not has_slice(ideal, secret))
    redacted = redactor.redact(text)
    assert not has_slice(redacted, secret), (secret, text, redacted)
    assert redactor.leaks(redacted) == []
    assert redactor.leaks(text) == ([key] if parts else [])


@st.composite
def overlapping_pairs(draw: st.DrawFn) -> tuple[str, str, str]:
    """Two secrets cut from one string so that the second starts inside the first."""
    combined = draw(st.text(alphabet=broad_chars, min_size=WIDTH + 1, max_size=140))
    end_first = draw(st.integers(min_value=WIDTH, max_value=len(combined)))
    start_second = draw(st.integers(min_value=1, max_value=min(end_first, len(combined) - WIDTH)))
    return combined, combined[:end_first], combined[start_second:]


@settings(max_examples=300, deadline=None)
@given(pair=overlapping_pairs(), gap=surroundings, other=surroundings)
def test_two_overlapping_secrets_leave_no_slice(
    pair: tuple[str, str, str], gap: str, other: str
) -> None:
    combined, first, second = pair
    assume(first != second)
    # dictionary defaults ("password", "changeme") are never hunted in free text: too common
    assume(not {first.lower(), second.lower()} & WELL_KNOWN_PASSWORDS)
    assume(not is_own_words(first) and not is_own_words(second))
    redactor = Redactor.from_values({"A_SECRET": first, "B_TOKEN": second})
    shown_a, shown_b = redactor.display("A_SECRET"), redactor.display("B_TOKEN")
    text = gap + combined + other + first + gap + second
    for ideal_label in ("****", shown_a, shown_b):
        ideal = gap + ideal_label + other + shown_a + gap + shown_b
        assume(not has_slice(ideal, first) and not has_slice(ideal, second))
    redacted = redactor.redact(text)
    assert not has_slice(redacted, first), (first, second, redacted)
    assert not has_slice(redacted, second), (first, second, redacted)
    assert redactor.leaks(redacted) == []


@settings(max_examples=300, deadline=None)
@given(secret=secrets, user=st.text(alphabet="abcdefgh", min_size=1, max_size=8))
def test_dsn_passwords_never_survive_in_the_display(secret: str, user: str) -> None:
    # a dictionary default is masked where it stands in the DSN, never hunted as free text
    assume(secret.lower() not in WELL_KNOWN_PASSWORDS)
    assume(not is_own_words(secret))
    dsn = f"postgresql://{user}:{quote(secret, safe='')}@db.invalid:5432/arb"
    redactor = Redactor.from_values({"POSTGRES_DSN": dsn})
    shown = redactor.display("POSTGRES_DSN")
    assume(not has_slice(f"postgresql://{user}:****@db.invalid:5432/arb", secret))
    assert not has_slice(shown, secret)
    assert not has_slice(redactor.redact(f"connect {dsn} with {secret}"), secret)
