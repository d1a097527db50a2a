"""``required_keys``: required keys, placeholders and formats (the env validator)."""

from __future__ import annotations

from golive.model import Check, CheckContext, ErrorType, Outcome


async def run(ctx: CheckContext) -> Outcome:
    from golive.envfiles.lint import Severity, find_example, finding_dict, validate
    from golive.envfiles.read import EnvFileError, read_env_file

    profile = ctx.profile
    if profile.source is None:
        return Outcome.skip("the env file was not parsed", reason="env.not_parsed")
    example_path = find_example(profile.env_file, profile.name)
    example = None
    if example_path is not None:
        try:
            example = read_env_file(example_path)
        except EnvFileError:
            example = None
    required = ctx.settings.required_for(profile.name)
    findings = validate(profile.source, profile.name, required, example=example)
    errors = [f for f in findings if f.severity == Severity.ERROR]
    warnings = [f for f in findings if f.severity == Severity.WARNING]
    details = {
        "required": required,
        "example": str(example_path) if example_path else None,
        "findings": [finding_dict(f) for f in findings],
    }
    if errors:
        first = errors[0]
        return Outcome.fail(
            f"{len(errors)} error(s) in {profile.env_file.name}: {first.message}",
            error_type=ErrorType.INVALID_KEY,
            reason=f"env.{first.code}",
            next_action=f"golive env validate --env-file {profile.env_file} --verbose",
            details=details,
        )
    if warnings:
        return Outcome.warn(
            f"{len(warnings)} warning(s) in {profile.env_file.name}: {warnings[0].message}",
            reason=f"env.{warnings[0].code}",
            next_action=f"golive env validate --env-file {profile.env_file} --verbose",
            details=details,
        )
    return Outcome.passed(f"all {len(required)} required keys present and well-formed", **details)


CHECK = Check(
    id="required_keys",
    title="Required keys",
    description="Required keys are present, not placeholders, and well-formed.",
    run=run,
    local=True,
    imports=("psycopg",),
    requires=("env_file",),
)
