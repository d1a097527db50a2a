"""git_safety: the env file stays out of git, and none of its secrets ever got in.

Each sub-result is a row of :data:`RULES`, most severe first. A FAIL has no
API error behind it, so its ``error_type`` is ``unknown``; the ``reason``
(``git.in_history``, ``git.tracked``, ``git.not_ignored``) says what it is.
WARNs: ``git.missing``, ``git.not_a_repo``, ``git.error``, ``git.scan_failed``,
``git.file_mode``. The outcome carries the worst status, a message listing every
problem, and details with each. Key names are reported, never values.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from golive.git.facts import GitError, GitFacts, HistoryHit, anchor, collect_facts, git_env
from golive.git.objectsearch import INFLATE_LIMIT
from golive.masking import DSN_KEYS, dsn_passwords, is_secret_key
from golive.messages import Joined, Message, message, text
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
    message: Callable[[_View], Message]
    hint: Callable[[_View], Message | Joined | None]


def _in_repo(facts: GitFacts) -> bool:
    return facts.repo_root is not None


def _mode_text(mode: int | None) -> str | None:
    return None if mode is None else f"{mode:04o}"


def _not_ignored(v: _View) -> Message:
    rule = v.facts.ignore_rule
    if rule:
        return message("check.git_safety.not_ignored_reincluded", rule=rule)
    return message("check.git_safety.not_ignored")


def _scan_failed(v: _View) -> Message:
    timeout = v.facts.scan_timeout_s
    if timeout is not None:
        return message("check.git_safety.scan_timeout", timeout=f"{timeout:g}")
    return message("check.git_safety.scan_failed", error=str(v.facts.scan_error))


RULES: tuple[_Rule, ...] = (
    _Rule(
        "git.in_history",
        Status.FAIL,
        lambda f: bool(f.history_hits),
        lambda v: message("check.git_safety.in_history", hits=_hits_text(v.facts.history_hits)),
        lambda v: _history_hint(v.facts.history_hits),
    ),
    _Rule(
        "git.tracked",
        Status.FAIL,
        lambda f: f.tracked,
        lambda v: message("check.git_safety.tracked", path=v.rel),
        lambda v: message("check.git_safety.hint.tracked", path=v.rel),
    ),
    _Rule(
        "git.not_ignored",
        Status.FAIL,
        lambda f: _in_repo(f) and not f.ignored,
        _not_ignored,
        lambda v: message("check.git_safety.hint.not_ignored", path=v.rel),
    ),
    _Rule(
        "git.missing",
        Status.WARN,
        lambda f: not f.git_available,
        lambda v: message("check.git_safety.missing"),
        lambda v: message("check.git_safety.hint.missing"),
    ),
    _Rule(
        "git.not_a_repo",
        Status.WARN,
        lambda f: f.git_available and not _in_repo(f),
        lambda v: message("check.git_safety.not_a_repo"),
        lambda v: None,
    ),
    _Rule(
        "git.scan_failed",
        Status.WARN,
        lambda f: f.scan_error is not None,
        _scan_failed,
        lambda v: message("check.git_safety.hint.scan_failed"),
    ),
    _Rule(
        "git.file_mode",
        Status.WARN,
        lambda f: f.mode is not None and bool(f.mode & GROUP_OTHER_BITS),
        lambda v: message("check.git_safety.file_mode", mode=str(_mode_text(v.facts.mode))),
        lambda v: message("check.git_safety.hint.file_mode", path=v.env),
    ),
)

HIT_PLACES = {
    "blob": "check.git_safety.hit.blob",
    "commit": "check.git_safety.hit.commit",
    "tag": "check.git_safety.hit.tag",
}
"""Where a secret was found, by the kind of git object holding it (catalogue keys)."""


def _hit_text(hit: HistoryHit) -> Message:
    commits, paths = ", ".join(hit.commits), ", ".join(hit.paths)
    short = hit.object_id[:12]
    place = HIT_PLACES.get(hit.kind, "check.git_safety.hit.other")
    where = message(place, commits=commits, paths=paths, kind=hit.kind, object=short)
    if not hit.reachable:
        where = message("check.git_safety.hit.unreachable", object=short, where=where)
    return message("check.git_safety.hit", name=hit.key, where=where)


def _hits_text(hits: tuple[HistoryHit, ...]) -> Message | Joined:
    shown = Joined(tuple(_hit_text(hit) for hit in hits[:HITS_IN_MESSAGE]))
    more = len(hits) - HITS_IN_MESSAGE
    return message("check.git_safety.hits_more", hits=shown, more=str(more)) if more > 0 else shown


def _history_hint(hits: tuple[HistoryHit, ...]) -> Message | Joined:
    keys = ", ".join(sorted({hit.key for hit in hits}))
    rotate = message("check.git_safety.hint.rotate", keys=keys)
    if any(not hit.reachable for hit in hits):
        return Joined((rotate, message("check.git_safety.hint.unreachable")), " ")
    return rotate


def problems(facts: GitFacts, env: str, lang: str = "en") -> list[Problem]:
    """Every rule that applies, most severe first (table order within a status)."""
    view = _View(facts, env)
    found = []
    for rule in RULES:
        if rule.applies(facts):
            hint = rule.hint(view)
            said = rule.message(view).render(lang)
            shown = None if hint is None else hint.render(lang)
            found.append(Problem(rule.reason, rule.status, said, shown))
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
        "compressed_not_inflated": scan.not_inflated if scan else 0,
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


def _pass_message(facts: GitFacts, env: str, keys: list[str], lang: str) -> str:
    scanned = str(facts.scan.objects_scanned if facts.scan else 0)
    history = (
        message("check.git_safety.history_clean", count=str(len(keys)), scanned=scanned)
        if keys
        else message("check.git_safety.history_nothing")
    )
    rule = str(facts.ignore_rule)
    if facts.mode is None:
        said = message("check.git_safety.passed", env=env, rule=rule, history=history)
    else:
        mode = str(_mode_text(facts.mode))
        said = message(
            "check.git_safety.passed_with_mode", env=env, rule=rule, mode=mode, history=history
        )
    return said.render(lang)


def outcome(
    facts: GitFacts, env: str, keys: list[str], redactor: Redactor, lang: str = "en"
) -> Outcome:
    """The check's result from the facts: worst status, every problem listed."""
    found = problems(facts, env, lang)
    info = _redacted(details(facts, env, keys, found), redactor)
    if not found:
        return Outcome.passed(redactor.redact(_pass_message(facts, env, keys, lang)), **info)
    worst = found[0]
    said = redactor.redact(f"{env}: " + "; ".join(p.message for p in found))
    hint = redactor.redact(" ".join(p.hint for p in found if p.hint)) or None
    if worst.status is Status.FAIL:
        return Outcome.fail(
            said, error_type=ErrorType.UNKNOWN, reason=worst.reason, hint=hint, details=info
        )
    return Outcome.warn(said, reason=worst.reason, hint=hint, details=info)


def _noted(result: Outcome, found: list[GitFacts], lang: str) -> Outcome:
    """Say so when a compressed blob was too large to inflate whole (searched that far)."""
    count = sum(facts.scan.not_inflated for facts in found if facts.scan)
    if not count:
        return result
    note = text("git.not_inflated", lang, count=str(count), limit=str(INFLATE_LIMIT >> 20))
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
    said = text("check.git_safety.symlink", lang, link=env_file, target=str(real))
    return replace(
        worst,
        message=f"{said}: {worst.message}",
        details={**link.details, "symlink_target": str(real), "target": dict(target.details)},
    )


async def run(ctx: CheckContext) -> Outcome:
    env_file = ctx.profile.env_file
    path = env_file if env_file.is_absolute() else ctx.cwd / env_file
    secrets = secrets_to_scan(ctx.profile.values)
    keys = sorted({key for key, _ in secrets})
    real = symlink_target(path)
    env = git_env(os.environ)
    clock = ctx.clock.monotonic
    try:
        found = await asyncio.gather(
            *(
                collect_facts(where, secrets, env, timeout=ctx.timeout, clock=clock)
                for where in (path, *([real] if real else []))
            )
        )
    except (GitError, TimeoutError) as exc:
        why = str(exc) or text("check.git_safety.no_answer", ctx.lang, timeout=f"{ctx.timeout:g}")
        said = text("check.git_safety.git_failed", ctx.lang, env=str(env_file), why=why)
        return Outcome.warn(
            ctx.redactor.redact(said), reason="git.error", details={"env_file": str(env_file)}
        )
    result = _noted(outcome(found[0], str(env_file), keys, ctx.redactor, ctx.lang), found, ctx.lang)
    if real is None:
        return result
    if found[1].repo_root is None:  # the target lives outside any repository: nothing to add
        return replace(result, details={**result.details, "symlink_target": str(real)})
    target = outcome(found[1], str(real), keys, ctx.redactor, ctx.lang)
    return with_target(result, target, str(env_file), real, ctx.lang)


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
