"""git_safety's helpers: history-hit and details rendering, masking, symlinked env files.

Kept apart from :mod:`golive.checks.git_safety` (its rules, texts and verdict) so
that module stays one idea; nothing here decides a status.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from golive import messages
from golive.git.facts import GitFacts, HistoryHit, anchor
from golive.git.objectsearch import INFLATE_LIMIT
from golive.model import JSONValue, Outcome, Status

if TYPE_CHECKING:
    from golive.masking import Redactor

_SEVERITY = {Status.FAIL: 0, Status.WARN: 1, Status.PASS: 2, Status.SKIP: 3}


def hit_details(hit: HistoryHit) -> dict[str, JSONValue]:
    return {
        "key": hit.key,
        "object": hit.object_id,
        "kind": hit.kind,
        "commits": list(hit.commits),
        "paths": list(hit.paths),
        "reachable": hit.reachable,
    }


def redacted(value: JSONValue, redactor: Redactor) -> JSONValue:
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, list):
        return [redacted(item, redactor) for item in value]
    if isinstance(value, dict):
        return {key: redacted(item, redactor) for key, item in value.items()}
    return value


def noted(result: Outcome, found: list[GitFacts], lang: str) -> Outcome:
    """Say so when a compressed blob was too large to inflate whole (searched that far)."""
    count = sum(facts.scan.not_inflated for facts in found if facts.scan)
    if not count:
        return result
    note = messages.text("git.not_inflated", lang, count=str(count), limit=str(INFLATE_LIMIT >> 20))
    return replace(result, message=f"{result.message}; {note}")


def symlink_target(path: Path) -> Path | None:
    """Where ``path`` really is when it is a symbolic link (``.env.live`` ->
    ``../secrets/live.env``), else None: that file's own repository is checked too."""
    real = Path(os.path.realpath(path))
    return real if real != anchor(path) else None


def _worst(one: Outcome, other: Outcome) -> Outcome:
    return other if _SEVERITY[other.status] < _SEVERITY[one.status] else one


def with_target(link: Outcome, target: Outcome, env_file: str, real: Path, lang: str) -> Outcome:
    """One outcome for a symlinked env file: the worse of the link's and the target's, and
    both paths in the message and the details."""
    worst = _worst(link, target)
    said = messages.text("check.git_safety.symlink", lang, link=env_file, target=str(real))
    return replace(
        worst,
        message=f"{said}: {worst.message}",
        details={**link.details, "symlink_target": str(real), "target": dict(target.details)},
    )
