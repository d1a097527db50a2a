"""pytest plugin: transport faults made on real sockets on 127.0.0.1.

Each fault is a tiny TCP server (a listening socket, an accept thread, one thread
per connection) that misbehaves in one way on the wire, or an address that cannot
be reached at all:

  ``refused``     nothing listens on the port (connect gets RST)
  ``dns``         an ``.invalid`` host name (RFC 6761: never resolves)
  ``silent``      accepts, reads the request, never answers
  ``reset``       starts a response, then resets the connection (SO_LINGER 0)
  ``closed``      reads the request and closes without answering
  ``tls``         TLS with a self-signed certificate (made at test time)
  ``huge``        answers 200 with a 10 MB body that is not JSON
  ``trickle``     answers 200 and then sends the body one byte per second
  ``endless``     answers 200 with a chunked body that never ends (64 KiB chunks)
  ``gzip_bomb``   answers 200, ``Content-Encoding: gzip``, a body that inflates 1000:1
                  without end (1 KiB on the wire per MiB inflated: 8 GB in 8 MB)

``fault_server(kind)`` is a context manager giving a :class:`FaultTarget` with the
``url`` to point a base-URL variable at. On exit every connection and the listening
socket are closed and every thread is joined; a thread left alive fails the test.
The ``fault`` fixture (indirect parametrisation, or ``fault`` param) wraps it.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import selectors
import socket
import ssl
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HOST = "127.0.0.1"
DNS_FAILURE_HOST = "golive-fault.invalid"
HUGE_BODY_BYTES = 10 * 1024 * 1024
TRICKLE_BYTES = 100
TRICKLE_INTERVAL_S = 1.0
JOIN_TIMEOUT_S = 5.0

Behaviour = Callable[[socket.socket, threading.Event], None]


def read_request(conn: socket.socket, stop: threading.Event) -> bytes:
    """Read until the end of the request head (GET requests carry no body)."""
    conn.settimeout(0.1)
    data = b""
    while b"\r\n\r\n" not in data and not stop.is_set():
        try:
            chunk = conn.recv(65536)
        except TimeoutError:
            continue
        if not chunk:
            break
        data += chunk
    conn.settimeout(None)
    return data


def _silent(conn: socket.socket, stop: threading.Event) -> None:
    read_request(conn, stop)
    stop.wait()


def _closed(conn: socket.socket, stop: threading.Event) -> None:
    read_request(conn, stop)


def _reset(conn: socket.socket, stop: threading.Event) -> None:
    read_request(conn, stop)
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n"
    conn.sendall(head + b'{"serverTime": 17')
    # linger on, timeout 0: close() sends RST instead of FIN
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _huge(conn: socket.socket, stop: threading.Event) -> None:
    read_request(conn, stop)
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
        f"Content-Length: {HUGE_BODY_BYTES}\r\nConnection: close\r\n\r\n"
    ).encode()
    conn.sendall(head)
    chunk = b"x" * 65536
    for _ in range(HUGE_BODY_BYTES // len(chunk)):
        if stop.is_set():
            return
        conn.sendall(chunk)


def _trickle(conn: socket.socket, stop: threading.Event) -> None:
    read_request(conn, stop)
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        f"Content-Length: {TRICKLE_BYTES}\r\nConnection: close\r\n\r\n"
    ).encode()
    conn.sendall(head)
    for _ in range(TRICKLE_BYTES):
        conn.sendall(b" ")
        if stop.wait(TRICKLE_INTERVAL_S):
            return


def _endless(conn: socket.socket, stop: threading.Event) -> None:
    read_request(conn, stop)
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    conn.sendall(head)
    chunk = b"10000\r\n" + b" " * 0x10000 + b"\r\n"
    while not stop.is_set():
        conn.sendall(chunk)


def gzip_bomb_blocks() -> tuple[bytes, bytes]:
    """The gzip header and first MiB, and a block that inflates to one more MiB of zeros.

    After a full flush a deflate block refers to nothing before it, so the same block
    can be repeated for ever; the gzip trailer (CRC, length) never comes.
    """
    zeros = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    return first, deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)


def _gzip_bomb(conn: socket.socket, stop: threading.Event) -> None:
    read_request(conn, stop)
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        b"Connection: close\r\n\r\n"
    )
    first, block = gzip_bomb_blocks()
    conn.sendall(head + first)
    while not stop.is_set():
        conn.sendall(block * 64)


def _tls_handshake(context: ssl.SSLContext) -> Behaviour:
    def behaviour(conn: socket.socket, stop: threading.Event) -> None:
        conn.settimeout(5)
        with context.wrap_socket(conn, server_side=True) as wrapped:  # the client refuses
            read_request(wrapped, stop)

    return behaviour


@dataclass
class FaultTarget:
    """Where a fault lives: ``url`` for a base-URL variable, and what the server saw."""

    kind: str
    url: str
    connections: list[str] = field(default_factory=list)


class FaultServer:
    """A listening socket on 127.0.0.1 that hands each connection to ``behaviour``."""

    def __init__(self, kind: str, behaviour: Behaviour, *, scheme: str = "http") -> None:
        self._behaviour = behaviour
        self._stop = threading.Event()
        self._listener = socket.create_server((HOST, 0))
        self._listener.setblocking(False)
        self._lock = threading.Lock()
        self._conns: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        port = self._listener.getsockname()[1]
        self.target = FaultTarget(kind, f"{scheme}://{HOST}:{port}")
        self._acceptor = threading.Thread(target=self._accept_loop, name=f"fault-{kind}")

    def start(self) -> FaultServer:
        self._acceptor.start()
        return self

    def _accept_loop(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            while not self._stop.is_set():
                if not selector.select(timeout=0.05):
                    continue
                with contextlib.suppress(BlockingIOError, OSError):
                    conn, peer = self._listener.accept()
                    self._serve(conn, peer)

    def _serve(self, conn: socket.socket, peer: tuple[str, int]) -> None:
        conn.setblocking(True)
        thread = threading.Thread(target=self._handle, args=(conn,), daemon=True)
        with self._lock:
            self._conns.append(conn)
            self._threads.append(thread)
            self.target.connections.append(f"{peer[0]}:{peer[1]}")
        thread.start()

    def _handle(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError, ValueError), conn:
            self._behaviour(conn, self._stop)

    def stop(self) -> None:
        self._stop.set()
        self._acceptor.join(JOIN_TIMEOUT_S)
        self._listener.close()
        with self._lock:
            conns, threads = list(self._conns), list(self._threads)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(JOIN_TIMEOUT_S)
        alive = [t.name for t in (self._acceptor, *threads) if t.is_alive()]
        assert not alive, f"fault server threads still running: {alive}"


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.create_server((HOST, 0)) as probe:
        return int(probe.getsockname()[1])


def self_signed_context(folder: Path) -> ssl.SSLContext:
    """A server context with a fresh self-signed certificate for 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "golive fault server")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context


BEHAVIOURS: dict[str, Behaviour] = {
    "silent": _silent,
    "reset": _reset,
    "closed": _closed,
    "huge": _huge,
    "trickle": _trickle,
    "endless": _endless,
    "gzip_bomb": _gzip_bomb,
}
KINDS = (
    *("refused", "dns", "silent", "reset", "closed", "tls", "huge", "trickle"),
    *("endless", "gzip_bomb"),
)


@contextlib.contextmanager
def fault_server(kind: str, workdir: Path) -> Iterator[FaultTarget]:
    """The fault ``kind`` (see the module docstring) for as long as the block runs."""
    if kind == "refused":
        yield FaultTarget(kind, f"http://{HOST}:{free_port()}")
        return
    if kind == "dns":
        yield FaultTarget(kind, f"http://{DNS_FAILURE_HOST}:80")
        return
    if kind == "tls":
        server = FaultServer(kind, _tls_handshake(self_signed_context(workdir)), scheme="https")
    else:
        server = FaultServer(kind, BEHAVIOURS[kind])
    server.start()
    try:
        yield server.target
    finally:
        server.stop()


@pytest.fixture
def fault(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FaultTarget]:
    """``@pytest.mark.parametrize("fault", KINDS, indirect=True)``: one running fault."""
    with fault_server(request.param, tmp_path_factory.mktemp("fault")) as target:
        yield target
