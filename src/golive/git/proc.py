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

HARDENED_OPTIONS: tuple[str, ...] = (
    "--no-pager",
    "--no-optional-locks",
    *("-c", "core.fsmonitor=false"),
    *("-c", "core.hooksPath=/dev/null"),
    *("-c", "core.pager=cat"),
    *("-c", "core.askPass="),
    *("-c", "core.sshCommand=false"),
    *("-c", "credential.helper="),
    *("-c", "protocol.allow=never"),
    *("-c", "diff.external="),
    *("-c", "uploadpack.packObjectsHook="),
)
"""Options before every git subcommand: the checked repository's own configuration runs
nothing (no fsmonitor command, no hooks, no pager, no external diff, no credential helper
or ssh command, no fetch of missing objects), and git writes no lock nor index refresh.
Filters and textconv run only for commands golive does not use, or are neutralised by name
(:func:`neutralised_filters`)."""

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
            *HARDENED_OPTIONS,
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


def neutralised_filters(config_lines: str) -> list[str]:
    """``-c`` options that turn every filter driver named in ``git config --get-regexp
    '^filter\\.'`` output into a no-op (``clean``/``smudge`` ``cat``, no ``process``)."""
    names = {
        line.split(" ", 1)[0].removeprefix("filter.").rsplit(".", 1)[0]
        for line in config_lines.splitlines()
        if line.startswith("filter.")
    }
    options: list[str] = []
    for name in sorted(names):
        for key, value in (
            ("clean", "cat"),
            ("smudge", "cat"),
            ("process", ""),
            ("required", "false"),
        ):
            options += ["-c", f"filter.{name}.{key}={value}"]
    return options
