"""Binance spot, wallet and USDⓈ-M futures: request signing and the read-only endpoints.

The signed payload is the query string exactly as sent, followed without
separator by the body; ``timestamp`` and ``recvWindow`` are appended to the
query before signing and ``signature`` after it. The signature is hex
HMAC-SHA256 for an HMAC secret, base64 Ed25519 or RSA (PKCS#1 v1.5, SHA-256)
percent-encoded for a private key (:mod:`golive.binance_key`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from golive.binance_key import HmacSigner, Signer, hmac_hex
from golive.exchanges.endpoint import Endpoint
from golive.exchanges.outcomes import Explanation
from golive.model import ErrorType

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Mapping

    from golive.exchanges.request import ReadError

INVALID, IP, DENIED = ErrorType.INVALID_KEY, ErrorType.IP_RESTRICTION, ErrorType.PERMISSION_DENIED

SERVER_TIME = Endpoint("binance", "/api/v3/time", signed=False)
SYSTEM_STATUS = Endpoint("binance", "/sapi/v1/system/status", signed=False)
API_RESTRICTIONS = Endpoint("binance", "/sapi/v1/account/apiRestrictions")
SPOT_ACCOUNT = Endpoint("binance", "/api/v3/account", params=(("omitZeroBalances", "true"),))
FUTURES_TIME = Endpoint("binance_futures", "/fapi/v1/time", signed=False)
FUTURES_BALANCE = Endpoint("binance_futures", "/fapi/v2/balance")
POSITION_MODE = Endpoint("binance_futures", "/fapi/v1/positionSide/dual")

KEY_REJECTED = -2015
"""``REJECTED_MBX_KEY``: wrong key, IP not whitelisted or missing permission (ambiguous)."""


def signature(secret: str, payload: bytes) -> str:
    """Hex HMAC-SHA256 of ``payload`` (query string + body, as sent) keyed with ``secret``."""
    return hmac_hex(secret, payload)


class BinanceAuth(httpx.Auth):
    """Signs a request: ``timestamp`` + ``recvWindow`` + ``signature``, and ``X-MBX-APIKEY``.

    ``secret`` is an HMAC secret or a :class:`~golive.binance_key.Signer` (any key type).
    """

    requires_request_body = True

    def __init__(
        self,
        api_key: str,
        secret: str | Signer,
        *,
        recv_window_ms: int,
        now_ms: Callable[[], int],
    ) -> None:
        self._api_key = api_key
        self._signer = HmacSigner(secret) if isinstance(secret, str) else secret
        self._recv_window_ms = recv_window_ms
        self._now_ms = now_ms

    def __repr__(self) -> str:
        return "BinanceAuth(<credentials hidden>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        stamp = f"timestamp={self._now_ms()}&recvWindow={self._recv_window_ms}"
        query = request.url.query.decode("ascii")
        query = f"{query}&{stamp}" if query else stamp
        signed = self._signer.sign(query.encode("ascii") + request.content)
        request.url = request.url.copy_with(query=f"{query}&signature={signed}".encode("ascii"))
        request.headers["X-MBX-APIKEY"] = self._api_key
        yield request


FUTURES_DISABLED = Explanation(DENIED, "binance.futures_disabled", "binance.futures_disabled")
READING_DISABLED = Explanation(DENIED, "binance.reading_disabled", "binance.reading_disabled")
FUTURES_PERMISSION = Explanation(DENIED, "binance.futures_permission", "binance.futures_disabled")


def explain_rejection(failed: ReadError, flags: Mapping[str, Any] | None) -> Explanation | None:
    """What a -2015 means here, read against the key's ``apiRestrictions`` (``None``: unreadable).

    In order: the flags say futures or reading is off; the futures message named
    the request IP (the classifier already reads that as an IP problem and shows
    the IP); the wallet API accepted the key from this IP but futures did not, so
    it is the futures permission. ``None`` keeps the classifier's reading, whose
    hint names the three causes most likely first (key, IP whitelist, permission).
    """
    if failed.code != KEY_REJECTED:
        return None
    futures = failed.endpoint.venue == "binance_futures"
    if flags is not None and futures and flags.get("enableFutures") is False:
        return FUTURES_DISABLED
    if flags is not None and flags.get("enableReading") is False:
        return READING_DISABLED
    if failed.classification.error_type is IP:
        return None
    return FUTURES_PERMISSION if flags is not None and futures else None
