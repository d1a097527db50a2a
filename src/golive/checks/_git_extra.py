"""git_safety's helpers: details, history hits and the PASS line; masking; symlinked env files.

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


def mode_text(mode: int | None) -> str | None:
    return None if mode is None else f"{mode:04o}"


def pass_message(facts: GitFacts, env: str, keys: list[str], lang: str) -> str:
    """The PASS line: untracked, the ignore rule, the mode, what the history scan covered."""
    scanned = facts.scan.objects_scanned if facts.scan else 0
    history = (
        messages.text(
            "check.git_safety.passed_history", lang, count=str(len(keys)), objects=str(scanned)
        )
        if keys
        else messages.text("check.git_safety.passed_nothing", lang)
    )
    return messages.text(
        "check.git_safety.passed",
        lang,
        env=env,
        rule=facts.ignore_rule or "",
        mode=mode_text(facts.mode) or "?",
        history=history,
    )


def details(
    facts: GitFacts, env: str, keys: list[str], problems: list[JSONValue], staged_only: bool
) -> dict[str, JSONValue]:
    """What ``result.json`` records of the check: the facts, every hit, every problem."""
    scan = facts.scan
    return {
        "env_file": env,
        "git_available": facts.git_available,
        "repo_root": str(facts.repo_root) if facts.repo_root else None,
        "path_in_repo": facts.path_in_repo,
        "tracked": facts.tracked,
        "ignored": facts.ignored,
        "ignore_rule": facts.ignore_rule,
        "mode": mode_text(facts.mode),
        "keys_scanned": keys,
        "objects_scanned": scan.objects_scanned if scan else 0,
        "bytes_scanned": scan.bytes_scanned if scan else 0,
        "scan_ms": round(scan.elapsed_s * 1000) if scan else None,
        "scan_error": facts.scan_error,
        "compressed_not_inflated": scan.not_inflated if scan else 0,
        "hits": [hit_details(hit) for hit in facts.history_hits],
        "staged_only": staged_only,
        "problems": problems,
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


ISSUERS: tuple[tuple[str, str], ...] = (
    ("BINANCE_", "check.git_safety.issuer.binance"),
    ("UPBIT_", "check.git_safety.issuer.upbit"),
    ("TELEGRAM_", "check.git_safety.issuer.telegram"),
    ("POSTGRES_", "check.git_safety.issuer.postgres"),
    ("REDIS_", "check.git_safety.issuer.redis"),
)
"""Where a secret key is rotated, by its name's prefix; any other key: its own issuer."""


def issuers(keys: list[str], lang: str) -> str:
    """The places that issued ``keys`` (only those), in :data:`ISSUERS` order."""
    places = [
        messages.text(key, lang)
        for prefix, key in ISSUERS
        if any(name.startswith(prefix) for name in keys)
    ]
    others = [name for name in keys if not name.startswith(tuple(p for p, _ in ISSUERS))]
    if others or not places:
        names = ", ".join(others) or messages.text("check.git_safety.issuer.them", lang)
        places.append(messages.text("check.git_safety.issuer.other", lang, names=names))
    return ", ".join(places)
