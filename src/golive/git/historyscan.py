"""The one-pass history scan: every secret value, searched in every git object.

The scan reads every blob, commit and tag of the repository once, in pack
order: every version of every file (deleted files and other branches
included), commit messages, annotated tags, and unreachable objects left
behind by a rewrite. One ``cat-file --batch-check --batch-all-objects`` lists
them; contiguous runs go to one ``cat-file --batch`` per CPU, and a worker
thread searches each output chunk for every needle (the secret and its
URL-encoded forms) with ``bytearray.find``. Only when something is found does
``git log --all --raw --find-object`` map the hit objects to the commits and
paths that introduced them. Trees (file names) are not scanned.

Everything here only reads; git runs through :mod:`golive.git.proc`.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from golive.git.objectsearch import READ_SIZE, Found, Needles, Secrets, needles, read_records
from golive.git.proc import DEFAULT_TIMEOUT_S, Completed, reap, run_git, spawn_git

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine, Sequence
    from pathlib import Path

_T = TypeVar("_T")

SHORT_SHA = 12
"""Characters of a commit id shown in reports."""

_SCANNED_TYPES = frozenset({b"blob", b"commit", b"tag"})
"""Trees hold only file names and object ids: they are not scanned."""
_PARALLEL_MIN_OBJECTS = 4096
_MAX_WORKERS = 4
_FIND_OBJECT_MAX = 200
"""Above this many hit objects, ``git log`` runs unfiltered (argument length)."""
_NULL_OID = "0" * 40


@dataclass(frozen=True)
class HistoryHit:
    """One secret (by key name, never by value) found in one git object.

    ``kind`` is the object type: ``blob`` (file content), ``commit`` (message)
    or ``tag`` (annotated tag message). ``commits`` are
    the short ids of the commits that introduced the object (for a commit, the
    commit itself); ``paths`` the paths it had there (for a tag, its ref names).
    ``reachable`` is false when no ref leads to the object: it survives only in
    the reflog or as a dangling object.
    """

    key: str
    object_id: str
    kind: str
    commits: tuple[str, ...]
    paths: tuple[str, ...]
    reachable: bool


@dataclass(frozen=True)
class HistoryScan:
    hits: tuple[HistoryHit, ...]
    objects_scanned: int
    bytes_scanned: int
    elapsed_s: float
    not_inflated: int = 0
    """Compressed blobs larger than ``INFLATE_LIMIT`` inflated: searched only that far."""


def _pipe() -> tuple[int, int]:
    """A pipe as large as the system allows up to ``READ_SIZE``: fewer, larger reads."""
    read_fd, write_fd = os.pipe()
    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, READ_SIZE)
    return read_fd, write_fd


async def _list_objects(repo_root: Path, env: Mapping[str, str], timeout: float) -> list[bytes]:
    """Every blob, commit and tag id (unreachable ones too), in pack order."""
    check = "--batch-check=%(objectname) %(objecttype)"
    args = ["cat-file", "--batch-all-objects", check, "--unordered"]
    done = await run_git(args, repo_root, env, timeout)
    if done.returncode != 0:
        raise done.error("git cat-file")
    lines = (line.partition(b" ") for line in done.stdout.splitlines())
    return [oid for oid, _, kind in lines if kind in _SCANNED_TYPES]


async def _feed(stdin: asyncio.StreamWriter, oids: Sequence[bytes]) -> None:
    try:
        stdin.write(b"\n".join(oids) + b"\n")
        await stdin.drain()
        stdin.close()
    except (BrokenPipeError, ConnectionResetError):
        return  # git exited early: its exit code and stderr tell why


def _seen(future: asyncio.Future[Any]) -> None:
    """Mark a result that nobody may await any more as seen (no "never retrieved" log)."""
    if not future.cancelled():
        future.exception()


async def _scan_part(
    repo_root: Path,
    oids: Sequence[bytes],
    wanted: Needles,
    env: Mapping[str, str],
) -> Found:
    """One ``cat-file --batch`` over ``oids``; the search runs in a worker thread.

    The thread job is submitted at once and shielded, so it always runs and
    closes ``read_fd``; on cancellation git is killed, so it reads end-of-file.
    """
    read_fd, write_fd = _pipe()
    try:
        proc = await spawn_git(["cat-file", "--batch", "--buffer"], repo_root, env, stdout=write_fd)
    except BaseException:
        os.close(read_fd)
        raise
    finally:
        os.close(write_fd)
    searched = asyncio.get_running_loop().run_in_executor(None, read_records, read_fd, wanted)
    searched.add_done_callback(_seen)
    try:
        assert proc.stdin is not None
        assert proc.stderr is not None
        found, _, err = await asyncio.gather(
            asyncio.shield(searched), _feed(proc.stdin, oids), proc.stderr.read()
        )
        code = await proc.wait()
    finally:
        await reap(proc)
    if code != 0:
        raise Completed(code, b"", err).error("git cat-file")
    return found


async def _all_or_none(coros: Sequence[Coroutine[Any, Any, _T]]) -> list[_T]:
    """Like ``gather``, but a failure or a cancellation cancels and awaits every sibling.

    A task already being cancelled is not cancelled again: a second cancellation
    would cut short its own clean-up (killing and reaping its git process).
    """
    tasks = [asyncio.ensure_future(coro) for coro in coros]
    try:
        return await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            if not task.done() and not task.cancelling():
                task.cancel()
        await asyncio.wait(tasks)


def _workers(objects: int) -> int:
    """One git per CPU (at most ``_MAX_WORKERS``); small repositories take one."""
    if objects < _PARALLEL_MIN_OBJECTS:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(_MAX_WORKERS, cpus or 1))


async def _scan_objects(
    repo_root: Path, wanted: Needles, env: Mapping[str, str], timeout: float
) -> Found:
    """Scan the objects in pack order, one contiguous run per CPU (delta caches stay warm)."""
    oids = await _list_objects(repo_root, env, timeout)
    count = _workers(len(oids))
    runs = [oids[i * len(oids) // count : (i + 1) * len(oids) // count] for i in range(count)]
    parts = await _all_or_none([_scan_part(repo_root, run, wanted, env) for run in runs])
    return Found.merge(parts)


async def scan_history(
    repo_root: Path,
    secrets: Secrets,
    env: Mapping[str, str],
    timeout: float = DEFAULT_TIMEOUT_S,
    clock: Callable[[], float] = time.monotonic,
) -> HistoryScan:
    """Search every object in the repository for every secret value, by key name.

    Raises ``TimeoutError`` after ``timeout`` seconds (git killed), :class:`GitError`.
    """
    started = clock()
    wanted = Needles.of(needles(secrets))
    if not wanted.keys:
        return HistoryScan((), 0, 0, clock() - started)
    async with asyncio.timeout(timeout):
        found = await _scan_objects(repo_root, wanted, env, timeout)
        hits = await _locate(repo_root, found, env, timeout) if found.kinds else ()
    return HistoryScan(hits, found.objects, found.size, clock() - started, len(found.not_inflated))


# -- mapping hit objects to commits and paths ------------------------------------


@dataclass
class _Where:
    """For each hit object id: the commits that introduced it and its paths there."""

    commits: dict[str, list[str]] = field(default_factory=dict)
    paths: dict[str, list[str]] = field(default_factory=dict)

    def add(self, oid: str, commit: str, path: str) -> None:
        commits = self.commits.setdefault(oid, [])
        if commit not in commits:
            commits.append(commit)
        paths = self.paths.setdefault(oid, [])
        if path and path not in paths:
            paths.append(path)


def _parse_raw_log(output: bytes, wanted: set[str], where: _Where) -> None:
    """Read ``git log -z --raw --format=%x01%H`` output into ``where``."""
    commit = ""
    tokens = iter(output.split(b"\0"))
    for token in tokens:
        text = token.lstrip(b"\n").decode(errors="replace")
        if text.startswith("\x01"):
            commit = text[1:]
        elif text.startswith(":"):
            path = next(tokens, b"").decode(errors="replace")
            new_oid = text.split(" ")[-2]
            if new_oid in wanted and new_oid != _NULL_OID:
                where.add(new_oid, commit, path)


_ON_REFS = ("--all",)
_ONLY_IN_REFLOGS = ("--reflog", "--not", "--all")


async def _where_introduced(
    repo_root: Path,
    oids: Sequence[str],
    revs: Sequence[str],
    env: Mapping[str, str],
    timeout: float,
) -> _Where:
    """Commits among ``revs`` whose diff adds blobs ``oids``, and the paths they had."""
    args = ["log", *revs, "-z", "--raw", "--no-abbrev", "--no-renames"]
    args += ["--diff-merges=dense-combined", "--format=%x01%H"]
    if len(oids) <= _FIND_OBJECT_MAX:
        args += [f"--find-object={oid}" for oid in oids]
    done = await run_git(args, repo_root, env, timeout)
    if done.returncode != 0:
        raise done.error("git log")
    where = _Where()
    _parse_raw_log(done.stdout, set(oids), where)
    return where


async def _lines(
    args: Sequence[str], repo_root: Path, env: Mapping[str, str], timeout: float
) -> list[str]:
    done = await run_git(args, repo_root, env, timeout)
    if done.returncode != 0:
        raise done.error(f"git {args[0]}")
    return done.stdout.decode(errors="replace").splitlines()


def _hits_from(
    where: _Where, oids: Iterable[str], found: Found, *, reachable: bool
) -> list[HistoryHit]:
    return [
        HistoryHit(
            key=key,
            object_id=oid,
            kind=found.kinds[oid],
            commits=tuple(commit[:SHORT_SHA] for commit in where.commits.get(oid, ())),
            paths=tuple(where.paths.get(oid, ())),
            reachable=reachable,
        )
        for oid in oids
        for key in sorted(found.keys[oid])
    ]


async def _content_hits(
    repo_root: Path, found: Found, env: Mapping[str, str], timeout: float
) -> list[HistoryHit]:
    """File contents: introduced on a ref, else (unreachable) in a reflog-only commit."""
    oids = found.of_kind("blob")
    if not oids:
        return []
    on_refs = await _where_introduced(repo_root, oids, _ON_REFS, env, timeout)
    lost = [oid for oid in oids if oid not in on_refs.commits]
    in_reflogs = _Where()
    if lost:
        in_reflogs = await _where_introduced(repo_root, lost, _ONLY_IN_REFLOGS, env, timeout)
    kept = [oid for oid in oids if oid in on_refs.commits]
    return [
        *_hits_from(on_refs, kept, found, reachable=True),
        *_hits_from(in_reflogs, lost, found, reachable=False),
    ]


async def _commit_hits(
    repo_root: Path, found: Found, env: Mapping[str, str], timeout: float
) -> list[HistoryHit]:
    """Commit messages: the commit itself, reachable when some ref leads to it."""
    oids = found.of_kind("commit")
    if not oids:
        return []
    on_refs = set(await _lines(["rev-list", "--all"], repo_root, env, timeout))
    return [
        HistoryHit(key, oid, "commit", (oid[:SHORT_SHA],), (), oid in on_refs)
        for oid in oids
        for key in sorted(found.keys[oid])
    ]


async def _tag_hits(
    repo_root: Path, found: Found, env: Mapping[str, str], timeout: float
) -> list[HistoryHit]:
    """Annotated tag messages, with the refs that name the tag object."""
    oids = found.of_kind("tag")
    if not oids:
        return []
    refs: dict[str, list[str]] = {}
    args = ["for-each-ref", "--format=%(objectname) %(refname)"]
    for line in await _lines(args, repo_root, env, timeout):
        oid, _, ref = line.partition(" ")
        refs.setdefault(oid, []).append(ref)
    return [
        HistoryHit(key, oid, "tag", (), tuple(refs.get(oid, ())), oid in refs)
        for oid in oids
        for key in sorted(found.keys[oid])
    ]


async def _locate(
    repo_root: Path, found: Found, env: Mapping[str, str], timeout: float
) -> tuple[HistoryHit, ...]:
    hits = [
        *await _content_hits(repo_root, found, env, timeout),
        *await _commit_hits(repo_root, found, env, timeout),
        *await _tag_hits(repo_root, found, env, timeout),
    ]
    return tuple(sorted(hits, key=lambda hit: (hit.key, not hit.reachable, hit.object_id)))
