"""Secret positions: where a value is a secret whatever it is, masked without knowing it.

The password of ``scheme://user:password@host`` (up to the *last* ``@`` before the host,
as libpq reads it, so ``S3cr@tP@ss`` is masked whole), ``password=`` in a key=value DSN
or a query string, and any JSON Web Token (its payload carries the key it was signed for).
"""

from __future__ import annotations

import re

MASK = "****"

_URL_PASSWORD = re.compile(
    r"([A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*:)[^\s/]*@(?=[^\s@/]*(?:[/?#\s\"'<>]|$))"
)
"""The password position of any ``scheme://user:password@host``, up to the last ``@``."""
_PASSWORD_PARAM = re.compile(
    r"((?:^|[\s?&;,(\[{])password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s&;,'\")\]}]+)", re.IGNORECASE
)
"""``password=...`` in a key=value DSN or a query string, loaded or not."""
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*")
"""A JSON Web Token (header and payload are base64url JSON objects: ``eyJ`` is ``{"``);
its payload decodes to whatever it carries (an access key), so it is never shown."""


def _masked_param(match: re.Match[str]) -> str:
    quoted = match.group(2).startswith("'")
    return match.group(1) + (f"'{MASK}'" if quoted else MASK)


def mask_jwts(text: str) -> str:
    """``text`` with every JWT masked."""
    return _JWT.sub(f"{MASK} (JWT)", text) if "eyJ" in text else text


def mask_positions(text: str) -> str:
    """``text`` with every secret position masked, whatever the secret: URL passwords,
    ``password=`` parameters, JWTs."""
    if "://" in text:
        text = _URL_PASSWORD.sub(rf"\1{MASK}@", text)
    if "password" in text.lower():
        text = _PASSWORD_PARAM.sub(_masked_param, text)
    return mask_jwts(text)
