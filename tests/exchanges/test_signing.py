"""Binance HMAC and Upbit JWT signing against the documented reference values."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
import warnings

import httpx
import jwt
import pytest
from jwt.warnings import InsecureKeyLengthWarning

from golive.exchanges.binance import BinanceAuth, signature
from golive.exchanges.upbit import UpbitAuth, query_hash

DOC_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
DOC_STAMP = 1499827319559
ORDER = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"

UPBIT_ACCESS = "test-access-key-0123456789abcdef0123456789ab"
UPBIT_SECRET = "test-secret-key-0123456789abcdef0123456789abcdef"
FIXED_NONCE = "00000000-0000-4000-8000-000000000000"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            f"{ORDER}&recvWindow=5000&timestamp={DOC_STAMP}",
            "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
        ),
        (
            "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT"
            f"&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp={DOC_STAMP}",
            "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3",
        ),
        (
            "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"
            f"quantity=1&price=0.1&recvWindow=5000&timestamp={DOC_STAMP}",
            "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77",
        ),
    ],
    ids=["docs-ascii", "docs-non-ascii", "docs-legacy-query+body"],
)
def test_binance_signature_matches_the_docs(payload: str, expected: str) -> None:
    assert signature(DOC_SECRET, payload.encode()) == expected


def _signed(request: httpx.Request, auth: httpx.Auth) -> httpx.Request:
    flow = auth.sync_auth_flow(request)
    return next(flow)


def _binance_auth() -> BinanceAuth:
    return BinanceAuth(DOC_KEY, DOC_SECRET, recv_window_ms=5000, now_ms=lambda: DOC_STAMP)


def test_binance_auth_signs_the_query_as_sent() -> None:
    request = httpx.Request("GET", "https://api.binance.com/api/v3/account")
    signed = _signed(request, _binance_auth())
    assert signed.url.query.decode() == (
        f"timestamp={DOC_STAMP}&recvWindow=5000"
        "&signature=6cd35332399b004466463b9ad65a112a14f31fb9ddfd5e19bd7298fbd491dbc7"
    )
    assert signed.headers["X-MBX-APIKEY"] == DOC_KEY


def test_binance_auth_keeps_existing_parameters_first() -> None:
    request = httpx.Request(
        "GET", "https://api.binance.com/api/v3/account", params={"omitZeroBalances": "true"}
    )
    query = _signed(request, _binance_auth()).url.query.decode()
    unsigned, _, sig = query.rpartition("&signature=")
    assert unsigned == f"omitZeroBalances=true&timestamp={DOC_STAMP}&recvWindow=5000"
    assert sig == signature(DOC_SECRET, unsigned.encode())


def test_binance_auth_reproduces_the_docs_order_with_a_body() -> None:
    query = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
    request = httpx.Request("POST", f"https://api.binance.com/api/v3/order?{query}")
    signed = _signed(request, _binance_auth())
    sent = signed.url.query.decode()
    assert sent.startswith(f"{query}&timestamp={DOC_STAMP}&recvWindow=5000&signature=")
    body = b"extra=1"
    with_body = httpx.Request("POST", "https://api.binance.com/api/v3/order", content=body)
    query_sent = _signed(with_body, _binance_auth()).url.query.decode()
    unsigned, _, sig = query_sent.rpartition("&signature=")
    assert sig == signature(DOC_SECRET, unsigned.encode() + body)


def test_binance_auth_repr_hides_credentials() -> None:
    assert DOC_SECRET not in repr(_binance_auth())
    assert DOC_KEY not in repr(_binance_auth())


def _claims(token: str) -> dict[str, object]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)  # the test secret is short
        decoded: dict[str, object] = jwt.decode(token, UPBIT_SECRET, algorithms=["HS512"])
    return decoded


def _upbit_token(url: str, *, nonce: str = FIXED_NONCE, **kwargs: object) -> str:
    auth = UpbitAuth(UPBIT_ACCESS, UPBIT_SECRET, nonce=lambda: nonce)
    request = httpx.Request("GET", url, **kwargs)  # type: ignore[arg-type]
    header = _signed(request, auth).headers["Authorization"]
    assert header.startswith("Bearer ")
    return header.removeprefix("Bearer ")


def test_upbit_query_hash_matches_the_reference() -> None:
    expected = (
        "b749dfc2e17f75e5b46c8161f97fe7c9298ed4167ea21c5c94d16573efd8a801"
        "351470c0ff1a9a3f1e763f8249968218c04c571c8b45aa80cd4588e6c4be0738"
    )
    assert query_hash("market=KRW-BTC") == expected
    assert query_hash("market=KRW-BTC") == hashlib.sha512(b"market=KRW-BTC").hexdigest()


def test_upbit_jwt_matches_the_reference_hs512_signature() -> None:
    token = _upbit_token("https://api.upbit.com/v1/orders/chance?market=KRW-BTC")
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "HS512", "typ": "JWT"}
    assert token.split(".")[2] == (
        "CKIrgsZ8ROX34wv_7PPWKIZPJoWbzPJyeu0gbrbk3NCsOnl6je3ykcGWLWyh7ufV9NpkFwYIVjXlpqVJ5Krnfw"
    )
    assert _claims(token) == {
        "access_key": UPBIT_ACCESS,
        "nonce": FIXED_NONCE,
        "query_hash": query_hash("market=KRW-BTC"),
        "query_hash_alg": "SHA512",
    }


def test_upbit_jwt_without_query_has_no_query_hash() -> None:
    token = _upbit_token("https://api.upbit.com/v1/accounts")
    assert _claims(token) == {"access_key": UPBIT_ACCESS, "nonce": FIXED_NONCE}


def test_upbit_query_hash_is_over_the_unencoded_query() -> None:
    url = "https://api.upbit.com/v1/orders?states[]=wait&states[]=watch&pairs=KRW-BTC,KRW-ETH"
    token = _upbit_token(url)
    unencoded = "states[]=wait&states[]=watch&pairs=KRW-BTC,KRW-ETH"
    assert _claims(token)["query_hash"] == query_hash(unencoded)


def test_upbit_json_body_is_hashed_as_key_value_pairs() -> None:
    token = _upbit_token(
        "https://api.upbit.com/v1/orders", json={"market": "KRW-BTC", "side": "bid"}
    )
    assert _claims(token)["query_hash"] == query_hash("market=KRW-BTC&side=bid")


def test_upbit_nonce_is_a_fresh_uuid4_per_request() -> None:
    auth = UpbitAuth(UPBIT_ACCESS, UPBIT_SECRET)
    nonces = set()
    for _ in range(3):
        request = httpx.Request("GET", "https://api.upbit.com/v1/accounts")
        token = _signed(request, auth).headers["Authorization"].removeprefix("Bearer ")
        nonce = str(_claims(token)["nonce"])
        assert uuid.UUID(nonce).version == 4
        nonces.add(nonce)
    assert len(nonces) == 3


def test_upbit_signing_emits_no_key_length_warning(recwarn: pytest.WarningsRecorder) -> None:
    _upbit_token("https://api.upbit.com/v1/accounts")
    assert len(recwarn) == 0
