"""Every ``--help`` names what a value looks like, never a Python type (``<int range>``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.support.workspace import Workspace

COMMANDS = [
    ("preflight",),
    ("serve",),
    ("git-safety",),
    ("env", "validate"),
    ("sim",),
    ("demo",),
    ("checks",),
]
TYPE_PLACEHOLDER = re.compile(r"<(?:list\[\w+\]|str|int|float|path|Path|int range|float range)>")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_no_type_placeholder(workspace: Workspace, command: tuple[str, ...]) -> None:
    result = workspace.run(*command, "--help")
    assert result.code == 0, result.text
    assert TYPE_PLACEHOLDER.findall(result.out) == [], result.out


def test_the_documented_metavars_are_the_ones_shown(workspace: Workspace) -> None:
    serve = workspace.run("serve", "--help").out
    for shown in (
        "--interval SECONDS",
        "--host HOST",
        "--port PORT",
        "--evidence-dir DIR",
        "--keep N",
    ):
        assert shown in serve
    assert "--format text|json" in workspace.run("env", "validate", "--help").out
    assert "--pairs BASES" in workspace.run("preflight", "--help").out
    assert "[FILE]..." in workspace.run("git-safety", "--help").out
