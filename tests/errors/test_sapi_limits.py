"""A /sapi 429 is that endpoint's own budget, not the IP's /api weight, and never a ban.

developers.binance.com/docs/products/caas/basics/4.rate-limits: each /sapi endpoint
has its own budget, its answers carry ``X-SAPI-USED-IP-WEIGHT-1M`` or
``X-SAPI-USED-UID-WEIGHT-1M`` (never the /api header), and "Exceeding the limit: always
429 -- the 418 IP-ban escalation does not apply".
"""

from __future__ import annotations

import pytest

from golive import messages
from golive.errors import classify_response
from golive.model import ErrorType

SAPI_429 = {
    "code": -1003,
    "msg": "Too much request weight used; current limit is 12000 request weight per 1 MINUTE.",
}


@pytest.mark.parametrize("header", ["X-SAPI-USED-IP-WEIGHT-1M", "x-sapi-used-uid-weight-1m"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_sapi_429_names_its_own_budget(header: str, lang: str) -> None:
    found = classify_response("binance", 429, SAPI_429, {header: "12001"}, lang=lang)
    expected = messages.lookup("binance.sapi_429", lang)
    assert (found.error_type, found.reason) == (ErrorType.RATE_LIMIT, "binance.sapi_429")
    assert (found.hint, found.next_action) == (expected.hint, expected.next_action)
    assert found.headline == "outcome.failed.sapi_rate_limit"


def test_an_api_429_keeps_the_ip_weight_reading() -> None:
    found = classify_response("binance", 429, SAPI_429, {"X-MBX-USED-WEIGHT-1M": "6001"})
    assert (found.reason, found.headline) == ("binance.-1003", None)


def test_a_418_with_a_sapi_header_is_still_a_ban() -> None:
    """The docs say /sapi never answers 418; if it ever does, it is read as the ban it says."""
    found = classify_response("binance", 418, SAPI_429, {"X-SAPI-USED-IP-WEIGHT-1M": "1"})
    assert found.reason == "binance.http_418"


def test_futures_has_no_sapi_budget() -> None:
    found = classify_response("binance_futures", 429, SAPI_429, {"X-MBX-USED-WEIGHT-1M": "1"})
    assert found.reason == "binance.-1003"
