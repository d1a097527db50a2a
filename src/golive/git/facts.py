"""Git facts about an env file: repository, tracked, ignored, mode, and the history scan.

Everything here only reads. Every git call is an asyncio subprocess with an
explicit minimal environment (:func:`git_env`), ``stdin`` closed or fed, a
timeout, and an argument list (:mod:`golive.git.proc`); a call that is cancelled
or times out kills its git process and reaps it before the exception goes on.
The history scan itself lives in :mod:`golive.git.historyscan`.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from golive.git.historyscan import SHORT_SHA, HistoryHit, HistoryScan, scan_history
from golive.git.objectsearch import Secrets, needles
from golive.git.proc import DEFAULT_TIMEOUT_S, GitError, GitNotInstalledError, run_git

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "SHORT_SHA",
    "GitError",
    "GitFacts",
    "GitNotInstalledError",
    "HistoryHit",
    "HistoryScan",
    "IgnoreMatch",
    "Secrets",
    "anchor",
    "collect_facts",
    "file_mode",
    "find_repo_root",
    "git_env",
    "ignore_rule",
    "is_committed",
    "is_tracked",
    "needles",
    "scan_history",
]

_PASSED_VARS = ("PATH", "HOME", "XDG_CONFIG_HOME")
_FIXED_VARS: Mapping[str, str] = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "LC_ALL": "C",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
}
_NOT_A_REPO = b"not a git repository"


@dataclass(frozen=True)
class GitFacts:
    """What git says about one env file; ``repo_root`` is None outside a repository."""

    env_file: Path
    git_available: bool
    repo_root: Path | None = None
    path_in_repo: str | None = None
    tracked: bool = False
    committed: bool = False
    """The path is in the ``HEAD`` commit (``tracked`` and not ``committed``: only staged)."""
    ignored: bool = False
    ignore_rule: str | None = None
    mode: int | None = None
    scan: HistoryScan | None = None
    scan_error: str | None = None
    scan_timeout_s: float | None = None
    """Set when the history scan ran out of time (``scan_error`` then says so in English)."""

    @property
    def history_hits(self) -> tuple[HistoryHit, ...]:
        return self.scan.hits if self.scan else ()


def git_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The minimal environment for git: PATH and HOME only, no ``GIT_*`` leaks, C locale."""
    env = {name: environ[name] for name in _PASSED_VARS if name in environ}
    env.update(_FIXED_VARS)
    return env


# -- repository, tracked, ignored, mode ---------------------------------------


def _existing_dir(path: Path) -> Path:
    while not path.is_dir() and path != path.parent:
        path = path.parent
    return path


def anchor(env_file: Path) -> Path:
    """``env_file`` made absolute through its nearest existing, symlink-resolved directory."""
    path = Path(os.path.abspath(env_file))
    base = _existing_dir(path.parent)
    return base.resolve() / path.relative_to(base)


async def find_repo_root(
    path: Path, env: Mapping[str, str], timeout: float = DEFAULT_TIMEOUT_S
) -> Path | None:
    """The work tree holding ``path`` (a file or directory), or None outside any repository."""
    start = _existing_dir(path if path.is_dir() else path.parent)
    done = await run_git(["rev-parse", "--show-toplevel"], start, env, timeout)
    if done.returncode == 0:
        return Path(done.stdout.decode().rstrip("\n"))
    if _NOT_A_REPO in done.stderr:
        return None
    raise done.error("git rev-parse")


async def is_tracked(
    repo_root: Path, path_in_repo: str, env: Mapping[str, str], timeout: float = DEFAULT_TIMEOUT_S
) -> bool:
    """Whether the index holds ``path_in_repo`` (committed, or staged to be)."""
    args = ["--literal-pathspecs", "ls-files", "-z", "--", path_in_repo]
    done = await run_git(args, repo_root, env, timeout)
    if done.returncode != 0:
        raise done.error("git ls-files")
    return bool(done.stdout)


async def is_committed(
    repo_root: Path, path_in_repo: str, env: Mapping[str, str], timeout: float = DEFAULT_TIMEOUT_S
) -> bool:
    """Whether ``HEAD`` holds ``path_in_repo``; False on an unborn branch (no commit yet)."""
    args = ["--literal-pathspecs", "ls-tree", "-z", "--name-only", "HEAD", "--", path_in_repo]
    done = await run_git(args, repo_root, env, timeout)
    return done.returncode == 0 and bool(done.stdout)


@dataclass(frozen=True)
class IgnoreMatch:
    """The last ``.gitignore``-style rule matching a path, as ``file:line:pattern``."""

    rule: str
    ignored: bool


async def ignore_rule(
    repo_root: Path, path_in_repo: str, env: Mapping[str, str], timeout: float = DEFAULT_TIMEOUT_S
) -> IgnoreMatch | None:
    """The rule deciding whether git ignores ``path_in_repo``; None when no rule matches.

    A match on a negated pattern (``!.env.live``) is returned with ``ignored=False``.
    """
    args = ["check-ignore", "--verbose", "--no-index", "-z", "--stdin"]
    done = await run_git(args, repo_root, env, timeout, stdin=path_in_repo.encode() + b"\0")
    if done.returncode not in (0, 1):
        raise done.error("git check-ignore")
    source, line, pattern, *_ = (*done.stdout.split(b"\0"), b"", b"", b"")
    if not source:
        return None
    rule = b"%s:%s:%s" % (source, line, pattern)
    return IgnoreMatch(rule.decode(errors="replace"), ignored=not pattern.startswith(b"!"))


def file_mode(path: Path) -> int | None:
    """Permission bits of ``path`` (following symlinks), or None when it does not exist."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


# -- all facts at once -----------------------------------------------------------------


async def collect_facts(
    env_file: Path,
    secrets: Secrets,
    env: Mapping[str, str],
    timeout: float = DEFAULT_TIMEOUT_S,
    clock: Callable[[], float] = time.monotonic,
) -> GitFacts:
    """Everything the ``git_safety`` check judges, for ``env_file`` and its secret values."""
    path = anchor(env_file)
    mode = file_mode(path)
    try:
        root = await find_repo_root(path, env, timeout)
    except GitNotInstalledError:
        return GitFacts(path, git_available=False, mode=mode)
    if root is None:
        return GitFacts(path, git_available=True, mode=mode)
    rel = os.path.relpath(path, root).replace(os.sep, "/")
    tracked = await is_tracked(root, rel, env, timeout)
    committed = tracked and await is_committed(root, rel, env, timeout)
    match = await ignore_rule(root, rel, env, timeout)
    scan, scan_error = await _scan_or_error(root, secrets, env, timeout, clock)
    return GitFacts(
        env_file=path,
        git_available=True,
        repo_root=root,
        path_in_repo=rel,
        tracked=tracked,
        committed=committed,
        ignored=bool(match and match.ignored),
        ignore_rule=match.rule if match else None,
        mode=mode,
        scan=scan,
        scan_error=scan_error,
        scan_timeout_s=timeout if scan is None and scan_error == _timed_out(timeout) else None,
    )


def _timed_out(timeout: float) -> str:
    return f"history scan did not finish within {timeout:g} s"


async def _scan_or_error(
    root: Path,
    secrets: Secrets,
    env: Mapping[str, str],
    timeout: float,
    clock: Callable[[], float],
) -> tuple[HistoryScan | None, str | None]:
    try:
        return await scan_history(root, secrets, env, timeout, clock), None
    except TimeoutError:
        return None, _timed_out(timeout)
    except GitError as exc:
        return None, str(exc)
