"""How a Binance -2015 is read against the key's apiRestrictions: a table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from golive.errors import classify_response
from golive.exchanges.binance import API_RESTRICTIONS, FUTURES_BALANCE, explain_rejection
from golive.exchanges.request import ReadError
from golive.model import ErrorType

if TYPE_CHECKING:
    from golive.exchanges.endpoint import Endpoint

REJECTED = "Invalid API-key, IP, or permissions for action."
HEALTHY = {"enableReading": True, "enableFutures": True, "ipRestrict": True}


def _failed(endpoint: Endpoint, msg: str = REJECTED, code: int = -2015) -> ReadError:
    body = {"code": code, "msg": msg}
    return ReadError(endpoint, classify_response(endpoint.venue, 401, body), status=401, body=body)


CASES: list[tuple[str, ReadError, dict[str, Any] | None, ErrorType | None, str | None]] = [
    ("futures off", _failed(FUTURES_BALANCE), {**HEALTHY, "enableFutures": False},
     ErrorType.PERMISSION_DENIED, "binance.futures_disabled"),
    ("reading off", _failed(API_RESTRICTIONS), {**HEALTHY, "enableReading": False},
     ErrorType.PERMISSION_DENIED, "binance.reading_disabled"),
    ("futures names the ip", _failed(FUTURES_BALANCE, f"{REJECTED}, request ip: 203.0.113.7"),
     HEALTHY, None, None),
    ("futures off beats the ip", _failed(FUTURES_BALANCE, f"{REJECTED}, request ip: 203.0.113.7"),
     {**HEALTHY, "enableFutures": False}, ErrorType.PERMISSION_DENIED, "binance.futures_disabled"),
    ("wallet fine, futures not", _failed(FUTURES_BALANCE), HEALTHY,
     ErrorType.PERMISSION_DENIED, "binance.futures_permission"),
    ("nothing known", _failed(FUTURES_BALANCE), None, None, None),
    ("spot, restrictions fine", _failed(API_RESTRICTIONS), HEALTHY, None, None),
    ("not -2015", _failed(FUTURES_BALANCE, "Signature for this request is not valid.", -1022),
     {**HEALTHY, "enableFutures": False}, None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("failed", "flags", "error_type", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_explanations(
    failed: ReadError,
    flags: dict[str, Any] | None,
    error_type: ErrorType | None,
    reason: str | None,
) -> None:
    explained = explain_rejection(failed, flags)
    if error_type is None:
        assert explained is None  # the classifier's own three-causes reading stands
    else:
        assert explained is not None
        assert (explained.error_type, explained.reason) == (error_type, reason)


def test_request_ip_stays_with_the_classifier() -> None:
    failed = _failed(FUTURES_BALANCE, f"{REJECTED}, request ip: 2001:db8::7")
    assert explain_rejection(failed, HEALTHY) is None
    assert failed.classification.error_type is ErrorType.IP_RESTRICTION
    assert "2001:db8::7" in failed.classification.hint
