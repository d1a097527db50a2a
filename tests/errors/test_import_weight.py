"""Importing golive.errors stays cheap: no database, Redis or CLI libraries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import golive

HEAVY = ("psycopg", "redis", "rich", "typer")
SCRIPT = (
    "import golive.errors, golive.messages, golive.messages.lang, sys; "
    f"loaded = [m for m in {HEAVY!r} if m in sys.modules]; "
    "assert not loaded, loaded"
)


def test_import_does_not_load_heavy_modules() -> None:
    source_root = str(Path(golive.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": source_root}

    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr


def test_catalogues_are_not_read_at_import() -> None:
    script = (
        "import golive.messages as h; "
        "assert h._load.cache_info().currsize == 0; "
        "h.text('net.dns', 'ko'); "
        "assert h._load.cache_info().currsize == 1"
    )
    source_root = str(Path(golive.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": source_root}

    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr
