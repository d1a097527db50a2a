"""The ``postgres`` check against the real local PostgreSQL, and its pure policy."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest
from psycopg.conninfo import conninfo_to_dict

from golive.checks._datastore import is_loopback
from golive.checks.postgres import CHECK, PgFacts, is_read_only, target_of, warnings_for
from golive.model import ErrorType, Outcome, Status
from tests.checks.support import context, everything, free_port, silent_server

if TYPE_CHECKING:
    from pathlib import Path

PASSWORD = "Pg%25pa$$w0rd.Secret"  # trust auth: sent nowhere, but must show nowhere either
DSN = f"postgresql://postgres:{PASSWORD}@127.0.0.1:5432/test"


async def run_with(tmp_path: Path, dsn: str) -> Outcome:
    return await CHECK.run(context(tmp_path, POSTGRES_DSN=dsn))


async def test_healthy_server_passes_with_version_rtt_and_flags(tmp_path: Path) -> None:
    outcome = await run_with(tmp_path, DSN)

    assert outcome.status is Status.PASS, outcome
    details = outcome.details
    assert details["host"] == "127.0.0.1"
    assert details["port"] == 5432
    assert details["database"] == "test"
    assert details["server_version"][0].isdigit()
    assert str(details["version"]).startswith("PostgreSQL ")
    assert isinstance(details["rtt_ms"], float)
    assert details["rtt_ms"] >= 0
    assert details["read_only"] is False
    assert details["in_recovery"] is False
    assert details["sslmode"] == "prefer"
    assert details["warnings"] == []
    assert str(details["server_version"]) in outcome.message


async def test_password_never_in_output(tmp_path: Path) -> None:
    for dsn in (DSN, DSN.replace("5432", str(free_port()))):
        text = everything(await run_with(tmp_path, dsn))

        assert PASSWORD not in text
        assert "Pg%pa$$w0rd.Secret" not in text


async def test_closed_port_is_network_error(tmp_path: Path) -> None:
    port = free_port()

    outcome = await run_with(tmp_path, f"postgresql://postgres@127.0.0.1:{port}/test")

    assert outcome.status is Status.FAIL
    assert outcome.error_type is ErrorType.NETWORK_ERROR
    assert outcome.details["port"] == port
    assert outcome.hint
    assert outcome.next_action


async def test_silent_server_times_out_as_network_error(tmp_path: Path) -> None:
    with silent_server() as port:
        dsn = f"postgresql://postgres@127.0.0.1:{port}/test"
        started = time.monotonic()

        outcome = await CHECK.run(context(tmp_path, timeout=1.0, POSTGRES_DSN=dsn))

    assert outcome.status is Status.FAIL
    assert outcome.error_type is ErrorType.NETWORK_ERROR
    assert time.monotonic() - started < 4  # libpq's floor is 2 s


async def test_missing_database_fails_naming_it(tmp_path: Path) -> None:
    outcome = await run_with(tmp_path, "postgresql://postgres@127.0.0.1:5432/golive_no_such_db")

    assert outcome.status is Status.FAIL
    assert outcome.reason == "pg.database_missing"
    assert "golive_no_such_db" in outcome.message
    assert outcome.details["database"] == "golive_no_such_db"


async def test_read_only_session_fails_without_having_written(tmp_path: Path) -> None:
    # A write would have raised "cannot execute ... in a read-only transaction": the
    # outcome being the read-only verdict also shows the check writes nothing.
    dsn = DSN + "?options=-c%20default_transaction_read_only%3Don"

    outcome = await run_with(tmp_path, dsn)

    assert outcome.status is Status.FAIL
    assert outcome.reason == "pg.read_only"
    assert outcome.error_type is ErrorType.PERMISSION_DENIED
    assert outcome.details["read_only"] is True
    assert outcome.hint


async def test_missing_dsn_is_skipped(tmp_path: Path) -> None:
    outcome = await CHECK.run(context(tmp_path))

    assert outcome.status is Status.SKIP


async def test_unparsable_dsn_fails_without_echoing_it(tmp_path: Path) -> None:
    outcome = await run_with(tmp_path, "host=127.0.0.1 password='Unterminated-Secret")

    assert outcome.status is Status.FAIL
    assert "Unterminated-Secret" not in everything(outcome)


@pytest.mark.parametrize(
    ("host", "sslmode", "expected"),
    [
        ("127.0.0.1", "disable", []),
        ("localhost", "prefer", []),
        ("::1", "prefer", []),
        ("/var/run/postgresql", "disable", []),
        ("", "prefer", []),
        ("db.example.com", "prefer", ["pg.no_tls"]),
        ("db.example.com", "disable", ["pg.no_tls"]),
        ("db.example.com", "allow", ["pg.no_tls"]),
        ("10.0.0.5", "prefer", ["pg.no_tls"]),
        ("db.example.com", "require", []),
        ("db.example.com", "verify-ca", []),
        ("db.example.com", "verify-full", []),
    ],
)
def test_tls_policy(host: str, sslmode: str, expected: list[str]) -> None:
    assert warnings_for(PgFacts(host=host, sslmode=sslmode)) == expected


@pytest.mark.parametrize(
    ("read_only", "in_recovery", "expected"),
    [(False, False, False), (True, False, True), (False, True, True), (True, True, True)],
)
def test_read_only_policy(read_only: bool, in_recovery: bool, expected: bool) -> None:
    facts = PgFacts(host="127.0.0.1", read_only=read_only, in_recovery=in_recovery)

    assert is_read_only(facts) is expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("LOCALHOST", True),
        ("/tmp", True),
        ("", True),
        ("db.internal", False),
        ("192.168.1.10", False),
        ("2001:db8::1", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


@pytest.mark.parametrize(
    ("dsn", "expected"),
    [
        (
            "postgresql://u:pw@db.example.com:6543/app?sslmode=require",
            {"host": "db.example.com", "port": 6543, "database": "app", "sslmode": "require"},
        ),
        (
            "host=localhost user=bot password=pw",
            {"host": "localhost", "port": 5432, "database": "bot", "sslmode": "prefer"},
        ),
    ],
)
def test_target_has_no_password(dsn: str, expected: dict[str, object]) -> None:
    target = target_of({k: str(v) for k, v in conninfo_to_dict(dsn).items()})

    assert target == expected
