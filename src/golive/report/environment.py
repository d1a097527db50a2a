"""``environment.json``: what ran the preflight, so a result can be reproduced."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import golive
from golive.git.proc import HARDENED_OPTIONS, neutralised_filters

DEPENDENCIES = (
    "httpx", "PyJWT", "python-dotenv", "pydantic", "pydantic-settings", "psycopg",
    "redis", "typer", "rich", "starlette", "uvicorn",
)  # fmt: skip


GIT_TIMEOUT_S = 1.0
"""Each git call here runs while the bundle is written (signals held): short, or nothing."""


def _git(cwd: Path, *args: str) -> str | None:
    """git with the hardened options (:data:`golive.git.proc.HARDENED_OPTIONS`): the
    repository's own configuration runs nothing."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LC_ALL": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
    }
    try:
        proc = subprocess.run(
            ["git", *HARDENED_OPTIONS, *args], cwd=cwd, env=env, capture_output=True,
            text=True, timeout=GIT_TIMEOUT_S, stdin=subprocess.DEVNULL, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in DEPENDENCIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def environment_dict(cwd: Path) -> dict[str, Any]:
    commit = _git(cwd, "rev-parse", "HEAD")
    status = None
    if commit:  # status may run filter drivers: each one the repository names is neutralised
        filters = neutralised_filters(_git(cwd, "config", "--get-regexp", r"^filter\.") or "")
        status = _git(cwd, *filters, "status", "--porcelain", "--untracked-files=no")
    return {
        "golive_version": golive.__version__,
        "python_version": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "git": {
            "commit": commit,
            "state": None if status is None else ("clean" if status == "" else "dirty"),
        },
        "dependencies": _versions(),
    }


def render_environment(cwd: Path) -> str:
    return json.dumps(environment_dict(cwd), indent=2) + "\n"
