"""A reader that leaves early (``golive checks | head -1``) is no internal error."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", [["checks"], ["sim", "--list-scenarios"], ["--help"]])
def test_a_closed_stdout_ends_quietly(command: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # closed before the child writes: its first write meets EPIPE
    try:
        child = subprocess.run(
            [sys.executable, "-m", "golive", *command],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert child.returncode == 1, child.stderr  # Click's own exit on EPIPE, for every command
    assert child.stderr == ""
