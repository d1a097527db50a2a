"""pytest plugin: the exchange simulator for tests, and request signing written from the docs.

Fixtures:
  ``simulator``  one running simulator for the whole session (ephemeral port, own thread)
  ``sim``        the same simulator, reset before and after the test (scenarios, log, injections)

The signing helpers follow the exchanges' documentation, not golive's clients, so
tests that use them check the simulator (and golive) against the documented protocol.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
import warnings
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import jwt
import pytest
from jwt.warnings import InsecureKeyLengthWarning

from golive.sim.server import RunningSimulator, SimConfig, start_simulator

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


@pytest.fixture(scope="session")
def simulator() -> Iterator[RunningSimulator]:
    with start_simulator(SimConfig()) as running:
        yield running


@pytest.fixture
def sim(simulator: RunningSimulator) -> Iterator[RunningSimulator]:
    simulator.state.reset()
    yield simulator
    simulator.state.reset()


def now_ms() -> int:
    return int(time.time() * 1000)


def binance_signature(secret: str, payload: str) -> str:
    """HMAC-SHA256 hex of ``query string + body`` (Binance "SIGNED Endpoint security")."""
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def binance_signed_query(
    secret: str, params: Mapping[str, str | int] | str = "", *, timestamp: int | None = None
) -> str:
    """``<params>&timestamp=...&signature=...``: the query string a Binance client sends."""
    query = params if isinstance(params, str) else urlencode(params)
    stamp = f"timestamp={now_ms() if timestamp is None else timestamp}"
    query = f"{query}&{stamp}" if query else stamp
    return f"{query}&signature={binance_signature(secret, query)}"


def binance_headers(sim: RunningSimulator) -> dict[str, str]:
    return {"X-MBX-APIKEY": sim.state.credentials.binance_api_key}


def binance_url(
    sim: RunningSimulator, path: str, params: Mapping[str, str | int] | str = ""
) -> str:
    """A signed URL for ``path`` with the simulator's credentials."""
    return sim.url(
        f"{path}?{binance_signed_query(sim.state.credentials.binance_api_secret, params)}"
    )


def upbit_token(
    access_key: str,
    secret: str,
    *,
    query: str = "",
    alg: str = "HS512",
    nonce: str | None = None,
    claims: Mapping[str, object] | None = None,
) -> str:
    """The Upbit JWT (docs "Authentication"): ``query_hash`` = SHA-512 of the unencoded query."""
    payload: dict[str, object] = {"access_key": access_key, "nonce": nonce or str(uuid.uuid4())}
    if query:
        payload["query_hash"] = hashlib.sha512(query.encode()).hexdigest()
        payload["query_hash_alg"] = "SHA512"
    payload.update(claims or {})
    with warnings.catch_warnings():
        # Upbit secrets are 40 characters; PyJWT warns that HS512 would like 64 bytes.
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        return jwt.encode(payload, secret, algorithm=alg)


def upbit_headers(
    sim: RunningSimulator, query: str = "", *, alg: str = "HS512", nonce: str | None = None
) -> dict[str, str]:
    creds = sim.state.credentials
    token = upbit_token(
        creds.upbit_access_key, creds.upbit_secret_key, query=query, alg=alg, nonce=nonce
    )
    return {"Authorization": f"Bearer {token}"}


def telegram_url(sim: RunningSimulator, method: str) -> str:
    return sim.url(f"/bot{sim.state.credentials.telegram_bot_token}/{method}")
