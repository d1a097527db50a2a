"""PostgreSQL (psycopg 3) and Redis (redis-py): exception rows.

``database "x" does not exist`` is ``unknown`` with reason
``pg.database_missing``: a wrong connection string, not a key, an IP or a
permission; ``detail`` names the database. Matched by class name, so nothing
here imports psycopg or redis.
"""

from __future__ import annotations

from typing import Final

from golive.errors.rules import DENIED, IK, IP, NET, RATE, UNKNOWN, ExceptionRule, on
from golive.errors.transport import DNS_PATTERNS, REFUSED_PATTERNS

_PG = ("psycopg:Error",)
_REDIS = ("redis:RedisError",)

DATASTORE_RULES: Final[tuple[ExceptionRule, ...]] = (
    # PostgreSQL (psycopg), most specific first
    on(IP, "pg.hba_rejected", _PG, (r"no pg_hba\.conf entry", r"pg_hba\.conf rejects")),
    on(IK, "pg.auth_failed", ("psycopg:InvalidPassword",)),
    on(
        IK,
        "pg.auth_failed",
        _PG,
        (r"password authentication failed", r"no password supplied", r'role ".*" does not exist'),
    ),
    on(IK, "pg.auth_failed", ("psycopg:InvalidAuthorizationSpecification",)),
    on(RATE, "pg.too_many_connections", ("psycopg:TooManyConnections",)),
    on(
        RATE,
        "pg.too_many_connections",
        _PG,
        (r"too many clients", r"remaining connection slots are reserved", r"too many connections"),
    ),
    on(
        UNKNOWN,
        "pg.database_missing",
        _PG,
        (r'database ".*" does not exist',),
        detail=r'database "[^"]{1,128}" does not exist',
    ),
    on(DENIED, "pg.read_only", ("psycopg:ReadOnlySqlTransaction",)),
    on(DENIED, "pg.read_only", _PG, (r"read-only transaction",)),
    on(DENIED, "pg.insufficient_privilege", ("psycopg:InsufficientPrivilege",)),
    on(NET, "pg.connection_refused", _PG, REFUSED_PATTERNS),
    on(NET, "pg.timeout", ("psycopg:ConnectionTimeout",)),
    on(NET, "pg.timeout", _PG, (r"timeout expired", r"timed out")),
    on(NET, "pg.dns_failed", _PG, DNS_PATTERNS),
    # Redis (redis-py)
    on(
        IK,
        "redis.auth_failed",
        ("redis:AuthenticationError", "redis:AuthenticationWrongNumberOfArgsError"),
    ),
    on(
        IK,
        "redis.auth_failed",
        _REDIS,
        (r"\bnoauth\b", r"\bwrongpass\b", r"invalid password", r"invalid username-password"),
    ),
    on(DENIED, "redis.no_permission", ("redis:NoPermissionError",)),
    on(DENIED, "redis.no_permission", _REDIS, (r"\bnoperm\b",)),
    on(RATE, "redis.too_many_connections", _REDIS, (r"max number of clients reached",)),
    on(NET, "redis.connection_refused", _REDIS, REFUSED_PATTERNS),
    on(NET, "redis.timeout", ("redis:TimeoutError",)),
    on(NET, "redis.timeout", _REDIS, (r"timeout", r"timed out")),
)
"""Rows that beat the TLS and transport rows."""
DATASTORE_CONNECTION_RULES: Final[tuple[ExceptionRule, ...]] = (
    on(NET, "pg.connection_failed", ("psycopg:OperationalError",), (r"connection",)),
    on(NET, "redis.connection_failed", ("redis:ConnectionError",)),
)
"""What is left of PostgreSQL and Redis connection failures, after TLS and proxies."""
