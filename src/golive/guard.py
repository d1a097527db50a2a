"""The read-only guard: an httpx transport that lets only allowlisted reads through.

A guarded client can read balances, permissions and server time; an order, a
cancel, a withdrawal or a message raises :class:`ReadOnlyViolation` before a
single byte is sent. A client built with a ``base_url`` talks to that origin
(scheme, host and port) only: an absolute URL elsewhere is a violation too.
The guard wraps the real transport, so signing (an ``httpx.Auth``) happens
first and the signed request is what gets checked.

This module is meant to be imported by a bot too: it depends on httpx alone.

Build clients with :func:`guarded_client` / :func:`guarded_async_client` and
nothing else: ``mounts=`` or ``proxy=`` on an httpx client route requests to
other transports and would bypass the guard, so the builders never pass them,
turn ``trust_env`` off (no proxy from the environment) and put a proxy on the
inner transport instead.
"""

from __future__ import annotations

import importlib
import re
import sys
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping


def _import_httpx_without_its_cli() -> None:
    """Import httpx without ``httpx._main``, its optional command-line client.

    httpx imports that client (click, rich, pygments: more than half of its
    import time) whenever they are installed, as they are beside golive's CLI.
    A guard in a bot needs none of it. A ``None`` entry in ``sys.modules`` makes
    httpx's own ``try: from ._main import main / except ImportError`` take its
    fallback; the entry is removed right after, so an explicit later
    ``import httpx._main`` still works. Nothing happens when httpx is loaded already.
    """
    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    try:
        importlib.import_module("httpx")
    finally:
        del sys.modules["httpx._main"]


_import_httpx_without_its_cli()

import httpx  # noqa: E402 - after the function above on purpose

__all__ = [
    "ALLOWLIST",
    "ORDER_TESTS",
    "AsyncReadOnlyTransport",
    "ReadOnlyTransport",
    "ReadOnlyViolation",
    "guarded_async_client",
    "guarded_client",
    "is_allowed",
]

_BOT = "/bot{token}"

ALLOWLIST: Mapping[str, frozenset[tuple[str, str]]] = MappingProxyType(
    {
        "binance": frozenset(
            {
                ("GET", "/api/v3/time"),
                ("GET", "/api/v3/account"),
                ("GET", "/sapi/v1/system/status"),
                ("GET", "/sapi/v1/account/apiRestrictions"),
            }
        ),
        "binance_futures": frozenset(
            {
                ("GET", "/fapi/v1/time"),
                ("GET", "/fapi/v2/balance"),
                ("GET", "/fapi/v3/balance"),
                ("GET", "/fapi/v2/account"),
                ("GET", "/fapi/v3/account"),
                ("GET", "/fapi/v1/positionSide/dual"),
                ("GET", "/fapi/v1/multiAssetsMargin"),
                ("GET", "/fapi/v1/exchangeInfo"),
                ("GET", "/fapi/v1/premiumIndex"),
                ("GET", "/fapi/v1/accountConfig"),
                ("GET", "/fapi/v1/apiTradingStatus"),
                ("GET", "/fapi/v1/symbolConfig"),
                ("GET", "/fapi/v1/openOrders"),
                ("GET", "/fapi/v3/positionRisk"),
            }
        ),
        "upbit": frozenset(
            {
                ("GET", "/v1/accounts"),
                ("GET", "/v1/api_keys"),
                ("GET", "/v1/orders/chance"),
                ("GET", "/v1/market/all"),
                ("GET", "/v1/ticker"),
                ("GET", "/v1/orders/open"),
            }
        ),
        "telegram": frozenset(
            {
                ("GET", f"{_BOT}/getMe"),
                ("POST", f"{_BOT}/getMe"),
                ("GET", f"{_BOT}/getChat"),
                ("POST", f"{_BOT}/getChat"),
                ("GET", f"{_BOT}/getChatMember"),
                ("POST", f"{_BOT}/getChatMember"),
            }
        ),
    }
)
"""venue -> the (method, path) pairs a guarded client may send; paths match exactly."""

ORDER_TESTS: Mapping[str, frozenset[tuple[str, str]]] = MappingProxyType(
    {
        "binance_futures": frozenset({("POST", "/fapi/v1/order/test")}),
        "upbit": frozenset({("POST", "/v1/orders/test")}),
    }
)
"""The venues' test-order endpoints (validate an order, create none): allowed only on a
client built with ``allow_order_tests=True`` (``golive preflight --prove-order-permission``)."""

# A plain path: slash-separated segments of unreserved characters. No "%" (so no
# encoded slash or dot), no backslash, no ";" parameters, no empty segment.
_PLAIN_PATH = re.compile(r"(?:/[A-Za-z0-9_:.\-]+)+")
_TOKEN_SEGMENT = re.compile(r"/bot[0-9]+:[A-Za-z0-9_\-]+(?=/|$)")
_TOKEN_SHOWN = re.compile(r"/bot[^/]*:[^/]*")
"""What is masked in a violation's path: the whole ``bot<id>:<secret>`` segment, however odd."""


class ReadOnlyViolation(Exception):  # noqa: N818 - the public name says what happened
    """A request that is not an allowlisted read; it was not sent.

    Deliberately not an ``httpx`` error, so a retry loop around ``httpx.HTTPError``
    does not swallow it. The path in the message never carries a bot token.
    """

    def __init__(self, venue: str, method: str, path: str, why: str = "not allowlisted") -> None:
        self.venue = venue
        self.method = method
        self.path = path
        super().__init__(f"read-only guard blocked {method} {path} for {venue}: {why}")


def _target_path(url: httpx.URL) -> str:
    """The request target's path exactly as it goes on the wire (no query), as text.

    httpx percent-encodes every URL it builds, so the raw path is ASCII; a byte that
    is not would raise here, and the request would not be sent either.
    """
    return url.raw_path.partition(b"?")[0].decode()


def _route(path: str, prefix: str) -> str | None:
    """The allowlist form of ``path`` under ``prefix``; ``None`` when it is not a plain path.

    A dot segment (``..``, ``.``) is plain here, yet it never passes: no allowlist
    entry holds a dot, and the match is exact.
    """
    if not _PLAIN_PATH.fullmatch(path):
        return None
    if not path.startswith(f"{prefix}/"):
        return None
    return _TOKEN_SEGMENT.sub(_BOT, path[len(prefix) :])


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port (``None``: the scheme's default, as httpx normalises it)."""
    return url.scheme, url.host, url.port


def is_allowed(
    venue: str,
    method: str,
    url: httpx.URL,
    prefix: str = "",
    origin: httpx.URL | None = None,
    *,
    order_tests: bool = False,
) -> bool:
    """Whether a request may leave: exact (method, path) match for the venue, after ``prefix``.

    With ``origin``, the URL's scheme, host and port must also be the origin's. With
    ``order_tests``, the venue's test-order endpoint (:data:`ORDER_TESTS`) is allowed too.
    """
    if origin is not None and _origin(url) != _origin(origin):
        return False
    route = _route(_target_path(url), prefix)
    allowed = ALLOWLIST.get(venue, frozenset())
    if order_tests:
        allowed = allowed | ORDER_TESTS.get(venue, frozenset())
    return route is not None and (method, route) in allowed


def _check(
    request: httpx.Request,
    venue: str,
    prefix: str,
    origin: httpx.URL | None,
    order_tests: bool = False,
) -> None:
    if is_allowed(venue, request.method, request.url, prefix, origin, order_tests=order_tests):
        return
    shown = _TOKEN_SHOWN.sub("/bot<token>", _target_path(request.url))
    if origin is not None and _origin(request.url) != _origin(origin):
        why = f"{request.url.scheme}://{request.url.netloc.decode()} is not "
        raise ReadOnlyViolation(venue, request.method, shown, f"{why}the client's base URL")
    raise ReadOnlyViolation(venue, request.method, shown)


def _prefix_of(base_url: str) -> str:
    """The path of ``base_url``; the transports drop its trailing slash."""
    return httpx.URL(base_url).path


def _origin_of(base_url: str) -> httpx.URL | None:
    return httpx.URL(base_url) if base_url else None


class ReadOnlyTransport(httpx.BaseTransport):
    """Sync guard around ``inner``: allowlisted reads to ``origin`` (if any) pass, else raises."""

    def __init__(
        self, inner: httpx.BaseTransport, *, venue: str, prefix: str = "", origin: str = ""
    ) -> None:
        if venue not in ALLOWLIST:
            raise ValueError(f"unknown venue {venue!r}; expected one of {', '.join(ALLOWLIST)}")
        self.inner = inner
        self.venue = venue
        self.prefix = prefix.removesuffix("/")
        self.origin = _origin_of(origin)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        _check(request, self.venue, self.prefix, self.origin)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncReadOnlyTransport(httpx.AsyncBaseTransport):
    """Async guard around ``inner``: allowlisted reads to ``origin`` (if any) pass, else raises.

    ``allow_order_tests`` also lets the venue's test-order endpoint through (nothing else).
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        venue: str,
        prefix: str = "",
        origin: str = "",
        allow_order_tests: bool = False,
    ) -> None:
        if venue not in ALLOWLIST:
            raise ValueError(f"unknown venue {venue!r}; expected one of {', '.join(ALLOWLIST)}")
        self.inner = inner
        self.venue = venue
        self.prefix = prefix.removesuffix("/")
        self.origin = _origin_of(origin)
        self.allow_order_tests = allow_order_tests

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        _check(request, self.venue, self.prefix, self.origin, self.allow_order_tests)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def _no_proxy_with_transport(transport: object, proxy: str | None) -> None:
    if transport is not None and proxy is not None:
        raise ValueError("give the proxy to the inner transport you pass, not to the builder")


def guarded_client(
    venue: str,
    *,
    base_url: str = "",
    auth: httpx.Auth | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 10.0,
    transport: httpx.BaseTransport | None = None,
    proxy: str | None = None,
) -> httpx.Client:
    """A sync client whose every request passes the guard; ``transport`` is the inner (wire) one."""
    _no_proxy_with_transport(transport, proxy)
    inner = transport or httpx.HTTPTransport(proxy=proxy, trust_env=False)
    return httpx.Client(
        base_url=base_url,
        auth=auth,
        headers=headers,
        timeout=timeout,
        transport=ReadOnlyTransport(
            inner, venue=venue, prefix=_prefix_of(base_url), origin=base_url
        ),
        trust_env=False,
        follow_redirects=False,
    )


def guarded_async_client(
    venue: str,
    *,
    base_url: str = "",
    auth: httpx.Auth | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 10.0,
    transport: httpx.AsyncBaseTransport | None = None,
    proxy: str | None = None,
    allow_order_tests: bool = False,
) -> httpx.AsyncClient:
    """An async client whose every request passes the guard; ``transport`` is the inner one."""
    _no_proxy_with_transport(transport, proxy)
    inner = transport or httpx.AsyncHTTPTransport(proxy=proxy, trust_env=False)
    guard = AsyncReadOnlyTransport(
        inner,
        venue=venue,
        prefix=_prefix_of(base_url),
        origin=base_url,
        allow_order_tests=allow_order_tests,
    )
    return httpx.AsyncClient(
        base_url=base_url,
        auth=auth,
        headers=headers,
        timeout=timeout,
        transport=guard,
        trust_env=False,
        follow_redirects=False,
    )
