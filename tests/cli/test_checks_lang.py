"""``golive checks`` and every check title speak the operator's language, and stay light.

Titles and descriptions are catalogue keys (``check.<id>.title`` /
``check.<id>.description``): ``golive checks --lang ko`` (or ``GOLIVE_LANG=ko``)
lists them in Korean, and a run's ``result.json`` and ``detail.txt`` carry the
titles in the run's language. ``golive checks`` still answers without Typer,
Click, Rich or pydantic.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from golive import messages
from golive.checks import all_checks
from tests.messages.test_korean_output import english_found
from tests.support.workspace import VALID_SECRETS

if TYPE_CHECKING:
    from tests.support.workspace import Workspace

HANGUL = re.compile(r"[\uac00-\ud7a3]")
EVERY_CHECK = all_checks(opt_in=True)
HEAVY = ("typer", "click", "rich", "pydantic", "psycopg", "redis", "starlette", "uvicorn")


def listed(text: str) -> dict[str, str]:
    """Check id -> the rest of its line."""
    return {line.split()[0]: line for line in text.splitlines() if line.strip()}


@pytest.mark.parametrize("how", ["--lang ko", "--lang=ko", "GOLIVE_LANG=ko"])
def test_checks_lists_titles_and_descriptions_in_korean(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if how.startswith("GOLIVE_LANG"):
        monkeypatch.setenv("GOLIVE_LANG", "ko")
        args: tuple[str, ...] = ("checks",)
    else:
        args = ("checks", *how.split())
    result = workspace.run(*args)
    assert result.code == 0, result.text
    lines = listed(result.out)
    assert list(lines) == [c.id for c in EVERY_CHECK]
    for check in EVERY_CHECK:
        line = lines[check.id]
        assert messages.text(check.title_key, "ko") in line
        assert messages.text(check.description_key, "ko") in line
        assert HANGUL.search(line), line
    assert "(env_file 다음에 실행)" in lines["required_keys"]
    assert english_found(result.out) == []


def test_checks_in_english_by_default(workspace: Workspace) -> None:
    result = workspace.run("checks")
    assert result.code == 0, result.text
    lines = listed(result.out)
    assert "Env file kept out of git" in lines["git_safety"]
    assert "(after env_file)" in lines["required_keys"]
    assert not HANGUL.search(result.out)


def test_an_unknown_language_is_exit_2(workspace: Workspace) -> None:
    result = workspace.run("checks", "--lang", "xx")
    assert result.code == 2, result.text
    assert result.err.startswith("golive: error: "), result.err


def test_checks_in_korean_imports_nothing_heavy() -> None:
    code = (
        "import contextlib, io, sys\n"
        "from golive.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['checks', '--lang', 'ko'])\n"
        "print(code, sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    code_seen, loaded = child.stdout.split(" ", 1)
    assert code_seen == "0", child.stdout
    assert [name for name in HEAVY if f"'{name}'" in loaded] == []


def test_a_korean_run_records_korean_titles(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    only = "env_file,required_keys"
    result = workspace.run("preflight", "--env", "live", "--only", only, "--lang", "ko")
    assert result.code == 0, result.text
    [bundle] = workspace.bundles()
    data = json.loads((bundle / "result.json").read_text(encoding="utf-8"))
    assert {c["id"]: c["title"] for c in data["checks"]} == {
        "env_file": messages.text("check.env_file.title", "ko"),
        "required_keys": messages.text("check.required_keys.title", "ko"),
    }
    detail = (bundle / "detail.txt").read_text(encoding="utf-8")
    assert f"env_file ({messages.text('check.env_file.title', 'ko')})" in detail
