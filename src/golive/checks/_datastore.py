"""What the datastore checks (``postgres``, ``redis``) share.

Loopback detection for the TLS policy, passing every outgoing string through
the context's redactor, the one way a list of warning reasons becomes PASS or
WARN, and the one way an expected exception becomes a classified FAIL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from golive import messages as hints
from golive.errors import classify_exception
from golive.hosts import is_loopback_host
from golive.model import ErrorType, JSONValue, Outcome

if TYPE_CHECKING:
    from golive.model import CheckContext

Clean = Callable[[str], str]


def is_loopback(host: str) -> bool:
    """Loopback names and addresses, and Unix sockets (an empty host or a socket path)."""
    return not host or host.startswith("/") or is_loopback_host(host)


def cleaned(value: JSONValue, clean: Clean) -> JSONValue:
    """Every string inside a JSON-like value passed through ``clean``."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, Mapping):
        return {k: cleaned(v, clean) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [cleaned(v, clean) for v in value]
    return value


def redacted(outcome: Outcome, ctx: CheckContext) -> Outcome:
    """The outcome with every text and every detail string through ``ctx.redactor``."""
    clean = ctx.redactor.redact

    def text(value: str | None) -> str | None:
        return None if value is None else clean(value)

    return replace(
        outcome,
        message=clean(outcome.message),
        hint=text(outcome.hint),
        next_action=text(outcome.next_action),
        details=cleaned(dict(outcome.details), clean),
    )


def texts_for(ctx: CheckContext, reason: str, details: Mapping[str, JSONValue]) -> hints.HintText:
    """The catalogue's hint and next action for ``reason``, in ``ctx.lang``, details filled in."""
    return hints.lookup(reason, ctx.lang, **{k: str(v) for k, v in details.items()})


def summary(ctx: CheckContext, service: str, details: Mapping[str, JSONValue]) -> str:
    """``PostgreSQL 16.2 at host:5432/db, round trip 0.4 ms``, in ``ctx.lang``."""
    return hints.text(
        "check.datastore.summary",
        ctx.lang,
        service=service,
        version=str(details["server_version"]),
        target=target_text(details, ctx.lang),
        rtt=str(details["rtt_ms"]),
    )


def not_set(ctx: CheckContext, key: str) -> str:
    return hints.text("check.datastore.not_set", ctx.lang, key=key)


def warn_or_pass(
    ctx: CheckContext, message: str, reasons: Sequence[str], details: Mapping[str, JSONValue]
) -> Outcome:
    """PASS without reasons; else one WARN whose message lists every reason's hint."""
    if not reasons:
        return Outcome.passed(message, **details, warnings=[])
    texts = [texts_for(ctx, reason, details) for reason in reasons]
    found = [
        {"reason": reason, "hint": t.hint, "next_action": t.next_action}
        for reason, t in zip(reasons, texts, strict=True)
    ]
    said = hints.text(
        "check.datastore.warnings",
        ctx.lang,
        summary=message,
        count=str(len(reasons)),
        hints="; ".join(t.hint for t in texts),
    )
    return Outcome.warn(
        said,
        reason=reasons[0],
        hint="\n".join(t.hint for t in texts),
        next_action="\n".join(t.next_action for t in texts),
        details={**details, "warnings": found},
    )


def bad_format(ctx: CheckContext, key: str, problem: hints.Message | None) -> Outcome | None:
    """FAIL ``env.bad_format``: a value its client cannot use (``env validate`` says so too)."""
    if problem is None:
        return None
    text = hints.lookup("env.bad_format", ctx.lang)
    return Outcome.fail(
        hints.text("setting.bad_format", ctx.lang, name=key, problem=problem.render(ctx.lang)),
        error_type=ErrorType.INVALID_KEY,
        reason="env.bad_format",
        hint=text.hint,
        next_action=text.next_action,
    )


def failure(
    ctx: CheckContext, service: str, exc: BaseException, details: Mapping[str, JSONValue]
) -> Outcome:
    """An expected exception as a FAIL, classified by :func:`golive.errors.classify_exception`."""
    c = classify_exception(exc, lang=ctx.lang)
    detail = c.detail or _first_line(exc)
    said = f"{service}: {detail}"
    if "host" in details:
        target = target_text(details, ctx.lang)
        said = hints.text(
            "check.datastore.failed", ctx.lang, service=service, target=target, detail=detail
        )
    return Outcome.fail(
        said,
        error_type=c.error_type,
        reason=c.reason,
        hint=c.hint,
        next_action=c.next_action,
        details={**details, "error": type(exc).__name__},
    )


def target_text(details: Mapping[str, JSONValue], lang: str) -> str:
    """``host:port/database`` from the details (the local socket when there is no host)."""
    port = details.get("port")
    database = details.get("database")
    where = str(details.get("host") or hints.text("check.datastore.local_socket", lang))
    where += "" if port is None else f":{port}"
    return where + ("" if database in (None, "") else f"/{database}")


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
