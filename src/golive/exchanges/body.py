"""Answer bodies read with a cap on the decoded size: no endless body, no gzip bomb.

:func:`cap_body` wraps a response's stream before httpx reads it. The wrapper
decodes ``gzip`` / ``deflate`` itself with zlib's ``max_length`` (so a bomb is
inflated no further than the cap plus one byte), counts the decoded bytes, and
raises :class:`BodyTooLarge` once they pass the cap; the ``Content-Encoding``
header is then removed so httpx does not decode a second time. An encoding it
does not know is refused the same way (golive asks for ``gzip, deflate`` only).
Reading stays inside the request's deadline: the cap bounds memory, the
deadline bounds time.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

import httpx

from golive.defaults import DEFAULT_MAX_BODY_BYTES

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = ["DEFAULT_MAX_BODY_BYTES", "BodyTooLarge", "CappedStream", "cap_body"]


class BodyTooLarge(httpx.DecodingError):
    """An answer body past the cap (decoded bytes), or in an encoding golive does not read."""

    def __init__(self, detail: str, limit: int) -> None:
        super().__init__(detail)
        self.detail = detail
        self.limit = limit


class _Inflater:
    """gzip or zlib/raw deflate, never producing more than asked for."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._z = zlib.decompressobj(zlib.MAX_WBITS | 32 if self._gzip else zlib.MAX_WBITS)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        try:
            out = self._z.decompress(data, room + 1)
        except zlib.error:
            if self._gzip or self._started:
                raise
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)  # deflate without zlib header
            out = self._z.decompress(data, room + 1)
        self._started = True
        return out


class CappedStream(httpx.AsyncByteStream):
    """The decoded body of ``inner``, at most ``limit`` bytes, else :class:`BodyTooLarge`."""

    def __init__(self, inner: httpx.AsyncByteStream, encoding: str, limit: int) -> None:
        self._inner = inner
        self._inflater = _Inflater(encoding) if encoding not in ("", "identity") else None
        self._limit = limit
        self._seen = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for raw in self._inner:
            chunk = self._decode(raw)
            self._seen += len(chunk)
            if self._seen > self._limit:
                raise BodyTooLarge(f"answer body over {self._limit} bytes (decoded)", self._limit)
            if chunk:
                yield chunk

    def _decode(self, raw: bytes) -> bytes:
        if self._inflater is None:
            return raw
        try:
            return self._inflater.feed(raw, self._limit - self._seen)
        except zlib.error as exc:
            raise httpx.DecodingError(f"answer body does not inflate: {exc}") from exc

    async def aclose(self) -> None:
        await self._inner.aclose()


_KNOWN = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})


def cap_body(response: httpx.Response, limit: int) -> httpx.Response:
    """``response`` whose body is read through :class:`CappedStream` (in place, and returned)."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    inner = response.stream
    assert isinstance(inner, httpx.AsyncByteStream)
    if encoding not in _KNOWN:
        response.stream = _Refused(inner, f"answer body in an unread encoding: {encoding}", limit)
    else:
        response.stream = CappedStream(inner, encoding, limit)
    response.headers.pop("content-encoding", None)
    return response


class _Refused(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, detail: str, limit: int) -> None:
        self._inner, self._detail, self._limit = inner, detail, limit

    async def __aiter__(self) -> AsyncIterator[bytes]:
        raise BodyTooLarge(self._detail[:80], self._limit)
        yield b""  # pragma: no cover - makes this an async generator

    async def aclose(self) -> None:
        await self._inner.aclose()
