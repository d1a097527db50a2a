"""The venues' test-order endpoints: an order validated by the venue and never created.

Sent only under ``golive preflight --prove-order-permission``, on a client whose
guard allows exactly that venue's test-order (method, path)
(:data:`golive.guard.ORDER_TESTS`). Verified in the venues' current docs:
Binance ``POST /fapi/v1/order/test`` ("Test Order (TRADE)": "this order will not
be submitted to matching engine") and Upbit ``POST /v1/orders/test`` (docs.upbit.com/kr/reference/
order-test, v1.6.1 of 2025-10-27: validated like an order, no order created).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from golive import errors
from golive.exchanges import ratelimit
from golive.exchanges.request import ReadError, Reply

if TYPE_CHECKING:
    from golive.exchanges.endpoint import Endpoint
    from golive.exchanges.request import Deadline


@dataclass(frozen=True)
class TestOrder:
    """What is sent: query parameters (Binance, signed in the query) or a JSON body (Upbit)."""

    endpoint: Endpoint
    params: tuple[tuple[str, str], ...] = ()
    body: dict[str, str] | None = None

    def shown(self) -> dict[str, Any]:
        sent = dict(self.params) | (self.body or {})
        return {"method": "POST", "path": self.endpoint.path, "params": sent}


async def _post(client: httpx.AsyncClient, order: TestOrder, deadline: Deadline) -> httpx.Response:
    remaining = deadline.remaining()
    if remaining <= 0:
        raise httpx.ReadTimeout("the check's time budget is used up")
    budget = asyncio.timeout(remaining)
    try:
        async with budget:
            return await client.post(
                order.endpoint.path,
                params=order.params or None,
                json=order.body,
                timeout=remaining,
            )
    except TimeoutError:
        if not budget.expired():
            raise
        raise httpx.ReadTimeout("no answer within the check's time budget") from None


async def send(
    client: httpx.AsyncClient, order: TestOrder, deadline: Deadline, *, lang: str
) -> Reply:
    """POST the test order once (never retried); a refusal is a classified :class:`ReadError`."""
    try:
        response = await _post(client, order, deadline)
    except httpx.HTTPError as exc:
        raise ReadError(order.endpoint, errors.classify_exception(exc, lang=lang)) from exc
    usage = ratelimit.parse(order.endpoint.venue, response.headers)
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success:
        return Reply(order.endpoint, body, usage)
    found = errors.classify_response(
        order.endpoint.venue,
        response.status_code,
        response.text if body is None else body,
        response.headers,
        lang=lang,
    )
    raise ReadError(order.endpoint, found, status=response.status_code, body=body, usage=usage)
