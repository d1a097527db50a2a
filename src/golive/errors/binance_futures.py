"""Binance USDⓈ-M futures (``fapi.binance.com``): the codes only futures answers.

Futures answers every code of :mod:`golive.errors.binance_spot` too, so
:data:`BINANCE_CODES` (both together) is the one code table the classifier
consults for either Binance venue. Source: Binance Derivatives docs, USDⓈ-M
Futures "Error Codes".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from golive.errors.binance_spot import BINANCE_CLIENT_BUGS, SPOT_CODE_TYPES
from golive.errors.rules import CLIENT_BUG, DENIED, IK, IP, Rule
from golive.model import ErrorType

FUTURES_CODE_TYPES: Final[Mapping[int, ErrorType]] = {
    -1005: IP,  # NO_SUCH_IP: no such IP has been white listed
    -1011: IP,  # NON_WHITE_LIST: this IP cannot access this route
    -1099: IK,  # NOT_FOUND: not found, unauthenticated, or unauthorized
    -2017: DENIED,  # API_KEYS_LOCKED
    -4056: IK,  # INVALID_API_KEY_TYPE
    -4057: IK,  # INVALID_RSA_PUBLIC_KEY
    -4087: DENIED,  # user can only place reduce only order
    -4088: DENIED,  # user can not place order currently
}
BINANCE_CODES: Final[Mapping[int, Rule]] = {
    code: Rule(
        kind, f"binance.{code}", headline=CLIENT_BUG if code in BINANCE_CLIENT_BUGS else None
    )
    for code, kind in sorted({**SPOT_CODE_TYPES, **FUTURES_CODE_TYPES}.items(), reverse=True)
}
"""Spot and futures codes, most recent first (-1000, -1001, ...)."""
