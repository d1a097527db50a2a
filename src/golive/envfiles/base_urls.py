"""Base-URL overrides of an env file: parsed, classified by host, judged against production.

Each variable of :data:`BASE_URL_VARIABLES` belongs to one venue with its own
production hosts and origin. A value is malformed (:class:`BadUrl`), or a
:class:`BaseUrl` whose host is production, a known testnet, this machine
(loopback) or something else, and which says whether it is exactly the
production origin and whether the settings' ``allowed_hosts`` list its host.

The credential policy lives here too, the one source of truth for two users:
:data:`URL_RULES` says which base URLs are a problem in which profile
(:func:`url_findings`), the ``env_isolation`` check reports them, and
:func:`closed_gates` turns every FAIL into a closed gate: golive sends nothing at
all to that venue (no signed request, no key, and no unsigned public read either:
a host that may not have the keys may also feed false prices, clocks or listings,
and nothing it answers could be trusted). The runner does not start a check that
needs a gated venue, and the client factory refuses to build a client for one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from golive.hosts import has_path, is_loopback_host
from golive.model import ErrorType, Status

if TYPE_CHECKING:
    from collections.abc import Mapping
    from urllib.parse import SplitResult


@dataclass(frozen=True)
class BaseUrlVariable:
    variable: str
    venue: str
    production: frozenset[str]
    origin: str
    """The production origin shown to the operator (the first of ``production``, https)."""


BASE_URL_VARIABLES: tuple[BaseUrlVariable, ...] = (
    BaseUrlVariable(
        "BINANCE_BASE_URL",
        "binance",
        frozenset(
            {
                "api.binance.com",
                "api1.binance.com",
                "api2.binance.com",
                "api3.binance.com",
                "api4.binance.com",
                "api-gcp.binance.com",
            }
        ),
        "https://api.binance.com",
    ),
    BaseUrlVariable(
        "BINANCE_FUTURES_BASE_URL",
        "binance_futures",
        frozenset({"fapi.binance.com"}),
        "https://fapi.binance.com",
    ),
    BaseUrlVariable(
        "UPBIT_BASE_URL", "upbit", frozenset({"api.upbit.com"}), "https://api.upbit.com"
    ),
    BaseUrlVariable(
        "TELEGRAM_BASE_URL", "telegram", frozenset({"api.telegram.org"}), "https://api.telegram.org"
    ),
)
"""Each override with its own venue's production hosts: another venue's host is not one.

Hosts match exactly (``api.binance.com.evil.example`` is not ``api.binance.com``).
Binance's spot API documents api1-api4 and api-gcp.binance.com as alternative
production endpoints of the same service (developers.binance.com, "General API
Information"); they count as production too.
"""
PRODUCTION_PORTS: frozenset[int | None] = frozenset({None, 443})

TESTNET_HOSTS: frozenset[str] = frozenset(
    {
        "testnet.binance.vision",
        "testnet.binancefuture.com",
        "demo-api.binance.com",
        "demo-fapi.binance.com",
    }
)
URL_SCHEMES: frozenset[str] = frozenset({"http", "https"})


class HostKind(StrEnum):
    PRODUCTION = "production"
    TESTNET = "testnet"
    LOOPBACK = "loopback"
    OTHER = "other"


class BadUrl(StrEnum):
    """Why a base URL cannot be used."""

    SPACE = "space"
    UNPARSABLE = "unparsable"
    PORT = "port"
    SCHEME = "scheme"
    HOST = "host"
    PATH = "path"


@dataclass(frozen=True)
class BaseUrl:
    """One base-URL override as set in the env file; ``bad`` when it is malformed."""

    variable: str
    venue: str
    scheme: str = ""
    host: str = ""
    kind: HostKind = HostKind.OTHER
    bad: BadUrl | None = None
    origin: str = ""
    """The venue's production origin, for messages."""
    production_origin: bool = False
    """https, a production host of the venue, the default port: the origin live must use."""
    allowed: bool = False
    """The host is listed under ``allowed_hosts`` in the settings (e.g. an egress proxy)."""


def _split(value: str) -> SplitResult | BadUrl:
    if not value.isprintable() or any(ch.isspace() for ch in value):
        return BadUrl.SPACE
    try:
        parts = urlsplit(value)
    except ValueError:
        return BadUrl.UNPARSABLE
    try:
        parts.port  # noqa: B018 - reading the port validates it
    except ValueError:
        return BadUrl.PORT
    return parts


def _unusable(parts: SplitResult) -> BadUrl | None:
    if parts.scheme not in URL_SCHEMES:
        return BadUrl.SCHEME
    if not parts.hostname:
        return BadUrl.HOST
    if has_path(parts.path):  # the client appends /api/v3/...: the path would be doubled
        return BadUrl.PATH
    return None


is_loopback = is_loopback_host


def host_kind(hostname: str, spec: BaseUrlVariable) -> HostKind:
    if is_loopback(hostname):
        return HostKind.LOOPBACK
    if hostname in spec.production:
        return HostKind.PRODUCTION
    if hostname in TESTNET_HOSTS:
        return HostKind.TESTNET
    return HostKind.OTHER


def _shown_host(hostname: str, port: int | None) -> str:
    host = f"[{hostname}]" if ":" in hostname else hostname
    return host if port is None else f"{host}:{port}"


def parse_base_url(
    spec: BaseUrlVariable, value: str, allowed_hosts: frozenset[str] = frozenset()
) -> BaseUrl:
    """``allowed_hosts`` holds lower-case ``host`` or ``host:port`` entries."""
    parts = _split(value)
    if isinstance(parts, BadUrl):
        return BaseUrl(spec.variable, spec.venue, bad=parts, origin=spec.origin)
    bad = _unusable(parts)
    if bad is not None:
        return BaseUrl(spec.variable, spec.venue, bad=bad, origin=spec.origin)
    hostname = (parts.hostname or "").rstrip(".")
    shown = _shown_host(hostname, parts.port)
    kind = host_kind(hostname, spec)
    return BaseUrl(
        spec.variable,
        spec.venue,
        scheme=parts.scheme,
        host=shown,
        kind=kind,
        origin=spec.origin,
        production_origin=(
            parts.scheme == "https"
            and kind is HostKind.PRODUCTION
            and parts.port in PRODUCTION_PORTS
        ),
        allowed=bool({hostname, shown.lower(), shown.lower().strip("[]")} & allowed_hosts),
    )


def base_urls(
    values: Mapping[str, str], allowed_hosts: frozenset[str] = frozenset()
) -> tuple[BaseUrl, ...]:
    """Each override set to a non-empty value (empty means the production default)."""
    return tuple(
        parse_base_url(spec, values[spec.variable], allowed_hosts)
        for spec in BASE_URL_VARIABLES
        if values.get(spec.variable)
    )


# -- the credential policy ------------------------------------------------------------

LIVE = "live"


@dataclass(frozen=True)
class UrlRule:
    """One judgement of a base URL: a FAIL closes the venue's gate, a WARN only tells."""

    reason: str
    status: Status
    error_type: ErrorType | None
    live: bool | None
    """``True``: live only; ``False``: every profile but live; ``None``: every profile."""
    applies: Callable[[BaseUrl], bool]

    def judges(self, profile: str) -> bool:
        return self.live is None or self.live == (profile == LIVE)


def insecure(url: BaseUrl) -> bool:
    """Plain http to a host that is not this machine: keys and signatures in clear."""
    return url.bad is None and url.scheme == "http" and url.kind is not HostKind.LOOPBACK


def off_production(url: BaseUrl) -> bool:
    """Not the production origin (https, exact host, default port) nor an allowed host."""
    return url.bad is None and not url.production_origin and not url.allowed


def unknown_host(url: BaseUrl) -> bool:
    """A host golive does not know (no production, testnet or loopback host), not allowed."""
    return url.bad is None and url.kind is HostKind.OTHER and not url.allowed


URL_RULES: tuple[UrlRule, ...] = (
    UrlRule("env.bad_base_url", Status.FAIL, ErrorType.NETWORK_ERROR, None,
            lambda url: url.bad is not None),
    UrlRule("env.insecure_base_url", Status.FAIL, ErrorType.NETWORK_ERROR, None, insecure),
    UrlRule("env.non_production_host", Status.FAIL, ErrorType.PERMISSION_DENIED, True,
            off_production),
    UrlRule("env.non_production_base_url", Status.WARN, None, False, unknown_host),
)  # fmt: skip
"""Every rule about a base URL, FAILs first. Error types: a malformed or plain-http URL
is ``network_error`` (the defect is in how the bot reaches the venue); a live URL off
production is ``permission_denied`` (the real keys would go to a host with no right to
them)."""
RULES_BY_REASON: Mapping[str, UrlRule] = {rule.reason: rule for rule in URL_RULES}


def url_findings(url: BaseUrl, profile: str) -> tuple[UrlRule, ...]:
    """The rules a base URL breaks in ``profile``, in table order (FAILs first)."""
    return tuple(rule for rule in URL_RULES if rule.judges(profile) and rule.applies(url))


@dataclass(frozen=True)
class Gate:
    """A venue golive sends nothing to: its base URL fails the policy."""

    venue: str
    variable: str
    host: str
    reasons: tuple[str, ...]
    error_type: ErrorType


def closed_gates(
    values: Mapping[str, str], profile: str, allowed_hosts: frozenset[str] = frozenset()
) -> dict[str, Gate]:
    """venue -> its gate, for each venue whose base URL FAILs :data:`URL_RULES`.

    The same inputs as ``env_isolation`` (the env file's values, its profile and the
    settings' ``allowed_hosts``), so the check and the gate never disagree. A WARN
    (paper's unknown host) leaves the gate open.
    """
    gates: dict[str, Gate] = {}
    for url in base_urls(values, allowed_hosts):
        fails = [rule for rule in url_findings(url, profile) if rule.status is Status.FAIL]
        if fails:
            reasons = tuple(rule.reason for rule in fails)
            error_type = fails[0].error_type or ErrorType.UNKNOWN
            gates[url.venue] = Gate(url.venue, url.variable, url.host, reasons, error_type)
    return gates
