"""Binance spot (``api.binance.com``): its error codes, the HTTP statuses and the
messages that decide on their own (both Binance APIs share the last two).

Sources: Binance Spot API docs, "Error Codes" and "General Info / HTTP Return
Codes". The futures-only codes are in :mod:`golive.errors.binance_futures`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from golive.errors.rules import (
    CLOCK,
    DENIED,
    IK,
    IP,
    NET,
    RATE,
    UNKNOWN,
    Rule,
    StatusTable,
)
from golive.model import ErrorType

SPOT_CODE_TYPES: Final[Mapping[int, ErrorType]] = {
    -1000: UNKNOWN,  # UNKNOWN: an unknown error on Binance's side
    -1001: NET,  # DISCONNECTED: internal error, try again
    -1002: DENIED,  # UNAUTHORIZED: not authorized to execute this request
    -1003: RATE,  # TOO_MANY_REQUESTS / IP banned until ...
    -1007: NET,  # TIMEOUT waiting for the backend
    -1008: NET,  # SERVER_BUSY / throttled by system-level protection
    -1015: RATE,  # TOO_MANY_ORDERS
    -1021: CLOCK,  # INVALID_TIMESTAMP: outside recvWindow / ahead of server time
    -1102: UNKNOWN,  # MANDATORY_PARAM_EMPTY_OR_MALFORMED: golive's or the config's bug
    -1022: IK,  # INVALID_SIGNATURE
    -2008: IK,  # Invalid Api-Key ID
    -2014: IK,  # BAD_API_KEY_FMT
    -2015: IK,  # REJECTED_MBX_KEY: invalid API-key, IP, or permissions for action
}
"""Codes of the spot API; USDⓈ-M futures answers most of them too."""
BINANCE_CLIENT_BUGS: Final = frozenset({-1102})
"""Codes that say the request itself was malformed: a bug in golive or its configuration."""
BINANCE_CODE_MESSAGES: Final[Mapping[tuple[int, str], Rule]] = {
    (-2015, "request ip:"): Rule(IK, "binance.-2015.request_ip"),
}
"""fapi appends ``, request ip: X`` to *every* -2015, whatever the cause: the row keeps
the ambiguous ``invalid_key`` reading and only shows the IP (ccxt/node-binance-api#629)."""
BINANCE_MESSAGES: Final[Mapping[str, Rule]] = {
    "system is under maintenance": Rule(NET, "binance.maintenance"),
    "restricted location": Rule(IP, "binance.http_451"),
}
BINANCE_STATUS: Final = StatusTable(
    {
        401: Rule(IK, "binance.http_401"),
        403: Rule(IP, "binance.http_403"),  # the WAF blocked this IP (rule or rate)
        408: Rule(NET, "binance.http_408"),
        418: Rule(RATE, "binance.http_418"),
        429: Rule(RATE, "binance.http_429"),
        451: Rule(IP, "binance.http_451"),  # this IP's location is not served
        503: Rule(NET, "binance.http_503"),
    },
    server_error=Rule(NET, "binance.http_{status}", "binance.http_5xx"),
)
BINANCE_SAPI_STATUS: Final = StatusTable(
    {429: Rule(RATE, "binance.sapi_429", headline="outcome.failed.sapi_rate_limit")},
)
"""A /sapi answer (it carries ``X-SAPI-USED-IP-WEIGHT-1M`` or ``-UID-``): each /sapi
endpoint has its own budget, separate from the /api weight, and "Exceeding the limit:
always 429 -- the 418 IP-ban escalation does not apply" (developers.binance.com/docs/
products/caas/basics/4.rate-limits). Decided before the code: -1003's hint is the /api one."""
BINANCE_OVERRIDING_STATUSES: Final = frozenset({418, 451})
"""Statuses that say more than the code: an IP ban (418) and a geo block (451)."""
BINANCE_UNTIMED: Final[Mapping[str, str]] = {
    "binance.-1003": "binance.-1003_untimed",
    "binance.-1015": "binance.-1015_untimed",
    "binance.http_418": "binance.http_418_untimed",
    "binance.http_429": "binance.http_429_untimed",
}
"""Hint key -> the one used when the answer names no time golive can read: "A Retry-After
header is sent with a 418 or 429" (SPOTDOCS, LIMITS), but a proxy may drop it, and the hint
must then say so in words rather than show a number it does not have."""
BINANCE_SUCCESS_CODES: Final = frozenset({0, 200})
BINANCE_UNKNOWN_CODE: Final = Rule(UNKNOWN, "binance.{code}", "binance.unknown_code")
