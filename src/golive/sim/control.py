"""The control API under ``/__sim__/``: scenarios, injected answers, the request log, reset."""

from __future__ import annotations

import json
from functools import partial
from typing import TYPE_CHECKING, Any

from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from golive.hosts import is_loopback_host
from golive.sim.book import Book, SymbolConfig
from golive.sim.scenarios import SCENARIOS, UnknownScenarioError, describe_scenario
from golive.sim.state import Injection, SimState

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from starlette.requests import Request


class ControlError(ValueError):
    """A bad control request; answered 400 with ``{"error": message}``."""


def routes(state: SimState) -> list[BaseRoute]:
    table: list[tuple[str, str, Callable[[SimState, Request], Awaitable[Response]]]] = [
        ("/scenarios", "GET", list_scenarios),
        ("/scenario", "GET", active_scenarios),
        ("/scenario", "POST", set_scenarios),
        ("/inject", "POST", inject),
        ("/requests", "GET", request_log),
        ("/reset", "POST", reset),
        ("/balances", "POST", set_balances),
        ("/symbol_configs", "POST", set_symbol_configs),
        ("/listings", "POST", set_listings),
    ]
    return [Route(path, partial(_guarded, fn, state), methods=[m]) for path, m, fn in table]


def _refusal(state: SimState, request: Request) -> Response | None:
    """A web page the operator visits can reach a loopback port: its request is refused.

    A foreign ``Host`` (DNS rebinding) is 403; a POST that is not ``application/json`` is
    415 (a cross-origin ``text/plain`` POST needs no CORS preflight; JSON does).
    """
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if not (is_loopback_host(name) or name.strip("[]") == state.config.host):
        return JSONResponse({"error": "the control API answers loopback Host headers only"}, 403)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "POST" and content_type != "application/json":
        return JSONResponse({"error": "the control API takes Content-Type: application/json"}, 415)
    return None


async def _guarded(
    fn: Callable[[SimState, Request], Awaitable[Response]], state: SimState, request: Request
) -> Response:
    refused = _refusal(state, request)
    if refused is not None:
        return refused
    try:
        return await fn(state, request)
    except (ControlError, UnknownScenarioError) as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)


async def _json(request: Request) -> Any:
    try:
        return json.loads(await request.body() or b"{}")
    except ValueError as exc:
        raise ControlError(f"body is not JSON: {exc}") from exc


async def list_scenarios(state: SimState, request: Request) -> Response:
    names = [{"name": name, "description": describe_scenario(name)} for name in SCENARIOS]
    return JSONResponse({"scenarios": names, "active": state.describe_scenarios()})


async def active_scenarios(state: SimState, request: Request) -> Response:
    return JSONResponse({"active": state.describe_scenarios()})


async def set_scenarios(state: SimState, request: Request) -> Response:
    body = await _json(request)
    names = body.get("scenarios") if isinstance(body, dict) else body
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ControlError('expected {"scenarios": ["<venue>.<fault>", ...]}')
    state.set_scenarios(names)
    return JSONResponse({"active": state.describe_scenarios()})


def parse_injection(body: Any) -> Injection:
    """``{"method", "path", "status", "headers"?, "body"? | "json"?, "times"?}``"""
    if not isinstance(body, dict) or not {"method", "path", "status"} <= body.keys():
        raise ControlError(
            'expected {"method": ..., "path": ..., "status": ..., "body"|"json": ...}'
        )
    headers = {str(k): str(v) for k, v in (body.get("headers") or {}).items()}
    if "json" in body:
        content = json.dumps(body["json"]).encode()
        headers = {"Content-Type": "application/json", **headers}
    else:
        content = str(body.get("body", "")).encode()
    times = body.get("times")
    if not isinstance(body["status"], int) or not (times is None or isinstance(times, int)):
        raise ControlError("status and times must be integers")
    path, method = str(body["path"]), str(body["method"]).upper()
    return Injection(method, path, body["status"], tuple(headers.items()), content, times)


async def inject(state: SimState, request: Request) -> Response:
    injection = parse_injection(await _json(request))
    state.inject(injection)
    return JSONResponse({"ok": True, "method": injection.method, "path": injection.path})


async def request_log(state: SimState, request: Request) -> Response:
    venue = request.query_params.get("venue")
    mutating = request.query_params.get("mutating")
    entries = [
        entry.to_json()
        for entry in state.requests()
        if (venue is None or entry.venue == venue)
        and (mutating is None or entry.mutating == (mutating.lower() == "true"))
    ]
    return JSONResponse({"requests": entries})


async def reset(state: SimState, request: Request) -> Response:
    state.reset()
    return JSONResponse({"ok": True, "active": state.describe_scenarios()})


def _table(body: Any, what: str) -> dict[str, dict[str, Any]]:
    if not isinstance(body, dict) or not all(isinstance(v, dict) for v in body.values()):
        raise ControlError(f"expected {what}")
    return {str(k): dict(v) for k, v in body.items()}


BALANCE_SHAPE = '{"binance_futures": {"USDT": "110"}, "upbit": {"KRW": "150000"}}'
SYMBOL_FIELDS = frozenset({"marginType", "isAutoAddMargin", "leverage", "maxNotionalValue"})
FUTURES_LISTING_FIELDS = frozenset({"status", "minNotional", "markPrice", "listed"})
UPBIT_LISTING_FIELDS = frozenset({"listed", "warning", "caution", "state", "min_total"})


async def set_balances(state: SimState, request: Request) -> Response:
    """``{"binance_futures": {asset: balance}, "upbit": {currency: balance}}``"""
    body = _table(await _json(request), BALANCE_SHAPE)
    if not set(body) <= {"binance_futures", "upbit"}:
        raise ControlError(f"expected {BALANCE_SHAPE}")

    def change(book: Book) -> None:
        book.futures_balances |= {k: str(v) for k, v in body.get("binance_futures", {}).items()}
        book.upbit_balances |= {k: str(v) for k, v in body.get("upbit", {}).items()}

    state.change_book(change)
    return JSONResponse({"ok": True})


async def set_symbol_configs(state: SimState, request: Request) -> Response:
    """``{"ETHUSDT": {"leverage": 5, "marginType": "CROSSED", "maxNotionalValue": "..."}}``"""
    body = _table(await _json(request), '{"<SYMBOL>": {"leverage": 5, ...}}')
    if any(not set(v) <= SYMBOL_FIELDS for v in body.values()):
        raise ControlError(f"symbol config fields: {', '.join(sorted(SYMBOL_FIELDS))}")
    for fields in body.values():
        SymbolConfig("X", **fields)  # a wrong field name fails here, not mid-request

    def change(book: Book) -> None:
        for symbol, fields in body.items():
            book.symbol_configs[symbol] = {**book.symbol_configs.get(symbol, {}), **fields}

    state.change_book(change)
    return JSONResponse({"ok": True})


async def set_listings(state: SimState, request: Request) -> Response:
    """``{"binance_futures": {"ETHUSDT": {"status": "SETTLING"}}, "upbit": {"KRW-ETH": {...}}}``"""
    body = _table(await _json(request), '{"binance_futures": {...}, "upbit": {...}}')
    futures = _table(body.get("binance_futures", {}), "symbol -> listing fields")
    upbit = _table(body.get("upbit", {}), "market -> listing fields")
    if any(not set(v) <= FUTURES_LISTING_FIELDS for v in futures.values()):
        raise ControlError(f"futures listing fields: {', '.join(sorted(FUTURES_LISTING_FIELDS))}")
    if any(not set(v) <= UPBIT_LISTING_FIELDS for v in upbit.values()):
        raise ControlError(f"upbit listing fields: {', '.join(sorted(UPBIT_LISTING_FIELDS))}")

    def change(book: Book) -> None:
        for symbol, fields in futures.items():
            merged = book.futures_listings.get(symbol, {})
            book.futures_listings[symbol] = {**merged, **{k: _wire(v) for k, v in fields.items()}}
        for market, fields in upbit.items():
            book.upbit_listings[market] = {**book.upbit_listings.get(market, {}), **fields}

    state.change_book(change)
    return JSONResponse({"ok": True})


def _wire(value: Any) -> str:
    """Futures listing values as the listing table holds them (``listed`` as true/false)."""
    return str(value).lower() if isinstance(value, bool) else str(value)
