"""Binance spot, wallet and USDⓈ-M futures: request signing and the read-only endpoints.

The signed payload is the query string exactly as sent, followed without
separator by the body; ``timestamp`` and ``recvWindow`` are appended to the
query before signing and ``signature`` after it. The signature is hex
HMAC-SHA256 for an HMAC secret, base64 Ed25519 or RSA (PKCS#1 v1.5, SHA-256)
percent-encoded for a private key (:mod:`golive.binance_key`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from golive.binance_key import HmacSigner, Signer, hmac_hex
from golive.exchanges.endpoint import Endpoint
from golive.exchanges.outcomes import Explanation
from golive.model import ErrorType

if TYPE_CHECKING:
    from collections.abc import Callable, Generator

    from golive.exchanges.request import ReadError

INVALID, IP, DENIED = ErrorType.INVALID_KEY, ErrorType.IP_RESTRICTION, ErrorType.PERMISSION_DENIED

SERVER_TIME = Endpoint("binance", "/api/v3/time", signed=False)
SYSTEM_STATUS = Endpoint("binance", "/sapi/v1/system/status", signed=False)
API_RESTRICTIONS = Endpoint("binance", "/sapi/v1/account/apiRestrictions")
SPOT_ACCOUNT = Endpoint("binance", "/api/v3/account", params=(("omitZeroBalances", "true"),))
FUTURES_TIME = Endpoint("binance_futures", "/fapi/v1/time", signed=False)
FUTURES_BALANCE = Endpoint("binance_futures", "/fapi/v2/balance")
POSITION_MODE = Endpoint("binance_futures", "/fapi/v1/positionSide/dual")
ACCOUNT_CONFIG = Endpoint("binance_futures", "/fapi/v1/accountConfig")
TRADING_STATUS = Endpoint("binance_futures", "/fapi/v1/apiTradingStatus")
SYMBOL_CONFIG = Endpoint("binance_futures", "/fapi/v1/symbolConfig")
FUTURES_EXCHANGE_INFO = Endpoint("binance_futures", "/fapi/v1/exchangeInfo", signed=False)
OPEN_ORDERS = Endpoint("binance_futures", "/fapi/v1/openOrders")
POSITION_RISK = Endpoint("binance_futures", "/fapi/v3/positionRisk")
ORDER_TEST = Endpoint("binance_futures", "/fapi/v1/order/test")
"""``POST``: sent only with ``--prove-order-permission`` (validates, creates nothing)."""


def premium_index(symbol: str) -> Endpoint:
    """The mark price of one symbol (weight 1; without a symbol it is 10)."""
    return Endpoint("binance_futures", "/fapi/v1/premiumIndex", False, (("symbol", symbol),))


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
PORTFOLIO_MARGIN = Explanation(DENIED, "binance.portfolio_margin", "binance.portfolio_margin")
KEY_REFUSED = Explanation(INVALID, "binance.-2015.key_refused", "binance.-2015.key_refused")
FUTURES_KEY = Explanation(INVALID, "binance.-2015.futures_key", "binance.-2015.futures_key")
IP_LISTED = "binance.-2015.ip_restricted"
NO_IP = "-"


@dataclass(frozen=True)
class RestrictionsRead:
    """What this run learnt from ``apiRestrictions``: the flags, or that it was refused."""

    flags: Mapping[str, Any] | None = None
    refused: bool = False
    """``apiRestrictions`` itself answered -2015: even the key's own permission list is denied."""


def explain_rejection(failed: ReadError, read: RestrictionsRead) -> Explanation | None:
    """What a -2015 means here, narrowed with the ``apiRestrictions`` read in the same run.

    -2015 names three causes at once (key, IP whitelist, permission), and fapi
    appends ``request ip: X`` to every -2015 whatever the cause, so the IP in the
    message proves nothing. In order:

    * ``apiRestrictions`` itself refused: the key is wrong (or this IP is not on
      an IP-restricted key's list), it is not a missing permission;
    * a portfolio-margin account (``enablePortfolioMarginTrading``) cannot use the
      USDⓈ-M futures API at all; Enable Futures off; Enable Reading off;
    * on futures, with the flags readable (so this key and this IP passed the
      wallet API): ``ipRestrict`` true names the request IP that must be on the
      list, else the key is not valid for futures (created before the futures
      account, a testnet key).

    ``None`` keeps the classifier's reading (three causes, most likely first).
    """
    if failed.code != KEY_REJECTED:
        return None
    flags = read.flags
    if flags is None:
        return KEY_REFUSED if read.refused or failed.endpoint == API_RESTRICTIONS else None
    futures = failed.endpoint.venue == "binance_futures"
    ordered = (
        (futures and flags.get("enablePortfolioMarginTrading") is True, PORTFOLIO_MARGIN),
        (futures and flags.get("enableFutures") is False, FUTURES_DISABLED),
        (flags.get("enableReading") is False, READING_DISABLED),
    )
    found = next((explanation for hit, explanation in ordered if hit), None)
    if found is not None or not futures:
        return found
    if flags.get("ipRestrict") is True:
        ip = failed.classification.detail if _names_ip(failed) else None
        return Explanation(INVALID, IP_LISTED, IP_LISTED, {"ip": ip or NO_IP})
    return FUTURES_KEY


def _names_ip(failed: ReadError) -> bool:
    return "request ip:" in failed.message.lower()
