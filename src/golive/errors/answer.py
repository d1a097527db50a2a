"""Reading an HTTP answer: the body, the headers, and each venue's fields.

A response is reduced to an :class:`Answer`, the facts the tables look at
(status, code, name, message, request IP, chat id, Retry-After or a block time,
HTML or not, a /sapi answer or not). Nothing here raises on odd input: a field of
the wrong type reads as absent.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Final

from golive.errors.blocktime import stated_seconds
from golive.errors.rules import (
    BODY_LIMIT,
    CHAT_ID_DIGITS,
    HEADER_LIMIT,
    MESSAGE_LIMIT,
    RETRY_AFTER_MAX,
)
from golive.errors.transport import HTML_MARKERS
from golive.errors.upbit import UPBIT_BLOCK_STATUS
from golive.errors.venues import venue_id

_REQUEST_IP: Final = re.compile(r"request ip:\s*([0-9A-Fa-f:.]{2,45})")
_NAME_CHARS: Final = re.compile(r"[^a-z0-9_]+")


@dataclass(frozen=True)
class Answer:
    """A response reduced to the facts the tables look at."""

    exchange: str
    status: int | None
    data: object
    text: str
    retry_after: float | None
    code: int | None = None
    name: str | None = None
    message: str = ""
    ip: str | None = None
    chat_id: str | None = None
    html: bool = False
    sapi: bool = False
    """The answer carries a /sapi weight header: Binance's wallet API, own budgets."""


SAPI_WEIGHT_HEADERS: Final = ("x-sapi-used-ip-weight-1m", "x-sapi-used-uid-weight-1m")
"""Every /sapi answer carries one of these, never the /api ``X-MBX-USED-WEIGHT-1M``
(developers.binance.com/docs/products/caas/basics/4.rate-limits)."""


def read_answer(exchange: object, status: object, body: object, headers: object) -> Answer:
    venue = venue_id(exchange)
    data, text = _parse_body(body)
    answer = Answer(
        exchange=venue,
        status=_status(status),
        data=data,
        text=text,
        retry_after=retry_after(_header(headers, "retry-after")),
        html=_looks_like_html(text),
        sapi=any(_header(headers, name) is not None for name in SAPI_WEIGHT_HEADERS),
    )
    facts = _FACTS.get(venue)
    return answer if facts is None else facts(answer)


def _status(status: object) -> int | None:
    if isinstance(status, bool) or not isinstance(status, int):
        return None
    return status if 100 <= status <= 999 else None


def _parse_body(body: object) -> tuple[object, str]:
    """(structure, text): JSON is parsed from text; a dict or list is used as given."""
    if isinstance(body, dict | list):
        return body, ""
    if isinstance(body, bytes | bytearray | memoryview):
        text = bytes(body[:BODY_LIMIT]).decode("utf-8", "replace")
    elif isinstance(body, str):
        text = body[:BODY_LIMIT]
    else:
        return None, ""
    return _json(text), text


def _json(text: str) -> object:
    if not text.lstrip().startswith(("{", "[")):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _looks_like_html(text: str) -> bool:
    page = text.lstrip().lower()
    return page.startswith("<") and any(marker in page for marker in HTML_MARKERS)


def _header(headers: object, wanted: str) -> str | None:
    if not isinstance(headers, Mapping):
        return None
    for count, (key, value) in enumerate(headers.items()):
        if count >= HEADER_LIMIT:
            return None
        if _text_of(key).lower() == wanted:
            return _text_of(value)
    return None


def _text_of(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else ""


def retry_after(value: object) -> float | None:
    """Seconds from a Retry-After value, or None when it is not a sane number."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        seconds = float(value)
    except (ValueError, OverflowError):
        return None
    return seconds if math.isfinite(seconds) and 0 <= seconds <= RETRY_AFTER_MAX else None


def _field(data: object, *path: str) -> object:
    for name in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(name)
    return data


def _int(value: object, digits: int = 9) -> int | None:
    """An int of at most ``digits`` digits (a JSON int or a numeric string); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 10**digits else None
    if isinstance(value, str) and re.fullmatch(rf"\s*-?\d{{1,{digits}}}\s*", value):
        return int(value)
    return None


def _str(value: object) -> str:
    return value[:MESSAGE_LIMIT] if isinstance(value, str) else ""


def _binance_facts(answer: Answer) -> Answer:
    message = _str(_field(answer.data, "msg")) or answer.text[:MESSAGE_LIMIT]
    found = _REQUEST_IP.search(message)
    return replace(
        answer,
        code=_int(_field(answer.data, "code")),
        message=message,
        ip=found.group(1) if found else None,
    )


def _upbit_facts(answer: Answer) -> Answer:
    name = _field(answer.data, "error", "name")
    message = _str(_field(answer.data, "error", "message")) or answer.text[:MESSAGE_LIMIT]
    clean = _NAME_CHARS.sub("_", name.strip().lower())[:60] if isinstance(name, str) else None
    retry = answer.retry_after
    if retry is None and answer.status == UPBIT_BLOCK_STATUS:  # in the body (UPRATE)
        retry = stated_seconds(message)
    return replace(answer, code=_int(name), name=clean or None, message=message, retry_after=retry)


def _telegram_facts(answer: Answer) -> Answer:
    parameters = _field(answer.data, "parameters")
    retry = retry_after(_int(_field(parameters, "retry_after")))
    chat_id = _int(_field(parameters, "migrate_to_chat_id"), CHAT_ID_DIGITS)
    return replace(
        answer,
        code=_int(_field(answer.data, "error_code")),
        message=_str(_field(answer.data, "description")),
        retry_after=retry if retry is not None else answer.retry_after,
        chat_id=None if chat_id is None else str(chat_id),
    )


_FACTS: Final[Mapping[str, Callable[[Answer], Answer]]] = {
    "binance": _binance_facts,
    "binance_futures": _binance_facts,
    "upbit": _upbit_facts,
    "telegram": _telegram_facts,
}
"""Per venue, which fields of its body carry the code, the name and the message."""
