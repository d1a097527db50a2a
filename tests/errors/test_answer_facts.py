"""What the operator reads comes from the answer: the facts behind each hint and detail.

These cases came out of mutation testing (docs/mutation.md): each pins a fact an operator
acts on (how long to wait, which code the venue gave, which venue answered), or a bound
that keeps a hostile answer harmless, never the wording of a hint.
"""

from __future__ import annotations

import re

import pytest
import redis.exceptions

from golive import messages
from golive.errors import DETAIL_LIMIT, classify_exception, classify_response
from golive.model import ErrorType

IK = ErrorType.INVALID_KEY
NET = ErrorType.NETWORK_ERROR
RATE = ErrorType.RATE_LIMIT
UNKNOWN = ErrorType.UNKNOWN


def says(text: str, value: str) -> bool:
    """``value`` appears as a whole token (``30`` in ``after 30 s``, not in ``30.0``)."""
    return re.search(rf"(?<![\w.]){re.escape(value)}(?![\w]|\.\d)", text) is not None


# -- how long to wait ---------------------------------------------------------------


def test_telegram_flood_control_says_how_long_to_wait() -> None:
    body = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 30"}
    body["parameters"] = {"retry_after": 30}

    found = classify_response("telegram", 429, body, {"Retry-After": "5"})

    assert (found.error_type, found.retry_after) == (RATE, 30.0)
    assert says(found.hint, "30")


def test_a_fractional_retry_after_is_shown_as_given() -> None:
    found = classify_response("telegram", 429, {"ok": False}, {"Retry-After": "1.5"})
    assert found.retry_after == 1.5
    assert says(found.hint, "1.5")


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("0", 0.0), ("10000000", 10_000_000.0), ("10000001", None), ("-1", None), ("nan", None)],
)
def test_retry_after_is_taken_only_when_sane(header: str, seconds: float | None) -> None:
    found = classify_response("binance", 429, {"code": -1003}, {"Retry-After": header})
    assert found.retry_after == seconds


def test_a_header_given_as_a_number_is_ignored_not_fatal() -> None:
    found = classify_response("binance", 429, {"code": -1003}, {"Retry-After": 30})  # type: ignore[dict-item]
    assert (found.reason, found.retry_after) == ("binance.-1003", None)


def test_headers_past_the_first_256_are_not_read() -> None:
    filler = {f"x-{i}": "1" for i in range(255)}
    read = classify_response("binance", 429, {}, {**filler, "Retry-After": "7"})
    past = classify_response("binance", 429, {}, {**filler, "x-last": "1", "Retry-After": "7"})
    assert (read.retry_after, past.retry_after) == (7.0, None)


# -- which code and message the venue gave -------------------------------------------


def test_the_detail_carries_the_venues_code_and_message() -> None:
    body = {"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."}
    found = classify_response("binance", 401, body)
    assert found.detail == "-2015: Invalid API-key, IP, or permissions for action."


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"code": -1021}, "-1021"),
        ({"msg": "Timestamp for this request is outside of the recvWindow."}, None),
        (None, "HTTP 400"),
    ],
)
def test_the_detail_has_no_empty_half(body: object, detail: str | None) -> None:
    found = classify_response("binance", 400, body)
    assert found.detail == (detail or body["msg"])  # type: ignore[index]


def test_an_answer_without_status_or_facts_has_no_detail() -> None:
    assert classify_response("binance", None, None).detail is None


def test_a_binance_code_given_as_a_string_is_read() -> None:
    found = classify_response("binance", 400, {"code": "-1021", "msg": "outside recvWindow"})
    assert (found.error_type, found.reason) == (ErrorType.CLOCK_SKEW, "binance.-1021")


def test_a_code_of_ten_digits_is_not_a_venue_code() -> None:
    found = classify_response("binance", 400, {"code": 10**9, "msg": "?"})
    assert found.reason == "http.400"


def test_json_after_leading_blank_lines_is_read() -> None:
    found = classify_response("binance", 400, '\n  {"code": -1021, "msg": "recvWindow"}')
    assert found.reason == "binance.-1021"


def test_upbit_detail_carries_its_error_name_and_message() -> None:
    body = {"error": {"name": "jwt_verification", "message": "Failed to verify Jwt token."}}
    found = classify_response("upbit", 401, body)
    assert (found.error_type, found.detail) == (IK, "jwt_verification: Failed to verify Jwt token.")


def test_upbit_error_names_are_matched_whatever_their_case_and_separators() -> None:
    found = classify_response("upbit", 401, {"error": {"name": " No-Authorization IP "}})
    assert found.reason == "upbit.no_authorization_ip"


def test_an_unknown_upbit_name_is_named_and_bounded() -> None:
    found = classify_response("upbit", 400, {"error": {"name": "brand_new_" + "x" * 100}})
    assert found.reason == "upbit." + ("brand_new_" + "x" * 100)[:60]
    assert "brand_new_" in found.hint


def test_an_upbit_answer_without_a_name_falls_to_the_http_rows() -> None:
    assert classify_response("upbit", 400, "Bad Request").reason == "http.400"


def test_telegram_is_read_from_its_error_code_when_no_status_is_given() -> None:
    body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
    found = classify_response("telegram", None, body)
    assert (found.error_type, found.reason) == (IK, "telegram.401")
    assert found.detail == "401: Unauthorized"


def test_a_telegram_gateway_error_without_json_is_telegrams() -> None:
    assert classify_response("telegram", 502, "Bad Gateway").reason == "telegram.502"


@pytest.mark.parametrize(("status", "server_error"), [(500, True), (599, True), (600, False)])
def test_every_5xx_and_only_5xx_is_a_server_error(status: int, server_error: bool) -> None:
    found = classify_response("binance", status, "")
    assert (found.error_type is NET) is server_error


@pytest.mark.parametrize(("status", "kept"), [(99, False), (100, True), (999, True), (1000, False)])
def test_only_three_digit_statuses_are_read(status: int, kept: bool) -> None:
    found = classify_response("nowhere", status, None)
    assert found.detail == (f"HTTP {status}" if kept else None)


@pytest.mark.parametrize(("length", "cut"), [(DETAIL_LIMIT, False), (DETAIL_LIMIT + 1, True)])
def test_a_detail_is_cut_at_its_limit(length: int, cut: bool) -> None:
    message = "m" * (length - len("-1000: "))
    detail = classify_response("binance", 500, {"code": -1000, "msg": message}).detail
    assert detail is not None
    assert len(detail) == DETAIL_LIMIT
    assert detail.endswith("…") is cut


# -- HTML pages --------------------------------------------------------------------


def test_an_html_page_after_blank_lines_is_an_html_page() -> None:
    page = "\n\n  <!DOCTYPE html><html><head><title>403 Forbidden</title></head></html>"
    found = classify_response("binance", 403, page)
    assert found.reason == "http.403_html"
    assert found.detail == "HTTP 403"


def test_an_xml_error_is_not_an_html_page() -> None:
    body = '<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>'
    assert classify_response("binance", 403, body).reason == "binance.http_403"


def test_json_that_mentions_markup_is_not_an_html_page() -> None:
    found = classify_response("binance", 400, {"code": -1100, "msg": "bad <title> param"})
    assert found.detail == "-1100: bad <title> param"


# -- which venue answered ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(
    ("exchange", "venue"),
    [
        ("binance", "venue.binance"),
        ("Binance-Futures", "venue.binance_futures"),
        ("fapi", "venue.binance_futures"),
        ("kraken", "venue.unknown"),
    ],
)
def test_an_html_error_page_names_the_venue_behind_it(exchange: str, venue: str, lang: str) -> None:
    found = classify_response(exchange, 502, "<html><body>502 Bad Gateway</body></html>", lang=lang)
    assert messages.text(venue, lang) in found.hint


# -- exceptions ---------------------------------------------------------------------


def test_an_explicit_cause_wins_over_the_context() -> None:
    def fail() -> None:
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except ConnectionRefusedError:
            raise RuntimeError("query failed") from TimeoutError("timed out")

    with pytest.raises(RuntimeError) as caught:
        fail()
    assert classify_exception(caught.value).reason == "net.timeout"


def test_the_context_is_read_when_nothing_was_chained() -> None:
    def fail() -> None:
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except ConnectionRefusedError:
            raise RuntimeError("query failed")  # noqa: B904 - the implicit context is the case

    with pytest.raises(RuntimeError) as caught:
        fail()
    assert classify_exception(caught.value).reason == "net.connection_refused"


def test_raising_from_none_hides_the_context() -> None:
    def fail() -> None:
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except ConnectionRefusedError:
            raise RuntimeError("query failed") from None

    with pytest.raises(RuntimeError) as caught:
        fail()
    assert classify_exception(caught.value).reason == "exception.RuntimeError"


def test_at_most_eight_links_of_a_chain_are_read() -> None:
    def chain(links: int) -> BaseException:
        exc: BaseException = ConnectionRefusedError(111, "refused")
        for _ in range(links - 1):
            outer = RuntimeError("wrapped")
            outer.__cause__ = exc
            exc = outer
        return exc

    assert classify_exception(chain(8)).reason == "net.connection_refused"
    assert classify_exception(chain(9)).reason == "exception.RuntimeError"


def test_a_wrapped_redis_refusal_is_still_an_auth_failure() -> None:
    cause = redis.exceptions.ResponseError("NOAUTH Authentication required.")
    outer = redis.exceptions.RedisError("command failed")
    outer.__cause__ = cause
    assert classify_exception(outer).reason == "redis.auth_failed"


def test_an_unknown_exception_is_named_in_its_reason_and_hint() -> None:
    mystery = type("MysteryError", (Exception,), {})
    found = classify_exception(mystery("?"))
    assert found.reason == "exception.MysteryError"
    assert "MysteryError" in found.hint


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Bad Name!", "exception.Bad_Name_"),
        ("E" * 100, "exception." + "E" * 60),
        ("", "exception.Exception"),
    ],
)
def test_an_odd_exception_class_name_gives_a_clean_reason(name: str, reason: str) -> None:
    assert classify_exception(type(name, (Exception,), {})()).reason == reason


def test_an_exception_that_cannot_be_printed_is_named_alone() -> None:
    class Unprintable(Exception):
        def __str__(self) -> str:
            raise ValueError("no")

    assert classify_exception(Unprintable()).detail == "Unprintable"


# -- the classifier's own failure --------------------------------------------------------


class Exploding(dict[str, str]):
    def items(self):  # type: ignore[no-untyped-def, override]
        raise RuntimeError("boom")


class ExplodingCause(Exception):
    @property
    def __cause__(self):  # type: ignore[no-untyped-def, override]
        raise RuntimeError("boom")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_classifiers_own_failure_is_unknown_in_the_chosen_language(lang: str) -> None:
    expected = messages.lookup("classifier.error", lang)
    for found in (
        classify_response("binance", 400, {}, Exploding(), lang=lang),
        classify_exception(ExplodingCause(), lang=lang),
    ):
        assert (found.error_type, found.reason) == (UNKNOWN, "classifier.error")
        assert (found.hint, found.next_action) == (expected.hint, expected.next_action)


# -- answers added by issue 13 (mutation run of 05:22) --------------------------------


def test_an_unlisted_binance_code_is_named_in_the_reason_and_hint() -> None:
    found = classify_response("binance", 400, {"code": -9999, "msg": "Something new."})
    assert found.reason == "binance.-9999"
    assert "-9999" in found.hint + found.next_action


def test_a_binance_success_code_is_not_an_error_code() -> None:
    assert classify_response("binance", 400, {"code": 200, "msg": "success"}).reason == "http.400"


def test_a_malformed_request_is_headlined_as_golives_bug() -> None:
    bug = classify_response("binance", 400, {"code": -1102, "msg": "Mandatory parameter missing"})
    key = classify_response("binance", 401, {"code": -2015, "msg": "Invalid API-key"})
    assert (bug.headline is not None, key.headline) == (True, None)


def test_upbit_retry_after_header_wins_over_the_block_time_in_the_message() -> None:
    body = {"error": {"name": "too_many_requests", "message": "blocked for 60 seconds"}}
    assert classify_response("upbit", 418, body, {"Retry-After": "5"}).retry_after == 5.0
    assert classify_response("upbit", 418, body).retry_after == 60.0
    assert classify_response("upbit", 429, {}, {"Retry-After": "2"}).retry_after == 2.0
