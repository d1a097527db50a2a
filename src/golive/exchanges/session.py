"""What checks share in one run: the client factory and reads more than one check needs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from golive.exchanges.binance import API_RESTRICTIONS
from golive.exchanges.http import ClientFactory
from golive.exchanges.request import ReadError, Reply, read

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.exchanges.request import Deadline
    from golive.model import CheckContext, HttpClientFactory

RESTRICTIONS_KEY = "binance.apiRestrictions"


def client_factory(ctx: CheckContext) -> HttpClientFactory:
    """The run's factory, or a fresh one for a context built without it (reads then not shared)."""
    if ctx.http is not None:
        return ctx.http
    return ClientFactory.from_values(ctx.profile.values, ctx.settings, clock=ctx.clock)


async def binance_restrictions(ctx: CheckContext, deadline: Deadline) -> Reply:
    """The key's ``apiRestrictions``, read once per run and shared by every check that asks."""
    factory = client_factory(ctx)

    async def fetch() -> Reply:
        async with factory("binance", timeout=ctx.timeout) as client:
            return await read(client, API_RESTRICTIONS, deadline, lang=ctx.lang)

    return await factory.shared(RESTRICTIONS_KEY, fetch)


async def binance_restrictions_or_none(
    ctx: CheckContext, deadline: Deadline
) -> Mapping[str, Any] | None:
    try:
        data = (await binance_restrictions(ctx, deadline)).data
    except ReadError:
        return None
    return data if isinstance(data, dict) else None
