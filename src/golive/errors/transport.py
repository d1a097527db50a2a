"""Any HTTP answer and any transport failure, whoever the venue.

The status rows here apply when a venue's own rows said nothing (an HTML page
from a CDN, an unknown venue); the exception rows cover TLS, proxies, DNS,
refused and reset connections and timeouts from httpx, httpcore, sockets and
asyncio. Exceptions are matched by class name (``package:Class``), so nothing
here imports httpx.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from golive.errors.rules import (
    DENIED,
    IK,
    IP,
    NET,
    RATE,
    UNKNOWN,
    ExceptionRule,
    Rule,
    StatusTable,
    on,
)

HTML_STATUS: Final = StatusTable(
    {403: Rule(IP, "http.403_html")},  # a CDN/WAF stopped this IP before the API
    server_error=Rule(NET, "http.{status}_html", "http.5xx_html"),
)
HTTP_STATUS: Final = StatusTable(
    {
        401: Rule(IK, "http.401"),
        403: Rule(DENIED, "http.403"),
        **dict.fromkeys((301, 302, 303, 307, 308), Rule(NET, "http.redirect")),
        407: Rule(NET, "http.407"),
        408: Rule(NET, "http.408"),
        418: Rule(RATE, "http.418", "http.rate_limited"),
        429: Rule(RATE, "http.429", "http.rate_limited"),
        451: Rule(IP, "http.451"),  # this IP's location is not served
    },
    server_error=Rule(NET, "http.{status}", "http.5xx"),
)
HTTP_UNTIMED: Final[Mapping[str, str]] = {"http.rate_limited": "http.rate_limited_untimed"}
"""Hint key -> the one used when a 418 or 429 names no ``Retry-After`` golive can read."""
HTML_BODY: Final = Rule(UNKNOWN, "http.html_body")
UNRECOGNIZED_STATUS: Final = Rule(UNKNOWN, "http.{status}", "http.unrecognized")
UNRECOGNIZED: Final = Rule(UNKNOWN, "response.unrecognized")
HTML_MARKERS: Final = ("<!doctype html", "<html", "<head", "<body", "<title", "<center>")

DNS_PATTERNS: Final = (
    r"name or service not known",
    r"nodename nor servname",
    r"getaddrinfo failed",
    r"temporary failure in name resolution",
    r"no address associated with hostname",
    r"could not translate host name",
)
REFUSED_PATTERNS: Final = (
    r"connection refused",
    r"errno 111\b",
    r"winerror 10061",
    r"actively refused",
)
_TLS_VERIFY = (r"certificate_verify_failed", r"certificate verify failed")
_TIMEOUTS = ("builtins:TimeoutError", "httpx:TimeoutException", "httpcore:TimeoutException")
_RESETS = (
    "builtins:ConnectionResetError",
    "builtins:ConnectionAbortedError",
    "builtins:BrokenPipeError",
    "httpx:RemoteProtocolError",
    "httpx:ReadError",
    "httpx:WriteError",
    "httpcore:RemoteProtocolError",
    "httpcore:ReadError",
    "httpcore:WriteError",
)

TLS_AND_PROXY_RULES: Final[tuple[ExceptionRule, ...]] = (
    on(NET, "net.tls_verify", ("ssl:SSLCertVerificationError",)),
    on(NET, "net.tls_verify", (), _TLS_VERIFY),
    on(NET, "net.tls", ("ssl:SSLError",)),
    on(
        NET,
        "net.tls",
        (),
        (r"\[ssl[:\]]", r"ssl handshake", r"tlsv1 alert", r"wrong version number"),
    ),
    on(NET, "net.proxy", ("httpx:ProxyError", "httpcore:ProxyError")),
    on(NET, "net.redirect_loop", ("httpx:TooManyRedirects",)),
)
"""TLS and proxies, for every client (datastores included)."""
TRANSPORT_RULES: Final[tuple[ExceptionRule, ...]] = (
    on(NET, "net.dns", ("socket:gaierror",)),
    on(NET, "net.dns", (), DNS_PATTERNS),
    on(NET, "net.connection_refused", ("builtins:ConnectionRefusedError",)),
    on(NET, "net.connection_refused", (), REFUSED_PATTERNS),
    on(
        NET,
        "net.unreachable",
        (),
        (r"network is unreachable", r"no route to host", r"errno 101\b", r"errno 113\b"),
    ),
    on(NET, "net.connect_timeout", ("httpx:ConnectTimeout", "httpcore:ConnectTimeout")),
    on(NET, "net.read_timeout", ("httpx:ReadTimeout", "httpcore:ReadTimeout")),
    on(NET, "net.pool_timeout", ("httpx:PoolTimeout", "httpcore:PoolTimeout")),
    on(NET, "net.timeout", _TIMEOUTS),
    on(NET, "net.connection_reset", _RESETS),
    on(NET, "net.connection_reset", (), (r"connection reset", r"server disconnected")),
    on(
        NET,
        "net.connect_failed",
        ("httpx:ConnectError", "httpx:NetworkError", "httpcore:ConnectError"),
    ),
    on(NET, "net.connect_failed", ("builtins:ConnectionError",)),
)
"""httpx, httpcore, sockets and asyncio, most specific first."""
