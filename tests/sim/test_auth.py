"""The verification primitives against the documented test vectors."""

from __future__ import annotations

import base64
import hashlib

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from golive.sim import auth, binance_keys

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")

DOC_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
DOC_PAYLOAD = (
    "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
    "&recvWindow=5000&timestamp=1499827319559"
)
DOC_SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
NON_ASCII_PAYLOAD = (
    "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT"
    "&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
)
NON_ASCII_SIGNATURE = "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3"
LEGACY_QUERY = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"
LEGACY_BODY = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
LEGACY_SIGNATURE = "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77"


@pytest.mark.parametrize(
    ("payload", "signature"),
    [(DOC_PAYLOAD, DOC_SIGNATURE), (NON_ASCII_PAYLOAD, NON_ASCII_SIGNATURE)],
)
def test_binance_docs_hmac_vectors(payload: str, signature: str) -> None:
    assert auth.hmac_sha256_hex(DOC_SECRET, payload.encode()) == signature
    assert auth.verify_hmac(DOC_SECRET, payload.encode(), signature.upper())


def test_binance_payload_is_query_then_body_without_separator() -> None:
    query = f"{LEGACY_QUERY}".encode()
    body = f"{LEGACY_BODY}&signature={LEGACY_SIGNATURE}".encode()
    payload, signature = auth.binance_payload(query, body)
    assert payload == (LEGACY_QUERY + LEGACY_BODY).encode()
    assert signature == LEGACY_SIGNATURE
    assert auth.verify_hmac(DOC_SECRET, payload, signature)


def test_signature_is_removed_where_it_stands_and_order_is_kept() -> None:
    payload, signature = auth.binance_payload(b"b=2&signature=abc&a=1", b"")
    assert (payload, signature) == (b"b=2&a=1", "abc")


def test_ed25519_reference_vector() -> None:
    private = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    pem = private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    payload = b"timestamp=1499827319559&recvWindow=5000"
    expected = (
        "QS7VA1LUyAt9XsELisptcZdfe9eYZtUXeWXKoZEnar0E7qAM+9y/HTweOpy3ZiiP5XZRVpeTbxevsx+y1ZnfAw=="
    )
    assert base64.b64encode(private.sign(payload)).decode() == expected
    assert binance_keys.verify(pem.decode(), payload, expected)
    assert not binance_keys.verify(pem.decode(), payload + b"x", expected)
    assert not binance_keys.verify(pem.decode(), payload, "not base64!")


SERVER = 1_700_000_000_000


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"timestamp": str(SERVER)}, None),
        ({"timestamp": str(SERVER + 999)}, None),
        ({"timestamp": str(SERVER + 1000)}, -1021),
        ({"timestamp": str(SERVER - 5000)}, None),
        ({"timestamp": str(SERVER - 5001)}, -1021),
        ({"timestamp": str(SERVER - 9000), "recvWindow": "10000"}, None),
        ({"timestamp": str(SERVER - 100), "recvWindow": "99.5"}, -1021),
        ({"timestamp": str(SERVER), "recvWindow": "60001"}, -1131),
        ({"timestamp": str(SERVER), "recvWindow": "60000"}, None),
        ({"timestamp": str(SERVER), "recvWindow": "0"}, None),
        ({"timestamp": str(SERVER - 1), "recvWindow": "0"}, -1021),
        ({"timestamp": str(SERVER), "recvWindow": "5000.125"}, None),
        ({"timestamp": str(SERVER), "recvWindow": "NaN"}, -1102),
        ({"timestamp": str(SERVER), "recvWindow": "sNaN"}, -1102),
        ({"timestamp": str(SERVER), "recvWindow": "Infinity"}, -1102),
        ({"timestamp": str(SERVER), "recvWindow": "-inf"}, -1102),
        ({"timestamp": str(SERVER), "recvWindow": "-1"}, -1102),
        ({"timestamp": str(SERVER), "recvWindow": "-0"}, -1102),
        ({"timestamp": str(SERVER), "recvWindow": "1e4"}, -1102),
        ({"timestamp": str(SERVER), "recvWindow": "five"}, -1102),
        ({"timestamp": str(SERVER), "recvWindow": ""}, -1102),
        ({"timestamp": str(SERVER * 1000)}, None),
        ({"timestamp": "soon"}, -1102),
        ({}, -1102),
    ],
)
def test_binance_timing_rule(params: dict[str, str], code: int | None) -> None:
    rejection = auth.check_timestamp(params, SERVER)
    assert (rejection.code if rejection else None) == code


def test_malformed_recv_window_is_1102_naming_the_parameter() -> None:
    rejection = auth.check_timestamp({"timestamp": str(SERVER), "recvWindow": "NaN"}, SERVER)
    assert rejection == auth.BinanceRejection(
        400,
        -1102,
        "Mandatory parameter 'recvWindow' was not sent, was empty/null, or malformed.",
    )


def test_timing_messages_say_which_side() -> None:
    ahead = auth.check_timestamp({"timestamp": str(SERVER + 5000)}, SERVER)
    behind = auth.check_timestamp({"timestamp": str(SERVER - 6000)}, SERVER)
    assert ahead is not None
    assert "ahead of the server's time" in ahead.msg
    assert behind is not None
    assert "outside of the recvWindow" in behind.msg


# --- Upbit -------------------------------------------------------------------

UPBIT_ACCESS = "test-access-key-0123456789abcdef0123456789ab"
UPBIT_SECRET = "test-secret-key-0123456789abcdef0123456789abcdef"
ZERO_NONCE = "00000000-0000-4000-8000-000000000000"
CCXT_ACCOUNTS_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhY2Nlc3Nfa2V5IjoidGVzdC1hY2Nlc3Mta2V5LTAxMjM0NTY3OD"
    "lhYmNkZWYwMTIzNDU2Nzg5YWIiLCJub25jZSI6IjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMCJ9"
    ".dM3x4ZYu_5ohxQgcSG8vo_0xtOTP5NAgVLolw3qr6oA"
)
CHANCE_HASH = (
    "b749dfc2e17f75e5b46c8161f97fe7c9298ed4167ea21c5c94d16573efd8a801"
    "351470c0ff1a9a3f1e763f8249968218c04c571c8b45aa80cd4588e6c4be0738"
)


def test_ccxt_reference_token_verifies() -> None:
    token = auth.parse_bearer(f"Bearer {CCXT_ACCOUNTS_TOKEN}")
    assert token.claims == {"access_key": UPBIT_ACCESS, "nonce": ZERO_NONCE}
    assert auth.verify_jwt(token, UPBIT_SECRET)
    assert not auth.verify_jwt(token, UPBIT_SECRET + "x")


@pytest.mark.parametrize(
    ("alg", "signature"),
    [
        ("HS256", "v114u57ieihHWIAwQlqibPXbNyLWDy5XsgoeLI4Bzxw"),
        (
            "HS512",
            "CKIrgsZ8ROX34wv_7PPWKIZPJoWbzPJyeu0gbrbk3NCsOnl6je3ykcGWLWyh7ufV9NpkFwYIVjXlpqVJ5Krnfw",
        ),
    ],
)
def test_reference_order_chance_tokens(alg: str, signature: str) -> None:
    claims = {
        "access_key": UPBIT_ACCESS,
        "nonce": ZERO_NONCE,
        "query_hash": CHANCE_HASH,
        "query_hash_alg": "SHA512",
    }
    token = jwt.encode(claims, UPBIT_SECRET, algorithm=alg)
    assert token.rsplit(".", 1)[1] == signature
    parsed = auth.parse_bearer(f"Bearer {token}")
    assert auth.verify_jwt(parsed, UPBIT_SECRET)
    assert hashlib.sha512(b"market=KRW-BTC").hexdigest() == CHANCE_HASH
    assert auth.check_query_hash(parsed.claims, auth.query_hash_inputs(b"market=KRW-BTC", b""))


def test_alg_none_and_mismatch_fail() -> None:
    claims = {"access_key": UPBIT_ACCESS, "nonce": ZERO_NONCE}
    unsigned = jwt.encode(claims, "", algorithm="none")
    assert not auth.verify_jwt(auth.parse_bearer(f"Bearer {unsigned}"), UPBIT_SECRET)
    hs256 = jwt.encode(claims, UPBIT_SECRET, algorithm="HS256")
    _, body, sig = hs256.split(".")
    hs512_head = jwt.encode(claims, UPBIT_SECRET, algorithm="HS512").split(".")[0]
    lying = auth.parse_bearer(f"Bearer {hs512_head}.{body}.{sig}")
    assert not auth.verify_jwt(lying, UPBIT_SECRET)


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer a.b", "Bearer !!.??.**"])
def test_bearer_shape_errors(header: str | None) -> None:
    with pytest.raises(auth.UpbitAuthError) as info:
        auth.parse_bearer(header)
    assert info.value.name in {"no_authorization_token", "jwt_verification"}


def test_query_hash_over_unencoded_query_and_json_body() -> None:
    raw = b"states%5B%5D=wait&states%5B%5D=watch"
    inputs = auth.query_hash_inputs(raw, b"")
    good = {"query_hash": hashlib.sha512(b"states[]=wait&states[]=watch").hexdigest()}
    assert auth.check_query_hash(good, inputs)
    assert not auth.check_query_hash({"query_hash": "00"}, inputs)
    assert not auth.check_query_hash({**good, "query_hash_alg": "SHA256"}, inputs)
    assert not auth.check_query_hash({}, inputs)
    body = b'{"market":"KRW-BTC","side":"bid","volume":"0.01","price":"100","ord_type":"limit"}'
    body_hash = hashlib.sha512(
        b"market=KRW-BTC&side=bid&volume=0.01&price=100&ord_type=limit"
    ).hexdigest()
    assert auth.check_query_hash({"query_hash": body_hash}, auth.query_hash_inputs(b"", body))
    assert auth.check_query_hash({}, auth.query_hash_inputs(b"", b""))


def test_query_hash_over_the_url_encoded_query_is_rejected() -> None:
    """UPAUTH: the hash is over the NON-URL-encoded query; the encoded form is not accepted."""
    raw = b"states%5B%5D=wait&pairs=KRW-BTC%2CKRW-ETH"
    inputs = auth.query_hash_inputs(raw, b"")
    unencoded = hashlib.sha512(b"states[]=wait&pairs=KRW-BTC,KRW-ETH").hexdigest()
    assert auth.check_query_hash({"query_hash": unencoded}, inputs)
    assert not auth.check_query_hash({"query_hash": hashlib.sha512(raw).hexdigest()}, inputs)
    plain = b"market=KRW-BTC"  # nothing to encode: both forms are the same string
    assert auth.check_query_hash(
        {"query_hash": hashlib.sha512(plain).hexdigest()}, auth.query_hash_inputs(plain, b"")
    )
