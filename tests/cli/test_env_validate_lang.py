"""``golive env validate`` speaks the operator's language, as ``golive preflight`` does.

``--lang en|ko``, else ``GOLIVE_LANG``, else the locale. Every finding code the validator
has (``golive.envfiles.lint.CODES``: a new code without a trigger here fails) is produced
by a real env file and rendered in Korean: the finding lines, line and severity labels, the
summary, the loaded keys and the JSON messages hold no English sentence of the catalogue
(the detector of ``tests/messages/test_korean_output.py``) and no English label. The JSON
document keeps its codes, keys and severities and records ``lang``. English output is
unchanged, and an unsupported ``--lang`` is one line, exit 2.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from golive.envfiles.lint import CODES
from tests.keys.support import PASSPHRASE, private_pem, public_pem
from tests.messages.test_korean_output import english_found
from tests.support.keys import shaped
from tests.support.workspace import VALID_SECRETS

if TYPE_CHECKING:
    from tests.support.workspace import CliResult, Workspace

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ENGLISH_LABELS = re.compile(r"\b(?:line \d+|errors?|warnings?|OK|Loaded keys|profile live)\b")
"""The words of the text report's frame in English (codes like ``missing_key`` never match)."""
BASE = {"ARBITRAGE_ENV": "live", **VALID_SECRETS}
SEVERITIES = {"error", "warning"}


@dataclass(frozen=True)
class Trigger:
    """An env file that makes ``env validate`` report one code: changes to a clean file."""

    values: Mapping[str, str | None] = field(default_factory=dict)  # None: leave the key out
    raw: str = ""  # lines appended as written
    example: Mapping[str, str] | None = None  # .env.live.example
    key_file_mode: int | None = None  # a Binance key file with this mode, instead of the secret
    mode: int = 0o600  # the env file's own mode


TRIGGERS: dict[str, tuple[Trigger, ...]] = {
    "missing_key": (Trigger({"POSTGRES_DSN": None}), Trigger({"TELEGRAM_CHAT_ID": None})),
    "empty_value": (Trigger({"REDIS_URL": ""}), Trigger({"WEBHOOK_URL": ""})),
    "placeholder": (
        Trigger({"BINANCE_API_SECRET": "your_binance_secret"}),
        Trigger({"TELEGRAM_CHAT_ID": "<chat id>"}),
    ),
    "example_value": (
        Trigger(example={"BINANCE_API_SECRET": VALID_SECRETS["BINANCE_API_SECRET"]}),
    ),
    "duplicate_key": (Trigger(raw="TELEGRAM_CHAT_ID=-1001234567890\n"),),
    "malformed_line": (
        Trigger(raw="BROKEN='unterminated\n"),
        Trigger(raw="A B=1\n"),
        Trigger(raw="=nokey\n"),
        Trigger(raw="just-a-pasted-word\n"),
        Trigger(raw="LONELYWORD\n"),
    ),
    "unknown_key_typo": (Trigger({"BINANCE_API_SECRETT": "typo-value-xyz-123"}),),
    "bad_format": (
        Trigger({"TELEGRAM_CHAT_ID": "not a chat"}),
        Trigger({"BINANCE_API_KEY": VALID_SECRETS["BINANCE_API_KEY"][:63]}),
        Trigger({"UPBIT_SECRET_KEY": VALID_SECRETS["UPBIT_SECRET_KEY"] + " "}),
        Trigger({"TELEGRAM_BOT_TOKEN": "7012345678:AAHk3Jd9"}),
        Trigger({"REDIS_URL": "http://cache:6379/0"}),
        Trigger({"POSTGRES_DSN": "mysql://bot@db:3306/arb"}),
        Trigger({"READ_ONLY_ENFORCED": "maybe"}),
        Trigger({"REDIS_URL": "redis://127.0.0.1:6379/0?socket_timeout=abc"}),
        Trigger({"POSTGRES_DSN": "postgresql://bot@127.0.0.1:5432/arb?sslmode=bogus"}),
        Trigger({"BINANCE_BASE_URL": "https://api.binance.com/api/v3"}),
    ),
    "profile_mismatch": (Trigger({"ARBITRAGE_ENV": "paper"}), Trigger({"ARBITRAGE_ENV": "prod"})),
    "example_drift": (Trigger(example={"EXTRA_FEATURE_FLAG": "1"}),),
    "private_key": (
        Trigger({"BINANCE_API_SECRET": public_pem(private_pem("ed25519"))}),
        Trigger({"BINANCE_API_SECRET": private_pem("rsa", passphrase=PASSPHRASE)}),
    ),
    "key_file_mode": (Trigger({"BINANCE_API_SECRET": None}, key_file_mode=0o644),),
    "passphrase_unused": (
        Trigger({"BINANCE_PRIVATE_KEY_PASSPHRASE": PASSPHRASE}),
        Trigger(
            {"BINANCE_API_SECRET": None, "BINANCE_PRIVATE_KEY_PASSPHRASE": PASSPHRASE},
            key_file_mode=0o600,
        ),
    ),
    "weak_secret": (
        Trigger({"WEBHOOK_SECRET": "abc"}),
        Trigger({"WEBHOOK_PASSWORD": "PASSWORD"}),
        Trigger({"REDIS_URL": "redis://:pw@cache.internal:6379/0"}),
    ),
    "unusual_format": (
        Trigger({"TELEGRAM_BOT_TOKEN": f"7012345678:{shaped('AAHk3Jd9', 34)}"}),
        Trigger({"REDIS_URL": "redis://:R3dis-Pa55word-Secret@127.0.0.1:6379/99"}),
    ),
    "testnet_in_live": (Trigger({"BINANCE_TESTNET": "true"}),),
    "file_mode": (Trigger(mode=0o644),),
}
CASES = [(code, i) for code in CODES for i in range(len(TRIGGERS.get(code, ())))]
CASE_IDS = [f"{code}-{i}" for code, i in CASES]
KOREAN_WAYS = ["--lang ko", "--lang=ko", "GOLIVE_LANG=ko", "LC_ALL=ko_KR.UTF-8"]


def write(workspace: Workspace, trigger: Trigger) -> None:
    values = {**BASE, **trigger.values}
    if trigger.key_file_mode is not None:
        key = workspace.root / "binance.pem"
        key.write_text(private_pem("ed25519"), encoding="utf-8")
        key.chmod(trigger.key_file_mode)
        values["BINANCE_PRIVATE_KEY_PATH"] = str(key)
    kept = {k: v for k, v in values.items() if v is not None}
    workspace.write_env(".env.live", kept, raw=trigger.raw, mode=trigger.mode)
    if trigger.example is not None:
        workspace.write_env(".env.live.example", trigger.example, mode=0o644)


def validate(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, way: str, *args: str
) -> CliResult:
    """``env validate --env live ARGS`` with Korean asked for ``way`` (a flag or a variable)."""
    flags: tuple[str, ...] = ()
    if way.startswith("--"):
        flags = tuple(way.split())
    else:
        name, _, value = way.partition("=")
        monkeypatch.setenv(name, value)
    result = workspace.run("env", "validate", "--env", "live", *args, *flags)
    assert "Traceback" not in result.text, result.text
    return result


def json_of(result: CliResult) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.out)
    return data


def one_line_error(result: CliResult) -> bool:
    return result.err.startswith("golive: error: ") and result.err.count("\n") == 1


def english_in_text_report(result: CliResult, workspace: Workspace) -> list[str]:
    """English sentences and labels in a text report (the file's path left out)."""
    shown = result.out.replace(str(workspace.root), "<root>")
    return english_found(shown) + ENGLISH_LABELS.findall(shown)


def test_every_finding_code_has_a_trigger() -> None:
    """A new finding code needs an env file here, which then proves its Korean rendering."""
    assert sorted(TRIGGERS) == sorted(CODES)
    assert all(TRIGGERS.values())


@pytest.mark.parametrize("way", KOREAN_WAYS)
@pytest.mark.parametrize(("code", "index"), CASES, ids=CASE_IDS)
def test_every_finding_code_in_korean_json(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, code: str, index: int, way: str
) -> None:
    write(workspace, TRIGGERS[code][index])
    result = validate(workspace, monkeypatch, way, "--format", "json")
    data = json_of(result)
    assert data["lang"] == "ko"
    assert code in {f["code"] for f in data["findings"]}, data["findings"]
    for finding in data["findings"]:
        assert set(finding) == {"key", "line", "severity", "code", "message"}
        assert finding["code"] in CODES
        assert finding["severity"] in SEVERITIES
        assert HANGUL.search(finding["message"]), finding
        assert english_found(finding["message"]) == [], finding


@pytest.mark.parametrize("way", KOREAN_WAYS)
@pytest.mark.parametrize(("code", "index"), CASES, ids=CASE_IDS)
def test_every_finding_code_in_korean_text(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, code: str, index: int, way: str
) -> None:
    write(workspace, TRIGGERS[code][index])
    result = validate(workspace, monkeypatch, way, "--verbose")
    assert f"  {code}: " in result.out, result.out
    assert english_in_text_report(result, workspace) == []
    report = result.out.splitlines()
    assert all(HANGUL.search(line) for line in report if line.strip()), result.out
    assert re.search(r"^오류 \d+건, 경고 \d+건$", result.out, re.MULTILINE), result.out


@pytest.mark.parametrize(("code", "index"), CASES, ids=CASE_IDS)
def test_every_finding_code_in_english(workspace: Workspace, code: str, index: int) -> None:
    write(workspace, TRIGGERS[code][index])
    text = workspace.run("env", "validate", "--env", "live", "--lang", "en", "--verbose")
    data = json_of(workspace.run("env", "validate", "--env", "live", "--format", "json"))
    assert f"  {code}: " in text.out
    assert data["lang"] == "en"
    assert not HANGUL.search(text.out + json.dumps(data, ensure_ascii=False))


def test_english_report_is_unchanged(workspace: Workspace) -> None:
    workspace.write_env(
        ".env.live",
        {**BASE, "BINANCE_API_SECRET": "your_binance_secret", "REDIS_URL": ""},
        raw="LONELYWORD\n",
    )
    result = workspace.run("env", "validate", "--env", "live", "--lang", "en")
    assert result.code == 1
    secret_line = list(BASE).index("BINANCE_API_SECRET") + 1
    redis_line = list(BASE).index("REDIS_URL") + 1
    last_line = len(BASE) + 1
    assert result.out.splitlines() == [
        f"{workspace.root / '.env.live'} (profile live)",
        f"  line {secret_line}   error    BINANCE_API_SECRET  placeholder: value looks like a"
        " placeholder `your_…`",
        f"  line {redis_line}   error    REDIS_URL           empty_value: value is empty;"
        " required for profile `live`",
        f"  line {last_line}  error    -                   malformed_line: a bare word without"
        " `=` is not a setting (a pasted value?)",
        "3 errors, 0 warnings",
    ]
    assert workspace.run("env", "validate", "--env", "live").out == result.out


@pytest.mark.parametrize("given", ["xx", "korean", ""])
def test_an_unsupported_lang_is_one_line_exit_2(workspace: Workspace, given: str) -> None:
    workspace.write_env(".env.live", BASE)
    result = workspace.run("env", "validate", "--env", "live", "--lang", given)
    assert result.code == 2, result.text
    assert result.out == ""
    assert one_line_error(result), result.err
    assert f"'{given}'" in result.err
    assert "en, ko" in result.err
    assert not HANGUL.search(result.err)


def test_an_unsupported_lang_is_said_in_the_environments_language(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOLIVE_LANG", "ko")
    workspace.write_env(".env.live", BASE)
    result = workspace.run("env", "validate", "--env", "live", "--lang=xx")
    assert result.code == 2, result.text
    assert one_line_error(result), result.err
    assert HANGUL.search(result.err), result.err
    assert "'xx'" in result.err


@pytest.mark.parametrize("way", KOREAN_WAYS)
@pytest.mark.parametrize(
    "args",
    [("--env", "paper"), ("--env-file", "notes.txt"), ()],
    ids=["missing-file", "profile-unknown", "no-profile"],
)
def test_usage_errors_in_korean(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], way: str
) -> None:
    (workspace.root / "notes.txt").write_text("A=1\n", encoding="utf-8")
    flags = tuple(way.split()) if way.startswith("--") else ()
    if not flags:
        monkeypatch.setenv(*way.split("="))
    result = workspace.run("env", "validate", *args, *flags)
    assert result.code == 2, result.text
    assert one_line_error(result), result.err
    assert HANGUL.search(result.err), result.err
    assert english_found(result.err) == []


def test_missing_ok_in_korean(workspace: Workspace) -> None:
    result = workspace.run("env", "validate", "--env", "paper", "--missing-ok", "--lang", "ko")
    assert result.code == 0, result.text
    assert HANGUL.search(result.out), result.out
    assert english_found(result.out) == []


def test_lang_option_is_the_preflights(workspace: Workspace) -> None:
    def lang_help(*command: str) -> str:
        shown = workspace.run(*command, "--help").out
        return " ".join(shown[shown.index("--lang") :].split("--", 2)[1].split())

    assert lang_help("env", "validate") == lang_help("preflight")
    assert "GOLIVE_LANG" in lang_help("env", "validate")


def test_preflight_and_env_validate_say_the_same_findings(workspace: Workspace) -> None:
    """required_keys records the findings env validate prints, in the run's language."""
    workspace.init_repo()
    write(workspace, Trigger({"TELEGRAM_CHAT_ID": "not a chat", "WEBHOOK_SECRET": "abc"}))
    checks = "env_file,required_keys"
    run = workspace.run("preflight", "--env", "live", "--only", checks, "--lang", "ko")
    assert run.code == 1, run.text
    [bundle] = workspace.bundles()
    result = json.loads((bundle / "result.json").read_text(encoding="utf-8"))
    [required] = [c for c in result["checks"] if c["id"] == "required_keys"]
    args = ("env", "validate", "--env", "live", "--lang", "ko", "--format", "json")
    validated = json_of(workspace.run(*args))
    assert required["details"]["findings"] == validated["findings"]
    assert "--lang ko" in required["next_action"]
