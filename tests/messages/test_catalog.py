"""The message catalogue as a whole: two languages in step, every key used, no text in code.

``src/golive/messages/en.json`` and ``ko.json`` hold every sentence a person
reads. An entry is one sentence (a string) or a reason code's
``{"hint", "next_action"}`` pair; placeholders are ``{name}``.
"""

from __future__ import annotations

import ast
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

import pytest

from golive.errors import all_rules

SRC = Path(__file__).parents[2] / "src" / "golive"
LANGS = ("en", "ko")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@cache
def raw(lang: str) -> dict[str, str | dict[str, str]]:
    source = resources.files("golive.messages").joinpath(f"{lang}.json").read_text("utf-8")
    loaded: dict[str, str | dict[str, str]] = json.loads(source)
    return loaded


def parts(entry: str | dict[str, str]) -> dict[str, str]:
    return {"hint": entry} if isinstance(entry, str) else entry


@cache
def literals() -> frozenset[str]:
    """Every string constant in golive's source: how code names a message key."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return frozenset(found)


def dynamic_keys() -> frozenset[str]:
    """Keys built from tables rather than written out: the classifier's reason codes.

    ``golive.errors`` builds ``binance.<code>`` and ``upbit.<error name>`` from
    its tables of Binance error codes and Upbit error names (one row per code,
    the venue's own vocabulary); listing each again as a literal would only
    duplicate those tables. This is the one dynamic family.
    """
    return frozenset(rule.key for rule in all_rules())


def test_both_languages_have_the_same_keys() -> None:
    assert sorted(raw("en")) == sorted(raw("ko"))


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_is_sorted_by_key(lang: str) -> None:
    """Sorted files let helpers add keys in parallel and merge cleanly."""
    assert list(raw(lang)) == sorted(raw(lang))


def test_each_entry_has_the_same_shape_in_both_languages() -> None:
    for key, english in raw("en").items():
        korean = raw("ko")[key]
        assert type(english) is type(korean), key
        assert set(parts(english)) == set(parts(korean)), key
        if isinstance(english, dict):
            assert set(english) == {"hint", "next_action"}, key


def test_no_sentence_key_ends_like_a_part() -> None:
    """``text("a.hint")`` reads the hint of ``a``: a sentence key must not end that way."""
    for key, entry in raw("en").items():
        if isinstance(entry, str):
            assert not key.endswith((".hint", ".next_action")), key


def test_each_key_has_the_same_placeholders_in_both_languages() -> None:
    for key, english in raw("en").items():
        korean = parts(raw("ko")[key])
        for part, text in parts(english).items():
            expected = set(PLACEHOLDER.findall(text))
            assert set(PLACEHOLDER.findall(korean[part])) == expected, (key, part)


@pytest.mark.parametrize("lang", LANGS)
def test_no_entry_is_empty(lang: str) -> None:
    for key, entry in raw(lang).items():
        for part, text in parts(entry).items():
            assert text.strip(), (lang, key, part)


def test_korean_entries_are_written_in_korean() -> None:
    for key, entry in raw("ko").items():
        for part, text in parts(entry).items():
            assert HANGUL.search(text), (key, part)


def test_every_key_is_used_by_the_code() -> None:
    used = literals() | dynamic_keys()
    unused = sorted(key for key in raw("en") if key not in used)
    assert unused == []


def test_every_literal_key_the_code_names_exists() -> None:
    """A string in code shaped like a catalogue key of a known family is in the catalogue."""
    families = ("check.", "outcome.", "report.")
    named = {text for text in literals() if text.startswith(families) and " " not in text}
    assert sorted(named - set(raw("en"))) == []


def test_the_dynamic_family_is_in_the_catalogue() -> None:
    assert sorted(dynamic_keys() - set(raw("en"))) == []


def test_no_hangul_in_python_source() -> None:
    """Korean lives in the catalogue (and Upbit's own wire texts in sim/upbit_wire.json)."""
    offenders = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if HANGUL.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


MENU_VARIANTS = {
    "제한 편집": "제한 수정",
    "출금 허용": "출금 활성화",
    "유니버설 이체": "범용 이체",
    "증거 번들": "증적 번들",
}
"""Wording that must not appear -> the one the catalogue uses (Binance's Korean UI, 증적)."""


def test_korean_uses_one_name_per_binance_menu() -> None:
    for key, entry in raw("ko").items():
        for part, text in parts(entry).items():
            for variant, chosen in MENU_VARIANTS.items():
                assert variant not in text, (key, part, f"write {chosen}")
