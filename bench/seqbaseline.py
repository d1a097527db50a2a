"""The preflight as the original spec (D106, ``scripts/d106_0_live_preflight.py``) runs it.

    python bench/seqbaseline.py ENV_FILE EVIDENCE_DIR

Seven checks one after another, one HTTP client per venue, nothing overlapped:
``.env.live`` load, required keys (placeholder detection), ``READ_ONLY_ENFORCED``,
Upbit ``get_balances()`` (``GET /v1/accounts``), Binance balance and
``apiRestrictions``, PostgreSQL ``SELECT version()``, Redis ``ping()``; then the
result JSON and detail text. Written for the benchmark only, from the spec's own
description and the venues' documented signing (no golive code), so the
benchmark compares golive with the script it replaces. Exit 0 when every check
passed, 1 otherwise.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt
import psycopg
import redis
from dotenv import dotenv_values

REQUIRED = (
    "UPBIT_ACCESS_KEY",
    "UPBIT_SECRET_KEY",
    "BINANCE_API_KEY",
    "BINANCE_API_SECRET",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_CHAT_ID",
    "POSTGRES_DSN",
    "REDIS_URL",
)


def binance_get(client: httpx.Client, env: dict[str, str], path: str) -> Any:
    """A signed GET: ``timestamp`` and an HMAC-SHA256 ``signature`` of the query."""
    query = urlencode({"timestamp": int(time.time() * 1000), "recvWindow": 5000})
    secret = env["BINANCE_API_SECRET"].encode()
    signature = hmac.new(secret, query.encode(), hashlib.sha256).hexdigest()
    answer = client.get(f"{path}?{query}&signature={signature}")
    answer.raise_for_status()
    return answer.json()


def upbit_get(client: httpx.Client, env: dict[str, str], path: str) -> Any:
    """A GET with Upbit's JWT (HS512, ``access_key`` and a fresh ``nonce``)."""
    payload = {"access_key": env["UPBIT_ACCESS_KEY"], "nonce": str(uuid.uuid4())}
    token = jwt.encode(payload, env["UPBIT_SECRET_KEY"], algorithm="HS512")
    answer = client.get(path, headers={"Authorization": f"Bearer {token}"})
    answer.raise_for_status()
    return answer.json()


BOOLEANS = frozenset({"true", "false"})


def main(env_file: str, evidence: str) -> int:
    env = {k: v or "" for k, v in dotenv_values(env_file).items()}
    results: list[tuple[str, bool]] = [("ENV_FILE_LOAD", env.get("ARBITRAGE_ENV") == "live")]
    placeholder = [k for k in REQUIRED if not env.get(k) or "${" in env[k] or "your_" in env[k]]
    results.append(("REQUIRED_KEYS", not placeholder))
    # The script is read-only in its own process (GETs only); the env file's READ_ONLY_ENFORCED
    # is the bot's own switch, false in a live file (issue 10), so the check reads it is set.
    results.append(("READONLY_MODE", env.get("READ_ONLY_ENFORCED", "").lower() in BOOLEANS))
    upbit = httpx.Client(base_url=env.get("UPBIT_BASE_URL", "https://api.upbit.com"))
    spot = httpx.Client(base_url=env.get("BINANCE_BASE_URL", "https://api.binance.com"))
    futures = httpx.Client(
        base_url=env.get("BINANCE_FUTURES_BASE_URL", "https://fapi.binance.com"),
        headers={"X-MBX-APIKEY": env["BINANCE_API_KEY"]},
    )
    spot.headers["X-MBX-APIKEY"] = env["BINANCE_API_KEY"]
    with upbit, spot, futures:
        results.append(
            ("UPBIT_CONNECTION", isinstance(upbit_get(upbit, env, "/v1/accounts"), list))
        )
        balance = binance_get(futures, env, "/fapi/v2/balance")
        flags = binance_get(spot, env, "/sapi/v1/account/apiRestrictions")
        safe = not flags.get("enableWithdrawals") and flags.get("enableFutures")
        results.append(("BINANCE_CONNECTION", isinstance(balance, list) and bool(safe)))
    with psycopg.connect(env["POSTGRES_DSN"], connect_timeout=10) as conn:
        version = conn.execute("SELECT version()").fetchone()
    results.append(("POSTGRES_CONNECTION", version is not None))
    client = redis.Redis.from_url(env["REDIS_URL"], socket_timeout=10)
    results.append(("REDIS_CONNECTION", bool(client.ping())))
    client.close()
    out = Path(evidence)
    out.mkdir(parents=True, exist_ok=True)
    checks = [{"name": name, "status": "PASS" if ok else "FAIL"} for name, ok in results]
    (out / "d106_0_preflight_result.json").write_text(json.dumps({"checks": checks}, indent=2))
    (out / "d106_0_preflight_detail.txt").write_text(
        "".join(f"{c['name']}: {c['status']}\n" for c in checks)
    )
    return 0 if all(ok for _, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
