"""The simulated Binance key: HMAC, Ed25519 or RSA, as Binance issues them.

SPOTDOCS ``faqs/api_key_types.md``: Ed25519 (recommended), HMAC (deprecated),
RSA (2048 or 4096 bits). For an asymmetric key Binance keeps only the public
key and verifies base64 signatures with it (RSASSA-PKCS1-v1_5 + SHA-256 for
RSA, Ed25519 for Ed25519; SPOTDOCS ``rest-api.md`` "SIGNED Endpoint Examples").
The simulator generates the pair and hands the private key to whoever writes the
env file; it verifies with the public key only.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from enum import StrEnum

RSA_BITS = 2048


class BinanceKeyType(StrEnum):
    HMAC = "hmac"
    ED25519 = "ed25519"
    RSA = "rsa"


class SimKeyError(ValueError):
    """A key the simulated Binance cannot hold."""


@dataclass(frozen=True, repr=False)
class KeyPair:
    """PEM texts: PKCS#8 private key, SubjectPublicKeyInfo public key."""

    private_pem: str
    public_pem: str

    def __repr__(self) -> str:
        return "KeyPair(<private key hidden>)"


def generate(key_type: BinanceKeyType) -> KeyPair:
    """A fresh Ed25519 or 2048-bit RSA key pair (not for HMAC)."""
    from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    if key_type is BinanceKeyType.ED25519:
        private: ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey = (
            ed25519.Ed25519PrivateKey.generate()
        )
    elif key_type is BinanceKeyType.RSA:
        private = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    else:
        raise SimKeyError(f"an {key_type.value} key has no key pair")
    private_pem = private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    public_pem = private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    return KeyPair(private_pem.decode("ascii"), public_pem.decode("ascii"))


def public_key_type(public_pem: str) -> BinanceKeyType | None:
    """Ed25519 or RSA for such a public key PEM, else None (not a key, or another type)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    try:
        key = load_pem_public_key(public_pem.encode())
    except ValueError:
        return None
    if isinstance(key, Ed25519PublicKey):
        return BinanceKeyType.ED25519
    return BinanceKeyType.RSA if isinstance(key, RSAPublicKey) else None


def verify(public_pem: str, payload: bytes, signature: str) -> bool:
    """A base64 Ed25519 or RSA (PKCS#1 v1.5, SHA-256) signature; case-sensitive."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    key = load_pem_public_key(public_pem.encode())
    try:
        raw = base64.b64decode(signature, validate=True)
        if isinstance(key, Ed25519PublicKey):
            key.verify(raw, payload)
        elif isinstance(key, RSAPublicKey):
            key.verify(raw, payload, padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
