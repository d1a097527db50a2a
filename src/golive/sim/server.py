"""Run the simulator: uvicorn in a background thread, one loopback port, a stop handle.

    with start_simulator(SimConfig(scenarios=("binance.clock_skew",))) as sim:
        httpx.get(sim.base_url + "/api/v3/time")
        sim.state.requests()

Stopping is quick and complete: hanging and delayed answers are released, the
listening socket and every connection are closed and the thread is joined.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import TYPE_CHECKING

import uvicorn

from golive.hosts import is_loopback_host
from golive.sim.accounts import SimCredentials
from golive.sim.app import build_app
from golive.sim.binance_keys import SimKeyError, public_key_type
from golive.sim.envwrite import env_values
from golive.sim.state import RequestRecord, SimConfig, SimState

if TYPE_CHECKING:
    from types import TracebackType

__all__ = [
    "NonLoopbackHostError",
    "RequestRecord",
    "RunningSimulator",
    "SimConfig",
    "SimCredentials",
    "SimStartError",
    "SimState",
    "env_values",
    "is_loopback",
    "start_simulator",
]

DRAIN_S = 2.0
DRAIN_POLL_S = 0.005


class NonLoopbackHostError(ValueError):
    """A non-loopback bind address without ``allow_non_loopback``; the message is one line."""


class SimStartError(RuntimeError):
    """The server thread did not come up."""


is_loopback = is_loopback_host


class _ThreadServer(uvicorn.Server):
    """uvicorn without its 100 ms polling: it waits on an event and drains in milliseconds."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._exit: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self._exit = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        self.ready.set()
        if not self.should_exit:
            await self._exit.wait()

    def request_exit(self) -> None:
        """Callable from any thread."""
        self.should_exit = True
        loop, event = self._loop, self._exit
        if loop is not None and event is not None and not loop.is_closed():
            loop.call_soon_threadsafe(event.set)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + DRAIN_S
        state = self.server_state
        while (state.connections or state.tasks) and loop.time() < deadline:
            await asyncio.sleep(DRAIN_POLL_S)
        for task in list(state.tasks):
            task.cancel()
        for server in self.servers:
            await server.wait_closed()
        await self.lifespan.shutdown()


class RunningSimulator:
    """A started simulator. ``stop()`` (or leaving the ``with`` block) shuts it down."""

    def __init__(
        self, state: SimState, server: _ThreadServer, thread: threading.Thread, sock: socket.socket
    ) -> None:
        self.state = state
        self._server = server
        self._thread = thread
        self._sock = sock
        host, port = sock.getsockname()[:2]
        self.host: str = host
        self.port: int = port
        self.base_url = f"http://{_url_host(host)}:{port}"
        state.base_url = self.base_url

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = 10.0) -> None:
        self.state.stop()
        self._server.request_exit()
        self._thread.join(timeout)
        self._sock.close()
        if self._thread.is_alive():
            raise SimStartError(f"simulator at {self.base_url} did not stop within {timeout} s")

    def __enter__(self) -> RunningSimulator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _url_host(host: str) -> str:
    wildcard = {"0.0.0.0": "127.0.0.1", "::": "::1"}  # noqa: S104 - mapping, not binding
    host = wildcard.get(host, host)
    return f"[{host}]" if ":" in host else host


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if host == "localhost":
        host = "127.0.0.1"
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        # proto=IPPROTO_TCP makes asyncio set TCP_NODELAY on accepted connections; with
        # proto 0 the answer's body waits ~40 ms for the client's delayed ACK.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _uvicorn_config(state: SimState) -> uvicorn.Config:
    return uvicorn.Config(
        build_app(state),
        log_config=None,
        access_log=False,
        lifespan="off",
        loop="asyncio",
        http="h11",
        ws="none",
        date_header=False,
        server_header=False,
    )


def _check_binance_key(credentials: SimCredentials) -> None:
    """A given public key must be Ed25519 or RSA (SimKeyError, a ValueError, otherwise)."""
    pem = credentials.binance_public_key_pem
    if pem is not None and public_key_type(pem) is None:
        raise SimKeyError("binance_public_key_pem is neither an Ed25519 nor an RSA public key")


def _wait_ready(server: _ThreadServer, thread: threading.Thread, timeout: float) -> bool:
    """True once the server answers; False if its thread died or ``timeout`` passed."""
    deadline = time.monotonic() + timeout
    while not server.ready.wait(0.005):
        if not thread.is_alive() or time.monotonic() > deadline:
            return False
    return True


def start_simulator(config: SimConfig | None = None, *, timeout: float = 10.0) -> RunningSimulator:
    """Bind, start serving in a daemon thread and return once requests are answered.

    Raises ``UnknownScenarioError``, ``NonLoopbackHostError``, ``OSError`` (bind) or
    ``SimStartError``.
    """
    config = config or SimConfig()
    if not config.allow_non_loopback and not is_loopback(config.host):
        raise NonLoopbackHostError(
            f"refusing to bind {config.host}: not a loopback address (pass --host explicitly)"
        )
    state = SimState(config)
    _check_binance_key(state.credentials)
    sock = _bind(config.host, config.port)
    server = _ThreadServer(_uvicorn_config(state))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="golive-sim", daemon=True
    )
    thread.start()
    if not _wait_ready(server, thread, timeout):
        server.request_exit()
        thread.join(timeout)
        sock.close()
        raise SimStartError("the simulator did not start")
    return RunningSimulator(state, server, thread, sock)
