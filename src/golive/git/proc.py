"""Running git: one asyncio subprocess per call, killed and reaped on the way out.

Every call has an explicit environment (the caller's, usually
:func:`golive.git.facts.git_env`), ``stdin`` closed or fed, a timeout and an
argument list; a call that is cancelled or times out kills its git process and
reaps it before the exception goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

DEFAULT_TIMEOUT_S = 10.0
_STREAM_LIMIT = 4 << 20
_REAP_TIMEOUT_S = 5.0


class GitError(Exception):
    """git ran but failed; the message is git's first error line."""


class GitNotInstalledError(GitError):
    """The ``git`` executable is not installed (or not on ``PATH``)."""


@dataclass(frozen=True)
class Completed:
    returncode: int
    stdout: bytes
    stderr: bytes

    def error(self, what: str) -> GitError:
        lines = self.stderr.decode(errors="replace").strip().splitlines()
        return GitError(f"{what}: {lines[0] if lines else f'exit code {self.returncode}'}")


async def spawn_git(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    *,
    feed: bool = True,
    stdout: int = asyncio.subprocess.PIPE,
) -> asyncio.subprocess.Process:
    try:
        return await asyncio.create_subprocess_exec(
            "git",
            *args,
            cwd=cwd,
            env=dict(env),
            stdin=asyncio.subprocess.PIPE if feed else asyncio.subprocess.DEVNULL,
            stdout=stdout,
            stderr=asyncio.subprocess.PIPE,
            limit=_STREAM_LIMIT,
        )
    except FileNotFoundError as exc:
        if exc.filename not in (None, "git"):
            raise GitError(f"cannot run git in {cwd}: {exc.strerror}") from exc
        raise GitNotInstalledError("git is not installed or not on PATH") from exc


async def reap(proc: asyncio.subprocess.Process) -> None:
    """Kill ``proc`` unless it has exited, and wait for it: no orphan, no zombie.

    The wait goes on through cancellations (a killed process exits at once; the
    wait is bounded all the same); a cancellation received meanwhile is raised after.
    """
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    loop = asyncio.get_running_loop()
    exited = asyncio.ensure_future(proc.wait())
    deadline = loop.time() + _REAP_TIMEOUT_S
    cancelled = False
    while not exited.done() and (left := deadline - loop.time()) > 0:
        try:
            await asyncio.wait({exited}, timeout=left)
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError


async def run_git(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    timeout: float,
    stdin: bytes | None = None,
) -> Completed:
    proc = await spawn_git(args, cwd, env, feed=stdin is not None)
    try:
        async with asyncio.timeout(timeout):
            out, err = await proc.communicate(stdin)
    finally:
        await reap(proc)
    assert proc.returncode is not None
    return Completed(proc.returncode, out, err)
