"""``golive env validate``: exit codes, text and JSON output, one-line errors."""

from __future__ import annotations

import json

from tests.support.workspace import VALID_SECRETS, Workspace


def test_clean_file_exits_0(workspace: Workspace) -> None:
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    result = workspace.run("env", "validate", "--env", "live")
    assert result.code == 0, result.text


def test_errors_exit_1_and_name_key_and_line(workspace: Workspace) -> None:
    values = {**VALID_SECRETS, "BINANCE_API_SECRET": "your_binance_secret"}
    workspace.write_env(".env.live", values)
    result = workspace.run("env", "validate", "--env", "live", "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert set(data) == {"file", "profile", "lang", "findings"}
    assert data["profile"] == "live"
    assert data["lang"] == "en"
    finding = next(f for f in data["findings"] if f["key"] == "BINANCE_API_SECRET")
    assert set(finding) == {"key", "line", "severity", "code", "message"}
    assert finding["severity"] == "error"
    assert finding["code"] == "placeholder"
    assert finding["line"] == list(values).index("BINANCE_API_SECRET") + 1


def test_warnings_only_exit_0(workspace: Workspace) -> None:
    workspace.write_env(".env.live", {**VALID_SECRETS, "BINANCE_API_SECRETT": "typo-value-xyz-123"})
    result = workspace.run("env", "validate", "--env", "live", "--format", "json")
    assert result.code == 0
    codes = {f["code"] for f in json.loads(result.out)["findings"]}
    assert "unknown_key_typo" in codes


def test_missing_file_exits_2_with_one_line(workspace: Workspace) -> None:
    result = workspace.run("env", "validate", "--env", "paper")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert ".env.paper" in result.err
    assert "Traceback" not in result.text


def test_verbose_lists_keys_masked(workspace: Workspace) -> None:
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    result = workspace.run("env", "validate", "--env", "live", "--verbose")
    assert result.code == 0
    assert "BINANCE_API_SECRET" in result.out
    assert VALID_SECRETS["BINANCE_API_SECRET"] not in result.out
    assert VALID_SECRETS["BINANCE_API_KEY"][:4] + "…" in result.out
