"""Upbit (``/v1``) on the wire: JWT authentication, scopes, ``Remaining-Req`` headers.

Private endpoints check, in order: the bearer JWT's shape, the access key, the
HS256/HS512 signature (``alg`` must match; ``none`` fails), key expiry, the IP,
``query_hash``, nonce reuse, then the key's scope. Errors are
``{"error": {"name": ..., "message": ...}}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from golive.sim import upbit_data as data
from golive.sim import upbit_trading as trading
from golive.sim.accounts import UpbitScope
from golive.sim.auth import (
    Jwt,
    UpbitAuthError,
    check_query_hash,
    parse_bearer,
    query_hash_inputs,
    verify_jwt,
)
from golive.sim.scenarios import Fault
from golive.sim.state import BAN_S, RATE_LIMIT_429_ANSWERS, SimState
from golive.sim.upbit_data import Call, Rejection
from golive.sim.venues import SAFE_METHODS, Venue
from golive.sim.wire import Answer, Incoming, json_answer, text_answer

UPBIT_JSON = "application/json; charset=utf-8"

ERROR_STATUS: Mapping[str, int] = {
    "no_authorization_token": 401,
    "invalid_access_key": 401,
    "jwt_verification": 401,
    "expired_access_key": 401,
    "nonce_used": 401,
    "no_authorization_ip": 401,
    "invalid_query_payload": 401,
    "out_of_scope": 401,
}
"""Upbit error name -> its HTTP status; the message Upbit sends is in ``upbit_wire.json``."""


@dataclass(frozen=True)
class Endpoint:
    build: Callable[[Call], object]
    private: bool = True
    scope: UpbitScope | None = None
    group: str = "default"
    per_second: int = 30


def error(rejection: Rejection) -> Answer:
    body = {"error": {"name": rejection.name, "message": rejection.message}}
    return json_answer(rejection.status, body, content_type=UPBIT_JSON)


def named(name: str, *, status: int | None = None) -> Rejection:
    message = data.wire_text()["errors"][name]
    return Rejection(status or ERROR_STATUS[name], name, message)


ENDPOINTS: Mapping[tuple[str, str], Endpoint] = {
    ("GET", "/v1/market/all"): Endpoint(
        data.market_all, private=False, group="market", per_second=10
    ),
    ("GET", "/v1/ticker"): Endpoint(trading.ticker, private=False, group="ticker", per_second=10),
    ("GET", "/v1/accounts"): Endpoint(data.accounts, scope=UpbitScope.VIEW_ACCOUNT),
    ("GET", "/v1/orders/open"): Endpoint(trading.open_orders, scope=UpbitScope.VIEW_ORDERS),
    ("POST", "/v1/orders/test"): Endpoint(
        trading.order_test, scope=UpbitScope.MAKE_ORDERS, group="order-test", per_second=8
    ),
    ("GET", "/v1/api_keys"): Endpoint(data.api_keys),
    ("GET", "/v1/orders/chance"): Endpoint(data.order_chance, scope=UpbitScope.VIEW_ORDERS),
    ("POST", "/v1/orders"): Endpoint(
        data.place_order, scope=UpbitScope.MAKE_ORDERS, group="order", per_second=12
    ),
    ("DELETE", "/v1/order"): Endpoint(data.cancel_order, scope=UpbitScope.MAKE_ORDERS),
    ("POST", "/v1/withdraws/coin"): Endpoint(data.withdraw_coin, scope=UpbitScope.MAKE_WITHDRAWS),
    ("POST", "/v1/withdraws/krw"): Endpoint(data.withdraw_krw, scope=UpbitScope.MAKE_WITHDRAWS),
}

# --- authentication ---------------------------------------------------------

AuthCheck = Callable[[Jwt, Incoming, SimState], "str | None"]


def _check_key(jwt: Jwt, req: Incoming, state: SimState) -> str | None:
    known = jwt.claims.get("access_key") == state.accounts.upbit.access_key
    return (
        None if known and not state.fault(Venue.UPBIT, Fault.INVALID_KEY) else "invalid_access_key"
    )


def _check_signature(jwt: Jwt, req: Incoming, state: SimState) -> str | None:
    if state.fault(Venue.UPBIT, Fault.BAD_SIGNATURE):
        return "jwt_verification"
    return None if verify_jwt(jwt, state.accounts.upbit.secret_key) else "jwt_verification"


def _check_expiry(jwt: Jwt, req: Incoming, state: SimState) -> str | None:
    expired = data.expire_at_ms(state) <= state.now_ms(Venue.UPBIT)
    return "expired_access_key" if expired else None


def _check_ip(jwt: Jwt, req: Incoming, state: SimState) -> str | None:
    allowed = state.accounts.upbit.allowed_ips
    listed = allowed is None or req.client_ip in allowed
    blocked = not listed or state.fault(Venue.UPBIT, Fault.IP_NOT_ALLOWED)
    return "no_authorization_ip" if blocked else None


def _check_query_hash(jwt: Jwt, req: Incoming, state: SimState) -> str | None:
    inputs = query_hash_inputs(req.raw_query, req.body)
    return None if check_query_hash(jwt.claims, inputs) else "invalid_query_payload"


def _check_nonce(jwt: Jwt, req: Incoming, state: SimState) -> str | None:
    nonce = jwt.claims.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        return "jwt_verification"
    return None if state.use_nonce(nonce) else "nonce_used"


CHECKS: tuple[AuthCheck, ...] = (
    _check_key,
    _check_signature,
    _check_expiry,
    _check_ip,
    _check_query_hash,
    _check_nonce,
)


def authenticate(req: Incoming, state: SimState) -> str | None:
    """The ``error.name`` a private request fails with, or None when it passes."""
    try:
        jwt = parse_bearer(req.header("authorization"))
    except UpbitAuthError as exc:
        return exc.name
    return next((name for check in CHECKS if (name := check(jwt, req, state)) is not None), None)


def _scopes(state: SimState) -> frozenset[UpbitScope]:
    if state.is_active("upbit.out_of_scope"):
        return frozenset()
    if state.is_active("upbit.view_account_only"):
        return frozenset({UpbitScope.VIEW_ACCOUNT})
    return state.accounts.upbit.scopes


# --- dispatch ---------------------------------------------------------------


BLOCKED = "upbit.blocked"
"""The IP or account is blocked already (a client on it kept going past 429): UPRATE says
the block covers "requests of the same IP or account" and comes as 418 with the block time."""


def handle(req: Incoming, state: SimState, venue: Venue) -> Answer:
    if state.is_active(BLOCKED):
        return _blocked()
    endpoint = ENDPOINTS.get((req.method, req.path))
    group, per_second = (endpoint.group, endpoint.per_second) if endpoint else ("default", 30)
    remaining = state.take_remaining(group, per_second)
    header = ("Remaining-Req", f"group={group}; min=1800; sec={remaining}")
    return _answer(req, state, endpoint).with_headers(header)


def _answer(req: Incoming, state: SimState, endpoint: Endpoint | None) -> Answer:
    if endpoint is None:
        return error(Rejection(404, "not_found", f"{req.method} {req.path} is not found"))
    failure = authenticate(req, state) if endpoint.private else None
    if failure is None and endpoint.scope is not None and endpoint.scope not in _scopes(state):
        failure = "out_of_scope"
    if failure is not None:
        write = failure == "out_of_scope" and req.method not in SAFE_METHODS
        return error(named(failure, status=403 if write else None))
    result = endpoint.build(Call(state, req.form(), state.now_ms(Venue.UPBIT)))
    if isinstance(result, Rejection):
        return error(result)
    return json_answer(200, result, content_type=UPBIT_JSON)


# --- faults -----------------------------------------------------------------


def _malformed(req: Incoming, state: SimState, venue: Venue) -> Answer | None:
    return Answer(502, b'{"error":{"name":"server_error","message":"', UPBIT_JSON)


def _maintenance(req: Incoming, state: SimState, venue: Venue) -> Answer | None:
    return error(Rejection(500, "server_error", data.wire_text()["maintenance"]))


RATE_TEXT = "Too many API requests."
"""The 429 body: PYUPBIT's reading (unverified; the docs give no 429 body)."""
SPENT = ("Remaining-Req", "group=default; min=1800; sec=0")


def _rate_limited(req: Incoming, state: SimState, venue: Venue) -> Answer | None:
    """429 past the per-second limit; a client that keeps going gets 418 and a block time.

    UPRATE: no ``Retry-After`` is documented for either, and the 418 "returns the block
    time information" with it: the simulator puts it in the body. Both bodies are the
    simulator's choice (429: the plain text PYUPBIT reports; 418: see :func:`_blocked`).
    """
    continued = state.continues_past_refusal(venue, req.peer)
    if continued >= RATE_LIMIT_429_ANSWERS:
        return _blocked()
    state.refusal_sent(venue, req.peer)
    return text_answer(429, RATE_TEXT).with_headers(SPENT)


def _blocked() -> Answer:
    """418 with the block time in the text. UPRATE: "418 ... with the block time
    information"; the global docs: "retry after the time indicated in the error message"
    (global-docs.upbit.com/docs/request-rate-limit). Neither gives the wording or a body
    shape, nor says whether ``Remaining-Req`` comes with it: the simulator's choice."""
    text = f"{RATE_TEXT} Blocked for {BAN_S} seconds."
    return text_answer(418, text).with_headers(SPENT)


FAULTS: Mapping[Fault, Callable[[Incoming, SimState, Venue], Answer | None]] = {
    Fault.MALFORMED: _malformed,
    Fault.MAINTENANCE: _maintenance,
    Fault.RATE_LIMITED: _rate_limited,
}
