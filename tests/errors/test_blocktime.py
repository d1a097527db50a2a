"""Upbit's 418 block time, read from the body: what is read, and what is never guessed.

UPRATE (docs.upbit.com/kr/docs/rate-limits) says the 418 comes with the block time;
the global docs say it is "in the error message". Neither gives the wording, so the
parser reads durations and refuses anything odd (``None``: the safe default, "blocked
until the run ends", and a hint that says the time could not be read).
"""

from __future__ import annotations

import pytest

from golive import messages
from golive.errors import (
    RETRY_AFTER_MAX,
    block_time,
    classify_response,
    stated_seconds,
)
from golive.model import ErrorType

READ = [
    ("Too many API requests. Blocked for 120 seconds.", 120.0),  # the simulator's wording
    ("blocked for 60 seconds", 60.0),
    ("blocked 90s", 90.0),
    ("Blocked for 2 minutes", 120.0),
    ("blocked for 2 minutes, 30 seconds", 150.0),
    ("1 hour and 30 minutes", 5400.0),
    ("retry after 0.5 s", 0.5),
    ("retry after 1500 ms", 1.5),
    ("60\ucd08 \ucc28\ub2e8", 60.0),  # 60 cho chadan: blocked for 60 seconds
    ("2\ubd84 30\ucd08", 150.0),  # 2 bun 30 cho: 2 minutes 30 seconds
    ("1\uc2dc\uac04", 3600.0),  # 1 sigan: 1 hour
    ("Blocked for 120 seconds. Retry in 3 seconds.", 120.0),  # the longest counts
    ("BLOCKED FOR 7 SECONDS", 7.0),
]

NOT_READ = [
    ("-5 seconds", "negative"),
    ("\u22125 seconds", "negative with a minus sign"),
    ("+5 seconds", "signed"),
    ("99999999999999 seconds", "more digits than any block time"),
    ("9999999999 hours", "over RETRY_AFTER_MAX"),
    ("1e9 seconds", "exponent"),
    ("1,200 seconds", "thousands separator"),
    ("1.5.5 seconds", "not a number"),
    ("0x10 seconds", "hex"),
    ("\u0661\u0662\u0660 seconds", "Arabic-Indic digits"),
    ("\uff11\uff12\uff10 seconds", "full-width digits"),
    ("retry in 5 seconds; blocked 99999999999999 seconds", "one unreadable duration"),
    ("Too many API requests.", "no duration"),
    ("blocked for a while", "no number"),
    ("blocked for 120", "no unit"),
    ("2026-12-01 12:00:00 KST", "a time of day, not a duration"),
    ("120 more requests", "m of a word"),
    ("3 sequences", "s of a word"),
    ("", "empty"),
]


@pytest.mark.parametrize(("text", "seconds"), READ)
def test_a_stated_block_time_is_read(text: str, seconds: float) -> None:
    assert stated_seconds(text) == pytest.approx(seconds)


@pytest.mark.parametrize(("text", "why"), NOT_READ, ids=[why for _, why in NOT_READ])
def test_an_odd_block_time_is_never_guessed(text: str, why: str) -> None:
    assert stated_seconds(text) is None, why


@pytest.mark.parametrize("value", [None, 120, 120.0, b"120 seconds", ["120 seconds"], {}])
def test_anything_but_text_is_no_block_time(value: object) -> None:
    assert stated_seconds(value) is None


def test_only_the_start_of_a_huge_body_is_read() -> None:
    assert stated_seconds("1" * 100_000 + " seconds") is None
    assert stated_seconds("x " * 5_000 + "Blocked for 120 seconds.") is None  # past the start
    assert stated_seconds("a1 " * 30_000) is None


def test_the_bound_is_the_retry_after_bound() -> None:
    assert stated_seconds(f"{int(RETRY_AFTER_MAX)} seconds") == RETRY_AFTER_MAX
    assert stated_seconds(f"{int(RETRY_AFTER_MAX) + 1} seconds") is None


@pytest.mark.parametrize(
    ("body", "headers", "seconds"),
    [
        ("Too many API requests. Blocked for 120 seconds.", None, 120.0),
        ({"error": {"name": "too_many_requests", "message": "blocked for 2 minutes"}}, None, 120.0),
        (b"Too many API requests. Blocked for 30 seconds.", None, 30.0),
        ("Too many API requests. Blocked for -5 seconds.", None, None),
        ("Too many API requests.", None, None),
        ("Blocked for 120 seconds.", {"Retry-After": "7"}, 7.0),  # a header would win
        (None, None, None),
    ],
)
def test_block_time_of_an_upbit_418(body: object, headers: object, seconds: float | None) -> None:
    assert block_time("upbit", 418, body, headers) == seconds  # type: ignore[arg-type]


def test_only_a_418_carries_a_block_time_in_its_body() -> None:
    assert block_time("upbit", 429, "Blocked for 120 seconds.") is None
    assert block_time("binance", 418, "Blocked for 120 seconds.") is None
    assert block_time("binance", 429, "", {"Retry-After": "3"}) == 3.0


@pytest.mark.parametrize("headers", [object(), {"Retry-After": object()}, {1: 2}])
def test_block_time_never_raises(headers: object) -> None:
    assert block_time("upbit", 418, "Blocked for 9 seconds.", headers) == 9.0  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_418_hint_names_the_block_time(lang: str) -> None:
    found = classify_response(
        "upbit", 418, "Too many API requests. Blocked for 120 seconds.", lang=lang
    )
    expected = messages.lookup("upbit.http_418", lang, retry_after="120")
    assert (found.error_type, found.reason, found.retry_after) == (
        ErrorType.RATE_LIMIT,
        "upbit.http_418",
        120.0,
    )
    assert (found.hint, found.next_action) == (expected.hint, expected.next_action)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(
    "body",
    [
        "Too many API requests.",
        "Too many API requests. Blocked for -120 seconds.",
        "Too many API requests. Blocked for 99999999999999 seconds.",
        {"error": {"name": "too_many_requests", "message": 120}},
        "",
    ],
)
def test_without_a_readable_block_time_the_hint_says_so(body: object, lang: str) -> None:
    found = classify_response("upbit", 418, body, lang=lang)
    untimed = messages.lookup("upbit.http_418_untimed", lang)
    assert (found.error_type, found.reason, found.retry_after) == (
        ErrorType.RATE_LIMIT,
        "upbit.http_418",
        None,
    )
    assert (found.hint, found.next_action) == (untimed.hint, untimed.next_action)
