"""Telegram Bot API: the token lives in the path, ``/bot<token>/<method>``; no signing."""

from __future__ import annotations

import re

from golive.exchanges.endpoint import Endpoint

_TOKEN_FORMAT = re.compile(r"[1-9][0-9]{0,15}:[A-Za-z0-9_\-]{1,80}")


def is_token_shaped(token: str) -> bool:
    """Whether ``token`` looks like ``<bot id>:<secret>`` (what the guard can route)."""
    return _TOKEN_FORMAT.fullmatch(token) is not None


def method(token: str, name: str, *params: tuple[str, str]) -> Endpoint:
    """The endpoint of one Bot API method for ``token``."""
    return Endpoint("telegram", f"/bot{token}/{name}", signed=False, params=params, label=name)
