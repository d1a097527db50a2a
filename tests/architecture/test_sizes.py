"""Sizes stay readable: no module under src/ over 400 lines, no function over 60.

A module that grows past the limit is split by concern (docs/architecture.md);
a function past the limit is split into named steps.
"""

from __future__ import annotations

import ast
from pathlib import Path

import golive

SRC = Path(golive.__file__).resolve().parent
MODULE_MAX_LINES = 400
FUNCTION_MAX_LINES = 60


def modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def long_functions(source: str, limit: int) -> list[str]:
    """``line name (size)`` for each function or method longer than ``limit`` lines.

    A function's size runs from its ``def`` line to its last line, docstring included.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            if size > limit:
                found.append(f"{node.lineno} {node.name} ({size})")
    return found


def test_the_source_tree_is_found() -> None:
    assert len(modules()) > 50


def test_no_module_over_the_limit() -> None:
    too_long = [
        f"{path.relative_to(SRC)} ({count})"
        for path in modules()
        if (count := line_count(path)) > MODULE_MAX_LINES
    ]
    assert too_long == []


def test_no_function_over_the_limit() -> None:
    too_long = [
        f"{path.relative_to(SRC)}:{entry}"
        for path in modules()
        for entry in long_functions(path.read_text(encoding="utf-8"), FUNCTION_MAX_LINES)
    ]
    assert too_long == []


def test_the_measure_sees_a_long_method() -> None:
    """Not blind: a method one line over the limit is reported, one at the limit is not."""
    body = "\n".join(f"        x{i} = {i}" for i in range(FUNCTION_MAX_LINES - 2))
    source = (
        f"class Probe:\n    async def at_limit(self):\n{body}\n\n"
        f"    def over(self):\n{body}\n        y = 1\n        return y\n"
    )

    assert long_functions(source, FUNCTION_MAX_LINES) == [
        f"{FUNCTION_MAX_LINES + 2} over ({FUNCTION_MAX_LINES + 1})"
    ]
