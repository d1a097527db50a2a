"""What importing the guard pulls in: httpx core only, never the CLI or the services."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import golive

INSTRUMENTATION = "mutmut.mutation.trampoline"
"""What a mutation-testing run puts into golive's source: loaded before counting."""


def _modules_after(statement: str) -> set[str]:
    """The modules ``statement`` loads in a fresh interpreter, from this golive's source."""
    code = (
        "import importlib, importlib.util, sys\n"
        f"if importlib.util.find_spec('mutmut'): importlib.import_module({INSTRUMENTATION!r})\n"
        "before = set(sys.modules)\n"
        f"{statement}\n"
        "print('\\n'.join(sorted(set(sys.modules) - before)))"
    )
    source = str(Path(golive.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": source}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return set(out.stdout.split())


HEAVY = {"rich", "typer", "click", "pygments", "psycopg", "redis", "starlette", "uvicorn", "jwt"}


def test_import_pulls_no_cli_or_service_dependencies() -> None:
    loaded = _modules_after("import golive, golive.guard")
    assert not {m.split(".")[0] for m in loaded} & (HEAVY | {"pydantic"})


def test_guard_imports_no_package_beyond_httpx_core() -> None:
    extra = _modules_after("import golive.guard") - _modules_after("import httpx")
    packages = {name.split(".")[0] for name in extra} - sys.stdlib_module_names
    assert packages <= {"golive"}


def test_httpx_cli_stays_importable_after_the_guard() -> None:
    loaded = _modules_after("import golive.guard, httpx._main")
    assert "httpx._main" in loaded
    assert "rich" in {m.split(".")[0] for m in loaded}


def test_the_cli_stays_out_when_httpx_is_imported_after_the_guard() -> None:
    loaded = _modules_after("import golive.guard, httpx")
    assert "httpx._main" not in loaded
    assert not {m.split(".")[0] for m in loaded} & {"click", "rich", "pygments"}
