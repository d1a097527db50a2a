"""``printable``: the fast paths give exactly what the character-by-character rule gives."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from golive.safetext import printable

UNSAFE_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")


def reference(text: str, *, newlines: bool = False) -> str:
    """The implementation before the fast paths: every character looked at on its own."""

    def unsafe(char: str) -> bool:
        if newlines and char == "\n":
            return False
        return unicodedata.category(char) in UNSAFE_CATEGORIES

    def escape(char: str) -> str:
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"

    return "".join(escape(c) if unsafe(c) else c for c in text)


TRICKY = "\n\r\t\x00\x1b\x7f\x85\x9f\xa0\xad\u061c\u200b\u200e\u2028\u2029\u202e\u2066\ufeff\ud800"
"""Controls, a NEL, a no-break space, format and bidi marks, separators, a lone surrogate."""

texts = st.one_of(
    st.text(alphabet=st.characters(max_codepoint=0x7F)),  # ASCII: the regular expression path
    st.text(
        alphabet=st.one_of(
            st.characters(codec=None),  # any code point, surrogates included
            st.sampled_from(TRICKY),
            st.sampled_from("aZ 09{}\"'\ud55c\uad6d\uc5b4"),
        )
    ),
)


@given(text=texts, newlines=st.booleans())
@example(text=TRICKY, newlines=False)
@example(text=TRICKY, newlines=True)
@example(text="line one\nline two\n", newlines=True)
@example(text="\ud0a4\n\u202e\n", newlines=True)
@example(text="\n", newlines=False)
@example(text="plain ascii \x1b[2J \x7f\x00\x1f ~", newlines=False)
@example(text="", newlines=True)
def test_printable_is_the_character_rule(text: str, newlines: bool) -> None:
    assert printable(text, newlines=newlines) == reference(text, newlines=newlines)


def test_isprintable_is_false_for_every_unsafe_character() -> None:
    """The fast path's premise, for every code point of this interpreter's Unicode data."""
    wrong = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in UNSAFE_CATEGORIES and chr(code).isprintable()
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "newlines", "shown"),
    [
        ("a\x1b[31mb", False, "a\\x1b[31mb"),
        ("a\nb", False, "a\\x0ab"),
        ("a\nb", True, "a\nb"),
        ("x\u202ey\n\u200b", True, "x\\u202ey\n\\u200b"),
        ("\uac12\u2028", False, "\uac12\\u2028"),
        ("no\u00a0break", False, "no\u00a0break"),  # a separator, shown: not a control
    ],
)
def test_examples(text: str, newlines: bool, shown: str) -> None:
    assert printable(text, newlines=newlines) == shown
