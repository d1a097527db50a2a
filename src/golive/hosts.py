"""Which host names and addresses are this machine's loopback: one rule for every module."""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback_host(host: str) -> bool:
    """``localhost`` (and ``*.localhost``, RFC 6761), or a loopback IPv4/IPv6 address.

    An IPv6 address may come in URL brackets (``[::1]``); an empty host is not loopback.
    """
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


URL_PROBLEMS: dict[str, str] = {
    "space": "url.space",
    "unparsable": "url.unparsable",
    "port": "url.port",
    "scheme": "url.scheme",
    "host": "url.host",
    "path": "url.path",
}
"""What :func:`url_problem` may answer -> the catalog key of its sentence."""


def url_problem(value: str, schemes: frozenset[str]) -> str | None:
    """Why ``value`` is not a usable ``scheme://host[:port]`` URL, or None when it is.

    The answer is one of :data:`URL_PROBLEMS`: a port outside 0-65535, an unknown
    scheme, no host, spaces or control characters, or no URL at all.
    """
    from urllib.parse import urlsplit

    if not value.isprintable() or any(ch.isspace() for ch in value):
        return "space"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading the port validates it
    except ValueError as exc:
        return "port" if "port" in str(exc).lower() else "unparsable"
    if parts.scheme.lower() not in schemes:
        return "scheme"
    return None if parts.hostname else "host"


URL_SETTINGS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("BINANCE_BASE_URL", "BINANCE_FUTURES_BASE_URL", "UPBIT_BASE_URL", "TELEGRAM_BASE_URL"),
        frozenset({"http", "https"}),
    ),
    "HTTPS_PROXY": frozenset({"http", "https", "socks5", "socks5h"}),
}
"""Settings that must be a URL a client can use, and the schemes it takes."""


ORIGIN_SETTINGS: frozenset[str] = frozenset(k for k in URL_SETTINGS if k.endswith("_BASE_URL"))
"""Settings that are an origin: the client appends the whole path (``/api/v3/account``), so
a path in the setting (``https://api.binance.com/api/v3``) would be doubled."""


def has_path(path: str) -> bool:
    """Whether a URL's path is more than the root (``""`` or ``/``)."""
    return path not in ("", "/")


def setting_problem(key: str, value: str) -> str | None:
    """:func:`url_problem` for a URL setting's value, and ``path`` for an origin setting
    holding a path; None for other keys or an empty value."""
    schemes = URL_SETTINGS.get(key)
    if schemes is None or not value:
        return None
    problem = url_problem(value, schemes)
    if problem is None and key in ORIGIN_SETTINGS:
        from urllib.parse import urlsplit

        return "path" if has_path(urlsplit(value).path) else None
    return problem


def shown_schemes(key: str) -> str:
    """``http://, https://``: the schemes a URL setting takes, for a message."""
    return ", ".join(f"{scheme}://" for scheme in sorted(URL_SETTINGS.get(key, ())))
