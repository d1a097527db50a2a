"""A rate-limit hint says the time when the answer named one, and a sentence when not.

Binance sends ``Retry-After`` with every 418 and 429 ("A Retry-After header is sent
with a 418 or 429 responses", SPOTDOCS, LIMITS), but a proxy may drop it; Telegram
puts ``retry_after`` in ``parameters``; Upbit's 418 states its block time in words. A
hint built around ``{retry_after}`` would then read "Retry-After: - s": every such hint
has an untimed sibling (``golive.errors.UNTIMED_HINTS``) that says so in words.
"""

from __future__ import annotations

import json
import re
from dataclasses import astuple
from importlib import resources
from typing import Any

import pytest

from golive import messages
from golive.errors import UNTIMED_HINTS, all_rules, classify_response, venue_name

LANGS = ("en", "ko")
PLACEHOLDER = "{retry_after}"


def catalogue(lang: str) -> dict[str, Any]:
    source = resources.files("golive.messages").joinpath(f"{lang}.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(source)
    return loaded


def timed_keys() -> list[str]:
    """Hint keys of the classifier's rows whose texts show the time."""
    english = catalogue("en")
    return sorted({r.key for r in all_rules() if PLACEHOLDER in json.dumps(english.get(r.key))})


def test_there_are_timed_hints_to_check() -> None:
    assert {"binance.http_418", "binance.http_429", "binance.-1003"} <= set(timed_keys())


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", timed_keys())
def test_every_timed_hint_has_an_untimed_sibling_without_the_time(lang: str, key: str) -> None:
    untimed = UNTIMED_HINTS.get(key)
    assert untimed is not None, f"{key} shows {PLACEHOLDER}: add its untimed sibling"
    entry = catalogue(lang)[untimed]
    assert set(entry) == {"hint", "next_action"}
    assert PLACEHOLDER not in entry["hint"] + entry["next_action"]


def binance(code: int, msg: str) -> dict[str, object]:
    return {"code": code, "msg": msg}


BAN = binance(-1003, "Way too much request weight used; IP banned until 1620286253180.")
TOO_MUCH = binance(-1003, "Too much request weight used; current limit is 6000 per 1 MINUTE.")
TELEGRAM = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7"}
ANSWERS = [
    # venue, status, body, the Retry-After header, reason, hint key when the header is there
    ("binance", 418, BAN, "120", "binance.http_418", "binance.http_418"),
    ("binance_futures", 418, BAN, "120", "binance.http_418", "binance.http_418"),
    ("binance", 429, TOO_MUCH, "7", "binance.-1003", "binance.-1003"),
    ("binance", 429, "", "7", "binance.http_429", "binance.http_429"),
    ("binance", 429, binance(-1015, "Too many new orders."), "7", "binance.-1015", "binance.-1015"),
    ("telegram", 429, TELEGRAM, "7", "telegram.429", "telegram.429"),
    ("elsewhere", 429, "", "7", "http.429", "http.rate_limited"),
    ("elsewhere", 418, "", "7", "http.418", "http.rate_limited"),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("venue", "status", "body", "header", "reason", "key"), ANSWERS)
def test_a_named_time_is_in_the_hint_and_a_missing_one_is_a_sentence(
    venue: str, status: int, body: object, header: str, reason: str, key: str, lang: str
) -> None:
    timed = classify_response(venue, status, body, {"Retry-After": header}, lang=lang)
    assert (timed.reason, timed.retry_after) == (reason, float(header))
    fields = {"venue": venue_name(venue, lang), "status": str(status), "retry_after": header}
    assert (timed.hint, timed.next_action) == astuple(messages.lookup(key, lang, **fields))
    assert header in timed.hint + timed.next_action

    untimed = classify_response(venue, status, body, {}, lang=lang)
    assert (untimed.reason, untimed.retry_after, untimed.error_type.value) == (
        reason,
        None,
        "rate_limit",
    )
    sibling = messages.lookup(UNTIMED_HINTS[key], lang, **fields)
    assert (untimed.hint, untimed.next_action) == astuple(sibling)
    shown = untimed.hint + " " + untimed.next_action
    assert re.search(r"(?<![\w-])-\s*(s|\ucd08)\b", shown) is None, shown  # never "- s"
    assert "{" not in shown


@pytest.mark.parametrize("lang", LANGS)
def test_a_binance_ban_says_when_it_ends(lang: str) -> None:
    found = classify_response("binance", 418, BAN, {"Retry-After": "120"}, lang=lang)
    unit = " s" if lang == "en" else "\ucd08"
    assert f"120{unit}" in found.hint
    assert f"120{unit}" in found.next_action
