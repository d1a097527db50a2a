"""pytest plugin: a real ``redis-server`` on a free loopback port, for tests that need their own.

Fixtures:
  ``persistent_redis``  one with AOF on: the suite's local Redis keeps no data, which the
                        ``redis`` check WARNs about, so a run that must be READY under
                        ``--strict`` points at this one
"""

from __future__ import annotations

import subprocess
import time
from typing import TYPE_CHECKING

import pytest
import redis

from tests.support.faults import free_port

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

START_TIMEOUT_S = 10.0


class RedisServer:
    """A real ``redis-server`` on a free loopback port, without persistence unless asked."""

    def __init__(self, tmp_path: Path, *args: str, password: str | None = None) -> None:
        self.port = free_port()
        self.password = password
        auth = ["--requirepass", password] if password else []
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(tmp_path), *auth, *args]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._wait_ready()

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, password=self.password, decode_responses=True)

    def url(self, password: str | None = None) -> str:
        userinfo = f":{password}@" if password else ""
        return f"redis://{userinfo}127.0.0.1:{self.port}/0"

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with self.client() as client:
                    client.ping()
                    return
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def persistent_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path, "--appendonly", "yes")
    yield server
    server.stop()
