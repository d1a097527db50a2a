"""classify_exception over real exceptions: raised by real clients where cheap, else built.

Real ones come from httpx against loopback servers (closed port, silent port,
a server that hangs up, a plaintext server spoken to over TLS, a proxy that
answers 407), psycopg and redis-py against closed ports and the local services.
The rest are the libraries' own classes with the messages they really carry.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from typing import TYPE_CHECKING, Any

import httpcore
import httpx
import psycopg
import psycopg.errors
import pytest
import redis
import redis.exceptions
from redis.backoff import NoBackoff
from redis.retry import Retry

from golive.errors import classify_exception
from golive.model import ErrorType

if TYPE_CHECKING:
    from collections.abc import Callable

IK = ErrorType.INVALID_KEY
IP = ErrorType.IP_RESTRICTION
RATE = ErrorType.RATE_LIMIT
DENIED = ErrorType.PERMISSION_DENIED
NET = ErrorType.NETWORK_ERROR
UNKNOWN = ErrorType.UNKNOWN

PG_PREFIX = 'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
TLS_VERIFY = (
    "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
    "self-signed certificate in certificate chain (_ssl.c:1006)"
)


def raised(action: Callable[[], object]) -> BaseException:
    """Run ``action`` and return what it raised."""
    try:
        action()
    except Exception as exc:  # the point: keep whatever the real client raised
        return exc
    raise AssertionError("expected an exception")


def redis_client(port: int, **options: Any) -> redis.Redis:
    """A client that fails at once: no retries, no backoff."""
    return redis.Redis(port=port, retry=Retry(NoBackoff(), 0), **options)


def caused(exc: BaseException, cause: BaseException) -> BaseException:
    exc.__cause__ = cause
    return exc


# ------------------------------------------------------------------ built exceptions

BUILT: list[tuple[str, BaseException, ErrorType, str]] = [
    # transport: DNS, refused, TLS, timeouts, resets, proxy
    ("gaierror linux", socket.gaierror(-2, "Name or service not known"), NET, "net.dns"),
    (
        "gaierror macos",
        socket.gaierror(8, "nodename nor servname provided, or not known"),
        NET,
        "net.dns",
    ),
    (
        "httpx dns",
        caused(
            httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
            socket.gaierror(-3, "Temporary failure in name resolution"),
        ),
        NET,
        "net.dns",
    ),
    ("httpx dns windows", httpx.ConnectError("[Errno 11001] getaddrinfo failed"), NET, "net.dns"),
    (
        "httpx tls verify",
        caused(httpx.ConnectError(TLS_VERIFY), ssl.SSLCertVerificationError(1, TLS_VERIFY)),
        NET,
        "net.tls_verify",
    ),
    ("ssl verify", ssl.SSLCertVerificationError(1, TLS_VERIFY), NET, "net.tls_verify"),
    (
        "ssl other",
        ssl.SSLError(1, "[SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version"),
        NET,
        "net.tls",
    ),
    ("refused", ConnectionRefusedError(111, "Connection refused"), NET, "net.connection_refused"),
    ("reset", ConnectionResetError(104, "Connection reset by peer"), NET, "net.connection_reset"),
    ("broken pipe", BrokenPipeError(32, "Broken pipe"), NET, "net.connection_reset"),
    (
        "httpx read reset",
        httpx.ReadError("[Errno 104] Connection reset by peer"),
        NET,
        "net.connection_reset",
    ),
    ("unreachable", OSError(101, "Network is unreachable"), NET, "net.unreachable"),
    ("connect timeout", httpx.ConnectTimeout("timed out"), NET, "net.connect_timeout"),
    ("write timeout", httpx.WriteTimeout("timed out"), NET, "net.timeout"),
    ("pool timeout", httpx.PoolTimeout("timed out"), NET, "net.pool_timeout"),
    ("builtin timeout", TimeoutError("timed out"), NET, "net.timeout"),
    ("httpx proxy", httpx.ProxyError("407 Proxy Authentication Required"), NET, "net.proxy"),
    # PostgreSQL: messages libpq really sends
    (
        "pg password",
        psycopg.OperationalError(
            PG_PREFIX + 'FATAL:  password authentication failed for user "bot"'
        ),
        IK,
        "pg.auth_failed",
    ),
    (
        "pg_hba",
        psycopg.OperationalError(
            PG_PREFIX + 'FATAL:  no pg_hba.conf entry for host "203.0.113.7", user "bot", '
            'database "trading", no encryption'
        ),
        IP,
        "pg.hba_rejected",
    ),
    (
        "pg too many clients",
        psycopg.OperationalError(PG_PREFIX + "FATAL:  sorry, too many clients already"),
        RATE,
        "pg.too_many_connections",
    ),
    (
        "pg reserved slots",
        psycopg.OperationalError(
            PG_PREFIX + "FATAL:  remaining connection slots are reserved for roles with the "
            "SUPERUSER attribute"
        ),
        RATE,
        "pg.too_many_connections",
    ),
    (
        "pg timeout",
        psycopg.OperationalError("connection timeout expired"),
        NET,
        "pg.timeout",
    ),
    (
        "pg dns",
        psycopg.OperationalError(
            'connection is bad: could not translate host name "db.internal" to address: '
            "Name or service not known"
        ),
        NET,
        "pg.dns_failed",
    ),
    ("pg InvalidPassword", psycopg.errors.InvalidPassword("x"), IK, "pg.auth_failed"),
    (
        "pg InvalidAuthorizationSpecification",
        psycopg.errors.InvalidAuthorizationSpecification("x"),
        IK,
        "pg.auth_failed",
    ),
    (
        "pg TooManyConnections",
        psycopg.errors.TooManyConnections("x"),
        RATE,
        "pg.too_many_connections",
    ),
    (
        "pg InsufficientPrivilege",
        psycopg.errors.InsufficientPrivilege("permission denied for table orders"),
        DENIED,
        "pg.insufficient_privilege",
    ),
    # Redis: the library's classes with the server's replies
    (
        "redis NOAUTH",
        redis.exceptions.ResponseError("NOAUTH Authentication required."),
        IK,
        "redis.auth_failed",
    ),
    (
        "redis WRONGPASS",
        redis.exceptions.AuthenticationError(
            "WRONGPASS invalid username-password pair or user is disabled."
        ),
        IK,
        "redis.auth_failed",
    ),
    (
        "redis wrong args",
        redis.exceptions.AuthenticationWrongNumberOfArgsError(
            "wrong number of arguments for 'auth' command"
        ),
        IK,
        "redis.auth_failed",
    ),
    (
        "redis NOPERM",
        redis.exceptions.NoPermissionError(
            "NOPERM User bot has no permissions to run the 'flushall' command"
        ),
        DENIED,
        "redis.no_permission",
    ),
    (
        "redis max clients",
        redis.exceptions.ConnectionError("max number of clients reached"),
        RATE,
        "redis.too_many_connections",
    ),
    (
        "redis timeout",
        redis.exceptions.TimeoutError("Timeout reading from socket"),
        NET,
        "redis.timeout",
    ),
    (
        "redis dns",
        redis.exceptions.ConnectionError(
            "Error -2 connecting to redis.internal:6379. Name or service not known."
        ),
        NET,
        "redis.connection_failed",
    ),
    # everything else
    ("value error", ValueError("boom"), UNKNOWN, "exception.ValueError"),
    (
        "file not found",
        FileNotFoundError(2, "No such file"),
        UNKNOWN,
        "exception.FileNotFoundError",
    ),
    ("keyboard interrupt", KeyboardInterrupt(), UNKNOWN, "exception.KeyboardInterrupt"),
]


@pytest.mark.parametrize(
    ("exc", "error_type", "reason"),
    [(exc, kind, reason) for _, exc, kind, reason in BUILT],
    ids=[name for name, *_ in BUILT],
)
def test_built_exceptions(exc: BaseException, error_type: ErrorType, reason: str) -> None:
    result = classify_exception(exc, lang="en")

    assert (result.error_type, result.reason) == (error_type, reason)
    assert result.hint
    assert result.next_action
    assert result.retry_after is None


# ------------------------------------------------------------- real, over loopback


def test_httpx_refused(closed_port: int) -> None:
    exc = raised(lambda: httpx.get(f"http://127.0.0.1:{closed_port}/", timeout=2))

    assert isinstance(exc, httpx.ConnectError)
    result = classify_exception(exc)
    assert (result.error_type, result.reason) == (NET, "net.connection_refused")


def test_httpx_read_timeout(silent_port: int) -> None:
    exc = raised(lambda: httpx.get(f"http://127.0.0.1:{silent_port}/", timeout=0.2))

    assert isinstance(exc, httpx.ReadTimeout)
    assert classify_exception(exc).reason == "net.read_timeout"


def test_httpx_server_disconnected(serve: Callable[[Callable[[socket.socket], None]], int]) -> None:
    port = serve(lambda conn: None)  # accept, then close without answering

    exc = raised(lambda: httpx.get(f"http://127.0.0.1:{port}/", timeout=2))

    assert isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError)
    assert classify_exception(exc).reason == "net.connection_reset"


def test_tls_to_a_plaintext_server(serve: Callable[[Callable[[socket.socket], None]], int]) -> None:
    def plaintext(conn: socket.socket) -> None:
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    port = serve(plaintext)
    exc = raised(lambda: httpx.get(f"https://127.0.0.1:{port}/", timeout=2))

    assert isinstance(exc, httpx.ConnectError)
    assert classify_exception(exc).reason == "net.tls"


def test_proxy_answering_407(serve: Callable[[Callable[[socket.socket], None]], int]) -> None:
    def proxy(conn: socket.socket) -> None:
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")

    port = serve(proxy)
    with httpx.Client(proxy=f"http://127.0.0.1:{port}", timeout=2) as client:
        exc = raised(lambda: client.get("https://api.binance.com/api/v3/ping"))

    assert isinstance(exc, httpx.ProxyError)
    assert classify_exception(exc).reason == "net.proxy"


def test_asyncio_wait_for_timeout() -> None:
    exc = raised(lambda: asyncio.run(asyncio.wait_for(asyncio.sleep(1), 0.001)))

    assert classify_exception(exc).reason == "net.timeout"


def test_psycopg_refused(closed_port: int) -> None:
    exc = raised(lambda: psycopg.connect(f"host=127.0.0.1 port={closed_port} connect_timeout=2"))

    result = classify_exception(exc)
    assert (result.error_type, result.reason) == (NET, "pg.connection_refused")


def test_psycopg_timeout(silent_port: int) -> None:
    exc = raised(lambda: psycopg.connect(f"host=127.0.0.1 port={silent_port} connect_timeout=1"))

    assert classify_exception(exc).reason == "pg.timeout"


def test_psycopg_missing_database(postgres: str) -> None:
    dsn = postgres.replace("dbname=postgres", "dbname=golive_no_such_db")

    exc = raised(lambda: psycopg.connect(dsn))

    result = classify_exception(exc)
    assert (result.error_type, result.reason) == (UNKNOWN, "pg.database_missing")
    assert result.detail == 'database "golive_no_such_db" does not exist'


def test_psycopg_missing_role(postgres: str) -> None:
    dsn = postgres.replace("user=postgres", "user=golive_no_such_role")

    exc = raised(lambda: psycopg.connect(dsn))

    assert classify_exception(exc).reason == "pg.auth_failed"


def test_psycopg_read_only_transaction(postgres: str) -> None:
    def write_in_read_only() -> None:
        with psycopg.connect(postgres) as conn, conn.transaction():
            conn.execute("SET TRANSACTION READ ONLY")
            conn.execute("CREATE TABLE golive_never_created (x int)")

    exc = raised(write_in_read_only)

    assert isinstance(exc, psycopg.errors.ReadOnlySqlTransaction)
    result = classify_exception(exc)
    assert (result.error_type, result.reason) == (DENIED, "pg.read_only")


def test_redis_refused(closed_port: int) -> None:
    exc = raised(lambda: redis_client(closed_port, socket_connect_timeout=2).ping())

    result = classify_exception(exc)
    assert (result.error_type, result.reason) == (NET, "redis.connection_refused")


def test_redis_timeout(silent_port: int) -> None:
    exc = raised(lambda: redis_client(silent_port, socket_timeout=0.2).ping())

    assert isinstance(exc, redis.exceptions.TimeoutError)
    assert classify_exception(exc).reason == "redis.timeout"


def test_redis_wrong_credentials(redis_port: int) -> None:
    client = redis_client(redis_port, username="golive_nobody", password="wrong")

    exc = raised(client.ping)

    assert isinstance(exc, redis.exceptions.AuthenticationError)
    assert classify_exception(exc).error_type is IK


# ------------------------------------------------------------------------ contract


def test_hint_never_quotes_the_exception_message() -> None:
    marker = "postgresql://bot:hunter2@db"
    exc = psycopg.OperationalError(f"{marker} password authentication failed for user")

    result = classify_exception(exc, lang="ko")

    assert marker not in result.hint + result.next_action
    assert "비밀번호" in result.hint


def test_detail_names_the_type_and_first_line() -> None:
    result = classify_exception(ConnectionRefusedError(111, "Connection refused"))

    assert result.detail == "ConnectionRefusedError: [Errno 111] Connection refused"


def test_broken_str_is_survived() -> None:
    class Weird(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no")

    result = classify_exception(Weird())

    assert (result.error_type, result.reason) == (UNKNOWN, "exception.Weird")


def test_cause_cycles_are_survived() -> None:
    first, second = OSError("a"), OSError("b")
    first.__cause__, second.__cause__ = second, first

    assert classify_exception(first).error_type is UNKNOWN


def test_the_cause_decides_when_the_wrapper_says_little() -> None:
    exc = caused(RuntimeError("request failed"), ConnectionRefusedError(111, "refused"))

    assert classify_exception(exc).reason == "net.connection_refused"


def test_an_exception_carried_as_an_argument_is_read() -> None:
    exc = httpcore.ConnectError(socket.gaierror(-2, "lookup failed"))

    assert classify_exception(exc).reason == "net.dns"


def test_the_first_member_of_an_exception_group_is_read() -> None:
    group = ExceptionGroup("connect attempts", [ConnectionRefusedError(111, "no"), OSError("x")])

    assert classify_exception(group).reason == "net.connection_refused"
