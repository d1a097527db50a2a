"""What a value must look like: placeholders, and the format check of each known key.

Each check takes a value and returns what is wrong with it in words that never
quote the value, or None. :data:`FORMAT_CHECKS` maps a key to its check (an error);
:data:`FORMAT_WARNINGS` to what makes a well-formed value unusual (a warning);
:data:`PLACEHOLDERS` are the template leftovers (``your_...``, ``<...>``, ``changeme``).
The venues' key shapes (lengths, alphabets, the Telegram token) live in
:mod:`golive.envfiles.keyshapes`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial
from urllib.parse import SplitResult, urlsplit

from golive.envfiles.keyshapes import Problem, shape_problem, token_problem, token_unusual
from golive.envfiles.urls import URL_SETTINGS, redis_query_problem, url_setting_problem
from golive.messages import message
from golive.plan import PLAN_ENV_KEYS, env_value_problem

EXCHANGE_KEYS: tuple[str, ...] = (
    "UPBIT_ACCESS_KEY",
    "UPBIT_SECRET_KEY",
    "BINANCE_API_KEY",
    "BINANCE_API_SECRET",
)
BOOLEAN_WORDS: frozenset[str] = frozenset({"true", "false", "1", "0", "yes", "no"})

_SEPARATED = r"(?:^|[-_:./@\s])"
_SEPARATED_END = r"(?:$|[-_:./@\s])"

_ANY_KEY, _NOT_IN_SECRETS = True, False
PLACEHOLDERS: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (
        re.compile(r"\A\$\{[^}]*\}\Z"),
        "lint.placeholder.unexpanded",
        _ANY_KEY,
    ),
    (
        re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}"),
        "lint.placeholder.unexpanded_ref",
        _NOT_IN_SECRETS,
    ),
    (re.compile(r"\Ayour[_-]", re.IGNORECASE), "lint.placeholder.your", _ANY_KEY),
    (re.compile(r"\A<.*>\Z", re.DOTALL), "lint.placeholder.angle", _ANY_KEY),
    (re.compile(r"change[_-]?me", re.IGNORECASE), "lint.placeholder.changeme", _ANY_KEY),
    (
        re.compile(_SEPARATED + r"x{3,}" + _SEPARATED_END, re.IGNORECASE),
        "lint.placeholder.xxx",
        _ANY_KEY,
    ),
    (
        re.compile(_SEPARATED + r"(?:todo|tbd|fixme|replace[_-]?me)" + _SEPARATED_END, re.I),
        "lint.placeholder.todo",
        _ANY_KEY,
    ),
)
"""(pattern, catalogue key of its description, whether it applies inside a secret's value)."""


def exchange_key_problem(value: str) -> Problem:
    """Whitespace, quotes or invisible characters in an exchange key (whatever its form)."""
    why = message("lint.key.binance_2015")
    if value != value.rstrip():
        return message("lint.key.trailing", why=why)
    if value != value.lstrip():
        return message("lint.key.leading", why=why)
    if any(ch.isspace() for ch in value):
        return message("lint.key.whitespace", why=why)
    if any(ch in "'\"`" for ch in value):
        return message("lint.key.quote", why=why)
    if not value.isprintable():
        return message("lint.key.invisible", why=why)
    return None


_RESERVED_IN_USERINFO = re.compile(r"[@#/?]")


def _userinfo_problem(value: str) -> Problem:
    """A URL password holding ``@ # / ?`` unencoded: parsers split it, and pieces leak."""
    if "://" not in value:
        return None
    rest = value.partition("://")[2]
    userinfo = rest.rpartition("@")[0]
    if userinfo and _RESERVED_IN_USERINFO.search(userinfo):
        return message("lint.url.userinfo")
    return None


def _exchange_key_check(key: str) -> Callable[[str], Problem]:
    """The pasting problems first (they say more than a length), then the venue's shape."""

    def problem(value: str) -> Problem:
        return exchange_key_problem(value) or shape_problem(key, value)

    return problem


def _postgres_problem(value: str) -> Problem:
    if (problem := _userinfo_problem(value)) is not None:
        return problem
    if "://" in value:
        scheme = value.partition("://")[0].lower()
        if scheme not in ("postgresql", "postgres"):
            return message("lint.pg.not_pg_url")
    elif "=" not in value:
        return message("lint.pg.neither")
    params = _libpq_params(value)
    if params is None:
        return message("lint.pg.unparsable")
    return sslmode_problem(params)


SSLMODES: tuple[str, ...] = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
"""libpq's ``sslmode`` values (PostgreSQL docs, libpq "Parameter Key Words": sslmode);
libpq refuses any other with ``invalid sslmode value`` when it connects."""


def sslmode_problem(params: Mapping[str, object]) -> Problem:
    """``sslmode`` that libpq does not know (the parser takes any word; connecting fails)."""
    mode = params.get("sslmode")
    if mode is None or str(mode) in SSLMODES:
        return None
    return message("lint.pg.sslmode", modes=", ".join(SSLMODES))


def _libpq_params(value: str) -> Mapping[str, object] | None:
    """The DSN's parameters as libpq reads them; None when it does not parse."""
    try:
        import psycopg  # lazily: heavy, and only needed when a DSN is present
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return {}
    try:
        return conninfo_to_dict(value)
    except (psycopg.Error, ValueError, UnicodeError):
        return None


def _redis_problem(value: str) -> Problem:
    if (problem := _userinfo_problem(value)) is not None:
        return problem
    try:
        parts = urlsplit(value)
        _ = parts.port
    except ValueError:
        return message("lint.redis.bad_url")
    if parts.scheme not in ("redis", "rediss", "unix"):
        return message("lint.redis.scheme")
    if parts.scheme == "unix" and not parts.path:
        return message("lint.redis.no_socket")
    if parts.scheme != "unix" and not parts.hostname:
        return message("lint.redis.no_host")
    return _redis_target_problem(parts)


def _redis_target_problem(parts: SplitResult) -> Problem:
    """The database and the query parameters, as redis-py's ``from_url`` reads them."""
    if redis_db(parts) is None:
        return message("lint.redis.db")
    return redis_query_problem(parts.query)


REDIS_DEFAULT_DATABASES = 16
"""``databases 16`` in the redis.conf Redis ships; a server may be configured with more."""


def redis_db(parts: SplitResult) -> int | None:
    """The database a Redis URL selects (``?db=`` first, else the path, as redis-py reads
    them; 0 when neither names one); None when it names one that is not a number >= 0."""
    from urllib.parse import parse_qs, unquote

    query = parse_qs(parts.query).get("db")
    path = "" if parts.scheme == "unix" else unquote(parts.path).replace("/", "")
    text = query[0] if query else path
    if not text:
        return 0
    return int(text) if text.isascii() and text.isdigit() else None


def _redis_unusual(value: str) -> Problem:
    """A database index past Redis's default 16: valid only where the server has more."""
    try:
        db = redis_db(urlsplit(value))
    except ValueError:
        return None
    if db is None or db < REDIS_DEFAULT_DATABASES:
        return None
    return message("lint.redis.db_high", db=str(db), count=str(REDIS_DEFAULT_DATABASES))


def _pattern_problem(pattern: str, expected: str) -> Callable[[str], Problem]:
    """``expected`` is the catalogue key of what the value should have been."""
    compiled = re.compile(pattern, re.ASCII)

    def problem(value: str) -> Problem:
        if compiled.fullmatch(value):
            return None
        return message("lint.not_expected", expected=message(expected))

    return problem


def _boolean_problem(value: str) -> Problem:
    if value.strip().lower() in BOOLEAN_WORDS:
        return None
    return message("lint.boolean")


FORMAT_CHECKS: Mapping[str, Callable[[str], Problem]] = {
    "POSTGRES_DSN": _postgres_problem,
    "REDIS_URL": _redis_problem,
    "TELEGRAM_BOT_TOKEN": token_problem,
    "TELEGRAM_CHAT_ID": _pattern_problem(
        r"-?[0-9]{1,20}|@[A-Za-z0-9_]{1,64}", "lint.expected.chat_id"
    ),
    "READ_ONLY_ENFORCED": _boolean_problem,
    **{key: _exchange_key_check(key) for key in EXCHANGE_KEYS},
    **{key: env_value_problem(key) for key in PLAN_ENV_KEYS},
    **{key: partial(url_setting_problem, key) for key in URL_SETTINGS},
}
FORMAT_WARNINGS: Mapping[str, Callable[[str], Problem]] = {
    "TELEGRAM_BOT_TOKEN": token_unusual,
    "REDIS_URL": _redis_unusual,
}
"""Well-formed, yet unlike what the venue issues (and it documents no format): a warning."""
