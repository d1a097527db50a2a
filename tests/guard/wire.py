"""What the guard tests share: a recording inner transport, a raw request, a bot token."""

from __future__ import annotations

from collections.abc import Generator

import httpx

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"


class Wire(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The inner transport: records what reaches it and answers 200 ``{}``."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})


def raw_request(method: str, path: str, base: str = "https://venue.test") -> httpx.Request:
    """A request whose target is ``path`` byte for byte (no URL normalisation)."""
    request = httpx.Request(method, base)
    request.url = request.url.copy_with(raw_path=path.encode())
    return request


class HeaderAuth(httpx.Auth):
    """Signs like a venue client does: a header and a ``signature`` query parameter."""

    def __init__(self) -> None:
        self.calls = 0

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.calls += 1
        request.headers["X-Signed"] = "yes"
        request.url = request.url.copy_with(params={**dict(request.url.params), "signature": "s"})
        yield request
