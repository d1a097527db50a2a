"""``golive git-safety``: the git_safety check alone, same exit codes, no bundle."""

from __future__ import annotations

from pathlib import Path

from golive.commands.options import ConfigOpt, EnvFileOpt, EnvOpt, LangOpt, TimeoutOpt


def git_safety(
    env: EnvOpt = None,
    env_file: EnvFileOpt = None,
    lang: LangOpt = None,
    timeout: TimeoutOpt = None,
    config: ConfigOpt = None,
) -> int:
    """Check that the env file is untracked, ignored and absent from git history."""
    from golive.checks import all_checks, select_checks
    from golive.commands.common import load
    from golive.commands.preflight_cmd import build_setup, execute

    cwd = Path.cwd()
    checks = select_checks(all_checks(), ["git_safety"], None)
    loaded = load(env, env_file, lang=lang, config=config, cwd=cwd)
    setup = build_setup(loaded, checks, timeout=timeout, serial=True, cwd=cwd)
    return execute(setup, evidence_dir=None, as_json=False, quiet=False)
