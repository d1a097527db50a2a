"""git_safety: the env file stays out of git, and none of its secrets ever got in.

Each sub-result is a row of :data:`RULES`, most severe first. A secret file that
git holds (``git.tracked``: committed, ``git.staged``: only in the index), a
secret in history (``git.in_history``), an env file git does not ignore
(``git.not_ignored``) and, in the live profile, an env file group or others can
read (``git.file_mode``; a WARN in paper and local_dev) are FAIL
``permission_denied``: someone who must not read the secrets can. WARNs:
``git.missing``, ``git.not_a_repo``, ``git.error``, ``git.scan_failed``.

The outcome carries the worst status, a message listing every problem (the
first five history hits, then the count: every hit is in the details), the
catalogue's hint for each reason, and one numbered list of fixes in working
order (:data:`STEP_ORDER`). Key names are reported, never values.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from golive import messages
from golive.checks import _git_extra as extra
from golive.defaults import readable_by_others
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
    error_type: ErrorType | None
    message: str
    hint_key: str
    """The catalogue text that says why: the reason's hint, or a narrower sentence."""

    def row(self) -> JSONValue:
        return {"reason": self.reason, "status": str(self.status), "message": self.message}


@dataclass(frozen=True)
class _View:
    """What a rule's texts may name: the env file as given, its path in the repo, the facts."""

    facts: GitFacts
    env: str
    lang: str

    @property
    def rel(self) -> str:
        return self.facts.path_in_repo or Path(self.env).name

    def text(self, message_key: str, **fields: str) -> str:
        return messages.text(message_key, self.lang, **fields)


@dataclass(frozen=True)
class _Rule:
    reason: str
    status: Status
    """Its status in paper and local_dev."""
    live_status: Status
    error_type: ErrorType | None
    applies: Callable[[GitFacts], bool]
    message: Callable[[_View], str]
    steps: Callable[[GitFacts], tuple[str, ...]]
    hint_key: Callable[[GitFacts], str] | None = None
    """Why, when the reason's own hint would say too much (default: the reason's hint)."""


def _in_repo(facts: GitFacts) -> bool:
    return facts.repo_root is not None


def _staged_only(facts: GitFacts) -> bool:
    return facts.tracked and not facts.committed


def _loose(hit: HistoryHit) -> bool:
    """A copy no commit ever held: a staged (or once staged) blob, not history."""
    return not hit.reachable and not hit.commits


def history_hits(facts: GitFacts) -> tuple[HistoryHit, ...]:
    """The secrets found in history; a staged file's own index copy is ``git.staged``'s."""
    if _staged_only(facts):
        return tuple(hit for hit in facts.history_hits if not _loose(hit))
    return facts.history_hits


def _never_committed(facts: GitFacts) -> bool:
    """Every secret found lies in copies no commit ever held (staged once, then unstaged)."""
    return all(_loose(hit) for hit in history_hits(facts))


def _history_steps(facts: GitFacts) -> tuple[str, ...]:
    hits = history_hits(facts)
    steps: tuple[str, ...] = ("rotate", "filter_repo") if any(h.commits for h in hits) else ()
    steps += ("gc",) if any(not hit.reachable for hit in hits) else ()
    return steps + (("rotate_if_copied",) if _never_committed(facts) else ())


def _history_hint(facts: GitFacts) -> str:
    return "check.git_safety.why_loose" if _never_committed(facts) else "git.in_history"


def _not_ignored_text(v: _View) -> str:
    rule = v.facts.ignore_rule
    if rule:
        return v.text("check.git_safety.not_ignored_rule", rule=rule)
    return v.text("check.git_safety.not_ignored")


def _scan_failed_text(v: _View) -> str:
    timeout = v.facts.scan_timeout_s
    if timeout is not None:
        return v.text("check.git_safety.scan_timeout", timeout=f"{timeout:g}")
    return v.text("check.git_safety.scan_failed", error=v.facts.scan_error or "")


FAIL, WARN, DENIED = Status.FAIL, Status.WARN, ErrorType.PERMISSION_DENIED
RULES: tuple[_Rule, ...] = (
    _Rule(
        "git.in_history", FAIL, FAIL, DENIED, lambda f: bool(history_hits(f)),
        lambda v: v.text("check.git_safety.in_history", hits=_hits_text(history_hits(v.facts), v)),
        _history_steps, _history_hint,
    ),
    _Rule(
        "git.tracked", FAIL, FAIL, DENIED, lambda f: f.tracked and f.committed,
        lambda v: v.text("check.git_safety.tracked", rel=v.rel),
        lambda f: ("rm_cached", "commit", "ignore", "rotate", "filter_repo"),
    ),
    _Rule(
        "git.staged", FAIL, FAIL, DENIED, _staged_only,
        lambda v: v.text("check.git_safety.staged", rel=v.rel),
        lambda f: ("rm_cached", "ignore", "gc", "rotate_if_copied"),
    ),
    _Rule(
        "git.not_ignored", FAIL, FAIL, DENIED, lambda f: _in_repo(f) and not f.ignored,
        _not_ignored_text, lambda f: ("ignore",),
    ),
    _Rule(
        "git.file_mode", WARN, FAIL, DENIED,
        lambda f: readable_by_others(f.mode),
        lambda v: v.text("check.git_safety.file_mode", mode=extra.mode_text(v.facts.mode) or "?"),
        lambda f: ("chmod",),
    ),
    _Rule(
        "git.missing", WARN, WARN, None, lambda f: not f.git_available,
        lambda v: v.text("check.git_safety.missing"), lambda f: ("install_git",),
    ),
    _Rule(
        "git.not_a_repo", WARN, WARN, None, lambda f: f.git_available and not _in_repo(f),
        lambda v: v.text("check.git_safety.not_a_repo"), lambda f: ("in_repo",),
    ),
    _Rule(
        "git.scan_failed", WARN, WARN, None, lambda f: f.scan_error is not None,
        _scan_failed_text,
        lambda f: ("raise_timeout",),
    ),
)  # fmt: skip
"""Every rule; a secret file that git holds or others can read is ``permission_denied``."""

STEP_ORDER: tuple[str, ...] = (
    "rm_cached",
    "commit",
    "ignore",
    "chmod",
    "rotate",
    "filter_repo",
    "gc",
    "rotate_if_copied",
    "install_git",
    "in_repo",
    "raise_timeout",
)
"""The fixes in working order: stop tracking, ignore, then rotate, then clean the history
(a copy no commit held: clean it, then rotate only if others could read it)."""
STEP_KEYS: Mapping[str, str] = {
    "rm_cached": "check.git_safety.step.rm_cached",
    "commit": "check.git_safety.step.commit",
    "ignore": "check.git_safety.step.ignore",
    "chmod": "check.git_safety.step.chmod",
    "rotate": "check.git_safety.step.rotate",
    "filter_repo": "check.git_safety.step.filter_repo",
    "gc": "check.git_safety.step.gc",
    "rotate_if_copied": "check.git_safety.step.rotate_if_copied",
    "install_git": "check.git_safety.step.install_git",
    "in_repo": "check.git_safety.step.in_repo",
    "raise_timeout": "check.git_safety.step.raise_timeout",
}
WHERE_KEYS: Mapping[str, str] = {
    "blob": "check.git_safety.where.blob",
    "commit": "check.git_safety.where.commit",
    "tag": "check.git_safety.where.tag",
}


def _where(hit: HistoryHit, v: _View) -> str:
    commits, paths = ", ".join(hit.commits), ", ".join(hit.paths)
    if _loose(hit):
        return v.text("check.git_safety.where.loose", object=hit.object_id[:12])
    key = WHERE_KEYS.get(hit.kind, "check.git_safety.where.object")
    where = v.text(key, commits=commits, paths=paths, object=hit.object_id[:12])
    if hit.reachable:
        return where
    return v.text("check.git_safety.where.unreachable", object=hit.object_id[:12], where=where)


def _hits_text(hits: tuple[HistoryHit, ...], v: _View) -> str:
    shown = [
        v.text("check.git_safety.hit", name=hit.key, where=_where(hit, v))
        for hit in hits[:HITS_IN_MESSAGE]
    ]
    more = len(hits) - HITS_IN_MESSAGE
    if more > 0:
        shown.append(v.text("check.git_safety.more", count=str(more)))
    return "; ".join(shown)


def _status(rule: _Rule, profile: str) -> Status:
    return rule.live_status if profile == "live" else rule.status


def problems(facts: GitFacts, env: str, lang: str = "en", profile: str = "live") -> list[Problem]:
    """Every rule that applies, most severe first (table order within a status)."""
    view = _View(facts, env, lang)
    found = [
        Problem(
            rule.reason,
            _status(rule, profile),
            rule.error_type,
            rule.message(view),
            rule.hint_key(facts) if rule.hint_key else rule.reason,
        )
        for rule in RULES
        if rule.applies(facts)
    ]
    return sorted(found, key=lambda problem: _SEVERITY[problem.status])


def steps(facts: GitFacts, found: list[Problem], env: str, keys: list[str], lang: str) -> str:
    """The numbered fixes of every problem found, each once, in :data:`STEP_ORDER`."""
    view = _View(facts, env, lang)
    reasons = {problem.reason for problem in found}
    wanted = {step for rule in RULES if rule.reason in reasons for step in rule.steps(facts)}
    if "rotate" in wanted:  # some secret was committed: rotate, whoever could read the rest
        wanted.discard("rotate_if_copied")
    hits = history_hits(facts)
    hit_paths = sorted({path for hit in hits for path in hit.paths if hit.commits})
    exposed = keys if facts.committed or not hits else sorted({hit.key for hit in hits})
    fields = {
        "rel": view.rel,
        "env": env,
        "keys": ", ".join(exposed) or view.rel,
        "issuers": extra.issuers(exposed, lang),
        "paths": " --path ".join(hit_paths or [view.rel]),
    }
    ordered = [step for step in STEP_ORDER if step in wanted]
    return " ".join(
        f"{number}. {view.text(STEP_KEYS[step], **fields)}"
        for number, step in enumerate(ordered, start=1)
    )


def why(found: list[Problem], env: str, lang: str) -> str:
    """The catalogue's hint of each problem found, in order."""
    return " ".join(messages.text(p.hint_key, lang, path=env) for p in found)


@dataclass(frozen=True)
class Judged:
    """Who is judged and how the words come out."""

    env: str
    keys: list[str]
    profile: str = "live"
    lang: str = "en"


def outcome(facts: GitFacts, judged: Judged, redactor: Redactor) -> Outcome:
    """The check's result from the facts: worst status, every problem listed, steps in order."""
    env, keys, lang = judged.env, judged.keys, judged.lang
    found = problems(facts, env, lang, judged.profile)
    rows: list[JSONValue] = [p.row() for p in found]
    info = extra.redacted(extra.details(facts, env, keys, rows, _staged_only(facts)), redactor)
    hidden = len(history_hits(facts)) - HITS_IN_MESSAGE
    if hidden > 0:  # the message names the first few: the console says where the rest are
        info["more_not_shown"] = hidden
    if not found:
        return Outcome.passed(redactor.redact(extra.pass_message(facts, env, keys, lang)), **info)
    worst = found[0]
    message = redactor.redact(f"{env}: " + "; ".join(p.message for p in found))
    hint = redactor.redact(why(found, env, lang)) or None
    action = redactor.redact(steps(facts, found, env, keys, lang)) or None
    if worst.status is Status.FAIL:
        return Outcome.fail(
            message,
            error_type=worst.error_type or ErrorType.UNKNOWN,
            reason=worst.reason,
            hint=hint,
            next_action=action,
            details=info,
        )
    return Outcome.warn(message, reason=worst.reason, hint=hint, next_action=action, details=info)


async def run(ctx: CheckContext) -> Outcome:
    env_file = ctx.profile.env_file
    path = env_file if env_file.is_absolute() else ctx.cwd / env_file
    secrets = secrets_to_scan(ctx.profile.values)
    keys = sorted({key for key, _ in secrets})
    real = extra.symlink_target(path)
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
        timeout = f"{ctx.timeout:g}"
        why = str(exc) or messages.text("check.git_safety.no_answer", ctx.lang, timeout=timeout)
        said = messages.text("check.git_safety.git_failed", ctx.lang, env=str(env_file), why=why)
        return Outcome.warn(
            ctx.redactor.redact(said), reason="git.error", details={"env_file": str(env_file)}
        )
    judged = Judged(str(env_file), keys, ctx.profile.name, ctx.lang)
    result = extra.noted(outcome(found[0], judged, ctx.redactor), found, ctx.lang)
    if real is None:
        return result
    if found[1].repo_root is None:  # the target lives outside any repository: nothing to add
        return replace(result, details={**result.details, "symlink_target": str(real)})
    target = outcome(found[1], replace(judged, env=str(real)), ctx.redactor)
    return extra.with_target(result, target, str(env_file), real, ctx.lang)


CHECK = Check(
    id="git_safety",
    title_key="check.git_safety.title",
    description_key="check.git_safety.description",
    run=run,
    local=True,
)
