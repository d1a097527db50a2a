"""Breaks found by the hostile review of main (issues 9-16), each through real processes.

- A local_dev profile holds no exchange key (only ``POSTGRES_DSN`` and ``REDIS_URL`` are
  required): ``read_only`` signed its Upbit control read with an empty secret, PyJWT
  refused it, and the check "crashed": a false NOT READY for every correct local_dev file.
- The profile's env file may come through a pipe (``--env-file <(sops -d .env.live)``, the
  README's promise): golive read it twice (once to learn the profile from
  ``ARBITRAGE_ENV``, once to load it), so the second read found nothing: a false NOT READY
  ("holds no keys") and a crashing ``read_only``.
- A named FIFO nobody writes to, given as ``--env-file``, hung the command for ever.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from typing import TYPE_CHECKING

import pytest

from tests.hardening.support import live_workspace, read_result

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import CliResult, Workspace

FINISH_WITHIN_S = 30.0


def golive_child(workspace: Workspace, *args: str, pass_fds: tuple[int, ...] = ()) -> CliResult:
    """``python -m golive ARGS`` in a child process; a child that hangs is killed: FAIL."""
    from tests.support.workspace import CliResult

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
    child = subprocess.Popen(
        [sys.executable, "-m", "golive", *args],
        cwd=workspace.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        pass_fds=pass_fds,
    )
    try:
        out, err = child.communicate(timeout=FINISH_WITHIN_S)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"golive {' '.join(args)} hung")
    return workspace._kept(CliResult(child.returncode, out, err))


def test_a_local_dev_profile_without_exchange_keys_passes_read_only(
    workspace: Workspace,
) -> None:
    workspace.write_env(
        ".env.local_dev",
        {
            "ARBITRAGE_ENV": "local_dev",
            "POSTGRES_DSN": "postgresql://postgres@127.0.0.1:5432/test",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )

    result = workspace.run(
        "preflight", "--env", "local_dev", "--only", "env_file,required_keys,read_only"
    )

    [bundle] = workspace.bundles()
    [check] = [c for c in read_result(bundle)["checks"] if c["id"] == "read_only"]
    assert check["status"] == "PASS", check
    assert result.code == 0, result.text


def piped(text: str) -> tuple[int, threading.Thread]:
    """The read end of a pipe that ``text`` is written into (as ``<(cat FILE)`` gives)."""
    read_fd, write_fd = os.pipe()

    def feed() -> None:
        with os.fdopen(write_fd, "w", encoding="utf-8") as writer:
            writer.write(text)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    return read_fd, feeder


@pytest.mark.parametrize("with_profile", [False, True], ids=["profile-from-file", "--env"])
def test_an_env_file_through_a_pipe_is_read_once(
    workspace: Workspace, sim: RunningSimulator, with_profile: bool
) -> None:
    live_workspace(workspace, sim)
    text = (workspace.root / ".env.live").read_text(encoding="utf-8")
    (workspace.root / ".env.live").unlink()  # only the pipe holds the values
    read_fd, feeder = piped(text)
    profile = ("--env", "live") if with_profile else ()
    try:
        result = golive_child(
            workspace,
            "preflight",
            *profile,
            "--env-file",
            f"/dev/fd/{read_fd}",
            "--only",
            "env_file,required_keys,read_only",
            pass_fds=(read_fd,),
        )
    finally:
        os.close(read_fd)
        feeder.join(timeout=5)

    assert "Traceback" not in result.text
    [bundle] = workspace.bundles()
    checks = {c["id"]: c for c in read_result(bundle)["checks"]}
    assert checks["env_file"]["status"] == "PASS", checks["env_file"]
    assert checks["required_keys"]["status"] == "PASS", checks["required_keys"]
    # WARN: the live file's READ_ONLY_ENFORCED=true is the bot's own switch (issue 10)
    assert checks["read_only"]["status"] in ("PASS", "WARN"), checks["read_only"]


def test_env_validate_reads_a_piped_env_file_once(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    text = (workspace.root / ".env.live").read_text(encoding="utf-8")
    (workspace.root / ".env.live").unlink()
    read_fd, feeder = piped(text)
    try:
        result = golive_child(
            workspace, "env", "validate", "--env-file", f"/dev/fd/{read_fd}", pass_fds=(read_fd,)
        )
    finally:
        os.close(read_fd)
        feeder.join(timeout=5)

    assert result.code == 0, result.text
    assert "0 errors" in result.out


@pytest.mark.parametrize(
    "command",
    [("preflight", "--env", "live"), ("env", "validate", "--env", "live"), ("preflight",)],
    ids=["preflight", "env-validate", "preflight-no-profile"],
)
def test_a_fifo_nobody_writes_to_ends_the_command(
    workspace: Workspace, command: tuple[str, ...]
) -> None:
    fifo = workspace.root / "secrets.fifo"
    os.mkfifo(fifo)

    result = golive_child(workspace, *command, "--env-file", str(fifo))

    assert "Traceback" not in result.text
    assert result.code in (1, 2), result.text


def test_a_simulator_env_file_edited_by_hand_is_not_overwritten(workspace: Workspace) -> None:
    """``golive sim --write-env .env.live`` as a template, real keys pasted in below the
    simulator's header: a second ``--write-env`` must refuse it (exit 2, file untouched),
    not take the header for proof that the file is still the simulator's own."""
    from golive.sim.envwrite import render_env

    path = workspace.root / ".env.live"
    template = render_env({"ARBITRAGE_ENV": "live", "BINANCE_API_SECRET": "x"}, "http://h")
    edited = template.replace("BINANCE_API_SECRET=x", "BINANCE_API_SECRET=realSecretShownOnce")
    path.write_text(edited)
    path.chmod(0o600)

    result = golive_child(workspace, "sim", "--port", "0", "--write-env", ".env.live")

    assert result.code == 2, result.text
    assert path.read_text() == edited
