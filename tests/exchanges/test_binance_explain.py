"""How a Binance -2015 is read against the key's apiRestrictions: a table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from golive.errors import classify_response
from golive.exchanges.binance import (
    API_RESTRICTIONS,
    FUTURES_BALANCE,
    SPOT_ACCOUNT,
    RestrictionsRead,
    explain_rejection,
)
from golive.exchanges.request import ReadError
from golive.model import ErrorType

if TYPE_CHECKING:
    from golive.exchanges.endpoint import Endpoint

REJECTED = "Invalid API-key, IP, or permissions for action."
HEALTHY = {"enableReading": True, "enableFutures": True, "ipRestrict": True}


def _failed(endpoint: Endpoint, msg: str = REJECTED, code: int = -2015) -> ReadError:
    body = {"code": code, "msg": msg}
    return ReadError(endpoint, classify_response(endpoint.venue, 401, body), status=401, body=body)


WITH_IP = f"{REJECTED[:-1]}, request ip: 203.0.113.7"
IK, DENIED = ErrorType.INVALID_KEY, ErrorType.PERMISSION_DENIED
READ = RestrictionsRead(flags=HEALTHY)


def _read(**flags: bool) -> RestrictionsRead:
    return RestrictionsRead(flags={**HEALTHY, **flags})


CASES: list[tuple[str, ReadError, RestrictionsRead, ErrorType | None, str | None]] = [
    ("apiRestrictions itself refused", _failed(FUTURES_BALANCE, WITH_IP),
     RestrictionsRead(refused=True), IK, "binance.-2015.key_refused"),
    ("the apiRestrictions read is the failure", _failed(API_RESTRICTIONS), RestrictionsRead(),
     IK, "binance.-2015.key_refused"),
    ("portfolio margin beats enableFutures", _failed(FUTURES_BALANCE, WITH_IP),
     _read(enablePortfolioMarginTrading=True, enableFutures=False),
     DENIED, "binance.portfolio_margin"),
    ("futures off", _failed(FUTURES_BALANCE, WITH_IP), _read(enableFutures=False),
     DENIED, "binance.futures_disabled"),
    ("reading off", _failed(FUTURES_BALANCE, WITH_IP), _read(enableReading=False),
     DENIED, "binance.reading_disabled"),
    ("ip-restricted key names the request ip", _failed(FUTURES_BALANCE, WITH_IP), READ,
     IK, "binance.-2015.ip_restricted"),
    ("no ip restriction: the ip is ruled out", _failed(FUTURES_BALANCE, WITH_IP),
     _read(ipRestrict=False), IK, "binance.-2015.futures_key"),
    ("nothing read: the classifier's three causes", _failed(FUTURES_BALANCE, WITH_IP),
     RestrictionsRead(), None, None),
    ("spot, restrictions fine", _failed(SPOT_ACCOUNT), READ, None, None),
    ("not -2015", _failed(FUTURES_BALANCE, "Signature for this request is not valid.", -1022),
     _read(enableFutures=False), None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("failed", "read", "error_type", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_explanations(
    failed: ReadError,
    read: RestrictionsRead,
    error_type: ErrorType | None,
    reason: str | None,
) -> None:
    explained = explain_rejection(failed, read)
    if error_type is None:
        assert explained is None  # the classifier's own three-causes reading stands
    else:
        assert explained is not None
        assert (explained.error_type, explained.reason) == (error_type, reason)


def test_the_request_ip_alone_is_not_an_ip_problem() -> None:
    failed = _failed(FUTURES_BALANCE, f"{REJECTED[:-1]}, request ip: 2001:db8::7")
    assert failed.classification.error_type is ErrorType.INVALID_KEY
    assert "2001:db8::7" in failed.classification.hint
    explained = explain_rejection(failed, READ)
    assert explained is not None
    assert explained.fields == {"ip": "2001:db8::7"}
