"""What a venue handler receives and returns, independent of the web framework.

Handlers are plain functions ``(Incoming, SimState) -> Answer``; ``app`` turns
Starlette requests into :class:`Incoming` and :class:`Answer` into responses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from collections.abc import Mapping

JSON = "application/json"
HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Incoming:
    """One request as received: the raw query and body are kept byte for byte."""

    method: str
    path: str
    raw_query: bytes
    body: bytes
    headers: Mapping[str, str]
    client_ip: str
    peer: str = ""
    """The client's ``host:port``: one per connection."""

    @property
    def query(self) -> str:
        return self.raw_query.decode("latin-1")

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def form(self) -> dict[str, str]:
        """Query parameters, then form-body parameters; the query wins on a clash."""
        if "json" in (self.header("content-type") or ""):
            params = {k: _text(v) for k, v in self.json_body().items()}
        else:
            params = dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))
        params.update(parse_qsl(self.query, keep_blank_values=True))
        return params

    def json_body(self) -> dict[str, object]:
        try:
            data = json.loads(self.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str | None = JSON
    """None: no Content-Type is added (injected answers carry their own headers)."""
    headers: tuple[tuple[str, str], ...] = ()

    def with_headers(self, *pairs: tuple[str, str]) -> Answer:
        return replace(self, headers=self.headers + pairs)


def json_answer(
    status: int,
    payload: object,
    *,
    content_type: str = JSON,
    headers: tuple[tuple[str, str], ...] = (),
) -> Answer:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return Answer(status, body, content_type, headers)


def text_answer(status: int, text: str, content_type: str = TEXT) -> Answer:
    return Answer(status, text.encode(), content_type)


NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)

CLOUDFRONT_502 = (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
    '"http://www.w3.org/TR/html4/loose.dtd">\n<HTML><HEAD><META HTTP-EQUIV="Content-Type" '
    'CONTENT="text/html; charset=iso-8859-1">\n<TITLE>ERROR: The request could not be '
    "satisfied</TITLE>\n</HEAD><BODY>\n<H1>502 ERROR</H1>\n<H2>The request could not be "
    'satisfied.</H2>\n<HR noshade size="1px">\nCloudFront wasn\'t able to connect to the '
    "origin.\n</BODY></HTML>"
)
