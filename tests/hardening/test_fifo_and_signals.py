"""FIFOs beside the env file, and signals while git or a file read runs (issue 11, point 1).

A FIFO (``mkfifo .env.paper``) blocks ``open`` until a writer comes: golive must never
open one (``env_isolation`` compares siblings, ``required_keys`` reads the example),
and SIGINT/SIGTERM must end a run within 2 s with a whole INTERRUPTED bundle even while
a git process is blocked (here on a FIFO standing in for ``.git/config``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.hardening.support import (
    assert_complete_bundle,
    assert_no_debris,
    live_workspace,
    read_result,
)
from tests.hardening.test_interrupted_runs import EXIT_WITHIN_S, start_preflight, stop

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

FINISH_WITHIN_S = 30.0


def finish(child: subprocess.Popen[str]) -> tuple[int, str]:
    """The child's exit code and output; a child still running after 30 s is killed: FAIL."""
    try:
        out, err = child.communicate(timeout=FINISH_WITHIN_S)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail("the preflight hung (a FIFO was opened?)")
    return child.returncode, out + err


@pytest.mark.parametrize(
    ("fifo", "check"),
    [(".env.paper", "env_isolation"), (".env.live.example", "required_keys")],
)
def test_a_fifo_beside_the_env_file_is_never_opened(
    workspace: Workspace, sim: RunningSimulator, fifo: str, check: str
) -> None:
    live_workspace(workspace, sim)
    os.mkfifo(workspace.root / fifo)

    code, output = finish(start_preflight(workspace, "--only", f"env_file,{check}"))

    assert "Traceback" not in output
    assert code in (0, 1), output
    [bundle] = workspace.bundles()
    assert_complete_bundle(bundle)
    [result] = [c for c in read_result(bundle)["checks"] if c["id"] == check]
    assert result["status"] != "FAIL", result  # no timeout spent waiting on the FIFO
    if check == "env_isolation":
        [sibling] = [s for s in result["details"]["siblings"] if s["path"].endswith(fifo)]
        assert sibling["state"] == "unreadable"
        assert any("not a regular file" in note for note in result["details"]["notes"])


def test_env_validate_never_opens_a_fifo_example(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    os.mkfifo(workspace.root / ".env.live.example")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
    child = subprocess.Popen(
        [sys.executable, "-m", "golive", "env", "validate", "--env", "live"],
        cwd=workspace.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    code, output = finish(child)

    assert code in (0, 1, 2), output
    assert "Traceback" not in output


def git_children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` and whose command is git."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            comm = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if int(fields[1]) == pid and comm == "git":
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"]
)
def test_a_signal_while_git_is_blocked_ends_the_run(
    workspace: Workspace, sim: RunningSimulator, signum: int, code: int
) -> None:
    live_workspace(workspace, sim)
    config = workspace.root / ".git" / "config"
    config.unlink()
    os.mkfifo(config)  # every git in this repository now blocks reading its config
    child = start_preflight(workspace, "--only", "env_file,git_safety", "--timeout", "30")
    deadline = time.monotonic() + FINISH_WITHIN_S
    while not git_children(child.pid):
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "git never started"
        time.sleep(0.02)

    returncode, out, err, seconds = stop(child, signum)

    assert returncode == code, err
    assert seconds < EXIT_WITHIN_S
    assert "Traceback" not in out + err
    assert_no_debris(workspace.root / "logs" / "evidence")
    [bundle] = workspace.bundles()
    assert_complete_bundle(bundle)
    assert read_result(bundle)["verdict"] == "INTERRUPTED"
