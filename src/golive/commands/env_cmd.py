"""``golive env validate``: lint an env file; exit 0 clean, 1 errors, 2 unreadable."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from golive.commands.options import ConfigOpt, EnvFileOpt, EnvOpt, LangOpt


class Format(StrEnum):
    text = "text"
    json = "json"


def validate(
    env: EnvOpt = None,
    env_file: EnvFileOpt = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list every loaded key, masked.")
    ] = False,
    output: Annotated[
        Format, typer.Option("--format", metavar="text|json", help="text or json.")
    ] = Format.text,
    config: ConfigOpt = None,
    lang: LangOpt = None,
    missing_ok: Annotated[
        bool,
        typer.Option("--missing-ok", help="Exit 0 when the env file does not exist (hooks, CI)."),
    ] = False,
) -> int:
    """Validate an env file: required keys, placeholders, formats, duplicates, typos, drift."""
    from golive.commands.common import chosen_lang, infer_profile
    from golive.config import load_settings
    from golive.envfiles.lint import Severity, validate_profile_file
    from golive.envfiles.profile import env_path_for
    from golive.report.findings import render_findings_json, render_findings_text

    language = chosen_lang(lang)
    cwd = Path.cwd()
    settings = load_settings(cwd, config)
    profile = infer_profile(env, env_file)
    path = env_path_for(profile, env_file, cwd)
    if missing_ok and not path.exists() and not path.is_symlink():
        from golive import messages

        text = messages.text("hook.env_file_missing", language, path=str(path))
        sys.stdout.write(text + "\n")
        return 0
    parsed, findings = validate_profile_file(path, profile, settings.required_for(profile))
    if output is Format.json:
        report = render_findings_json(path, profile, findings, language)
    else:
        report = render_findings_text(
            path, profile, findings, verbose=verbose, env=parsed, lang=language
        )
    sys.stdout.write(report + "\n")
    return 1 if any(f.severity == Severity.ERROR for f in findings) else 0
