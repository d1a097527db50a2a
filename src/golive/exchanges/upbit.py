"""Upbit: JWT (HS512) signing and the read-only endpoints.

Each request carries ``Authorization: Bearer <JWT>`` with ``access_key``, a fresh
``nonce`` (UUID4) and, when the request has a query or a body, ``query_hash``:
the SHA512 hex of the query string as sent but not URL-encoded.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import warnings
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlencode

import httpx

from golive.exchanges.endpoint import Endpoint

if TYPE_CHECKING:
    from collections.abc import Callable, Generator

ACCOUNTS = Endpoint("upbit", "/v1/accounts")
API_KEYS = Endpoint("upbit", "/v1/api_keys")
ORDER_CHANCE = Endpoint("upbit", "/v1/orders/chance", params=(("market", "KRW-BTC"),))
MARKETS_DETAILED = Endpoint("upbit", "/v1/market/all", False, (("isDetails", "true"),))
KRW_USDT_TICKER = Endpoint("upbit", "/v1/ticker", False, (("markets", "KRW-USDT"),))
OPEN_ORDERS = Endpoint(
    "upbit", "/v1/orders/open", params=(("states[]", "wait"), ("states[]", "watch"))
)
"""Resting orders and reserved (stop) orders: both are exposure at start."""
ORDER_TEST = Endpoint("upbit", "/v1/orders/test")
"""``POST``: sent only with ``--prove-order-permission`` (validates, creates nothing)."""


ORDER_VIEW_PROFILES: frozenset[str] = frozenset({"live"})
"""Profiles whose bot places orders: the key needs the View Orders scope. Upbit has no
testnet, so ``paper`` runs with a real key that only needs
View Account (UPAUTH permission table)."""
SCOPE_HINTS: dict[str, str] = {
    "/v1/accounts": "upbit.scope.view_account",
    "/v1/orders/chance": "upbit.scope.view_orders",
    "/v1/orders/open": "upbit.scope.view_orders",
    "/v1/orders/test": "upbit.scope.make_orders",
}
"""The scope each signed read needs (UPAUTH permission table), as the catalogue key of the
hint naming it in Upbit's words and where to tick it; ``/v1/api_keys`` needs none."""
VIEW_ORDERS = "upbit.scope.view_orders"


def order_chance(market: str) -> Endpoint:
    """Order conditions of one market: fees, minimum totals, the market's state."""
    return Endpoint("upbit", "/v1/orders/chance", params=(("market", market),))


def _new_nonce() -> str:
    return str(uuid.uuid4())


def query_hash(query: str) -> str:
    """SHA512 hex of the unencoded query string."""
    return hashlib.sha512(query.encode()).hexdigest()


def _hashed_query(request: httpx.Request) -> str:
    """The string Upbit hashes: the decoded query, else a JSON body joined as ``k=v&k=v``."""
    query = unquote(request.url.query.decode("ascii"))
    if query or not request.content:
        return query
    body = json.loads(request.content)
    return unquote(urlencode(body, doseq=True)) if isinstance(body, dict) else ""


def token(access_key: str, secret: str, nonce: str, query: str) -> str:
    """The signed JWT for one request (HS512, the algorithm Upbit recommends).

    PyJWT is imported here, not with the module: it loads ``cryptography`` (~20 ms),
    which listing checks does not need; a preflight imports it before its timed
    phase (the ``upbit`` check's ``imports``).
    """
    import jwt
    from jwt.warnings import InsecureKeyLengthWarning

    payload = {"access_key": access_key, "nonce": nonce}
    if query:
        payload |= {"query_hash": query_hash(query), "query_hash_alg": "SHA512"}
    with warnings.catch_warnings():
        # Upbit issues 40-character secrets: shorter than PyJWT's HS512 recommendation,
        # and not ours to change.
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        return jwt.encode(payload, secret, algorithm="HS512")


class UpbitAuth(httpx.Auth):
    """Adds ``Authorization: Bearer <JWT>`` with a new nonce per request."""

    requires_request_body = True

    def __init__(
        self, access_key: str, secret: str, *, nonce: Callable[[], str] = _new_nonce
    ) -> None:
        self._access_key = access_key
        self._secret = secret
        self._nonce = nonce

    def __repr__(self) -> str:
        return "UpbitAuth(<credentials hidden>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if not self._secret:  # no key in this profile (local_dev): nothing to sign with
            yield request
            return
        signed = token(self._access_key, self._secret, self._nonce(), _hashed_query(request))
        request.headers["Authorization"] = f"Bearer {signed}"
        yield request
