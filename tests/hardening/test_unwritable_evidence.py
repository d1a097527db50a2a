"""An evidence folder that cannot be written: exit 2 with one line.

A folder that cannot be created or written is found before any check starts
(nothing but the one line is printed, issue 10 point 5); a disk that fills up
or a write limit hit during the real write is found after the run, and then
the report is still shown.

Root ignores file modes, so the folders here are unwritable for everyone: a path
under a regular file, a parent that cannot be created (under /proc), a read-only
tmpfs and a full one (both need ``mount``: skipped where it is not permitted),
and a file-size limit (RLIMIT_FSIZE) that makes the write fail half-way for any
user. None may leave a bundle, a staging folder or a temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.hardening.support import assert_no_debris
from tests.support.workspace import VALID_SECRETS

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.support.workspace import CliResult, Workspace

CHECKS = "env_file,required_keys"
TMPFS_BYTES = 16 * 1024
FREE_WHEN_FULL = 3 * 1024
"""Left free on the 'full' tmpfs: room for the folder and the first file, not the rest."""
FILE_SIZE_LIMIT = 1024


@pytest.fixture
def ready(workspace: Workspace) -> Workspace:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    return workspace


def assert_exit_2_line(result: CliResult, where: Path | str, reason: str) -> None:
    lines = result.err.splitlines()
    assert result.code == 2, result.text
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"golive: error: cannot write evidence to {where}"), lines
    assert lines[0].endswith(reason), lines
    assert "evidence:" not in result.out
    assert "Traceback" not in result.text


def assert_exit_2_at_once(result: CliResult, where: Path | str, reason: str) -> None:
    """Found before any check ran: the one line and nothing else."""
    assert_exit_2_line(result, where, reason)
    assert result.out == "", result.out


def assert_exit_2_with_report(result: CliResult, where: Path | str, reason: str) -> None:
    """Found while writing, after the run: the report was shown all the same."""
    assert_exit_2_line(result, where, reason)
    assert "PARTIAL: 2 of" in result.out
    assert "env_file" in result.out


@contextlib.contextmanager
def tmpfs(where: Path, *options: str) -> Iterator[Path]:
    where.mkdir()
    opts = ",".join((*options, f"size={TMPFS_BYTES}"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", opts, "golive-test", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        # CI runs as root on a machine where tmpfs mounts work: there, a failure is a failure
        if os.environ.get("CI"):
            pytest.fail(f"mount failed in CI: {done.stderr.strip()}")
        pytest.skip(f"mount is not permitted here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def fill(folder: Path, leave: int) -> None:
    """Fill the filesystem of ``folder``, then free ``leave`` bytes."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    os.truncate(filler, filler.stat().st_size - leave)


def test_a_path_under_a_regular_file(ready: Workspace) -> None:
    (ready.root / "notes.txt").write_text("a file, not a folder\n")

    result = ready.run(
        "preflight", "--env", "live", "--only", CHECKS, "--evidence-dir", "notes.txt/ev"
    )

    assert_exit_2_at_once(result, ready.root / "notes.txt/ev", "Not a directory")


def test_a_path_that_is_a_file(ready: Workspace) -> None:
    (ready.root / "evidence").write_text("a file, not a folder\n")

    result = ready.run("preflight", "--env", "live", "--only", CHECKS, "--evidence-dir", "evidence")

    assert_exit_2_at_once(
        result, ready.root / "evidence", "not a directory (a file of that name is in the way)"
    )
    assert (ready.root / "evidence").read_text() == "a file, not a folder\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_parent_that_cannot_be_created(ready: Workspace) -> None:
    target = f"/proc/golive-{secrets.token_hex(4)}/evidence"

    result = ready.run("preflight", "--env", "live", "--only", CHECKS, "--evidence-dir", target)

    assert_exit_2_at_once(result, target, "No such file or directory")


def test_a_read_only_filesystem(ready: Workspace) -> None:
    with tmpfs(ready.root / "ro", "ro") as mounted:
        result = ready.run(
            "preflight", "--env", "live", "--only", CHECKS, "--evidence-dir", "ro/evidence"
        )
        assert_exit_2_at_once(result, mounted / "evidence", "Read-only file system")


def test_a_full_disk(ready: Workspace) -> None:
    with tmpfs(ready.root / "full") as mounted:
        fill(mounted, FREE_WHEN_FULL)
        result = ready.run(
            "preflight", "--env", "live", "--only", CHECKS, "--evidence-dir", "full/evidence"
        )
        assert_exit_2_with_report(result, mounted / "evidence", "No space left on device")
        assert_no_debris(mounted / "evidence")
        assert list((mounted / "evidence").iterdir()) == []


def test_a_write_that_fails_half_way(ready: Workspace) -> None:
    """RLIMIT_FSIZE (SIGXFSZ ignored): the first file over the limit fails with EFBIG."""
    script = (
        "import resource, runpy, signal, sys; "
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({FILE_SIZE_LIMIT}, {FILE_SIZE_LIMIT})); "
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "sys.argv = ['golive', *sys.argv[1:]]; "
        "runpy.run_module('golive', run_name='__main__')"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-c", script, "preflight", "--env", "live", "--only", CHECKS],
        cwd=ready.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    from tests.support.workspace import CliResult

    result = CliResult(done.returncode, done.stdout, done.stderr)
    ready.results.append(result)  # scanned for secrets like every other output

    evidence = ready.root / "logs" / "evidence"
    assert_exit_2_with_report(result, evidence, "File too large")
    assert_no_debris(evidence)
    assert ready.bundles() == []
