"""Binance key forms and signing: an HMAC secret, or an Ed25519 or RSA private key (PEM).

SPOTDOCS ``faqs/api_key_types.md``: Binance issues Ed25519 (recommended), HMAC
(deprecated) and RSA (2048 or 4096 bits) keys. SPOTDOCS ``rest-api.md`` "SIGNED
Endpoint Examples": the payload (query string + body, as sent) is signed with
HMAC-SHA256 (hex), RSASSA-PKCS1-v1_5 + SHA-256 or Ed25519 (both base64, then
percent-encoded in the query).

Where the key comes from: ``BINANCE_API_SECRET`` holding a PEM private key, or
``BINANCE_PRIVATE_KEY_PATH`` naming a PEM file (optionally encrypted, with
``BINANCE_PRIVATE_KEY_PASSPHRASE``); otherwise ``BINANCE_API_SECRET`` is an HMAC
secret. Every problem is a :class:`KeyProblemError` with a stable code; the text for
a person lives in the message catalog under ``binance_key.<code>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

SECRET_KEY = "BINANCE_API_SECRET"  # noqa: S105 - a variable name
PATH_KEY = "BINANCE_PRIVATE_KEY_PATH"
PASSPHRASE_KEY = "BINANCE_PRIVATE_KEY_PASSPHRASE"  # noqa: S105 - a variable name
PEM_BEGIN = "-----BEGIN"
RSA_SIZES = frozenset({2048, 4096})
"""SPOTDOCS faqs/api_key_types.md: "We support 2048 and 4096 bit RSA keys"."""
MAX_KEY_FILE_BYTES = 64_000
PRIVATE_MODE_BITS = 0o077
"""A key file must not be readable, writable or executable by group or others."""


class KeyKind(StrEnum):
    HMAC = "hmac"
    ED25519 = "ed25519"
    RSA = "rsa"


REASONS: Mapping[str, str] = {
    "key_file_missing": "binance_key.key_file_missing",
    "key_file_unreadable": "binance_key.key_file_unreadable",
    "key_file_mode": "binance_key.key_file_mode",
    "pem_escaped_newlines": "binance_key.pem_escaped_newlines",
    "pem_not_private": "binance_key.pem_not_private",
    "pem_unreadable": "binance_key.pem_unreadable",
    "passphrase_missing": "binance_key.passphrase_missing",
    "passphrase_wrong": "binance_key.passphrase_wrong",
    "passphrase_unused": "binance_key.passphrase_unused",
    "passphrase_not_needed": "binance_key.passphrase_not_needed",
    "rsa_size": "binance_key.rsa_size",
    "key_type_unsupported": "binance_key.key_type_unsupported",
}
"""Problem code -> its reason code and catalog key (hint and next action)."""
UNUSABLE = "binance_key.unusable"


class KeyProblemError(Exception):
    """A Binance private key golive cannot sign with; ``code`` names the problem."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def reason(self) -> str:
        return REASONS[self.code]


def is_pem(value: str) -> bool:
    """Whether a value is PEM text (a ``-----BEGIN ...`` block), whatever it holds."""
    return value.lstrip().startswith(PEM_BEGIN)


def uses_private_key(values: Mapping[str, str]) -> bool:
    """Whether the profile signs with a private key (PEM in the secret, or a key file)."""
    return bool(values.get(PATH_KEY, "").strip()) or is_pem(values.get(SECRET_KEY, ""))


def is_encrypted(pem: bytes) -> bool:
    """PKCS#8 ``ENCRYPTED PRIVATE KEY`` or an OpenSSL ``Proc-Type: 4,ENCRYPTED`` header."""
    return b"ENCRYPTED PRIVATE KEY" in pem or b"Proc-Type: 4,ENCRYPTED" in pem


def key_file_mode_problem(path: Path) -> str | None:
    """``key_file_mode`` when group or others may read the key file, else None."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    return "key_file_mode" if mode & PRIVATE_MODE_BITS else None


def read_key_file(path: Path) -> bytes:
    """The key file's bytes; raises ``KeyProblemError`` (missing, unreadable, too big)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_KEY_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise KeyProblemError("key_file_missing") from exc
    except (OSError, ValueError) as exc:
        raise KeyProblemError("key_file_unreadable") from exc
    if len(data) > MAX_KEY_FILE_BYTES:
        raise KeyProblemError("key_file_unreadable")
    return data


def private_pem(values: Mapping[str, str], base: Path | None = None) -> bytes | None:
    """The PEM bytes the profile names (key file first), or None for an HMAC secret."""
    path = values.get(PATH_KEY, "").strip()
    if path:
        where = Path(path).expanduser()
        if base is not None and not where.is_absolute():
            where = base / where
        return read_key_file(where)
    secret = values.get(SECRET_KEY, "")
    if not is_pem(secret):
        return None
    if "\\n" in secret and "\n" not in secret.strip():
        raise KeyProblemError("pem_escaped_newlines")
    return secret.strip().encode("ascii", "replace") + b"\n"


def load_private_key(pem: bytes, passphrase: str | None) -> PrivateKeyTypes:
    """Parse a PEM private key with ``cryptography``; raises ``KeyProblemError``."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    if b"PRIVATE KEY" not in pem:
        raise KeyProblemError("pem_not_private")
    encrypted = is_encrypted(pem)
    if encrypted and not passphrase:
        raise KeyProblemError("passphrase_missing")
    password = passphrase.encode() if encrypted and passphrase else None
    try:
        return load_pem_private_key(pem, password=password)
    except TypeError as exc:  # a passphrase for a key that is not encrypted, or vice versa
        raise KeyProblemError("passphrase_missing" if encrypted else "pem_unreadable") from exc
    except ValueError as exc:
        raise KeyProblemError("passphrase_wrong" if encrypted else "pem_unreadable") from exc
    except Exception as exc:  # cryptography raises UnsupportedAlgorithm for odd key types
        raise KeyProblemError("pem_unreadable") from exc


def kind_of(key: PrivateKeyTypes) -> KeyKind:
    """Ed25519 or RSA (2048/4096 bits); any other key type is ``key_type_unsupported``."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

    if isinstance(key, Ed25519PrivateKey):
        return KeyKind.ED25519
    if isinstance(key, RSAPrivateKey):
        if key.key_size not in RSA_SIZES:
            raise KeyProblemError("rsa_size")
        return KeyKind.RSA
    raise KeyProblemError("key_type_unsupported")


class Signer(Protocol):
    @property
    def kind(self) -> KeyKind: ...

    def sign(self, payload: bytes) -> str:
        """The ``signature`` query value for ``payload`` (already percent-encoded)."""
        ...


@dataclass(frozen=True, repr=False)
class HmacSigner:
    secret: str
    kind: KeyKind = KeyKind.HMAC

    def __repr__(self) -> str:
        return "HmacSigner(<secret hidden>)"

    def sign(self, payload: bytes) -> str:
        return hmac_hex(self.secret, payload)


@dataclass(frozen=True, repr=False)
class PrivateKeySigner:
    key: PrivateKeyTypes
    kind: KeyKind

    def __repr__(self) -> str:
        return f"PrivateKeySigner({self.kind.value}, <key hidden>)"

    def raw_signature(self, payload: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

        if isinstance(self.key, Ed25519PrivateKey):
            return self.key.sign(payload)
        assert isinstance(self.key, RSAPrivateKey)
        return self.key.sign(payload, padding.PKCS1v15(), hashes.SHA256())

    def sign(self, payload: bytes) -> str:
        return percent_encoded(base64.b64encode(self.raw_signature(payload)).decode("ascii"))


def hmac_hex(secret: str, payload: bytes) -> str:
    """Hex HMAC-SHA256 of ``payload`` (query string + body, as sent) keyed with ``secret``."""
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def percent_encoded(signature_b64: str) -> str:
    """The base64 signature as it goes in the query: ``+ / =`` percent-encoded (SPOTDOCS)."""
    return quote(signature_b64, safe="")


def signer_for(values: Mapping[str, str], base: Path | None = None) -> Signer:
    """The signer the profile's values describe; raises ``KeyProblemError`` when unusable."""
    pem = private_pem(values, base)
    if pem is None:
        return HmacSigner(values.get(SECRET_KEY, ""))
    key = load_private_key(pem, values.get(PASSPHRASE_KEY) or None)
    return PrivateKeySigner(key, kind_of(key))


def key_kind(values: Mapping[str, str], base: Path | None = None) -> KeyKind:
    """Which kind of key the profile holds; raises ``KeyProblemError`` when it cannot tell."""
    return signer_for(values, base).kind


def passphrase_without_key(values: Mapping[str, str]) -> bool:
    """A passphrase is set but no private key uses it (a leftover, or a misplaced key)."""
    return bool(values.get(PASSPHRASE_KEY)) and not uses_private_key(values)


def passphrase_not_needed(values: Mapping[str, str], base: Path | None = None) -> bool:
    """A passphrase is set beside a private key that is not encrypted: nothing opens with it."""
    if not values.get(PASSPHRASE_KEY):
        return False
    try:
        pem = private_pem(values, base)
    except KeyProblemError:
        return False
    return pem is not None and not is_encrypted(pem)
