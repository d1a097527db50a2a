"""Real loopback servers and services for the classifier tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

Handler = Callable[[socket.socket], None]

POSTGRES = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)


def _reachable(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=0.5):
            return True
    except OSError:
        return False


def _serve(handler: Handler, stop: threading.Event) -> tuple[socket.socket, threading.Thread]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.05)

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                handler(conn)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], int]]:
    """Start a loopback TCP server running ``handler`` per connection; returns its port."""
    stop = threading.Event()
    started: list[tuple[socket.socket, threading.Thread]] = []

    def start(handler: Handler) -> int:
        started.append(_serve(handler, stop))
        return int(started[-1][0].getsockname()[1])

    yield start
    stop.set()
    for server, thread in started:
        thread.join(timeout=2)
        server.close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections (backlog) but never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield int(server.getsockname()[1])


@pytest.fixture
def postgres() -> str:
    if not _reachable(POSTGRES):
        pytest.fail("PostgreSQL is not running on 127.0.0.1:5432 (start it; tests never skip)")
    return "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


@pytest.fixture
def redis_port() -> int:
    if not _reachable(REDIS):
        pytest.fail("Redis is not running on 127.0.0.1:6379 (start it; tests never skip)")
    return REDIS[1]
