"""Network hints that name where the request went: ``host:port``, not a fixed example host.

The catalogue's network texts are written for any venue (their example command
names ``api.binance.com``); a failed read knows its own host and port, so the
hint says which one failed and the commands use it. A refused connection to a
loopback address is most often a stopped simulator, and says so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from golive import messages
from golive.hosts import is_loopback_host

if TYPE_CHECKING:
    import httpx

    from golive.errors import Classification

EXAMPLE_URL = "https://api.binance.com/api/v3/ping"
EXAMPLE_HOST = "api.binance.com"
LOCATED_PREFIXES: tuple[str, ...] = ("net.", "http.403_html", "http.5xx_html", "http.html_body")
"""Reasons about reaching a host (transport failures, a page from something in front of it)."""
DEFAULT_PORTS = {"https": 443, "http": 80}


def where(url: httpx.URL) -> tuple[str, str]:
    """(host, ``host:port``) of a client's base URL."""
    port = url.port or DEFAULT_PORTS.get(url.scheme, 443)
    return url.host, f"{url.host}:{port}"


def located(found: Classification, url: httpx.URL, lang: str) -> Classification:
    """``found`` naming ``url``'s host:port when it is about reaching a host, else as is."""
    if not found.reason.startswith(LOCATED_PREFIXES):
        return found
    host, spot = where(url)
    action = found.next_action.replace(EXAMPLE_URL, f"{url.scheme}://{spot}/")
    action = action.replace(EXAMPLE_HOST, host)
    if found.reason == "net.connection_refused" and is_loopback_host(host):
        action = f"{action} {messages.text('net.simulator_running', lang)}"
    hint = messages.text("net.at", lang, where=spot, hint=found.hint)
    return replace(found, hint=hint, next_action=action)
