"""``required_keys``: required keys, placeholders and formats (the env validator)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from golive.messages import text
from golive.model import Check, CheckContext, ErrorType, Outcome

if TYPE_CHECKING:
    from golive.envfiles.finding import Finding


async def run(ctx: CheckContext) -> Outcome:
    from golive.envfiles.lint import Severity, find_example, finding_dict, read_example, validate

    profile = ctx.profile
    if profile.source is None:
        said = text("check.required_keys.not_parsed", ctx.lang)
        return Outcome.skip(said, reason="env.not_parsed")
    example_path = find_example(profile.env_file, profile.name)
    example = await asyncio.to_thread(read_example, example_path)
    required = ctx.settings.required_for(profile.name)
    # in a thread: 10,000 keys take a while, and network checks share this event loop
    findings = await asyncio.to_thread(
        validate, profile.source, profile.name, required, example=example
    )
    errors = [f for f in findings if f.severity == Severity.ERROR]
    warnings = [f for f in findings if f.severity == Severity.WARNING]
    details = {
        "required": required,
        "example": str(example_path) if example_path else None,
        "findings": [finding_dict(f, ctx.lang) for f in findings],
    }
    name = profile.env_file.name
    fix = f"golive env validate --env-file {profile.env_file} --lang {ctx.lang} --verbose"
    if errors:
        first = errors[0]
        return Outcome.fail(
            text(
                "check.required_keys.errors",
                ctx.lang,
                count=str(len(errors)),
                file=name,
                where=_where(first, ctx.lang),
                first=first.in_lang(ctx.lang),
            ),
            error_type=ErrorType.INVALID_KEY,
            reason=f"env.{first.code}",
            next_action=fix,
            details=details,
        )
    if warnings:
        return Outcome.warn(
            text(
                "check.required_keys.warnings",
                ctx.lang,
                count=str(len(warnings)),
                file=name,
                where=_where(warnings[0], ctx.lang),
                first=warnings[0].in_lang(ctx.lang),
            ),
            reason=f"env.{warnings[0].code}",
            next_action=fix,
            details=details,
        )
    passed = text("check.required_keys.passed", ctx.lang, count=str(len(required)))
    return Outcome.passed(passed, **details)


def _where(finding: Finding, lang: str) -> str:
    """The key a finding is about, else its line: the message alone does not name it."""
    if finding.key is not None:
        return finding.key
    return text("check.required_keys.at_line", lang, line=str(finding.line))


CHECK = Check(
    id="required_keys",
    title_key="check.required_keys.title",
    description_key="check.required_keys.description",
    run=run,
    local=True,
    imports=("psycopg", "redis.connection", "golive.envfiles.lint"),
    requires=("env_file",),
)
