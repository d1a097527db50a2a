"""Issue 10, point 13 through the CLI: keys of a shape the venues never issue are errors.

``golive env validate`` accepted a 63-character Binance key, a 39-character Upbit secret
and the token ``7012345678:AAHk3Jd9``, which the venues (and the simulator) refuse. Now
each is an error naming the key, the length found and the one expected, and no character
of the value; ``golive preflight`` is NOT READY on it, and the shapes the venues issue
stay clean (and READY against the simulator).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from golive.sim.envwrite import env_values
from tests.keys.support import private_pem
from tests.support.keys import binance_key, upbit_key
from tests.support.workspace import VALID_SECRETS, Workspace, leaked_slices

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator

ISSUE_EXAMPLES = [
    # key, value, length found, length expected
    ("BINANCE_API_KEY", binance_key("Bn7ApKq2Lm9Zx4Wc8Rv1Tb6Yn3")[:63], 63, 64),
    ("UPBIT_SECRET_KEY", upbit_key("UpS3cKq2Lm9Zx4Wc8Rv1Tb6Yn3")[:39], 39, 40),
    ("TELEGRAM_BOT_TOKEN", "7012345678:AAHk3Jd9", 8, 35),
]
IDS = [example[0] for example in ISSUE_EXAMPLES]
DOCS_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
"""Telegram's own example (core.telegram.org/bots/api): its secret part has 34 characters."""


def validate_json(workspace: Workspace, values: dict[str, str]) -> tuple[int, list[dict[str, Any]]]:
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **values})
    result = workspace.run("env", "validate", "--env", "live", "--format", "json")
    findings: list[dict[str, Any]] = json.loads(result.out)["findings"]
    return result.code, findings


def of_key(findings: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["key"] == key]


@pytest.mark.parametrize(("key", "value", "found", "expected"), ISSUE_EXAMPLES, ids=IDS)
def test_the_issue_examples_are_errors_without_the_value(
    workspace: Workspace, key: str, value: str, found: int, expected: int
) -> None:
    code, findings = validate_json(workspace, {**VALID_SECRETS, key: value})
    assert code == 1
    [finding] = of_key(findings, key)
    assert (finding["severity"], finding["code"]) == ("error", "bad_format")
    assert finding["line"] == ["ARBITRAGE_ENV", *VALID_SECRETS].index(key) + 1
    assert f"{found} characters long" in finding["message"]
    assert f"{expected}" in finding["message"]
    assert "copy" in finding["message"]
    text = workspace.run("env", "validate", "--env", "live", "--verbose")
    assert text.code == 1
    [line] = [row for row in text.out.splitlines() if f" {key} " in row and "bad_format" in row]
    assert f"{found} characters long" in line
    shown = "".join(r.text for r in workspace.results)
    assert leaked_slices(shown, {key: value}) == []


def test_the_shapes_the_venues_issue_have_no_finding(workspace: Workspace) -> None:
    code, findings = validate_json(workspace, VALID_SECRETS)
    assert (code, findings) == (0, [])


def test_telegrams_documented_example_token_is_a_warning_not_an_error(
    workspace: Workspace,
) -> None:
    code, findings = validate_json(workspace, {**VALID_SECRETS, "TELEGRAM_BOT_TOKEN": DOCS_TOKEN})
    assert code == 0
    [finding] = of_key(findings, "TELEGRAM_BOT_TOKEN")
    assert (finding["severity"], finding["code"]) == ("warning", "unusual_format")
    assert "34 characters long, not the 35" in finding["message"]


@pytest.mark.parametrize("kind", ["ed25519", "rsa"])
def test_a_pem_binance_secret_is_not_length_checked(workspace: Workspace, kind: str) -> None:
    code, findings = validate_json(
        workspace, {**VALID_SECRETS, "BINANCE_API_SECRET": private_pem(kind)}
    )
    assert (code, findings) == (0, [])


def test_a_secret_beside_a_key_file_keeps_the_pasting_rules_only(workspace: Workspace) -> None:
    key = workspace.root / "binance.pem"
    key.write_text(private_pem("ed25519"))
    key.chmod(0o600)
    values = {
        **VALID_SECRETS,
        "BINANCE_PRIVATE_KEY_PATH": "binance.pem",
        "BINANCE_API_SECRET": "an-old-hmac-secret-left-here",
    }
    assert validate_json(workspace, values) == (0, [])
    code, findings = validate_json(workspace, {**values, "BINANCE_API_SECRET": "0ld s3cret"})
    assert code == 1
    [finding] = of_key(findings, "BINANCE_API_SECRET")
    assert "whitespace" in finding["message"]


# --- preflight -------------------------------------------------------------------------


def live_env(workspace: Workspace, sim: RunningSimulator, **overrides: str) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {**env_values(sim, "live"), **overrides})
    workspace.allow_hosts("127.0.0.1")  # the simulator: a live base URL off production


def run_preflight(workspace: Workspace) -> dict[str, Any]:
    result = workspace.run("preflight", "--env", "live", "--json")
    data: dict[str, Any] = json.loads(result.out)
    assert result.code == (0 if data["verdict"] == "READY" else 1), result.text
    return data


@pytest.mark.parametrize(("key", "value", "found", "expected"), ISSUE_EXAMPLES, ids=IDS)
def test_preflight_is_not_ready_and_names_the_key(
    workspace: Workspace, sim: RunningSimulator, key: str, value: str, found: int, expected: int
) -> None:
    live_env(workspace, sim, **{key: value})
    data = run_preflight(workspace)
    assert data["verdict"] == "NOT_READY"
    [required] = [c for c in data["checks"] if c["id"] == "required_keys"]
    assert (required["status"], required["reason"]) == ("FAIL", "env.bad_format")
    assert required["message"].startswith(f"1 error(s) in .env.live: {key}: ")
    assert f"is {found} characters long" in required["message"]
    assert "Traceback" not in workspace.results[-1].text
    assert leaked_slices(workspace.results[-1].text, {key: value}) == []


def test_preflight_of_the_simulators_real_shapes_is_ready(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_env(workspace, sim)
    data = run_preflight(workspace)
    assert data["verdict"] == "READY", [(c["id"], c["status"], c["reason"]) for c in data["checks"]]
    [required] = [c for c in data["checks"] if c["id"] == "required_keys"]
    assert required["status"] == "PASS"
