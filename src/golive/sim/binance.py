"""Binance spot/wallet (``/api``, ``/sapi``) and USDT-M futures (``/fapi``) on the wire.

Signed endpoints check, in order: the ``X-MBX-APIKEY`` key, the IP whitelist,
the HMAC, Ed25519 or RSA signature over the query as received plus the raw body,
the timestamp window, then the key's permissions. Every answer carries
``X-MBX-USED-WEIGHT-1M``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from golive.sim import binance_data as data
from golive.sim import binance_markets as markets
from golive.sim import binance_orders as orders
from golive.sim import futures_data as futures
from golive.sim.auth import (
    BINANCE_KEY_FORMAT,
    BinanceRejection,
    binance_payload,
    check_timestamp,
    mandatory,
    verify_hmac,
)
from golive.sim.binance_data import Call
from golive.sim.binance_keys import verify as verify_public
from golive.sim.scenarios import Fault
from golive.sim.state import BAN_S, RATE_LIMIT_429_ANSWERS, RETRY_AFTER_429_S, SimState
from golive.sim.venues import Venue
from golive.sim.wire import CLOUDFRONT_502, HTML, NGINX_502, Answer, Incoming, json_answer

if TYPE_CHECKING:
    from collections.abc import Callable

REJECTED_MSG = "Invalid API-key, IP, or permissions for action."
WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M"
SAPI_IP_HEADER = "X-SAPI-USED-IP-WEIGHT-1M"
SAPI_UID_HEADER = "X-SAPI-USED-UID-WEIGHT-1M"
SAPI_IP_LIMIT = 12_000
SAPI_UID_LIMIT = 180_000
"""/sapi: each IP-limited endpoint has its own 12,000/min, each UID-limited one 180,000/min;
answers carry X-SAPI-USED-IP-WEIGHT-1M or X-SAPI-USED-UID-WEIGHT-1M, never the /api header,
and a /sapi 429 never escalates to 418 (developers.binance.com/docs/products/caas/basics/
4.rate-limits)."""


@dataclass(frozen=True)
class Endpoint:
    build: Callable[[Call], object]
    weight: int = 1
    signed: bool = True
    needs: tuple[str, ...] = ()
    """``apiRestrictions`` flags that must be true, else -2015."""
    uid_limited: bool = False
    """A /sapi endpoint counted against the UID budget (180,000/min), else the IP one."""
    symbol_weight: int | None = None
    """The weight when a ``symbol`` is given, where the docs price it apart."""

    def weight_for(self, params: Mapping[str, str]) -> int:
        if self.symbol_weight is not None and params.get("symbol"):
            return self.symbol_weight
        return self.weight


READ = ("enableReading",)
SPOT_TRADE = ("enableSpotAndMarginTrading",)
FUTURES_READ = ("enableReading", "enableFutures")
FUTURES_TRADE = ("enableFutures",)

ENDPOINTS: Mapping[tuple[str, str], Endpoint] = {
    ("GET", "/api/v3/time"): Endpoint(data.server_time, signed=False),
    ("GET", "/api/v3/exchangeInfo"): Endpoint(markets.spot_exchange_info, 20, signed=False),
    ("GET", "/api/v3/account"): Endpoint(data.spot_account, 20, needs=READ),
    ("POST", "/api/v3/order"): Endpoint(orders.spot_order, needs=SPOT_TRADE),
    ("DELETE", "/api/v3/order"): Endpoint(orders.spot_cancel, needs=SPOT_TRADE),
    ("GET", "/sapi/v1/system/status"): Endpoint(data.system_status, signed=False),
    ("GET", "/sapi/v1/account/apiRestrictions"): Endpoint(data.api_restrictions),
    ("POST", "/sapi/v1/capital/withdraw/apply"): Endpoint(
        orders.withdraw, 600, needs=("enableWithdrawals",), uid_limited=True
    ),
    ("POST", "/sapi/v1/asset/transfer"): Endpoint(
        orders.transfer, 900, needs=("permitsUniversalTransfer",), uid_limited=True
    ),
    ("GET", "/fapi/v1/time"): Endpoint(data.server_time, signed=False),
    ("GET", "/fapi/v1/exchangeInfo"): Endpoint(markets.futures_exchange_info, signed=False),
    ("GET", "/fapi/v1/premiumIndex"): Endpoint(
        markets.premium_index, 10, signed=False, symbol_weight=1
    ),
    ("GET", "/fapi/v1/accountConfig"): Endpoint(futures.account_config, 5, needs=FUTURES_READ),
    ("GET", "/fapi/v1/apiTradingStatus"): Endpoint(
        futures.api_trading_status, 10, needs=FUTURES_READ, symbol_weight=1
    ),
    ("GET", "/fapi/v1/symbolConfig"): Endpoint(futures.symbol_config, 5, needs=FUTURES_READ),
    ("GET", "/fapi/v1/openOrders"): Endpoint(
        futures.open_orders, 40, needs=FUTURES_READ, symbol_weight=1
    ),
    ("GET", "/fapi/v3/positionRisk"): Endpoint(futures.position_risk, 5, needs=FUTURES_READ),
    ("POST", "/fapi/v1/order/test"): Endpoint(futures.order_test, 0, needs=FUTURES_TRADE),
    ("GET", "/fapi/v2/balance"): Endpoint(data.futures_balance, 5, needs=FUTURES_READ),
    ("GET", "/fapi/v3/balance"): Endpoint(data.futures_balance, 5, needs=FUTURES_READ),
    ("GET", "/fapi/v2/account"): Endpoint(data.futures_account_v2, 5, needs=FUTURES_READ),
    ("GET", "/fapi/v3/account"): Endpoint(data.futures_account_v3, 5, needs=FUTURES_READ),
    ("GET", "/fapi/v1/positionSide/dual"): Endpoint(data.dual_side, 30, needs=FUTURES_READ),
    ("POST", "/fapi/v1/positionSide/dual"): Endpoint(orders.set_dual_side, needs=FUTURES_TRADE),
    ("GET", "/fapi/v1/multiAssetsMargin"): Endpoint(
        data.multi_assets_margin, 30, needs=FUTURES_READ
    ),
    ("POST", "/fapi/v1/order"): Endpoint(orders.futures_order, needs=FUTURES_TRADE),
    ("DELETE", "/fapi/v1/order"): Endpoint(orders.futures_cancel, needs=FUTURES_TRADE),
    ("POST", "/fapi/v1/leverage"): Endpoint(orders.leverage, needs=FUTURES_TRADE),
}

WEIGHT_LIMITS: Mapping[Venue, int] = {
    Venue.BINANCE: data.SPOT_WEIGHT_LIMIT,
    Venue.BINANCE_FUTURES: data.FUTURES_WEIGHT_LIMIT,
}

RATE_MESSAGES: Mapping[Venue, tuple[str, str]] = {
    Venue.BINANCE: (
        "Too much request weight used; current limit is 6000 request weight per 1 MINUTE. "
        "Please use WebSocket Streams for live updates to avoid polling the API.",
        "Way too much request weight used; IP banned until {until}. "
        "Please use WebSocket Streams for live updates to avoid bans.",
    ),
    Venue.BINANCE_FUTURES: (
        "Too many requests; current limit is 2400 requests per minute. "
        "Please use the websocket for live updates to avoid polling the API.",
        "Way too many requests; IP banned until {until}. "
        "Please use the websocket for live updates to avoid bans.",
    ),
}


def error(rejection: BinanceRejection) -> Answer:
    return json_answer(rejection.status, {"code": rejection.code, "msg": rejection.msg})


SAPI_RATE_LIMITED = "binance.sapi_rate_limited"
"""Every /sapi endpoint's own budget is spent (by another process on the IP), nothing else:
"/api/* and /sapi/* apply rate limits differently", each IP-limited /sapi endpoint having
"an independent 12,000 per minute" (developers.binance.com/docs/products/caas/basics/
4.rate-limits), so /api and /fapi answer as usual."""


BANNED = "binance.banned"
"""The spot host has banned the IP already (another process on it continued past 429): "A
Retry-After header is sent with a 418 or 429 responses and will give the number of
seconds required to wait ... in the case of a 418, until the ban is over" (SPOTDOCS,
"LIMITS"). The body is the /api 418 one; /fapi is a venue of its own and answers."""


def handle(req: Incoming, state: SimState, venue: Venue) -> Answer:
    if venue is Venue.BINANCE and state.is_active(BANNED):
        return _banned(state, venue)
    endpoint = ENDPOINTS.get((req.method, req.path))
    if state.config.binance_testnet and _is_sapi(req):
        endpoint = None  # the spot testnet serves /api only: /sapi is an unknown path
    elif _is_sapi(req) and state.is_active(SAPI_RATE_LIMITED):
        return _sapi_rate_limited(req, state, venue)
    weight = _weight(req, state, venue, endpoint.weight_for(req.form()) if endpoint else 1)
    return _answer(req, state, venue, endpoint).with_headers(weight)


def _is_sapi(req: Incoming) -> bool:
    return req.path.startswith("/sapi/")


def _weight(req: Incoming, state: SimState, venue: Venue, weight: int) -> tuple[str, str]:
    """Count ``weight`` in the budget the request belongs to; the header that reports it."""
    if not _is_sapi(req):
        return WEIGHT_HEADER, str(state.add_weight(venue, weight))
    endpoint = ENDPOINTS.get((req.method, req.path))
    uid = endpoint is not None and endpoint.uid_limited
    used = state.add_weight(f"sapi {'uid' if uid else 'ip'} {req.path}", weight)
    return SAPI_UID_HEADER if uid else SAPI_IP_HEADER, str(used)


def _answer(req: Incoming, state: SimState, venue: Venue, endpoint: Endpoint | None) -> Answer:
    if endpoint is None:
        msg = f"Path {req.path}, Method {req.method} is invalid"
        return error(BinanceRejection(404, -5000, msg))
    call = Call(state, venue, req.form(), state.now_ms(venue))
    rejection = _authenticate(req, call) if endpoint.signed else None
    rejection = rejection or _permission(req, call, endpoint)
    if rejection is not None:
        return error(rejection)
    result = endpoint.build(call)
    if isinstance(result, BinanceRejection):
        return error(result)
    return json_answer(200, result)


def _rejected(req: Incoming, call: Call) -> BinanceRejection:
    """-2015. fapi appends the request IP to *every* -2015, whatever the cause, without the
    full stop: "...for action, request ip: 1.2.3.4" (ccxt/node-binance-api#629,
    ccxt/ccxt#7822, Binance-docs/Binance_Futures_python#60); spot and /sapi do not."""
    if call.venue is not Venue.BINANCE_FUTURES:
        return BinanceRejection(401, -2015, REJECTED_MSG)
    return BinanceRejection(401, -2015, f"{REJECTED_MSG[:-1]}, request ip: {req.client_ip}")


def _check_key(req: Incoming, call: Call) -> BinanceRejection | None:
    key = req.header("x-mbx-apikey")
    if not key or not BINANCE_KEY_FORMAT.match(key):  # no header at all: -2014 too
        return BinanceRejection(401, -2014, "API-key format invalid.")
    unknown = key != call.state.accounts.binance.api_key
    invalid = unknown or call.state.fault(call.venue, Fault.INVALID_KEY)
    return _rejected(req, call) if invalid else None


def _check_ip(req: Incoming, call: Call) -> BinanceRejection | None:
    account = call.state.accounts.binance
    if not data.restrictions(call.state).ipRestrict:
        return None
    listed = account.allowed_ips is None or req.client_ip in account.allowed_ips
    if listed and not call.state.fault(call.venue, Fault.IP_NOT_ALLOWED):
        return None
    return _rejected(req, call)


def _check_signature(req: Incoming, call: Call) -> BinanceRejection | None:
    payload, signature = binance_payload(req.raw_query, req.body)
    if not signature:
        return mandatory("signature")
    if "timestamp" not in call.params:
        return mandatory("timestamp")
    if _signature_valid(call, payload, signature):
        return None
    return BinanceRejection(400, -1022, "Signature for this request is not valid.")


def _signature_valid(call: Call, payload: bytes, signature: str) -> bool:
    account = call.state.accounts.binance
    if call.state.fault(call.venue, Fault.BAD_SIGNATURE):
        return False
    if account.public_key_pem:
        return verify_public(account.public_key_pem, payload, signature)
    return verify_hmac(account.api_secret, payload, signature)


def _check_timestamp(req: Incoming, call: Call) -> BinanceRejection | None:
    return check_timestamp(call.params, call.now_ms)


CHECKS: tuple[Callable[[Incoming, Call], BinanceRejection | None], ...] = (
    _check_key,
    _check_ip,
    _check_signature,
    _check_timestamp,
)


def _authenticate(req: Incoming, call: Call) -> BinanceRejection | None:
    return next((r for check in CHECKS if (r := check(req, call)) is not None), None)


def _permission(req: Incoming, call: Call, endpoint: Endpoint) -> BinanceRejection | None:
    flags = data.restrictions(call.state)
    portfolio = call.venue is Venue.BINANCE_FUTURES and flags.enablePortfolioMarginTrading
    if all(getattr(flags, name) for name in endpoint.needs) and not (portfolio and endpoint.signed):
        return None
    return _rejected(req, call)


# --- faults -----------------------------------------------------------------


def _malformed(req: Incoming, state: SimState, venue: Venue) -> Answer | None:
    page = CLOUDFRONT_502 if venue is Venue.BINANCE else NGINX_502
    return Answer(502, page.encode(), HTML)


def _maintenance(req: Incoming, state: SimState, venue: Venue) -> Answer | None:
    if req.path == "/sapi/v1/system/status":
        return None
    answer = error(BinanceRejection(503, -1001, "System is under maintenance."))
    return answer.with_headers(_weight(req, state, venue, 1))


def _rate_limited(req: Incoming, state: SimState, venue: Venue) -> Answer | None:
    if _is_sapi(req):
        return _sapi_rate_limited(req, state, venue)
    continued = state.continues_past_refusal(venue, req.peer)
    used = state.add_weight(venue, 1) + WEIGHT_LIMITS[venue]
    too_many, banned = RATE_MESSAGES[venue]
    if continued < RATE_LIMIT_429_ANSWERS:
        state.refusal_sent(venue, req.peer)
        answer = error(BinanceRejection(429, -1003, too_many))
        retry_after = RETRY_AFTER_429_S
    else:
        until = state.now_ms(venue) + BAN_S * 1000
        answer = error(BinanceRejection(418, -1003, banned.format(until=until)))
        retry_after = BAN_S
    return answer.with_headers((WEIGHT_HEADER, str(used)), ("Retry-After", str(retry_after)))


def _banned(state: SimState, venue: Venue) -> Answer:
    until = state.now_ms(venue) + BAN_S * 1000
    answer = error(BinanceRejection(418, -1003, RATE_MESSAGES[venue][1].format(until=until)))
    return answer.with_headers(("Retry-After", str(BAN_S)))


def _sapi_rate_limited(req: Incoming, state: SimState, venue: Venue) -> Answer:
    """Always 429, however long the client keeps going: /sapi does not escalate to 418
    ("Exceeding the limit: always 429 -- the 418 IP-ban escalation does not apply",
    developers.binance.com/docs/products/caas/basics/4.rate-limits).

    The body's wording is the simulator's choice (the docs give the /api one only), and so
    is ``Retry-After``: the page names it for 418 only, SPOTDOCS for /api 418 and 429."""
    header, used = _weight(req, state, venue, 1)
    limit = SAPI_UID_LIMIT if header == SAPI_UID_HEADER else SAPI_IP_LIMIT
    msg = (
        f"Too much request weight used; current limit is {limit} request weight per 1 MINUTE. "
        "Please use WebSocket Streams for live updates to avoid polling the API."
    )
    answer = error(BinanceRejection(429, -1003, msg))
    retry = ("Retry-After", str(RETRY_AFTER_429_S))
    return answer.with_headers((header, str(int(used) + limit)), retry)


FAULTS: Mapping[Fault, Callable[[Incoming, SimState, Venue], Answer | None]] = {
    Fault.MALFORMED: _malformed,
    Fault.MAINTENANCE: _maintenance,
    Fault.RATE_LIMITED: _rate_limited,
}
