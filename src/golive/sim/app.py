"""The ASGI application: routes each path root to its venue and plays the active faults.

Order for a venue request: ``hang`` (logged with status 0, never answered),
``--latency-ms`` and ``slow`` delays, an injected answer, ``malformed``,
``maintenance``, ``rate_limited``, then the venue's own handler (auth and payloads).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import formatdate
from functools import partial
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from golive.sim import binance, control, telegram, upbit
from golive.sim.scenarios import Fault
from golive.sim.state import SimState
from golive.sim.venues import Venue, venue_for
from golive.sim.wire import Answer, Incoming

if TYPE_CHECKING:
    from starlette.requests import Request

Handler = Callable[[Incoming, SimState, Venue], Answer]
FaultHandler = Callable[[Incoming, SimState, Venue], "Answer | None"]
POLL_S = 0.02
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]


@dataclass(frozen=True)
class VenueModule:
    handle: Handler
    faults: Mapping[Fault, FaultHandler]


VENUES: Mapping[Venue, VenueModule] = {
    Venue.BINANCE: VenueModule(binance.handle, binance.FAULTS),
    Venue.BINANCE_FUTURES: VenueModule(binance.handle, binance.FAULTS),
    Venue.UPBIT: VenueModule(upbit.handle, upbit.FAULTS),
    Venue.TELEGRAM: VenueModule(telegram.handle, telegram.FAULTS),
}

FAULT_ORDER = (Fault.MALFORMED, Fault.MAINTENANCE, Fault.RATE_LIMITED)


def build_app(state: SimState) -> Starlette:
    return Starlette(
        routes=[
            Mount("/__sim__", routes=control.routes(state)),
            Route("/{path:path}", partial(dispatch, state), methods=METHODS),
        ]
    )


async def dispatch(state: SimState, request: Request) -> Response:
    venue = venue_for(request.url.path)
    if venue is None:
        return PlainTextResponse("Not Found", status_code=404)
    req = await _incoming(request)
    generation = state.generation
    if state.fault(venue, Fault.HANG):
        state.record_current(generation, venue, req.method, req.path, req.query, 0)
        await _hang(request, state, venue, generation)
        return _released()
    delay = state.latency_ms + (state.slow_ms if state.fault(venue, Fault.SLOW) else 0)
    await pause(state, delay, generation)
    if not state.is_current(generation):
        return _released()
    answer = answer_for(req, state, venue)
    if not state.record_current(generation, venue, req.method, req.path, req.query, answer.status):
        return _released()
    return to_response(answer, state.now_ms(venue))


def _released() -> Response:
    """What a request gets when a reset or stop overtakes it: it is not logged."""
    return PlainTextResponse("released by the simulator", status_code=503)


def answer_for(req: Incoming, state: SimState, venue: Venue) -> Answer:
    injected = state.take_injection(req.method, req.path)
    if injected is not None:
        return Answer(injected.status, injected.body, None, injected.headers)
    module = VENUES[venue]
    for fault in FAULT_ORDER:
        if state.fault(venue, fault) and (answer := module.faults[fault](req, state, venue)):
            return answer
    return module.handle(req, state, venue)


def to_response(answer: Answer, now_ms: int) -> Response:
    headers = {"Date": formatdate(now_ms / 1000, usegmt=True)}
    if answer.content_type is not None:
        headers["Content-Type"] = answer.content_type
    headers.update(answer.headers)
    return Response(answer.body, status_code=answer.status, headers=headers)


async def _incoming(request: Request) -> Incoming:
    body = await request.body()
    client = request.client.host if request.client else ""
    peer = f"{client}:{request.client.port}" if request.client else ""
    headers = {key.lower(): value for key, value in request.headers.items()}
    query: bytes = request.scope.get("query_string", b"")
    return Incoming(request.method, request.url.path, query, body, headers, client, peer)


async def pause(state: SimState, ms: int, generation: int) -> None:
    """Sleep ``ms``, cut short by a reset or a stop (shutdown stays quick, no late records)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ms / 1000
    with state.holding():
        while state.is_current(generation) and (left := deadline - loop.time()) > 0:
            await asyncio.sleep(min(left, POLL_S))


async def _hang(request: Request, state: SimState, venue: Venue, generation: int) -> None:
    """Hold the request until the scenario goes, the client leaves, a reset or a stop."""
    with state.holding():
        while state.fault(venue, Fault.HANG) and state.is_current(generation):
            if await request.is_disconnected():
                return
            await asyncio.sleep(POLL_S)
