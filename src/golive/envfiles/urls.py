"""URL-valued settings (:data:`golive.hosts.URL_SETTINGS`) and secrets too short to be
secrets: checked before a client (or the redactor) sees them.

A base URL with a port past 65535, a proxy URL with an unknown scheme, or a
``REDIS_URL`` query parameter redis-py passes on as an unknown keyword make the
client raise odd exceptions (``InvalidURL``, ``TypeError``); golive says which key
is wrong instead (``bad_format`` in ``env validate``, ``env.bad_format`` in a check).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from golive.hosts import URL_PROBLEMS, URL_SETTINGS, setting_problem, shown_schemes
from golive.masking import (
    DSN_KEYS,
    MIN_SECRET_LEN,
    dsn_passwords,
    is_own_words,
    is_secret_key,
    is_well_known,
    url_passwords,
)
from golive.messages import Message, message

_SHOWN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}", re.ASCII)
REDIS_QUERY_NAMES: frozenset[str] = frozenset(
    {
        *("db", "socket_timeout", "socket_connect_timeout", "socket_read_size"),
        *("socket_keepalive", "retry_on_timeout", "retry_on_error", "max_connections"),
        *("health_check_interval", "timeout", "protocol", "client_name", "username"),
        *("password", "encoding", "encoding_errors", "lib_name", "lib_version"),
        *("ssl_cert_reqs", "ssl_ca_certs", "ssl_ca_path", "ssl_certfile", "ssl_keyfile"),
        *("ssl_ciphers", "ssl_password", "ssl_check_hostname", "ssl_min_version"),
    }
)
"""Query names redis-py's ``from_url`` turns into a usable connection argument; any other
name is passed on as a keyword the connection class does not take (a ``TypeError``)."""


def _redis_parsers() -> Mapping[str, Callable[[str], object]]:
    """redis-py's own parser of each typed query value (``socket_timeout``: float, ...)."""
    try:
        from redis.connection import URL_QUERY_ARGUMENT_PARSERS
    except ImportError:  # pragma: no cover - redis is a dependency
        return {}
    return {name: parser for name, parser in URL_QUERY_ARGUMENT_PARSERS.items() if callable(parser)}


def _parses(parser: Callable[[str], object] | None, value: str) -> bool:
    if parser is None or not value:
        return True
    try:
        parser(value)
    except (TypeError, ValueError):
        return False
    return True


def redis_query_problem(query: str) -> Message | None:
    """A query name redis-py does not take, or a value its parser refuses (``from_url``
    raises ``ValueError``: ``socket_timeout=abc``); the value is never quoted."""
    from urllib.parse import parse_qsl

    parsers = _redis_parsers()
    for name, value in parse_qsl(query, keep_blank_values=True):
        shown = name if _SHOWN_NAME.fullmatch(name) else "?"
        if name not in REDIS_QUERY_NAMES:
            return message("url.query", name=shown)
        if not _parses(parsers.get(name), value):
            return message("url.query_value", name=shown)
    return None


def url_setting_problem(key: str, value: str) -> Message | None:
    """Why the URL setting ``key`` cannot be used by its client, or None (also for other keys)."""
    problem = setting_problem(key, value)
    if problem is None:
        return None
    return message(URL_PROBLEMS[problem], schemes=shown_schemes(key))


def weak_secret_problem(key: str, value: str) -> Message | None:
    """A secret (or a password inside a URL or DSN) shorter than 8 characters: too short
    to be a secret, and too short to mask without rewriting ordinary words."""
    if is_secret_key(key):
        if 0 < len(value) < MIN_SECRET_LEN:
            return message("lint.weak_secret")
        if is_well_known(value):
            return message("lint.weak_secret_common")
        return message("lint.weak_secret_own") if is_own_words(value) else None
    found = dsn_passwords(value) if key in DSN_KEYS else url_passwords(value)
    if any(0 < len(password) < MIN_SECRET_LEN for password in found):
        return message("lint.weak_password")
    return None


__all__ = ["URL_SETTINGS", "redis_query_problem", "url_setting_problem", "weak_secret_problem"]
