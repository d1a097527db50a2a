"""The ``redis`` check against real Redis servers (the local one and ones started here)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from golive.checks.redis import CHECK, RedisFacts, target_of, warnings_for
from golive.model import ErrorType, Outcome, Status
from tests.checks.support import context, everything, free_port, silent_server
from tests.support.redis_server import RedisServer

if TYPE_CHECKING:
    from pathlib import Path

LOCAL_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "R3dis-Pa55w%rd-Secret"


StartRedis = Callable[..., RedisServer]


@pytest.fixture
def start_redis(tmp_path: Path) -> Iterator[StartRedis]:
    started: list[RedisServer] = []

    def start(*args: str, password: str | None = None) -> RedisServer:
        server = RedisServer(tmp_path, *args, password=password)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


async def run_with(tmp_path: Path, url: str) -> Outcome:
    return await CHECK.run(context(tmp_path, REDIS_URL=url))


async def test_local_redis_without_persistence_warns_about_it(tmp_path: Path) -> None:
    outcome = await run_with(tmp_path, LOCAL_URL)

    assert outcome.status is Status.WARN, outcome
    assert outcome.reason == "redis.no_persistence"
    assert [w["reason"] for w in outcome.details["warnings"]] == ["redis.no_persistence"]
    details = outcome.details
    assert details["host"] == "127.0.0.1"
    assert details["port"] == 6379
    assert details["database"] == 0
    assert details["tls"] is False
    assert details["server_version"][0].isdigit()
    assert details["rtt_ms"] >= 0
    assert details["aof_enabled"] is False
    assert details["rdb_save"] == ""
    assert details["persistence"] is False
    assert details["maxmemory_policy"] == "noeviction"
    assert str(details["server_version"]) in outcome.message


async def test_aof_redis_passes(tmp_path: Path, start_redis: StartRedis) -> None:
    server = start_redis("--appendonly", "yes")

    outcome = await run_with(tmp_path, server.url())

    assert outcome.status is Status.PASS, outcome
    assert outcome.details["aof_enabled"] is True
    assert outcome.details["persistence"] is True
    assert outcome.details["warnings"] == []


async def test_rdb_snapshots_count_as_persistence(tmp_path: Path, start_redis: StartRedis) -> None:
    server = start_redis("--save", "3600 1")

    outcome = await run_with(tmp_path, server.url())

    assert outcome.status is Status.PASS, outcome
    assert outcome.details["rdb_save"] == "3600 1"


async def test_allkeys_policy_warns(tmp_path: Path, start_redis: StartRedis) -> None:
    server = start_redis()
    with server.client() as client:
        client.config_set("maxmemory-policy", "allkeys-lru")

    outcome = await run_with(tmp_path, server.url())

    assert outcome.status is Status.WARN
    assert outcome.reason == "redis.eviction_policy"
    reasons = [w["reason"] for w in outcome.details["warnings"]]
    assert reasons == ["redis.eviction_policy", "redis.no_persistence"]
    assert outcome.details["maxmemory_policy"] == "allkeys-lru"
    assert "2 warning(s)" in outcome.message


async def test_disabled_config_command_is_tolerated(
    tmp_path: Path, start_redis: StartRedis
) -> None:
    server = start_redis("--rename-command", "CONFIG", "")

    outcome = await run_with(tmp_path, server.url())

    assert outcome.status is Status.PASS, outcome
    assert outcome.details["rdb_save"] is None
    assert outcome.details["persistence"] is None


async def test_wrong_password_is_invalid_key_and_never_shown(
    tmp_path: Path, start_redis: StartRedis
) -> None:
    server = start_redis(password="the-right-one")

    outcome = await run_with(tmp_path, server.url(PASSWORD))

    assert outcome.status is Status.FAIL
    assert outcome.error_type is ErrorType.INVALID_KEY
    assert outcome.details["port"] == server.port
    assert PASSWORD not in everything(outcome)


async def test_missing_password_is_invalid_key(tmp_path: Path, start_redis: StartRedis) -> None:
    server = start_redis(password=PASSWORD)

    outcome = await run_with(tmp_path, server.url())

    assert outcome.status is Status.FAIL
    assert outcome.error_type is ErrorType.INVALID_KEY


async def test_right_password_passes_and_is_never_shown(
    tmp_path: Path, start_redis: StartRedis
) -> None:
    server = start_redis("--appendonly", "yes", password=PASSWORD)
    url = server.url(PASSWORD.replace("%", "%25"))

    outcome = await run_with(tmp_path, url)

    assert outcome.status is Status.PASS, outcome
    text = everything(outcome)
    assert PASSWORD not in text
    assert PASSWORD.replace("%", "%25") not in text


async def test_client_is_closed_after_the_check(tmp_path: Path, start_redis: StartRedis) -> None:
    server = start_redis()

    await run_with(tmp_path, server.url())

    with server.client() as client:
        deadline = time.monotonic() + 2
        while len(client.client_list()) > 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(client.client_list()) == 1  # only this inspecting client


async def test_closed_port_is_network_error(tmp_path: Path) -> None:
    port = free_port()

    outcome = await run_with(tmp_path, f"redis://:{PASSWORD}@127.0.0.1:{port}/0")

    assert outcome.status is Status.FAIL
    assert outcome.error_type is ErrorType.NETWORK_ERROR
    assert outcome.details["port"] == port
    assert PASSWORD not in everything(outcome)


async def test_silent_server_times_out_as_network_error(tmp_path: Path) -> None:
    with silent_server() as port:
        url = f"redis://127.0.0.1:{port}/0"
        started = time.monotonic()

        outcome = await CHECK.run(context(tmp_path, timeout=0.5, REDIS_URL=url))

    assert outcome.status is Status.FAIL
    assert outcome.error_type is ErrorType.NETWORK_ERROR
    assert time.monotonic() - started < 2  # one attempt, no retries


async def test_missing_url_is_skipped(tmp_path: Path) -> None:
    outcome = await CHECK.run(context(tmp_path))

    assert outcome.status is Status.SKIP


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (RedisFacts(host="127.0.0.1", rdb_save="3600 1"), []),
        (RedisFacts(host="127.0.0.1", rdb_save="", aof_enabled=True), []),
        (RedisFacts(host="127.0.0.1", rdb_save=""), ["redis.no_persistence"]),
        (RedisFacts(host="127.0.0.1", rdb_save=None), []),  # CONFIG not permitted: unknown
        (RedisFacts(host="localhost", rdb_save="1 1", maxmemory_policy="volatile-lru"), []),
        (
            RedisFacts(host="127.0.0.1", rdb_save="1 1", maxmemory_policy="allkeys-lru"),
            ["redis.eviction_policy"],
        ),
        (
            RedisFacts(host="127.0.0.1", rdb_save="1 1", maxmemory_policy="allkeys-random"),
            ["redis.eviction_policy"],
        ),
        (RedisFacts(host="cache.example.com", rdb_save="1 1"), ["redis.no_tls"]),
        (RedisFacts(host="10.1.2.3", rdb_save="1 1", scheme="redis"), ["redis.no_tls"]),
        (RedisFacts(host="cache.example.com", rdb_save="1 1", scheme="rediss"), []),
        (RedisFacts(host="/run/redis.sock", rdb_save="1 1", scheme="unix"), []),
        (
            RedisFacts(host="cache.example.com", rdb_save="", maxmemory_policy="allkeys-lfu"),
            ["redis.eviction_policy", "redis.no_persistence", "redis.no_tls"],
        ),
    ],
)
def test_policy(facts: RedisFacts, expected: list[str]) -> None:
    assert warnings_for(facts) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "redis://:pw@127.0.0.1:6380/2",
            {"scheme": "redis", "host": "127.0.0.1", "port": 6380, "database": 2, "tls": False},
        ),
        (
            "rediss://user:pw@cache.example.com",
            {
                "scheme": "rediss",
                "host": "cache.example.com",
                "port": 6379,
                "database": 0,
                "tls": True,
            },
        ),
        (
            "redis://localhost/1?db=3",
            {"scheme": "redis", "host": "localhost", "port": 6379, "database": 3, "tls": False},
        ),
        (
            "unix:///run/redis.sock?db=1&password=pw",
            {
                "scheme": "unix",
                "host": "/run/redis.sock",
                "port": None,
                "database": 1,
                "tls": False,
            },
        ),
    ],
)
def test_target_has_no_password(url: str, expected: dict[str, object]) -> None:
    assert target_of(url) == expected
