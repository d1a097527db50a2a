"""``postgres``: the bot's database answers, accepts writes, and is reached safely.

One connection, one ``SELECT`` and nothing written. A read-only session or a
standby in recovery is a FAIL (the bot writes); a non-loopback host without
``sslmode`` ``require``/``verify-ca``/``verify-full`` is a WARN. The policy is
pure (:func:`warnings_for`, :func:`is_read_only`) so it is tested without a
reachable server. psycopg is imported only when the check runs.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from golive import messages as hints
from golive.checks._datastore import (
    bad_format,
    failure,
    is_loopback,
    not_set,
    redacted,
    summary,
    texts_for,
    warn_or_pass,
)
from golive.model import Check, CheckContext, ErrorType, JSONValue, Outcome

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from psycopg import AsyncConnection

SERVICE = "PostgreSQL"
DSN_KEY = "POSTGRES_DSN"
DEFAULT_PORT = "5432"
DEFAULT_SSLMODE = "prefer"
TLS_SSLMODES = frozenset({"require", "verify-ca", "verify-full"})
MIN_CONNECT_TIMEOUT_S = 2  # libpq treats anything lower as 2 seconds

FACTS_QUERY = (
    "SELECT version(), current_setting('server_version'),"
    " current_setting('transaction_read_only') = 'on', pg_is_in_recovery()"
)


@dataclass(frozen=True)
class PgFacts:
    """What the policy needs to know about one connection."""

    host: str
    sslmode: str = DEFAULT_SSLMODE
    read_only: bool = False
    in_recovery: bool = False


WARNING_RULES: tuple[tuple[str, Callable[[PgFacts], bool]], ...] = (
    ("pg.no_tls", lambda f: not is_loopback(f.host) and f.sslmode not in TLS_SSLMODES),
)


def warnings_for(facts: PgFacts) -> list[str]:
    """The reason keys of every WARN rule that applies, in table order."""
    return [reason for reason, applies in WARNING_RULES if applies(facts)]


def is_read_only(facts: PgFacts) -> bool:
    """The bot writes: a read-only session or a standby in recovery cannot serve it."""
    return facts.read_only or facts.in_recovery


def target_of(params: Mapping[str, str]) -> dict[str, JSONValue]:
    """Where the DSN points, without its password (libpq's defaults filled in)."""
    port = params.get("port", DEFAULT_PORT)
    return {
        "host": params.get("host", ""),
        # "5432,5433" for a multi-host DSN; ASCII digits only ('²'.isdigit() is true)
        "port": int(port) if port.isascii() and port.isdigit() and len(port) <= 9 else port,
        "database": params.get("dbname", params.get("user", "")),
        "sslmode": params.get("sslmode", DEFAULT_SSLMODE),
    }


async def _measure(conn: AsyncConnection[Any], ctx: CheckContext) -> dict[str, JSONValue]:
    started = ctx.clock.monotonic()
    async with asyncio.timeout(ctx.timeout):
        cursor = await conn.execute(FACTS_QUERY)
        row = await cursor.fetchone()
    rtt_ms = round((ctx.clock.monotonic() - started) * 1000, 1)
    assert row is not None
    version, server_version, read_only, in_recovery = row
    return {
        "host": conn.info.host,
        "port": conn.info.port,
        "database": conn.info.dbname,
        "server_version": str(server_version).split()[0],
        "version": str(version),
        "rtt_ms": rtt_ms,
        "tls": bool(conn.pgconn.ssl_in_use),
        "read_only": bool(read_only),
        "in_recovery": bool(in_recovery),
    }


def verdict(ctx: CheckContext, details: Mapping[str, JSONValue]) -> Outcome:
    """FAIL when the server cannot take writes; else PASS or WARN by :data:`WARNING_RULES`."""
    facts = PgFacts(
        host=str(details["host"]),
        sslmode=str(details["sslmode"]),
        read_only=bool(details["read_only"]),
        in_recovery=bool(details["in_recovery"]),
    )
    message = summary(ctx, SERVICE, details)
    if not is_read_only(facts):
        return warn_or_pass(ctx, message, warnings_for(facts), details)
    text = texts_for(ctx, "pg.read_only", details)
    return Outcome.fail(
        f"{message}; {text.hint}",
        error_type=ErrorType.PERMISSION_DENIED,
        reason="pg.read_only",
        hint=text.hint,
        next_action=text.next_action,
        details={**details, "warnings": []},
    )


async def _connect_and_judge(ctx: CheckContext, dsn: str, target: dict[str, JSONValue]) -> Outcome:
    import psycopg

    connect_timeout = max(MIN_CONNECT_TIMEOUT_S, math.ceil(ctx.timeout))
    try:
        conn = await psycopg.AsyncConnection.connect(
            dsn, connect_timeout=connect_timeout, autocommit=True
        )
        async with conn:
            measured = await _measure(conn, ctx)
    except (psycopg.Error, OSError, TimeoutError) as exc:
        return failure(ctx, SERVICE, exc, target)
    return verdict(ctx, {**target, **measured})


async def run(ctx: CheckContext) -> Outcome:
    dsn = ctx.profile.get(DSN_KEY)
    if not dsn:
        return Outcome.skip(not_set(ctx, DSN_KEY), reason="pg.dsn_missing")
    import psycopg.conninfo

    try:
        params = {k: str(v) for k, v in psycopg.conninfo.conninfo_to_dict(dsn).items()}
    except psycopg.ProgrammingError as exc:
        # The parser's message may quote the DSN, password included: keep only the class.
        said = hints.text("check.datastore.unparsable", ctx.lang, key=DSN_KEY)
        outcome = failure(ctx, SERVICE, type(exc)(said), {})
        return redacted(outcome, ctx)
    from golive.envfiles.formats import sslmode_problem

    bad = bad_format(ctx, DSN_KEY, sslmode_problem(params))
    if bad is not None:  # libpq would refuse it at connect time, as if the network failed
        return bad
    return redacted(await _connect_and_judge(ctx, dsn, target_of(params)), ctx)


CHECK = Check(
    id="postgres",
    title_key="check.postgres.title",
    description_key="check.postgres.description",
    run=run,
    own_loop=True,
    imports=("psycopg",),
    requires=("env_file",),
)
