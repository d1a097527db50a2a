"""``golive sim`` speaks the operator's language: ``--lang en|ko`` as in preflight, else
``GOLIVE_LANG``, else the locale.

What it plays (``--list-scenarios``, one catalogue line per scenario of the table) and every
line it prints while it serves are in that language; an unsupported ``--lang`` is one line,
exit 2, before anything is served. The control API keeps its English descriptions.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from golive import messages
from golive.sim.scenarios import SCENARIOS, describe_scenario
from tests.messages.test_korean_output import english_found

if TYPE_CHECKING:
    from pathlib import Path

    from tests.support.workspace import Workspace

HANGUL = re.compile(r"[\uac00-\ud7a3]")
KOREAN_WAYS = ["--lang ko", "--lang=ko", "GOLIVE_LANG=ko", "LC_ALL=ko_KR.UTF-8"]


def listed(text: str) -> dict[str, str]:
    """Scenario name -> what the line says it plays."""
    pairs = (line.split(None, 1) for line in text.splitlines() if line.strip())
    return {pair[0]: pair[-1] for pair in pairs}


@pytest.mark.parametrize("way", KOREAN_WAYS)
def test_list_scenarios_in_korean(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    flags = tuple(way.split()) if way.startswith("--") else ()
    if not flags:
        monkeypatch.setenv(*way.split("="))
    result = workspace.run("sim", "--list-scenarios", *flags)
    assert result.code == 0, result.text
    lines = listed(result.out)
    assert list(lines) == list(SCENARIOS)
    for name, what in lines.items():
        assert what == describe_scenario(name, "ko")
        assert HANGUL.search(what), name
    assert english_found(result.out) == []


def test_list_scenarios_in_english_by_default(workspace: Workspace) -> None:
    result = workspace.run("sim", "--list-scenarios")
    assert result.code == 0, result.text
    lines = listed(result.out)
    assert lines["binance.hang"] == "/api and /sapi accept the connection and never answer"
    assert lines == {name: describe_scenario(name, "en") for name in SCENARIOS}
    assert not HANGUL.search(result.out)


def test_every_scenario_has_its_own_korean_line() -> None:
    korean = [describe_scenario(name, "ko") for name in SCENARIOS]
    assert len(set(korean)) == len(korean)
    assert all(messages.has(key, "ko") for key in SCENARIOS.values())


@pytest.mark.parametrize("args", [("--list-scenarios",), ("--port", "0")])
def test_an_unsupported_lang_is_one_line_exit_2(
    workspace: Workspace, args: tuple[str, ...]
) -> None:
    result = workspace.run("sim", *args, "--lang", "kr")
    assert result.code == 2, result.text
    assert result.out == ""
    assert result.err.startswith("golive: error: "), result.err
    assert result.err.count("\n") == 1, result.err
    assert "'kr'" in result.err


def test_an_unknown_scenario_in_korean(workspace: Workspace) -> None:
    result = workspace.run("sim", "--lang", "ko", "--scenario", "binance.nope")
    assert result.code == 2, result.text
    assert result.err.count("\n") == 1, result.err
    assert HANGUL.search(result.err), result.err
    assert "'binance.nope'" in result.err


def _served_lines(folder: Path, *args: str) -> list[str]:
    """``golive sim ARGS`` in a child: its lines up to how to stop it, then SIGTERM."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
    child = subprocess.Popen(
        [sys.executable, "-m", "golive", "sim", *args],
        cwd=folder,
        env={**env, "LANG": "C.UTF-8"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert child.stdout is not None
    lines: list[str] = []
    while not lines or "SIGTERM" not in lines[-1]:
        line = child.stdout.readline()
        assert line, child.communicate(timeout=30)
        lines.append(line.rstrip("\n"))
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 0, err
    return lines + out.splitlines()


def test_what_sim_says_while_serving_is_in_korean(tmp_path: Path) -> None:
    target = tmp_path / ".env.live"
    args = ("--lang", "ko", "--scenario", "upbit.blocked", "--write-env", str(target))
    lines = _served_lines(tmp_path, *args)
    assert len(lines) >= 6, lines
    for line in lines:
        assert line.startswith("golive sim: "), line
        assert HANGUL.search(line), line
    assert english_found("\n".join(lines)) == []
    assert lines[-1] == f"golive sim: {messages.text('sim.stopped', 'ko')}"
