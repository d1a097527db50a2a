"""``golive git-safety``: the git_safety check alone, same exit codes, no bundle.

``--staged FILE...`` is the pre-commit hook's mode: block a commit that adds an
env file or a file holding a secret of the local env files.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from golive.commands.options import ConfigOpt, EnvFileOpt, EnvOpt, LangOpt, TimeoutOpt


def staged(files: list[Path], extra_env_files: list[Path], lang: str | None) -> int:
    """Exit 1 (each problem, then its fix) when the staged ``files`` must not be committed."""
    from golive import messages
    from golive.commands.common import fallback_lang
    from golive.envfiles.staged import (
        StagedProblem,
        load_local_secrets,
        local_env_files,
        scan_staged,
    )

    language = fallback_lang(lang)
    cwd = Path.cwd()
    secrets = load_local_secrets([*local_env_files(cwd), *extra_env_files])
    findings = scan_staged(files, secrets)
    for finding in findings:
        if finding.problem is StagedProblem.ENV_FILE:
            info = messages.lookup("hook.staged_env_file", language, path=finding.path)
        else:
            info = messages.lookup(
                "hook.staged_secret",
                language,
                path=finding.path,
                name=finding.key,
                source=finding.source,
            )
        sys.stdout.write(f"{info.hint}\n    {info.next_action}\n")
    return 1 if findings else 0


def git_safety(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE",
            help="With --staged: the files a commit is about to add.",
            show_default=False,
            hidden=True,  # typer would print the type (<list[Path]>); --staged's help names it
        ),
    ] = None,
    staged_mode: Annotated[
        bool,
        typer.Option(
            "--staged",
            help=(
                "Pre-commit mode: FILE... are the files a commit is about to add; block env"
                " files and files holding a local env file's secret."
            ),
        ),
    ] = False,
    env: EnvOpt = None,
    env_file: EnvFileOpt = None,
    lang: LangOpt = None,
    timeout: TimeoutOpt = None,
    config: ConfigOpt = None,
) -> int:
    """Check that the env file is untracked, ignored and absent from git history."""
    from golive import messages
    from golive.commands.common import UsageError, fallback_lang

    if staged_mode:
        return staged(files or [], [env_file] if env_file else [], lang)
    if files:
        raise UsageError(messages.text("hook.files_need_staged", fallback_lang(lang)))
    from golive.commands.common import choose_checks, load
    from golive.commands.preflight_cmd import build_setup, execute

    cwd = Path.cwd()
    checks, selection = choose_checks(["git_safety"], None)
    loaded = load(env, env_file, lang=lang, config=config, cwd=cwd)
    setup = build_setup(loaded, checks, timeout=timeout, serial=True, cwd=cwd, selection=selection)
    return execute(setup, evidence_dir=None, as_json=False, quiet=False, not_run=False)
