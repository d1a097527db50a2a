"""Which language golive speaks: ``--lang``, else ``GOLIVE_LANG``, else the locale.

Resolution order, first match wins:

1. ``explicit`` (the ``--lang`` flag). An unsupported value is an operator
   error and raises :class:`ValueError` with a one-line message.
2. ``GOLIVE_LANG``. An unsupported value here is ignored, not fatal: the
   environment is not a flag, and a stray value must not stop a preflight.
3. The POSIX locale: the first non-empty of ``LC_ALL``, ``LC_MESSAGES`` and
   ``LANG`` (POSIX precedence). Korean if it starts with ``ko``.
4. English.

The environment is read at call time, never at import.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Literal, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Mapping

Lang: TypeAlias = Literal["en", "ko"]

SUPPORTED: tuple[Lang, ...] = ("en", "ko")
LOCALE_VARIABLES: tuple[str, ...] = ("LC_ALL", "LC_MESSAGES", "LANG")
_SEPARATORS = ("-", "_", ".", "@")


def resolve_lang(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> Lang:
    """Return ``"en"`` or ``"ko"`` following the order in the module docstring."""
    if explicit is not None:
        lang = normalize_lang(explicit)
        if lang is None:
            choices = ", ".join(SUPPORTED)
            raise ValueError(f"unsupported language {explicit!r}: choose one of {choices}")
        return lang
    env = os.environ if environ is None else environ
    from_golive = normalize_lang(env.get("GOLIVE_LANG", ""))
    if from_golive is not None:
        return from_golive
    return "ko" if _locale_of(env).lower().startswith("ko") else "en"


def normalize_lang(value: str) -> Lang | None:
    """Map ``ko``, ``KO``, ``ko-KR``, ``ko_KR.UTF-8`` to ``"ko"``; unknown values to None."""
    primary = value.strip().lower()
    for separator in _SEPARATORS:
        primary = primary.split(separator, 1)[0]
    return _SUPPORTED_BY_NAME.get(primary)


def _locale_of(environ: Mapping[str, str]) -> str:
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return value
    return ""


_SUPPORTED_BY_NAME: dict[str, Lang] = {"en": "en", "ko": "ko"}
