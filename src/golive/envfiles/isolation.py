"""Facts about how well a profile's env file is kept apart from other environments.

Everything here only reads: the profile's base-URL overrides (classified by
host against :data:`BASE_URL_VARIABLES` and :data:`TESTNET_HOSTS`), the env
files next to it (:data:`SIBLINGS`, compared by exchange-key value, never
shown), where it lies relative to the evidence directory, and which other env
files its git repository tracks. The ``env_isolation`` check judges them.

The one git call of its own (``git ls-files -z``) is an asyncio subprocess with
an explicit environment, ``stdin`` closed and a timeout; a cancelled or timed
out call kills git and reaps it before the exception goes on.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from enum import StrEnum
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from golive.envfiles.base_urls import (
    BASE_URL_VARIABLES,
    TESTNET_HOSTS,
    BadUrl,
    BaseUrl,
    BaseUrlVariable,
    HostKind,
    base_urls,
    host_kind,
    is_loopback,
    parse_base_url,
)
from golive.envfiles.formats import EXCHANGE_KEYS
from golive.envfiles.read import EnvFileError, read_env_file
from golive.git.facts import GitError, anchor, find_repo_root
from golive.git.proc import run_git

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "BASE_URL_VARIABLES",
    "SIBLINGS",
    "TESTNET_HOSTS",
    "BadUrl",
    "BaseUrl",
    "BaseUrlVariable",
    "HostKind",
    "IsolationFacts",
    "RepoFacts",
    "Sibling",
    "SiblingState",
    "Subject",
    "base_urls",
    "collect_facts",
    "host_kind",
    "is_loopback",
    "parse_base_url",
]


SIBLINGS: Mapping[str, tuple[str, ...]] = {
    "live": (".env.paper", ".env.local_dev"),
    "paper": (".env.live",),
    "local_dev": (".env.live",),
}
"""profile -> the env files next to its own that must not hold the same exchange keys."""
MIN_KEY_LEN = 8
"""Shorter values are no real exchange keys (placeholders): they are not compared."""

ENV_FILE_NAMES: tuple[str, ...] = (".env", ".env.*", "*.env")
TEMPLATE_SUFFIXES: tuple[str, ...] = (".example", ".sample", ".template")


class SiblingState(StrEnum):
    ABSENT = "absent"
    SAME_FILE = "same_file"
    UNREADABLE = "unreadable"
    COMPARED = "compared"


@dataclass(frozen=True)
class Sibling:
    """An env file next to the profile's; ``shared`` names the exchange keys both hold."""

    path: Path
    state: SiblingState
    shared: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class RepoFacts:
    """The env file's repository: its root, how many files it tracks, and which are env files."""

    root: Path | None = None
    tracked: int = 0
    env_files: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class IsolationFacts:
    profile: str
    env_file: str
    base_urls: tuple[BaseUrl, ...]
    siblings: tuple[Sibling, ...]
    evidence_dir: Path
    in_evidence_dir: bool
    repo: RepoFacts

    @property
    def notes(self) -> tuple[str, ...]:
        found = [s.note for s in self.siblings] + [self.repo.note]
        return tuple(note for note in found if note)


# -- sibling env files -------------------------------------------------------------


def shared_keys(mine: Mapping[str, str], theirs: Mapping[str, str]) -> tuple[str, ...]:
    """My exchange keys whose value is one of theirs (under any exchange key name)."""
    their_values = {theirs[key] for key in EXCHANGE_KEYS if key in theirs}
    return tuple(
        key
        for key in EXCHANGE_KEYS
        if len(mine.get(key, "")) >= MIN_KEY_LEN and mine[key] in their_values
    )


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def compare_sibling(path: Path, own: Path, values: Mapping[str, str]) -> Sibling:
    if not os.path.lexists(path):
        return Sibling(path, SiblingState.ABSENT)
    if _same_file(path, own):
        return Sibling(path, SiblingState.SAME_FILE)
    try:
        theirs = read_env_file(path, regular_only=True).values
    except EnvFileError as exc:
        return Sibling(path, SiblingState.UNREADABLE, note=f"not compared: {exc}")
    return Sibling(path, SiblingState.COMPARED, shared=shared_keys(values, theirs))


def siblings(profile: str, own: Path, values: Mapping[str, str]) -> tuple[Sibling, ...]:
    return tuple(
        compare_sibling(own.parent / name, own, values) for name in SIBLINGS.get(profile, ())
    )


# -- the evidence directory ----------------------------------------------------------


def evidence_path(evidence_dir: str, cwd: Path) -> Path:
    path = Path(evidence_dir)
    return Path(os.path.realpath(path if path.is_absolute() else cwd / path))


def in_evidence_dir(env_path: Path, evidence_dir: str, cwd: Path) -> bool:
    """Inside the resolved evidence directory, or under any folder of the same name."""
    name = Path(evidence_dir).name
    inside = env_path.is_relative_to(evidence_path(evidence_dir, cwd))
    return inside or (bool(name) and name in env_path.parent.parts)


# -- env files tracked by git ------------------------------------------------------


def looks_like_env_file(path_in_repo: str) -> bool:
    """``.env``, ``.env.*`` or ``*.env``, but not a ``*.example``/``*.sample``/``*.template``."""
    name = path_in_repo.rsplit("/", 1)[-1].lower()
    if name.endswith(TEMPLATE_SUFFIXES):
        return False
    return any(fnmatchcase(name, pattern) for pattern in ENV_FILE_NAMES)


async def tracked_paths(repo_root: Path, env: Mapping[str, str], timeout: float) -> list[str]:
    """Every path in the index (``git ls-files -z``), relative to ``repo_root``."""
    done = await run_git(["ls-files", "-z"], repo_root, env, timeout)
    if done.returncode != 0:
        raise done.error("git ls-files")
    return [name.decode(errors="replace") for name in done.stdout.split(b"\0") if name]


async def _repo_facts(env_path: Path, env: Mapping[str, str], timeout: float) -> RepoFacts:
    root = await find_repo_root(env_path, env, timeout)
    if root is None:
        return RepoFacts()
    own = os.path.relpath(env_path, root).replace(os.sep, "/")
    paths = await tracked_paths(root, env, timeout)
    found = tuple(p for p in paths if p != own and looks_like_env_file(p))
    return RepoFacts(root, len(paths), found)


async def repo_facts(env_path: Path, env: Mapping[str, str], timeout: float) -> RepoFacts:
    """Env files tracked in ``env_path``'s repository, itself excluded; a note if git failed.

    Outside a repository, or without git, there is nothing to say (git not
    installed is a note).
    """
    try:
        async with asyncio.timeout(timeout):
            return await _repo_facts(env_path, env, timeout)
    except TimeoutError:
        return RepoFacts(note=f"committed env files not checked: git took over {timeout:g} s")
    except GitError as exc:  # GitNotInstalledError included
        return RepoFacts(note=f"committed env files not checked: {exc}")


# -- all facts at once ----------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """What the facts are about: a profile, its env file and the run's settings."""

    profile: str
    env_file: Path
    values: Mapping[str, str]
    evidence_dir: str
    cwd: Path
    allowed_hosts: frozenset[str] = frozenset()


async def collect_facts(
    subject: Subject, git_environ: Mapping[str, str], timeout: float
) -> IsolationFacts:
    given = subject.env_file
    env_path = anchor(given if given.is_absolute() else subject.cwd / given)
    # file reads in a thread: the event loop (and the signal handlers on it) never waits on disk
    found = await asyncio.to_thread(siblings, subject.profile, env_path, subject.values)
    return IsolationFacts(
        profile=subject.profile,
        env_file=str(given),
        base_urls=base_urls(subject.values, subject.allowed_hosts),
        siblings=found,
        evidence_dir=evidence_path(subject.evidence_dir, subject.cwd),
        in_evidence_dir=in_evidence_dir(env_path, subject.evidence_dir, subject.cwd),
        repo=await repo_facts(env_path, git_environ, timeout),
    )
