"""Upbit (``api.upbit.com``): rows by ``error.name``, messages and HTTP statuses.

Upbit rows branch on ``error.name``, not on the status: ``out_of_scope`` comes
with 401 or 403. ``nonce_used`` is a replayed token (a nonce reused),
``invalid_key``, never ``clock_skew``. Source: Upbit developer center, "REST API
error codes".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from golive.errors.rules import CLIENT_BUG, DENIED, IK, IP, NET, RATE, UNKNOWN, Rule, StatusTable
from golive.model import ErrorType

_UPBIT_NAME_TYPES: Final[Mapping[str, ErrorType]] = {
    "invalid_query_payload": UNKNOWN,  # query_hash does not match the request: a signing bug
    "jwt_verification": IK,  # signature check failed: wrong secret key
    "expired_access_key": IK,
    "nonce_used": UNKNOWN,  # a replayed token: a client bug, not a bad key nor the clock
    "invalid_parameter": UNKNOWN,  # a request parameter golive (or the config) got wrong
    "validation_error": UNKNOWN,
    "no_authorization_ip": IP,
    "no_authorization_token": IK,
    "invalid_access_key": IK,
    "out_of_scope": DENIED,  # comes with 401 or 403: branch on the name
    "open_api_withdraw_locked": DENIED,
    "thirdparty_agreement_required": DENIED,
}
UPBIT_CLIENT_BUGS: Final = frozenset(
    {"invalid_query_payload", "nonce_used", "invalid_parameter", "validation_error"}
)
"""Names that say the request itself was wrong: a bug in golive or its configuration."""
UPBIT_NAMES: Final[Mapping[str, Rule]] = {
    **{
        name: Rule(
            kind, f"upbit.{name}", headline=CLIENT_BUG if name in UPBIT_CLIENT_BUGS else None
        )
        for name, kind in _UPBIT_NAME_TYPES.items()
    },
    "no_authorization_i_p": Rule(IP, "upbit.no_authorization_ip"),  # the older spelling
}
UPBIT_MESSAGES: Final[Mapping[str, Rule]] = {
    "too many api requests": Rule(RATE, "upbit.http_429"),
    "missing request parameter": Rule(UNKNOWN, "upbit.invalid_parameter", headline=CLIENT_BUG),
}
UPBIT_STATUS: Final = StatusTable(
    {
        401: Rule(IK, "upbit.http_401"),
        403: Rule(DENIED, "upbit.http_403"),
        418: Rule(RATE, "upbit.http_418"),
        429: Rule(RATE, "upbit.http_429"),
    },
    server_error=Rule(NET, "upbit.http_{status}", "upbit.http_5xx"),
)
UPBIT_BLOCK_STATUS: Final = 418
"""UPRATE: continuing after 429 blocks the IP or account (418, block time in the body)."""
UPBIT_UNTIMED: Final[Mapping[str, str]] = {"upbit.http_418": "upbit.http_418_untimed"}
"""Hint key -> the one used for a 418 whose block time golive cannot read
(:mod:`golive.errors.blocktime`): the hint says so instead of showing a number."""
UPBIT_UNKNOWN_NAME: Final = Rule(UNKNOWN, "upbit.{name}", "upbit.unknown_error")
