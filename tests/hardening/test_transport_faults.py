"""Transport faults made on real sockets (tests.support.faults), end to end through the CLI.

The base-URL variables of every venue (or the PostgreSQL and Redis URLs) point at
one misbehaving server. Every check that talks to it must FAIL with the expected
error type and reason, within ``--timeout`` + slack, with a complete bundle and
no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from golive.sim.envwrite import BASE_URL_KEYS
from tests.hardening.support import (
    DATASTORE_CHECKS,
    SLACK_S,
    VENUE_CHECKS,
    live_workspace,
    preflight,
)
from tests.support.faults import DNS_FAILURE_HOST

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.faults import FaultTarget
    from tests.support.workspace import Workspace

TIMEOUT = 2.0
NET, UNKNOWN = "network_error", "unknown"

HTTP_FAULTS: dict[str, tuple[str, str]] = {
    "refused": (NET, "net.connection_refused"),
    "dns": (NET, "net.dns"),
    "silent": (NET, "net.read_timeout"),
    "reset": (NET, "net.connection_reset"),
    "closed": (NET, "net.connection_reset"),
    "tls": (NET, "net.tls_verify"),
    "huge": (UNKNOWN, "response.malformed"),  # 10 MB of text where JSON was due
    "trickle": (NET, "net.read_timeout"),  # every byte in time, the whole never: the deadline
    "endless": (UNKNOWN, "response.malformed"),  # a chunked body without end: the 1 MiB cap
    "gzip_bomb": (UNKNOWN, "response.malformed"),  # inflates without end: the cap, decoded
}
"""fault -> (error_type, reason) of every venue check."""

DATASTORE_FAULTS: dict[str, dict[str, tuple[str, str]]] = {
    "refused": {
        "postgres": (NET, "pg.connection_refused"),
        "redis": (NET, "redis.connection_refused"),
    },
    "dns": {"postgres": (NET, "pg.dns_failed"), "redis": (NET, "redis.connection_failed")},
    "silent": {"postgres": (NET, "timeout"), "redis": (NET, "timeout")},
}


@pytest.mark.parametrize("fault", list(HTTP_FAULTS), indirect=True)
def test_venue_fault(workspace: Workspace, sim: RunningSimulator, fault: FaultTarget) -> None:
    url = fault.url
    if fault.kind == "dns":  # http to a name that is not loopback would be gated: https, allowed
        url = url.replace("http://", "https://", 1)
    live_workspace(workspace, sim, **dict.fromkeys(BASE_URL_KEYS, url))
    if fault.kind == "dns":
        workspace.allow_hosts("127.0.0.1", DNS_FAILURE_HOST)
    error_type, reason = HTTP_FAULTS[fault.kind]

    run = preflight(workspace, VENUE_CHECKS, "--timeout", f"{TIMEOUT:g}")

    assert run.checks() == dict.fromkeys(VENUE_CHECKS, ("FAIL", error_type)), run.reasons()
    assert set(run.reasons().values()) == {reason}
    assert run.result.code == 1
    assert run.seconds < TIMEOUT + SLACK_S
    if fault.kind not in ("refused", "dns"):
        assert fault.connections, "the requests did not reach the fault server"


@pytest.mark.parametrize("fault", list(DATASTORE_FAULTS), indirect=True)
def test_datastore_fault(workspace: Workspace, sim: RunningSimulator, fault: FaultTarget) -> None:
    host = fault.url.split("://", 1)[1]
    live_workspace(
        workspace,
        sim,
        POSTGRES_DSN=f"postgresql://golive:Pg-fault-Secret-9@{host}/postgres",
        REDIS_URL=f"redis://:Redis-fault-Secret-9@{host}/0",
    )

    run = preflight(workspace, DATASTORE_CHECKS, "--timeout", f"{TIMEOUT:g}")

    expected = DATASTORE_FAULTS[fault.kind]
    assert run.checks() == {check: ("FAIL", kind) for check, (kind, _) in expected.items()}
    assert run.reasons() == {check: reason for check, (_, reason) in expected.items()}
    assert run.seconds < TIMEOUT + SLACK_S


PEAK_RSS_LIMIT_KB = 200 * 1024
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "sys.stderr.write(f'\\npeak_rss_kb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n"
    "sys.exit(code)\n"
)


def peak_rss_run(workspace: Workspace, *args: str) -> tuple[int, int, str]:
    """``python -m golive ARGS`` in a child; its exit code, peak RSS (KiB) and output."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "golive", *args],
        cwd=workspace.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    peak = int(proc.stderr.rsplit("peak_rss_kb=", 1)[1].split()[0])
    return proc.returncode, peak, proc.stdout + proc.stderr


@pytest.mark.parametrize("fault", ["endless", "gzip_bomb", "huge"], indirect=True)
def test_peak_memory_against_an_endless_or_inflating_body(
    workspace: Workspace, sim: RunningSimulator, fault: FaultTarget
) -> None:
    """Every venue check reads the hostile body at once; the process stays under 200 MB."""
    live_workspace(workspace, sim, **dict.fromkeys(BASE_URL_KEYS, fault.url))

    code, peak_kb, output = peak_rss_run(
        workspace, "preflight", "--env", "live", "--only", ",".join(VENUE_CHECKS), "--timeout", "5"
    )

    assert code == 1, output
    assert "Traceback" not in output
    assert peak_kb < PEAK_RSS_LIMIT_KB, f"peak RSS {peak_kb / 1024:.0f} MB"
