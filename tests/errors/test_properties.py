"""Property tests: whatever comes back, the classifier answers with one of the seven types."""

from __future__ import annotations

import json
import math

import httpx
import psycopg
import redis.exceptions
from hypothesis import given, settings
from hypothesis import strategies as st

from golive.errors import (
    BINANCE_CODES,
    TELEGRAM_STATUS,
    UPBIT_NAMES,
    Classification,
    classify_exception,
    classify_response,
)
from golive.model import ErrorType

PROPERTY = settings(max_examples=200, deadline=None)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=80),
)
json_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(max_size=12), children, max_size=5),
    ),
    max_leaves=25,
)
codes = st.one_of(st.sampled_from(sorted(BINANCE_CODES)), scalars)
names = st.one_of(st.sampled_from(sorted(UPBIT_NAMES)), scalars)
binance_like = st.fixed_dictionaries({"code": codes, "msg": scalars})
upbit_like = st.fixed_dictionaries(
    {"error": st.one_of(st.fixed_dictionaries({"name": names, "message": scalars}), json_like)}
)
telegram_like = st.fixed_dictionaries(
    {
        "ok": scalars,
        "error_code": st.one_of(st.sampled_from(sorted(TELEGRAM_STATUS.exact)), scalars),
        "description": scalars,
        "parameters": st.one_of(
            json_like,
            st.fixed_dictionaries({"retry_after": scalars, "migrate_to_chat_id": scalars}),
        ),
    }
)
structured = st.one_of(json_like, binance_like, upbit_like, telegram_like)
bodies = st.one_of(
    structured,
    structured.map(lambda value: json.dumps(value, default=str)),
    structured.map(lambda value: json.dumps(value, default=str).encode()),
    st.text(),
    st.binary(),
    st.sampled_from(["<html><title>502</title></html>", "<!DOCTYPE html><body>", "[" * 5000]),
    st.builds(object),
    st.builds(bytearray, st.binary(max_size=40)),
)
statuses = st.one_of(
    st.none(),
    st.integers(min_value=-1000, max_value=1200),
    st.integers(),
    st.sampled_from([10**5000, -(10**5000)]),
    st.booleans(),
    st.floats(),
    st.text(max_size=5),
)
headers = st.one_of(
    st.none(),
    st.dictionaries(st.text(max_size=20), st.text(max_size=40), max_size=6),
    st.dictionaries(
        st.sampled_from(["Retry-After", "retry-after", "RETRY-AFTER"]),
        st.one_of(
            st.text(max_size=20),
            st.floats().map(str),
            st.integers().map(str),
            st.sampled_from(["nan", "inf", "-1", "1e400", "Wed, 21 Oct 2015 07:28:00 GMT"]),
        ),
    ),
    st.dictionaries(st.binary(max_size=12), st.binary(max_size=12), max_size=3),
    json_like,
)
exchanges = st.one_of(
    st.sampled_from(["binance", "binance_futures", "upbit", "telegram", "BINANCE", "okx"]),
    st.text(max_size=12),
    st.none(),
    st.integers(),
)
langs = st.one_of(
    st.none(), st.sampled_from(["en", "ko", "ko_KR.UTF-8", "fr"]), st.text(max_size=8)
)


def assert_valid(result: Classification) -> None:
    assert isinstance(result, Classification)
    assert result.error_type in set(ErrorType)
    assert isinstance(result.reason, str)
    assert result.reason
    assert isinstance(result.hint, str)
    assert result.hint
    assert isinstance(result.next_action, str)
    assert result.next_action
    assert result.retry_after is None or (
        math.isfinite(result.retry_after) and result.retry_after >= 0
    )
    assert result.detail is None or len(result.detail) <= 200


@PROPERTY
@given(exchange=exchanges, status=statuses, body=bodies, header_map=headers, lang=langs)
def test_classify_response_never_raises(
    exchange: object, status: object, body: object, header_map: object, lang: object
) -> None:
    result = classify_response(exchange, status, body, header_map, lang=lang)  # type: ignore[arg-type]

    assert_valid(result)
    assert result.reason != "classifier.error"  # ordinary input never needs the safety net


EXCEPTION_TYPES: list[type[BaseException]] = [
    Exception,
    ValueError,
    OSError,
    TimeoutError,
    ConnectionRefusedError,
    ConnectionResetError,
    KeyboardInterrupt,
    httpx.ConnectError,
    httpx.ReadTimeout,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
    psycopg.OperationalError,
    psycopg.errors.ReadOnlySqlTransaction,
    redis.exceptions.ConnectionError,
    redis.exceptions.ResponseError,
    redis.exceptions.AuthenticationError,
]
messages = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "Connection refused",
            "no pg_hba.conf entry",
            "WRONGPASS",
            "[SSL: CERTIFICATE_VERIFY_FAILED]",
            'database "x" does not exist',
            "x" * 100_000,
        ]
    ),
)
exceptions = st.builds(lambda kind, text: kind(text), st.sampled_from(EXCEPTION_TYPES), messages)


@PROPERTY
@given(exc=exceptions, cause=st.one_of(st.none(), exceptions), lang=langs)
def test_classify_exception_never_raises(
    exc: BaseException, cause: BaseException | None, lang: object
) -> None:
    exc.__cause__ = cause

    result = classify_exception(exc, lang=lang)  # type: ignore[arg-type]

    assert_valid(result)
    assert result.reason != "classifier.error"


def test_hostile_objects_get_the_safety_net() -> None:
    class Exploding(dict[str, object]):
        def get(self, key: str, default: object = None) -> object:
            raise RuntimeError("boom")

    class BadHeaders(dict[str, str]):
        def items(self):  # type: ignore[no-untyped-def, override]
            raise RuntimeError("boom")

    assert_valid(classify_response("binance", 400, Exploding(code=-2015)))
    assert_valid(classify_response("binance", 429, "", BadHeaders()))


def test_huge_and_deep_bodies() -> None:
    huge = '{"code": -2015, "msg": "' + "x" * 20_000_000 + '"}'
    deep = "[" * 1_000_000

    for body in (huge, huge.encode(), deep, deep.encode(), "{" * 200_000):
        assert_valid(classify_response("binance", 400, body))


def test_huge_status_code_and_bool_code() -> None:
    assert_valid(classify_response("binance", 10**5000, {"code": 10**5000}))
    assert classify_response("binance", None, {"code": True}).reason == "response.unrecognized"
