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

DEPENDENCIES = (
    "httpx", "PyJWT", "python-dotenv", "pydantic", "pydantic-settings", "psycopg",
    "redis", "typer", "rich", "starlette", "uvicorn",
)  # fmt: skip


def _git(cwd: Path, *args: str) -> str | None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LC_ALL": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
            timeout=5, stdin=subprocess.DEVNULL, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
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
    status = _git(cwd, "status", "--porcelain", "--untracked-files=no") if commit else None
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
