"""What a value must look like: placeholders, and the format check of each known key.

Each check takes a value and returns what is wrong with it in words that never
quote the value, or None. :data:`FORMAT_CHECKS` maps a key to its check;
:data:`PLACEHOLDERS` are the template leftovers (``your_...``, ``<...>``, ``changeme``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

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
        "is an unexpanded `${...}` (golive does not expand)",
        _ANY_KEY,
    ),
    (
        re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}"),
        "has an unexpanded `${...}` reference (golive does not expand)",
        _NOT_IN_SECRETS,
    ),
    (re.compile(r"\Ayour[_-]", re.IGNORECASE), "looks like a placeholder `your_…`", _ANY_KEY),
    (re.compile(r"\A<.*>\Z", re.DOTALL), "looks like a placeholder `<…>`", _ANY_KEY),
    (re.compile(r"change[_-]?me", re.IGNORECASE), "looks like a placeholder `changeme`", _ANY_KEY),
    (
        re.compile(_SEPARATED + r"x{3,}" + _SEPARATED_END, re.IGNORECASE),
        "looks like a placeholder `xxx…`",
        _ANY_KEY,
    ),
    (
        re.compile(_SEPARATED + r"(?:todo|tbd|fixme|replace[_-]?me)" + _SEPARATED_END, re.I),
        "looks like a placeholder `TODO`",
        _ANY_KEY,
    ),
)
"""(pattern, description, whether it applies inside a secret's value too)."""

_BINANCE_2015 = (
    "exchanges reject such a key; on Binance it is the classic cause of "
    "-2015 'Invalid API-key, IP, or permissions for action'"
)


def _exchange_key_problem(value: str) -> str | None:
    if value != value.rstrip():
        return f"value has a trailing space or line break: {_BINANCE_2015}"
    if value != value.lstrip():
        return f"value has a leading space or line break: {_BINANCE_2015}"
    if any(ch.isspace() for ch in value):
        return f"value contains whitespace: {_BINANCE_2015}"
    if any(ch in "'\"`" for ch in value):
        return f"value contains a quote character (pasted with its quotes?): {_BINANCE_2015}"
    if not value.isprintable():
        return f"value contains an invisible character: {_BINANCE_2015}"
    return None


_RESERVED_IN_USERINFO = re.compile(r"[@#/?]")


def _userinfo_problem(value: str) -> str | None:
    """A URL password holding ``@ # / ?`` unencoded: parsers split it, and pieces leak."""
    if "://" not in value:
        return None
    rest = value.partition("://")[2]
    userinfo = rest.rpartition("@")[0]
    if userinfo and _RESERVED_IN_USERINFO.search(userinfo):
        return (
            "has an unencoded @, #, / or ? in its user or password: percent-encode them"
            " (%40 %23 %2F %3F), or the URL is misread and the host is wrong"
        )
    return None


def _postgres_problem(value: str) -> str | None:
    if (problem := _userinfo_problem(value)) is not None:
        return problem
    if "://" in value:
        scheme = value.partition("://")[0].lower()
        if scheme not in ("postgresql", "postgres"):
            return "is a URL but not postgresql:// or postgres://"
    elif "=" not in value:
        return "is neither a postgresql:// URL nor a key=value DSN"
    if not _libpq_parses(value):
        return "does not parse as a PostgreSQL connection string"
    return None


def _libpq_parses(value: str) -> bool:
    try:
        import psycopg  # lazily: heavy, and only needed when a DSN is present
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return True
    try:
        conninfo_to_dict(value)
    except (psycopg.Error, ValueError, UnicodeError):
        return False
    return True


def _redis_problem(value: str) -> str | None:
    if (problem := _userinfo_problem(value)) is not None:
        return problem
    try:
        parts = urlsplit(value)
        _ = parts.port
    except ValueError:
        return "is not a valid URL (bad port or brackets)"
    if parts.scheme not in ("redis", "rediss", "unix"):
        return "must start with redis://, rediss:// or unix://"
    if parts.scheme == "unix" and not parts.path:
        return "is a unix:// URL without a socket path"
    if parts.scheme != "unix" and not parts.hostname:
        return "is a redis URL without a host"
    return None


def _pattern_problem(pattern: str, expected: str) -> Callable[[str], str | None]:
    compiled = re.compile(pattern, re.ASCII)

    def problem(value: str) -> str | None:
        return None if compiled.fullmatch(value) else f"is not {expected}"

    return problem


def _boolean_problem(value: str) -> str | None:
    if value.strip().lower() in BOOLEAN_WORDS:
        return None
    return "is not a boolean word (true/false/1/0/yes/no)"


FORMAT_CHECKS: Mapping[str, Callable[[str], str | None]] = {
    "POSTGRES_DSN": _postgres_problem,
    "REDIS_URL": _redis_problem,
    "TELEGRAM_BOT_TOKEN": _pattern_problem(
        r"[1-9][0-9]{0,15}:[A-Za-z0-9_-]{1,80}", "a bot token `<digits>:<token>`"
    ),
    "TELEGRAM_CHAT_ID": _pattern_problem(
        r"-?[0-9]{1,20}|@[A-Za-z0-9_]{1,64}", "an integer chat id or `@channelname`"
    ),
    "READ_ONLY_ENFORCED": _boolean_problem,
    **dict.fromkeys(EXCHANGE_KEYS, _exchange_key_problem),
    **{key: env_value_problem(key) for key in PLAN_ENV_KEYS},
}
