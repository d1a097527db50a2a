"""Request authentication as the real services do it: Binance signatures, Upbit JWTs.

Pure functions over the bytes received; the venue modules decide which error a
failure becomes. Binance payloads are verified over the query string *as
received* (never re-serialised) concatenated with the raw body.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import unquote, unquote_to_bytes, urlencode

if TYPE_CHECKING:
    from collections.abc import Mapping

BINANCE_KEY_FORMAT = re.compile(r"^[A-Za-z0-9]{64}$")
TELEGRAM_TOKEN_FORMAT = re.compile(r"^[1-9][0-9]{0,15}:[A-Za-z0-9_-]{1,80}$")
DEFAULT_RECV_WINDOW_MS = 5000
MAX_RECV_WINDOW_MS = 60000
RECV_WINDOW_FORMAT = re.compile(r"[0-9]+(?:\.[0-9]+)?")
"""Plain decimal milliseconds; SPOTDOCS allow up to 3 decimals, the size is checked apart."""
_MICROSECOND_TIMESTAMPS = 10**14

# --- Binance ---------------------------------------------------------------


def split_signature(data: bytes) -> tuple[bytes, str | None]:
    """Drop the ``signature=`` parameter; return the rest as received and the signature."""
    kept: list[bytes] = []
    signature: str | None = None
    for part in data.split(b"&"):
        if part.startswith(b"signature="):
            signature = unquote(part[len(b"signature=") :].decode("latin-1"))
        else:
            kept.append(part)
    return b"&".join(kept), signature


def binance_payload(raw_query: bytes, body: bytes) -> tuple[bytes, str | None]:
    """The signed payload (query + body, no separator) and the signature sent with it."""
    query, in_query = split_signature(raw_query)
    form, in_body = split_signature(body)
    return query + form, in_query if in_query is not None else in_body


def hmac_sha256_hex(secret: str, payload: bytes) -> str:
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def _digest_bytes(text: str) -> bytes:
    """A received digest as bytes: ``compare_digest`` refuses non-ASCII ``str`` (TypeError)."""
    return text.lower().encode("utf-8", "replace")


def verify_hmac(secret: str, payload: bytes, signature: str) -> bool:
    """HMAC signatures are hex and not case-sensitive; anything else (``%C3%A9``) is wrong."""
    return hmac.compare_digest(hmac_sha256_hex(secret, payload).encode(), _digest_bytes(signature))


@dataclass(frozen=True)
class BinanceRejection:
    status: int
    code: int
    msg: str


def mandatory(name: str) -> BinanceRejection:
    msg = f"Mandatory parameter '{name}' was not sent, was empty/null, or malformed."
    return BinanceRejection(400, -1102, msg)


def _recv_window(value: str) -> Decimal | None:
    """The window in ms, or None when malformed: NaN, infinite, negative, signed or not a number."""
    return Decimal(value) if RECV_WINDOW_FORMAT.fullmatch(value) else None


def check_timestamp(params: Mapping[str, str], server_ms: int) -> BinanceRejection | None:
    """Binance's timing rule: ``timestamp < serverTime + 1000`` and within ``recvWindow``."""
    try:
        timestamp = int(params.get("timestamp", ""))
    except ValueError:
        return mandatory("timestamp")
    if timestamp > _MICROSECOND_TIMESTAMPS:
        timestamp //= 1000
    window = _recv_window(params.get("recvWindow", str(DEFAULT_RECV_WINDOW_MS)))
    if window is None:
        return mandatory("recvWindow")
    if window > MAX_RECV_WINDOW_MS:
        return BinanceRejection(400, -1131, "recvWindow must be less than 60000")
    if timestamp >= server_ms + 1000:
        msg = "Timestamp for this request was 1000ms ahead of the server's time."
        return BinanceRejection(400, -1021, msg)
    if server_ms - timestamp > window:
        return BinanceRejection(
            400, -1021, "Timestamp for this request is outside of the recvWindow."
        )
    return None


# --- Upbit -----------------------------------------------------------------

JWT_ALGORITHMS: Mapping[str, str] = {"HS256": "sha256", "HS512": "sha512"}


class UpbitAuthError(Exception):
    """An Upbit authentication failure; ``name`` is the wire ``error.name``."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True)
class Jwt:
    header: Mapping[str, object]
    claims: Mapping[str, object]
    signing_input: bytes
    signature: bytes


_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def _b64url(segment: str) -> bytes:
    """Strict base64url (RFC 7515 section 2: no padding, no other character): Python's
    decoder would skip junk such as ``!!!`` and accept a tampered token."""
    if not _B64URL.fullmatch(segment) or len(segment) % 4 == 1:
        raise binascii.Error("not base64url")
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def parse_bearer(authorization: str | None) -> Jwt:
    """Split ``Bearer <JWT>``; raises ``UpbitAuthError`` when absent or not a JWT."""
    if not authorization:
        raise UpbitAuthError("no_authorization_token")
    scheme, _, token = authorization.partition(" ")
    parts = token.strip().split(".")
    if scheme.lower() != "bearer" or len(parts) != 3:
        raise UpbitAuthError("jwt_verification")
    try:
        header = json.loads(_b64url(parts[0]))
        claims = json.loads(_b64url(parts[1]))
        signature = _b64url(parts[2])
    except (ValueError, binascii.Error) as exc:
        raise UpbitAuthError("jwt_verification") from exc
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise UpbitAuthError("jwt_verification")
    return Jwt(header, claims, f"{parts[0]}.{parts[1]}".encode(), signature)


def verify_jwt(jwt: Jwt, secret: str) -> bool:
    """HS256 or HS512 as the header's ``alg`` says; ``none`` and anything else fail."""
    digest = JWT_ALGORITHMS.get(str(jwt.header.get("alg")))
    if digest is None:
        return False
    expected = hmac.new(secret.encode(), jwt.signing_input, digest).digest()
    return hmac.compare_digest(expected, jwt.signature)


def _json_style(value: object) -> object:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, list):
        return [_json_style(v) for v in value]
    return value


def query_hash_inputs(raw_query: bytes, body: bytes) -> set[bytes]:
    """Strings a client may have hashed: the query as sent but not URL-encoded, or the body.

    UPAUTH: SHA-512 of the *non-URL-encoded* query string; a hash over the encoded
    form is ``invalid_query_payload`` (the two agree when nothing needed encoding).
    """
    inputs: set[bytes] = set()
    if raw_query:
        inputs.add(unquote_to_bytes(raw_query))
    if not body.strip():
        return inputs
    try:
        data = json.loads(body)
    except ValueError:
        return inputs | {body, unquote_to_bytes(body)}
    if isinstance(data, dict) and data:
        for variant in (data, {k: _json_style(v) for k, v in data.items()}):
            inputs.add(unquote(urlencode(variant, doseq=True)).encode())
    return inputs


def check_query_hash(claims: Mapping[str, object], inputs: set[bytes]) -> bool:
    """``query_hash`` must be SHA-512 hex of one of ``inputs`` when the request has any."""
    if not inputs:
        return True
    sent = claims.get("query_hash")
    if str(claims.get("query_hash_alg", "SHA512")).upper() != "SHA512" or not isinstance(sent, str):
        return False
    return any(
        hmac.compare_digest(hashlib.sha512(i).hexdigest().encode(), _digest_bytes(sent))
        for i in inputs
    )
