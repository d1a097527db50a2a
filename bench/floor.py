"""The import floor: what importing the libraries a preflight uses costs, with no golive code.

A preflight needs httpx, psycopg, redis-py, pydantic, Typer, Rich, PyJWT with
cryptography and python-dotenv, all in one process. :func:`preflight_modules` runs
one real ``golive preflight`` in a child that writes ``sorted(sys.modules)`` when it
ends, and keeps the third-party names (not golive's, not the standard library's).
:func:`floor_command` is a fresh interpreter that imports exactly those, and no
more: a finder refuses any other third-party module, so an optional import a
library tries (``httpx._main``, which golive's guard also declines) fails the same
way it did in the real run. Its wall time is the floor a preflight in one process
cannot go under; what a preflight costs above it is golive's own share.
"""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING, Any

from common import BenchError, expect

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from common import Context

DUMP = """\
import sys
out, args = sys.argv[1], sys.argv[2:]
from golive.cli import main
code = main(args)
with open(out, "w") as f:
    f.write("\\n".join(sorted(sys.modules)))
sys.exit(code)
"""
"""A golive run in a child (``python -c DUMP OUT ARGS...``) that leaves its module list."""

IMPORT_ONLY = """\
import sys
names = open(sys.argv[1]).read().split()
allowed, std = frozenset(names), sys.stdlib_module_names
class OnlyThese:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name in allowed or name.partition(".")[0] in std:
            return None
        raise ModuleNotFoundError(f"not loaded by the preflight: {name}", name=name)
sys.meta_path.insert(0, OnlyThese)
failed = []
for name in names:
    try:
        __import__(name)
    except ImportError:
        failed.append(name)
if len(sys.argv) > 2:
    loaded = {m for m in sys.modules if m[:2] != "__" and m.partition(".")[0] not in std}
    print(" ".join(failed) or "-")
    print(" ".join(sorted(loaded - allowed)) or "-")
"""
"""``python -c IMPORT_ONLY LIST [--report]``: import every name in LIST; other
third-party modules are refused. With a second argument it prints the names that
could not be imported by name and any third-party module loaded beyond the list."""


def third_party(names: Sequence[str]) -> list[str]:
    """``names`` without golive's modules, the standard library's and ``__main__``."""
    std = sys.stdlib_module_names
    return sorted(
        n
        for n in names
        if n.partition(".")[0] not in std
        and n.partition(".")[0] != "golive"
        and not n.startswith("__")
    )


def preflight_modules(ctx: Context, args: Sequence[str], cwd: Path) -> list[str]:
    """The third-party modules loaded by one ``golive ARGS`` run (in a child)."""
    out = ctx.tmp / "preflight-modules.txt"
    cmd = [ctx.python, "-c", DUMP, str(out), *args]
    done = subprocess.run(cmd, cwd=cwd, env=ctx.env, capture_output=True, text=True, check=False)
    expect(done, (0,), "golive preflight (module list)")
    modules = third_party(out.read_text().split())
    if not modules:
        raise BenchError("golive preflight (module list): no third-party module recorded")
    return modules


def floor_command(ctx: Context, modules: Sequence[str]) -> list[str]:
    """A fresh interpreter importing exactly ``modules`` (written to a file in ``ctx.tmp``)."""
    listing = ctx.tmp / "floor-modules.txt"
    listing.write_text("\n".join(modules) + "\n")
    return [ctx.python, "-c", IMPORT_ONLY, str(listing)]


def floor_facts(ctx: Context, command: Sequence[str], modules: Sequence[str]) -> dict[str, Any]:
    """What the floor imports: how many names, which are not importable by name, any extra."""
    done = subprocess.run(
        [*command, "--report"],
        env=ctx.env,
        cwd=ctx.tmp,
        capture_output=True,
        text=True,
        check=False,
    )
    expect(done, (0,), "import floor")
    failed, extra = ([] if s == "-" else s.split() for s in done.stdout.splitlines()[:2])
    if extra:
        raise BenchError(f"import floor loaded modules the preflight did not: {' '.join(extra)}")
    top = {m.partition(".")[0] for m in modules if m not in failed}
    return {
        "modules": len(modules),
        "packages": sorted(p for p in top if not p.startswith("_")),
        "not_importable_by_name": failed,
    }
