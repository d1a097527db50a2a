"""What checks share in one run: the client factory and reads more than one check needs."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from golive import messages
from golive.binance_key import UNUSABLE, KeyProblemError, signer_for, uses_private_key
from golive.exchanges.binance import API_RESTRICTIONS, KEY_REJECTED, RestrictionsRead
from golive.exchanges.http import ClientFactory
from golive.exchanges.outcomes import credential_problem
from golive.exchanges.request import ReadError, Reply, read
from golive.exchanges.testnet import serves_sapi
from golive.model import ErrorType, Outcome

if TYPE_CHECKING:
    from golive.exchanges.endpoint import Endpoint
    from golive.exchanges.request import Deadline
    from golive.model import CheckContext, HttpClientFactory

RESTRICTIONS_KEY = "binance.apiRestrictions"


def binance_credentials(ctx: CheckContext) -> Outcome | None:
    """SKIP when a Binance credential is missing, FAIL when the key cannot sign, else None.

    With a private key (PEM in ``BINANCE_API_SECRET`` or ``BINANCE_PRIVATE_KEY_PATH``)
    the secret may be empty or end in a line break; the key must load and be a
    key type Binance issues, before anything is sent.
    """
    values = ctx.profile.values
    private = uses_private_key(values)
    keys = ("BINANCE_API_KEY",) if private else ("BINANCE_API_KEY", "BINANCE_API_SECRET")
    skipped = credential_problem(ctx, *keys)
    if skipped is not None or not private:
        return skipped
    try:
        signer_for(values, ctx.profile.env_file.parent)
    except KeyProblemError as problem:
        text = messages.lookup(problem.reason, ctx.lang)
        return Outcome.fail(
            messages.text(UNUSABLE, ctx.lang, problem=text.hint),
            error_type=ErrorType.INVALID_KEY,
            reason=problem.reason,
            hint=text.hint,
            next_action=text.next_action,
        )
    return None


def client_factory(ctx: CheckContext) -> HttpClientFactory:
    """The run's factory, or a fresh one for a context built without it (reads then not shared)."""
    if ctx.http is not None:
        return ctx.http
    return ClientFactory.from_values(
        ctx.profile.values,
        ctx.settings,
        clock=ctx.clock,
        key_base=ctx.profile.env_file.parent,
        profile=ctx.profile.name,
    )


async def binance_restrictions(ctx: CheckContext, deadline: Deadline) -> Reply:
    """The key's ``apiRestrictions``, read once per run and shared by every check that asks."""
    factory = client_factory(ctx)

    async def fetch() -> Reply:
        async with factory("binance", timeout=ctx.timeout) as client:
            return await read(client, API_RESTRICTIONS, deadline, lang=ctx.lang)

    return await factory.shared(RESTRICTIONS_KEY, fetch)


async def shared_read(ctx: CheckContext, deadline: Deadline, endpoint: Endpoint) -> Reply:
    """One read of ``endpoint`` per run, shared by every check that asks for it.

    ``exchangeInfo``, the KRW/USDT ticker and each market's order conditions are
    needed by more than one check; the first asker's request serves them all.
    """
    factory = client_factory(ctx)

    async def fetch() -> Reply:
        async with factory(endpoint.venue, timeout=ctx.timeout) as client:
            return await read(client, endpoint, deadline, lang=ctx.lang)

    key = f"{endpoint.venue} {endpoint.path}?{urlencode(endpoint.params)}"
    return await factory.shared(key, fetch)


async def binance_restrictions_read(ctx: CheckContext, deadline: Deadline) -> RestrictionsRead:
    """The shared ``apiRestrictions`` read as the -2015 narrowing needs it (none on a testnet)."""
    if not serves_sapi(ctx.profile.values, ctx.profile.name):
        return RestrictionsRead()
    try:
        data = (await binance_restrictions(ctx, deadline)).data
    except ReadError as failed:
        return RestrictionsRead(refused=failed.code == KEY_REJECTED)
    return RestrictionsRead(flags=data if isinstance(data, dict) else None)
