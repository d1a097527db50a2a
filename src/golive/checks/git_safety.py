"""git_safety: the env file stays out of git, and none of its secrets ever got in.

Each sub-result is a row of :data:`RULES`, most severe first. A FAIL has no
API error behind it, so its ``error_type`` is ``unknown``; the ``reason``
(``git.in_history``, ``git.tracked``, ``git.not_ignored``) says what it is.
WARNs: ``git.missing``, ``git.not_a_repo``, ``git.error``, ``git.scan_failed``,
``git.file_mode``. The outcome carries the worst status, a message listing every
problem, and details with each. Key names are reported, never values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from golive.git.facts import GitError, GitFacts, HistoryHit, collect_facts, git_env
from golive.masking import DSN_KEYS, dsn_passwords, is_secret_key
from golive.model import Check, ErrorType, JSONValue, Outcome, Status

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from golive.masking import Redactor
    from golive.model import CheckContext

MIN_SECRET_LEN = 8
"""Shorter values would match by chance; they are not looked for."""
HITS_IN_MESSAGE = 5
GROUP_OTHER_BITS = 0o077

_SEVERITY = {Status.FAIL: 0, Status.WARN: 1, Status.PASS: 2, Status.SKIP: 3}


def secrets_to_scan(values: Mapping[str, str]) -> list[tuple[str, str]]:
    """(key name, secret) pairs to look for in history, by the redactor's own rules.

    Values of secret keys (``golive.masking.is_secret_key``), and the passwords
    inside ``POSTGRES_DSN`` / ``REDIS_URL`` as written and decoded.
    """
    pairs = [
        (key, secret)
        for key, value in sorted(values.items())
        for secret in (
            (value,) if is_secret_key(key) else dsn_passwords(value) if key in DSN_KEYS else ()
        )
    ]
    return [(key, secret) for key, secret in pairs if len(secret) >= MIN_SECRET_LEN]


@dataclass(frozen=True)
class Problem:
    reason: str
    status: Status
    message: str
    hint: str | None


@dataclass(frozen=True)
class _View:
    """What a rule's texts may name: the env file as given, and its path in the repo."""

    facts: GitFacts
    env: str

    @property
    def rel(self) -> str:
        return self.facts.path_in_repo or Path(self.env).name


@dataclass(frozen=True)
class _Rule:
    reason: str
    status: Status
    applies: Callable[[GitFacts], bool]
    message: Callable[[_View], str]
    hint: Callable[[_View], str | None]


def _in_repo(facts: GitFacts) -> bool:
    return facts.repo_root is not None


def _mode_text(mode: int | None) -> str | None:
    return None if mode is None else f"{mode:04o}"


RULES: tuple[_Rule, ...] = (
    _Rule(
        "git.in_history",
        Status.FAIL,
        lambda f: bool(f.history_hits),
        lambda v: "secrets in git history: " + _hits_text(v.facts.history_hits),
        lambda v: _history_hint(v.facts.history_hits),
    ),
    _Rule(
        "git.tracked",
        Status.FAIL,
        lambda f: f.tracked,
        lambda v: f"tracked by git as {v.rel}",
        lambda v: f"Run git rm --cached {v.rel}, add it to .gitignore, commit, rotate its keys.",
    ),
    _Rule(
        "git.not_ignored",
        Status.FAIL,
        lambda f: _in_repo(f) and not f.ignored,
        lambda v: (
            "not ignored by git"
            + (f" (re-included by {v.facts.ignore_rule})" if v.facts.ignore_rule else "")
        ),
        lambda v: f"Add {v.rel} to .gitignore.",
    ),
    _Rule(
        "git.missing",
        Status.WARN,
        lambda f: not f.git_available,
        lambda v: "git is not installed: tracking and history not checked",
        lambda v: "Install git (or put it on PATH) and run the check again.",
    ),
    _Rule(
        "git.not_a_repo",
        Status.WARN,
        lambda f: f.git_available and not _in_repo(f),
        lambda v: "not inside a git repository: tracking and history not checked",
        lambda v: None,
    ),
    _Rule(
        "git.scan_failed",
        Status.WARN,
        lambda f: f.scan_error is not None,
        lambda v: f"history not checked: {v.facts.scan_error}",
        lambda v: "Raise timeout_s in golive.toml, or run `golive git-safety` alone.",
    ),
    _Rule(
        "git.file_mode",
        Status.WARN,
        lambda f: f.mode is not None and bool(f.mode & GROUP_OTHER_BITS),
        lambda v: f"readable by group or others (mode {_mode_text(v.facts.mode)})",
        lambda v: f"chmod 600 {v.env}",
    ),
)


def _hit_text(hit: HistoryHit) -> str:
    commits = ", ".join(hit.commits)
    paths = ", ".join(hit.paths)
    where = {
        "blob": f"commit {commits} ({paths})",
        "commit": f"the message of commit {commits}",
        "tag": f"annotated tag {paths}",
    }.get(hit.kind, f"{hit.kind} {hit.object_id[:12]}")
    if not hit.reachable:
        where = f"an unreachable object {hit.object_id[:12]}, not on any ref (was {where})"
    return f"{hit.key} in {where}"


def _hits_text(hits: tuple[HistoryHit, ...]) -> str:
    shown = [_hit_text(hit) for hit in hits[:HITS_IN_MESSAGE]]
    more = len(hits) - HITS_IN_MESSAGE
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _history_hint(hits: tuple[HistoryHit, ...]) -> str:
    keys = ", ".join(sorted({hit.key for hit in hits}))
    hint = (
        f"Rotate {keys} at the exchange (or wherever each was issued) at once: rewriting "
        "git history is not enough once it has been pushed or cloned."
    )
    if any(not hit.reachable for hit in hits):
        hint += (
            " Then drop the unreachable copies: "
            "git reflog expire --expire=now --all && git gc --prune=now."
        )
    return hint


def problems(facts: GitFacts, env: str) -> list[Problem]:
    """Every rule that applies, most severe first (table order within a status)."""
    view = _View(facts, env)
    found = [
        Problem(rule.reason, rule.status, rule.message(view), rule.hint(view))
        for rule in RULES
        if rule.applies(facts)
    ]
    return sorted(found, key=lambda problem: _SEVERITY[problem.status])


def _hit_details(hit: HistoryHit) -> dict[str, JSONValue]:
    return {
        "key": hit.key,
        "object": hit.object_id,
        "kind": hit.kind,
        "commits": list(hit.commits),
        "paths": list(hit.paths),
        "reachable": hit.reachable,
    }


def details(
    facts: GitFacts, env: str, keys: list[str], found: list[Problem]
) -> dict[str, JSONValue]:
    scan = facts.scan
    return {
        "env_file": env,
        "git_available": facts.git_available,
        "repo_root": str(facts.repo_root) if facts.repo_root else None,
        "path_in_repo": facts.path_in_repo,
        "tracked": facts.tracked,
        "ignored": facts.ignored,
        "ignore_rule": facts.ignore_rule,
        "mode": _mode_text(facts.mode),
        "keys_scanned": keys,
        "objects_scanned": scan.objects_scanned if scan else 0,
        "bytes_scanned": scan.bytes_scanned if scan else 0,
        "scan_ms": round(scan.elapsed_s * 1000) if scan else None,
        "scan_error": facts.scan_error,
        "hits": [_hit_details(hit) for hit in facts.history_hits],
        "problems": [
            {"reason": p.reason, "status": str(p.status), "message": p.message, "hint": p.hint}
            for p in found
        ],
    }


def _redacted(value: JSONValue, redactor: Redactor) -> JSONValue:
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, list):
        return [_redacted(item, redactor) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item, redactor) for key, item in value.items()}
    return value


def _pass_message(facts: GitFacts, env: str, keys: list[str]) -> str:
    scanned = facts.scan.objects_scanned if facts.scan else 0
    history = (
        f"none of its {len(keys)} secret values in git history ({scanned} objects scanned)"
        if keys
        else "no secret values in it to look for in git history"
    )
    mode = f", mode {_mode_text(facts.mode)}" if facts.mode is not None else ""
    return f"{env}: untracked, ignored by {facts.ignore_rule}{mode}; {history}"


def outcome(facts: GitFacts, env: str, keys: list[str], redactor: Redactor) -> Outcome:
    """The check's result from the facts: worst status, every problem listed."""
    found = problems(facts, env)
    info = _redacted(details(facts, env, keys, found), redactor)
    if not found:
        return Outcome.passed(redactor.redact(_pass_message(facts, env, keys)), **info)
    worst = found[0]
    message = redactor.redact(f"{env}: " + "; ".join(p.message for p in found))
    hint = redactor.redact(" ".join(p.hint for p in found if p.hint)) or None
    if worst.status is Status.FAIL:
        return Outcome.fail(
            message, error_type=ErrorType.UNKNOWN, reason=worst.reason, hint=hint, details=info
        )
    return Outcome.warn(message, reason=worst.reason, hint=hint, details=info)


async def run(ctx: CheckContext) -> Outcome:
    env_file = ctx.profile.env_file
    path = env_file if env_file.is_absolute() else ctx.cwd / env_file
    secrets = secrets_to_scan(ctx.profile.values)
    keys = sorted({key for key, _ in secrets})
    try:
        facts = await collect_facts(
            path, secrets, git_env(os.environ), timeout=ctx.timeout, clock=ctx.clock.monotonic
        )
    except (GitError, TimeoutError) as exc:
        why = str(exc) or f"no answer within {ctx.timeout:g} s"
        message = ctx.redactor.redact(f"{env_file}: git failed: {why}")
        return Outcome.warn(message, reason="git.error", details={"env_file": str(env_file)})
    return outcome(facts, str(env_file), keys, ctx.redactor)


CHECK = Check(
    id="git_safety",
    title="Env file kept out of git",
    description=(
        "The env file is untracked, ignored and private (mode 600), and none of its "
        "secret values appears anywhere in the repository's history."
    ),
    run=run,
    local=True,
)
