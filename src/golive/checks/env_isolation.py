"""env_isolation: the profile is not mixed up with test venues, other env files or evidence.

The facts come from :mod:`golive.envfiles.isolation`; every row of :data:`RULES`
turns them into problems. The outcome carries the worst status, a message
listing every problem (most severe first) and details with each. Key names,
hosts and paths are reported, never a key's value.

In the live profile a base URL that is not its venue's production origin
(https, exact host, default port) is a FAIL ``env.non_production_host``
(``permission_denied``: the real keys would be sent to a host that has no
right to them) unless its host is listed under ``allowed_hosts`` in the
settings; paper and local_dev only WARN about an unknown host
(``env.non_production_base_url``), testnets and simulators being expected there.

The base-URL rows are the credential policy of :mod:`golive.envfiles.base_urls`
(``URL_RULES``: status, error type, profiles): the same judgement closes a venue's
gate, so golive sends nothing to a base URL this check FAILs (``engine/gate.py``).

Error types: a FAIL on a malformed or plain-http base URL (``env.insecure_base_url``,
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
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from golive import messages as hints
from golive.envfiles.base_urls import RULES_BY_REASON, url_findings
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
from golive.git.facts import git_env
from golive.model import Check, ErrorType, Outcome, Status

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from golive.model import CheckContext, JSONValue

Field = str | Callable[[str], str]
"""A message field: as is, or the words for a language (``lang -> text``)."""

ALL_PROFILES: frozenset[str] = frozenset(SIBLINGS)
OFF_PRODUCTION = "env.non_production_host"
OFF_PRODUCTION_MESSAGE: Mapping[HostKind, str] = {
    HostKind.TESTNET: "check.env_isolation.testnet_base_url",
    HostKind.LOOPBACK: "check.env_isolation.simulator_base_url",
    HostKind.OTHER: "check.env_isolation.non_production_base_url",
    HostKind.PRODUCTION: "check.env_isolation.non_production_base_url",
}
"""How a live base URL off the production origin is described, by the kind of its host."""
PATHS_IN_MESSAGE = 5
GIT_TIME_SHARE = 0.8
"""Git gets this share of the check's timeout, so a slow git cannot lose the other rules."""

BAD_URL_WHY: Mapping[BadUrl, str] = {
    BadUrl.SPACE: "check.env_isolation.url.space",
    BadUrl.UNPARSABLE: "check.env_isolation.url.unparsable",
    BadUrl.PORT: "check.env_isolation.url.port",
    BadUrl.SCHEME: "check.env_isolation.url.scheme",
    BadUrl.HOST: "check.env_isolation.url.host",
    BadUrl.PATH: "check.env_isolation.url.path",
}
"""Why a base URL is unusable (catalogue keys)."""


@dataclass(frozen=True)
class Hit:
    """One finding of a rule: what it names (details), its message fields, its names for hints."""

    subject: Mapping[str, JSONValue]
    fields: Mapping[str, Field]
    names: str
    message: str | None = None
    """A catalogue key that replaces the rule's own message for this hit."""


@dataclass(frozen=True)
class Rule:
    reason: str
    status: Status
    error_type: ErrorType | None
    profiles: frozenset[str]
    hits: Callable[[IsolationFacts], Iterable[Hit]]
    message: str


def _url_hit(url: BaseUrl, message: str | None = None) -> Hit:
    fields: dict[str, Field] = {
        "variable": url.variable,
        "host": url.host,
        "origin": url.origin,
        "venue": lambda lang: venue_name(url.venue, lang),
    }
    if url.bad is not None:
        why = BAD_URL_WHY[url.bad]
        fields["why"] = lambda lang: hints.text(why, lang)
    subject = {"variable": url.variable, "host": url.host, "production_origin": url.origin}
    return Hit(subject, fields, url.variable, message)


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


def _url_rule(reason: str, message: str) -> Rule:
    """A row of the credential policy (:data:`golive.envfiles.base_urls.URL_RULES`): its status and
    error type come from there, and its hits are the base URLs the policy finds breaking it
    in the profile (the gate on the venue's requests uses the same judgement)."""
    policy = RULES_BY_REASON[reason]

    def hits(facts: IsolationFacts) -> list[Hit]:
        return [
            _url_hit(url, OFF_PRODUCTION_MESSAGE[url.kind] if reason == OFF_PRODUCTION else None)
            for url in facts.base_urls
            if policy in url_findings(url, facts.profile)
        ]

    return Rule(reason, policy.status, policy.error_type, ALL_PROFILES, hits, message)


RULES: tuple[Rule, ...] = (
    _url_rule("env.bad_base_url", "check.env_isolation.bad_base_url"),
    _url_rule("env.insecure_base_url", "check.env_isolation.insecure_base_url"),
    Rule(
        "env.in_evidence_dir", Status.FAIL, ErrorType.UNKNOWN, ALL_PROFILES, _evidence_hits,
        "check.env_isolation.in_evidence_dir",
    ),
    Rule(
        "env.committed_elsewhere", Status.FAIL, ErrorType.UNKNOWN, ALL_PROFILES, _committed_hits,
        "check.env_isolation.committed_elsewhere",
    ),
    _url_rule(OFF_PRODUCTION, "check.env_isolation.non_production_base_url"),
    _url_rule("env.non_production_base_url", "check.env_isolation.non_production_base_url"),
    Rule(
        "env.shared_exchange_key", Status.WARN, None, ALL_PROFILES, _shared_hits,
        "check.env_isolation.shared_exchange_key",
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
    fields = {k: v if isinstance(v, str) else v(lang) for k, v in hit.fields.items()}
    return hints.text(hit.message or rule.message, lang, **fields)


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
        return {"error": hints.text(BAD_URL_WHY[url.bad], "en")}
    return {
        "scheme": url.scheme,
        "host": url.host,
        "kind": str(url.kind),
        "production_origin": url.production_origin,
        "allowed": url.allowed,
    }


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
    text = hints.text(
        "check.env_isolation.passed",
        lang,
        env=facts.env_file,
        urls=str(len(facts.base_urls)),
        siblings=str(compared),
        tracked=str(facts.repo.tracked),
    )
    allowed = [url for url in facts.base_urls if url.allowed and not url.production_origin]
    if not allowed:
        return text
    hosts = ", ".join(dict.fromkeys(url.host for url in allowed))
    variables = ", ".join(url.variable for url in allowed)
    note = hints.text("check.env_isolation.allowed_hosts", lang, variables=variables, hosts=hosts)
    return f"{text}; {note}"


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
        profile.name,
        profile.env_file,
        profile.values,
        ctx.settings.evidence_dir,
        ctx.cwd,
        frozenset(ctx.settings.allowed_hosts),
    )
    facts = await collect_facts(subject, git_env(os.environ), ctx.timeout * GIT_TIME_SHARE)
    return outcome(facts, ctx)


CHECK = Check(
    id="env_isolation",
    title_key="check.env_isolation.title",
    description_key="check.env_isolation.description",
    run=run,
    local=True,
    requires=("env_file",),
)
