"""Under ``--lang ko`` no English sentence of the catalogue reaches the operator.

Every simulator scenario, and workspaces that trip the env-file, git and
datastore checks, are run through ``golive preflight --lang ko``; the console
output and result.json's messages, hints and next actions must hold no English
catalogue sentence. What counts as English: the literal runs of each ``en``
entry (the words between placeholders) of three or more words that its ``ko``
entry does not repeat. A run the Korean entry keeps as is (an identifier, a
command, a URL, a venue's UI label quoted in English) is allowed by
construction. The same detector must find English in an ``--lang en`` run.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import pytest

from golive.sim.envwrite import env_values
from golive.sim.scenarios import SCENARIOS

if TYPE_CHECKING:
    from pathlib import Path

    from golive.sim.server import RunningSimulator
    from tests.support.workspace import CliResult, Workspace

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
WORD = re.compile(r"[A-Za-z]{2,}")
MIN_WORDS = 3
TEXT_FIELDS = ("message", "hint", "next_action")
DEAD_PORT_DSN = "postgresql://postgres@127.0.0.1:9/postgres?connect_timeout=2"
DEAD_PORT_REDIS = "redis://127.0.0.1:9/0"


def _catalogue(lang: str) -> dict[str, Any]:
    source = resources.files("golive.messages").joinpath(f"{lang}.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(source)
    return loaded


def _texts(entry: str | dict[str, str]) -> list[str]:
    return [entry] if isinstance(entry, str) else list(entry.values())


@cache
def english_runs() -> frozenset[str]:
    """Literal runs of English catalogue text that the Korean catalogue never uses."""
    english, korean = _catalogue("en"), _catalogue("ko")
    runs: set[str] = set()
    for key, entry in english.items():
        kept = " ".join(_texts(korean[key]))
        for text in _texts(entry):
            for piece in PLACEHOLDER.split(text):
                run = piece.strip(" ;:,.()")
                if len(WORD.findall(run)) >= MIN_WORDS and run not in kept:
                    runs.add(run)
    return frozenset(runs)


def english_found(text: str) -> list[str]:
    return sorted(run for run in english_runs() if run in text)


@cache
def sentence_keys() -> frozenset[str]:
    """Keys of one-sentence entries: shown only when a lookup missed (reason codes are pairs)."""
    return frozenset(key for key, entry in _catalogue("en").items() if isinstance(entry, str))


def keys_shown(text: str) -> list[str]:
    return sorted(key for key in sentence_keys() if re.search(rf"{re.escape(key)}(?![\w.-])", text))


def shown_texts(result: CliResult, bundle: Path) -> list[str]:
    """The console output and every message, hint and next action of result.json."""
    data = json.loads((bundle / "result.json").read_text(encoding="utf-8"))
    fields = [c.get(name) or "" for c in data["checks"] for name in TEXT_FIELDS]
    return [result.out, result.err, *fields]


def run_ko(workspace: Workspace, lang: str, timeout: float) -> tuple[CliResult, Path, str]:
    before = set(workspace.bundles())
    result = workspace.run(
        "preflight", "--env", "live", "--lang", lang, "--timeout", f"{timeout:g}"
    )
    assert "Traceback" not in result.text, result.text
    [bundle] = sorted(set(workspace.bundles()) - before)
    data = json.loads((bundle / "result.json").read_text(encoding="utf-8"))
    return result, bundle, data["lang"]


def assert_no_english(workspace: Workspace, timeout: float = 3.0) -> None:
    result, bundle, lang = run_ko(workspace, "ko", timeout)
    assert lang == "ko"
    texts = shown_texts(result, bundle)
    leaks = {text[:80]: english_found(text) for text in texts}
    assert {k: v for k, v in leaks.items() if v} == {}
    assert keys_shown("\n".join(texts)) == []


def live(workspace: Workspace, sim: RunningSimulator, **overrides: str) -> Workspace:
    workspace.init_repo()
    workspace.write_env(".env.live", {**env_values(sim, "live"), **overrides})
    return workspace


def test_the_detector_has_english_to_find() -> None:
    assert len(english_runs()) > 100


def test_the_detector_finds_english_in_an_english_run(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live(workspace, sim)
    sim.state.set_scenarios(["binance.withdrawals_enabled"])
    result, bundle, lang = run_ko(workspace, "en", 3.0)
    assert lang == "en"
    assert english_found("\n".join(shown_texts(result, bundle)))


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_scenario_speaks_korean(
    workspace: Workspace, sim: RunningSimulator, scenario: str
) -> None:
    live(workspace, sim)
    sim.state.set_scenarios([scenario])
    assert_no_english(workspace, timeout=1.2 if scenario.endswith(".slow") else 3.0)


def test_env_file_and_git_problems_speak_korean(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """A placeholder value, an env file git does not ignore, readable by others."""
    live(workspace, sim, TELEGRAM_CHAT_ID="your_chat_id")
    (workspace.root / ".gitignore").write_text("", encoding="utf-8")
    (workspace.root / ".env.live").chmod(0o644)
    assert_no_english(workspace)


def test_unreachable_datastores_speak_korean(workspace: Workspace, sim: RunningSimulator) -> None:
    live(workspace, sim, POSTGRES_DSN=DEAD_PORT_DSN, REDIS_URL=DEAD_PORT_REDIS)
    assert_no_english(workspace)


@pytest.mark.parametrize(
    "args",
    [
        ("preflight", "--env", "live"),  # no .env.live
        ("preflight", "--env", "live", "--only", "no_such_check"),
        ("preflight", "--env-file", "notes.txt"),  # profile cannot be told
    ],
    ids=["missing-env-file", "unknown-check", "profile-unknown"],
)
def test_configuration_errors_speak_korean(workspace: Workspace, args: tuple[str, ...]) -> None:
    """The one-line usage error (exit 2) follows --lang like the report does."""
    workspace.init_repo()
    (workspace.root / "notes.txt").write_text("A=1\n", encoding="utf-8")
    english = workspace.run(*args, "--lang", "en")
    korean = workspace.run(*args, "--lang", "ko")
    assert (english.code, korean.code) == (2, 2), korean.text
    assert korean.err.startswith("golive: error: "), korean.err
    assert HANGUL.search(korean.err), korean.err
    assert english_found(korean.err) == []
    assert not HANGUL.search(english.err), english.err
