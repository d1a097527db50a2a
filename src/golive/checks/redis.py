"""``redis``: the bot's Redis answers, keeps its keys, and is reached safely.

``PING``, ``INFO`` and, when permitted, ``CONFIG GET save``; nothing written.
WARN when ``maxmemory-policy`` may evict any key (``allkeys-*``), when neither
RDB snapshots nor AOF are on, and when a non-loopback host is reached without
``rediss://``. The policy is pure (:func:`warnings_for`) so it is tested
without a reachable server. redis-py is imported only when the check runs; the
module name does not shadow it because every import here is absolute.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from golive.checks._datastore import (
    bad_format,
    failure,
    is_loopback,
    not_set,
    redacted,
    summary,
    warn_or_pass,
)
from golive.messages import message
from golive.model import Check, CheckContext, JSONValue, Outcome

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from redis.asyncio import Redis

SERVICE = "Redis"
URL_KEY = "REDIS_URL"
DEFAULT_PORT = 6379
TLS_SCHEME = "rediss"
EVICTING_PREFIX = "allkeys-"


@dataclass(frozen=True)
class RedisFacts:
    """What the policy needs to know about one server. ``rdb_save`` None: CONFIG not permitted."""

    host: str
    scheme: str = "redis"
    maxmemory_policy: str = "noeviction"
    aof_enabled: bool = False
    rdb_save: str | None = None


def persistence_of(facts: RedisFacts) -> bool | None:
    """AOF on, or RDB snapshots configured; None when AOF is off and CONFIG was refused."""
    if facts.aof_enabled:
        return True
    return None if facts.rdb_save is None else facts.rdb_save != ""


WARNING_RULES: tuple[tuple[str, Callable[[RedisFacts], bool]], ...] = (
    ("redis.eviction_policy", lambda f: f.maxmemory_policy.startswith(EVICTING_PREFIX)),
    ("redis.no_persistence", lambda f: persistence_of(f) is False),
    ("redis.no_tls", lambda f: not is_loopback(f.host) and f.scheme != TLS_SCHEME),
)


def warnings_for(facts: RedisFacts) -> list[str]:
    """The reason keys of every WARN rule that applies, in table order."""
    return [reason for reason, applies in WARNING_RULES if applies(facts)]


def target_of(url: str) -> dict[str, JSONValue]:
    """Where the URL points, without its password (redis-py's defaults filled in)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    unix = parts.scheme == "unix"
    db = query.get("db", [""])[0] or ("" if unix else unquote(parts.path).strip("/"))
    return {
        "scheme": parts.scheme,
        "host": unquote(parts.path) if unix else unquote(parts.hostname or "localhost"),
        "port": None if unix else parts.port or DEFAULT_PORT,
        "database": int(db) if db.isascii() and db.isdigit() and len(db) <= 9 else 0,
        "tls": parts.scheme == TLS_SCHEME,
    }


async def _save_config(client: Redis) -> str | None:
    """``CONFIG GET save``, or None where CONFIG is renamed, disabled or not permitted."""
    import redis.exceptions

    try:
        config = await client.config_get("save")
    except redis.exceptions.ResponseError:
        return None
    save = config.get("save")
    return None if save is None else str(save)


async def _measure(client: Redis, ctx: CheckContext) -> dict[str, JSONValue]:
    started = ctx.clock.monotonic()
    await client.ping()
    rtt_ms = round((ctx.clock.monotonic() - started) * 1000, 1)
    info: dict[str, Any] = await client.info()
    return {
        "server_version": str(info.get("redis_version", "")),
        "rtt_ms": rtt_ms,
        "role": str(info.get("role", "")),
        "maxmemory_policy": str(info.get("maxmemory_policy", "")),
        "aof_enabled": str(info.get("aof_enabled", "0")) == "1",
        "rdb_save": await _save_config(client),
    }


def verdict(ctx: CheckContext, details: Mapping[str, JSONValue]) -> Outcome:
    """PASS or WARN by :data:`WARNING_RULES`."""
    save = details["rdb_save"]
    facts = RedisFacts(
        host=str(details["host"]),
        scheme=str(details["scheme"]),
        maxmemory_policy=str(details["maxmemory_policy"]),
        aof_enabled=bool(details["aof_enabled"]),
        rdb_save=None if save is None else str(save),
    )
    message = summary(ctx, SERVICE, details)
    details = {**details, "persistence": persistence_of(facts)}
    return warn_or_pass(ctx, message, warnings_for(facts), details)


DB_OUT_OF_RANGE = "DB index is out of range"
"""The server's answer to ``SELECT n`` past its ``databases`` setting (16 by default)."""


def _db_missing(ctx: CheckContext, target: Mapping[str, JSONValue]) -> Outcome:
    """FAIL ``env.bad_format``: the URL selects a database this server does not have."""
    said = message("lint.redis.db_missing", db=str(target.get("database", "?")))
    outcome = bad_format(ctx, URL_KEY, said)
    assert outcome is not None
    return replace(outcome, details=dict(target))


async def _connect_and_judge(ctx: CheckContext, url: str, target: dict[str, JSONValue]) -> Outcome:
    import redis.asyncio

    try:
        client = redis.asyncio.from_url(
            url,
            socket_connect_timeout=ctx.timeout,
            socket_timeout=ctx.timeout,
            # A preflight reports the first failure: redis-py would retry ten times.
            retry=redis.asyncio.retry.Retry(redis.backoff.NoBackoff(), 0),
            decode_responses=True,
        )
    except ValueError as exc:
        return failure(ctx, SERVICE, exc, target)
    try:
        measured = await _measure(client, ctx)
    except redis.exceptions.ResponseError as exc:
        return (
            _db_missing(ctx, target)
            if DB_OUT_OF_RANGE in str(exc)
            else failure(ctx, SERVICE, exc, target)
        )
    except (redis.exceptions.RedisError, OSError, TimeoutError) as exc:
        return failure(ctx, SERVICE, exc, target)
    finally:
        await client.aclose()
    return verdict(ctx, {**target, **measured})


async def run(ctx: CheckContext) -> Outcome:
    url = ctx.profile.get(URL_KEY)
    if not url:
        return Outcome.skip(not_set(ctx, URL_KEY), reason="redis.url_missing")
    from golive.envfiles.formats import FORMAT_CHECKS

    bad = bad_format(ctx, URL_KEY, FORMAT_CHECKS[URL_KEY](url))
    if bad is not None:
        return bad
    try:
        target = target_of(url)
    except ValueError:  # a port that is not a number; the parser's text may quote the URL
        target = {}
    return redacted(await _connect_and_judge(ctx, url, target), ctx)


CHECK = Check(
    id="redis",
    title_key="check.redis.title",
    description_key="check.redis.description",
    run=run,
    own_loop=True,
    imports=("redis.asyncio",),
    requires=("env_file",),
)
