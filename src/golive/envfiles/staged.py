"""What a commit is about to add: env files, and files holding a secret of the local env files.

The ``golive-git-safety`` pre-commit hook hands ``golive git-safety --staged``
the staged paths. pre-commit stashes unstaged changes before a hook runs, so a
staged file's content is what the working tree holds then. A path named like an
env file (``.env``, ``.env.*``, ``*.env``; templates such as ``.env.live.example``
excepted) blocks the commit; so does any file holding a secret value (in any of
the encoded forms the redactor knows) of the env files beside the repository
root. Only key names are reported, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from golive.envfiles.isolation import looks_like_env_file

if TYPE_CHECKING:
    from collections.abc import Sequence

    from golive.masking import Redactor

MAX_SCANNED_BYTES = 5_000_000
"""Larger staged files are read up to this size (a secret is a short line near anything)."""


class StagedProblem(StrEnum):
    ENV_FILE = "env_file"
    SECRET = "secret"  # noqa: S105 - a kind of finding, not a password


@dataclass(frozen=True)
class StagedFinding:
    path: str
    problem: StagedProblem
    key: str = ""
    source: str = ""
    """The env file the secret's key comes from (for ``SECRET``)."""


@dataclass(frozen=True)
class LocalSecrets:
    """The secrets of one local env file, as a redactor (which finds every encoded form)."""

    env_file: Path
    redactor: Redactor


def local_env_files(root: Path) -> list[Path]:
    """The env files directly in ``root`` (templates excepted), sorted."""
    return sorted(p for p in root.iterdir() if p.is_file() and looks_like_env_file(p.name))


def load_local_secrets(files: Sequence[Path]) -> list[LocalSecrets]:
    """Each readable env file's secrets; an unreadable one is skipped (env validate reports it)."""
    from golive.envfiles.read import EnvFileError, read_env_file
    from golive.masking import Redactor

    found = []
    for path in files:
        try:
            values = read_env_file(path).values
        except EnvFileError:
            continue
        redactor = Redactor.from_values(values)
        if len(redactor):
            found.append(LocalSecrets(path, redactor))
    return found


def _read(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_SCANNED_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None


def _same(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def scan_staged(paths: Sequence[Path], secrets: Sequence[LocalSecrets]) -> list[StagedFinding]:
    """Every staged path that is an env file or holds one of ``secrets``, in the given order."""
    findings: list[StagedFinding] = []
    for path in paths:
        shown = str(path)
        if looks_like_env_file(path.as_posix()):
            findings.append(StagedFinding(shown, StagedProblem.ENV_FILE))
            continue
        text = _read(path)
        if not text:
            continue
        for local in secrets:
            if _same(path, local.env_file):
                continue
            for key in local.redactor.leaks(text):
                findings.append(
                    StagedFinding(shown, StagedProblem.SECRET, key, local.env_file.name)
                )
    return findings
