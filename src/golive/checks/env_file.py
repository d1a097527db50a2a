"""``env_file``: the profile's env file exists, is readable and parses."""

from __future__ import annotations

from golive.messages import text
from golive.model import Check, CheckContext, ErrorType, Outcome


async def run(ctx: CheckContext) -> Outcome:
    profile = ctx.profile
    source = profile.source
    details = {
        "path": str(profile.env_file),
        "profile": profile.name,
        "keys": len(profile.values),
    }
    if not profile.values:
        return Outcome.fail(
            text("check.env_file.empty", ctx.lang, path=str(profile.env_file)),
            error_type=ErrorType.INVALID_KEY,
            reason="env.empty_file",
            details=details,
        )
    message = text(
        "check.env_file.loaded",
        ctx.lang,
        path=str(profile.env_file),
        count=str(len(profile.values)),
    )
    if source is not None:
        details["malformed_lines"] = [m.line for m in source.malformed]
        details["utf8_bom"] = source.had_bom
        details["crlf"] = source.crlf
        if source.malformed:
            lines = ", ".join(str(m.line) for m in source.malformed)
            said = text("check.env_file.malformed", ctx.lang, summary=message, lines=lines)
            return Outcome.warn(said, reason="env.malformed", details=details)
    return Outcome.passed(message, **details)


CHECK = Check(
    id="env_file",
    title_key="check.env_file.title",
    description_key="check.env_file.description",
    run=run,
    local=True,
)
