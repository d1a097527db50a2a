"""env_isolation: the profile is not mixed up with test venues, other env files or evidence.

The facts come from :mod:`golive.envfiles.isolation`; every row of :data:`RULES`
turns them into problems. The outcome carries the worst status, a message
listing every problem (most severe first) and details with each. Key names,
hosts and paths are reported, never a key's value.

Error types: a FAIL on a base URL (``env.insecure_base_url``,
``env.bad_base_url``) is ``network_error``, the family of ``net.tls``: the
defect is in how the bot reaches the venue and is fixed in the connection
settings; no key, IP or exchange permission is wrong. An env file in the
evidence directory or another committed env file is ``unknown``, like
``git_safety``'s ``git.tracked``: no API error lies behind it, the reason says
what it is.

A group- or world-readable env file is ``git_safety``'s ``git.file_mode``
WARN, not repeated here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from golive import messages as hints
from golive.envfiles.isolation import (
    SIBLINGS,
    BadUrl,
    BaseUrl,
    HostKind,
    IsolationFacts,
    SiblingState,
    Subject,
    collect_facts,
)
from golive.errors import venue_name
from golive.exchanges.outcomes import in_lang
from golive.git.facts import git_env
from golive.model import Check, ErrorType, Outcome, Status

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from golive.model import CheckContext, JSONValue

Texts = tuple[str, str]
"""(English, Korean)."""

ALL_PROFILES: frozenset[str] = frozenset(SIBLINGS)
LIVE_ONLY: frozenset[str] = frozenset({"live"})
PATHS_IN_MESSAGE = 5
GIT_TIME_SHARE = 0.8
"""Git gets this share of the check's timeout, so a slow git cannot lose the other rules."""

BAD_URL_WHY: Mapping[BadUrl, Texts] = {
    BadUrl.SPACE: ("it holds whitespace or a control character", "공백이나 제어 문자가 있습니다"),
    BadUrl.UNPARSABLE: ("it does not parse as a URL", "URL로 해석되지 않습니다"),
    BadUrl.PORT: ("its port is not a number from 0 to 65535", "포트가 0~65535 숫자가 아닙니다"),
    BadUrl.SCHEME: ("it must start with https://", "https://로 시작해야 합니다"),
    BadUrl.HOST: ("it has no host", "호스트가 없습니다"),
}
PASSED: Texts = (
    "{env}: no environment mix-up ({urls} base-URL override(s), {siblings} sibling env "
    "file(s) compared, {tracked} tracked file(s) looked at)",
    "{env}: 환경 혼용 없음(base URL 재정의 {urls}개, 옆 env 파일 {siblings}개 비교, "
    "추적 파일 {tracked}개 확인)",
)


@dataclass(frozen=True)
class Hit:
    """One finding of a rule: what it names (details), its message fields, its names for hints."""

    subject: Mapping[str, JSONValue]
    fields: Mapping[str, str | Texts]
    names: str


@dataclass(frozen=True)
class Rule:
    reason: str
    status: Status
    error_type: ErrorType | None
    profiles: frozenset[str]
    hits: Callable[[IsolationFacts], Iterable[Hit]]
    message: Texts


def _url_hit(url: BaseUrl) -> Hit:
    fields: dict[str, str | Texts] = {
        "variable": url.variable,
        "host": url.host,
        "venue": (venue_name(url.venue, "en"), venue_name(url.venue, "ko")),
    }
    if url.bad is not None:
        fields["why"] = BAD_URL_WHY[url.bad]
    return Hit({"variable": url.variable, "host": url.host}, fields, url.variable)


def _urls_where(test: Callable[[BaseUrl], bool]) -> Callable[[IsolationFacts], list[Hit]]:
    return lambda facts: [_url_hit(url) for url in facts.base_urls if test(url)]


def _insecure(url: BaseUrl) -> bool:
    return url.bad is None and url.scheme == "http" and url.kind is not HostKind.LOOPBACK


def _of_kind(kind: HostKind) -> Callable[[BaseUrl], bool]:
    return lambda url: url.bad is None and url.kind is kind


def _shared_hits(facts: IsolationFacts) -> list[Hit]:
    return [
        Hit(
            {"path": str(s.path), "variables": list(s.shared)},
            {"keys": ", ".join(s.shared), "other": s.path.name},
            s.path.name,
        )
        for s in facts.siblings
        if s.shared
    ]


def _evidence_hits(facts: IsolationFacts) -> list[Hit]:
    if not facts.in_evidence_dir:
        return []
    where = str(facts.evidence_dir)
    subject = {"path": facts.env_file, "evidence_dir": where}
    return [Hit(subject, {"evidence": where}, facts.env_file)]


def _paths_text(paths: tuple[str, ...]) -> str:
    more = len(paths) - PATHS_IN_MESSAGE
    return ", ".join(paths[:PATHS_IN_MESSAGE]) + (f" (+{more})" if more > 0 else "")


def _committed_hits(facts: IsolationFacts) -> list[Hit]:
    paths = facts.repo.env_files
    if not paths:
        return []
    return [Hit({"paths": list(paths)}, {"paths": _paths_text(paths)}, _paths_text(paths))]


RULES: tuple[Rule, ...] = (
    Rule(
        "env.bad_base_url", Status.FAIL, ErrorType.NETWORK_ERROR, ALL_PROFILES,
        _urls_where(lambda url: url.bad is not None),
        ("{variable} is not a usable base URL: {why}",
         "{variable} 값이 올바른 base URL이 아닙니다: {why}"),
    ),
    Rule(
        "env.insecure_base_url", Status.FAIL, ErrorType.NETWORK_ERROR, ALL_PROFILES,
        _urls_where(_insecure),
        ("{variable} uses http:// to {host}: keys and signatures would cross the network "
         "in clear",
         "{variable} 값이 {host}에 http://로 접속합니다: 키와 서명이 평문으로 네트워크를 "
         "지나갑니다"),
    ),
    Rule(
        "env.in_evidence_dir", Status.FAIL, ErrorType.UNKNOWN, ALL_PROFILES, _evidence_hits,
        ("the env file is inside the evidence directory {evidence}",
         "env 파일이 증적 디렉터리({evidence}) 안에 있습니다"),
    ),
    Rule(
        "env.committed_elsewhere", Status.FAIL, ErrorType.UNKNOWN, ALL_PROFILES, _committed_hits,
        ("other env files are committed to git: {paths}",
         "다른 env 파일이 git에 커밋돼 있습니다: {paths}"),
    ),
    Rule(
        "env.testnet_base_url", Status.WARN, None, LIVE_ONLY,
        _urls_where(_of_kind(HostKind.TESTNET)),
        ("{variable} points at a testnet ({host})",
         "{variable} 값이 테스트넷({host})을 가리킵니다"),
    ),
    Rule(
        "env.simulator_base_url", Status.WARN, None, LIVE_ONLY,
        _urls_where(_of_kind(HostKind.LOOPBACK)),
        ("{variable} points at a local simulator ({host})",
         "{variable} 값이 로컬 시뮬레이터({host})를 가리킵니다"),
    ),
    Rule(
        "env.non_production_base_url", Status.WARN, None, LIVE_ONLY,
        _urls_where(_of_kind(HostKind.OTHER)),
        ("{variable} points at {host}: not a production host for {venue}",
         "{variable} 값이 가리키는 {host}는 {venue} 운영 호스트가 아닙니다"),
    ),
    Rule(
        "env.shared_exchange_key", Status.WARN, None, ALL_PROFILES, _shared_hits,
        ("{keys} same as in {other} next to it (a paper or dev run could trade with "
         "live keys)",
         "{keys} 값이 같은 폴더의 {other}와 같습니다(페이퍼/개발 실행이 라이브 키로 "
         "거래할 수 있음)"),
    ),
)  # fmt: skip
"""Every rule, FAILs first; within a status, table order is display order."""

_SEVERITY = {Status.FAIL: 0, Status.WARN: 1, Status.PASS: 2, Status.SKIP: 3}


@dataclass(frozen=True)
class Problem:
    rule: Rule
    hit: Hit
    message: str

    def details(self) -> dict[str, JSONValue]:
        head = {"rule": self.rule.reason, "status": str(self.rule.status)}
        return {**head, **self.hit.subject, "message": self.message}


def _message(rule: Rule, hit: Hit, lang: str) -> str:
    fields = {k: v if isinstance(v, str) else in_lang(v, lang) for k, v in hit.fields.items()}
    return hints.fill(in_lang(rule.message, lang), fields)


def problems(facts: IsolationFacts, lang: str) -> list[Problem]:
    """Every hit of every rule that applies to the profile, most severe first."""
    found = [
        Problem(rule, hit, _message(rule, hit, lang))
        for rule in RULES
        if facts.profile in rule.profiles
        for hit in rule.hits(facts)
    ]
    return sorted(found, key=lambda problem: _SEVERITY[problem.rule.status])


def guidance(found: list[Problem], lang: str) -> hints.HintText:
    """The catalogue's hint and next action for each reason found, in order, joined."""
    names: dict[str, list[str]] = {}
    for problem in found:
        names.setdefault(problem.rule.reason, []).append(problem.hit.names)
    texts = [
        hints.lookup(reason, lang, names=", ".join(dict.fromkeys(shown)))
        for reason, shown in names.items()
    ]
    return hints.HintText(
        hint=" ".join(t.hint for t in texts),
        next_action=" ".join(dict.fromkeys(t.next_action for t in texts)),
    )


def _url_details(url: BaseUrl) -> dict[str, JSONValue]:
    if url.bad is not None:
        return {"error": BAD_URL_WHY[url.bad][0]}
    return {"scheme": url.scheme, "host": url.host, "kind": str(url.kind)}


def details(facts: IsolationFacts, found: list[Problem]) -> dict[str, JSONValue]:
    return {
        "env_file": facts.env_file,
        "profile": facts.profile,
        "base_urls": {url.variable: _url_details(url) for url in facts.base_urls},
        "siblings": [{"path": str(s.path), "state": str(s.state)} for s in facts.siblings],
        "evidence_dir": str(facts.evidence_dir),
        "repo_root": str(facts.repo.root) if facts.repo.root else None,
        "committed_env_files": list(facts.repo.env_files),
        "notes": list(facts.notes),
        "problems": [problem.details() for problem in found],
    }


def _pass_message(facts: IsolationFacts, lang: str) -> str:
    compared = sum(s.state is SiblingState.COMPARED for s in facts.siblings)
    return in_lang(PASSED, lang).format(
        env=facts.env_file, urls=len(facts.base_urls), siblings=compared, tracked=facts.repo.tracked
    )


def outcome(facts: IsolationFacts, ctx: CheckContext) -> Outcome:
    """The worst status, every problem in the message; all text through the redactor."""
    found = problems(facts, ctx.lang)
    info = ctx.redactor.redact_obj(details(facts, found))
    if not found:
        return Outcome.passed(ctx.redactor.redact(_pass_message(facts, ctx.lang)), **info)
    message = ctx.redactor.redact(f"{facts.env_file}: " + "; ".join(p.message for p in found))
    text = guidance(found, ctx.lang)
    hint, action = ctx.redactor.redact(text.hint), ctx.redactor.redact(text.next_action)
    lead = found[0].rule
    if lead.status is Status.FAIL:
        return Outcome.fail(
            message,
            error_type=lead.error_type or ErrorType.UNKNOWN,
            reason=lead.reason,
            hint=hint,
            next_action=action,
            details=info,
        )
    return Outcome.warn(message, reason=lead.reason, hint=hint, next_action=action, details=info)


async def run(ctx: CheckContext) -> Outcome:
    profile = ctx.profile
    subject = Subject(
        profile.name, profile.env_file, profile.values, ctx.settings.evidence_dir, ctx.cwd
    )
    facts = await collect_facts(subject, git_env(os.environ), ctx.timeout * GIT_TIME_SHARE)
    return outcome(facts, ctx)


CHECK = Check(
    id="env_isolation",
    title="Environments kept apart",
    description=(
        "Live base URLs point at production over https, no exchange key is shared with "
        "the paper or dev env file, and no env file sits in the evidence directory or "
        "is committed elsewhere in the repository."
    ),
    run=run,
    requires=("env_file",),
)
