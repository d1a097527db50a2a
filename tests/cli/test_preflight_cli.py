"""End-to-end CLI: exit codes, evidence, bad input, no traceback, in real git workspaces."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from golive import messages
from tests.support.workspace import VALID_SECRETS, Workspace

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "evidence-schema.json").read_text())
LOCAL_CHECKS = "env_file,required_keys,read_only,git_safety"
ANSI = "\x1b["


def ready_workspace(workspace: Workspace) -> Workspace:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    return workspace


def assert_one_line_error(result_text: str, *needles: str) -> None:
    lines = [line for line in result_text.splitlines() if line.strip()]
    assert len(lines) == 1, result_text
    assert lines[0].startswith("golive: error:"), result_text
    assert "Traceback" not in result_text
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def test_passing_selection_exits_0_and_writes_a_valid_bundle(workspace: Workspace) -> None:
    ready_workspace(workspace)
    result = workspace.run("preflight", "--env", "live", "--only", LOCAL_CHECKS)
    assert result.code == 0, result.text
    assert "PARTIAL" in result.out
    assert ANSI not in result.out  # not a terminal: no colour
    [bundle] = workspace.bundles()
    data = json.loads((bundle / "result.json").read_text())
    jsonschema.validate(data, SCHEMA)
    assert data["verdict"] == "PARTIAL"  # --only: not a go-live verdict
    assert [c["id"] for c in data["checks"]] == LOCAL_CHECKS.split(",")
    assert str(bundle.relative_to(workspace.root)) in result.out


def test_placeholder_makes_it_not_ready(workspace: Workspace) -> None:
    workspace.init_repo()
    values = {**VALID_SECRETS, "BINANCE_API_SECRET": "${BINANCE_SECRET}"}
    workspace.write_env(".env.live", values)
    result = workspace.run("preflight", "--env", "live", "--only", LOCAL_CHECKS)
    assert result.code == 1, result.text
    assert "NOT READY" in result.out
    data = json.loads((workspace.bundles()[0] / "result.json").read_text())
    required = next(c for c in data["checks"] if c["id"] == "required_keys")
    assert required["status"] == "FAIL"
    assert required["error_type"] == "invalid_key"
    assert any(f["key"] == "BINANCE_API_SECRET" for f in required["details"]["findings"])


def test_json_flag_prints_result_json(workspace: Workspace) -> None:
    ready_workspace(workspace)
    result = workspace.run("preflight", "--env", "live", "--only", LOCAL_CHECKS, "--json")
    assert result.code == 0
    data = json.loads(result.out)
    jsonschema.validate(data, SCHEMA)
    assert data["profile"] == "live"


def test_quiet_prints_only_the_verdict(workspace: Workspace) -> None:
    ready_workspace(workspace)
    result = workspace.run("preflight", "--env", "live", "--only", LOCAL_CHECKS, "--quiet")
    assert result.code == 0
    assert "env_file" not in result.out
    assert "PARTIAL" in result.out


def test_evidence_dir_option(workspace: Workspace) -> None:
    ready_workspace(workspace)
    result = workspace.run(
        "preflight", "--env", "live", "--only", LOCAL_CHECKS, "--evidence-dir", "out/ev"
    )
    assert result.code == 0
    assert len(workspace.bundles("out/ev")) == 1


def test_serial_gives_the_same_verdict(workspace: Workspace) -> None:
    ready_workspace(workspace)
    result = workspace.run("preflight", "--env", "live", "--only", LOCAL_CHECKS, "--serial")
    assert result.code == 0, result.text


def test_unknown_check_id_is_usage_error(workspace: Workspace) -> None:
    ready_workspace(workspace)
    result = workspace.run("preflight", "--env", "live", "--only", "nope")
    assert result.code == 2
    assert_one_line_error(result.err, "nope")
    assert workspace.bundles() == []


def test_unknown_profile_is_usage_error(workspace: Workspace) -> None:
    result = workspace.run("preflight", "--env", "prod")
    assert result.code == 2
    assert_one_line_error(result.err, "prod")


def test_bad_flag_is_usage_error(workspace: Workspace) -> None:
    result = workspace.run("preflight", "--bogus")
    assert result.code == 2
    assert "Traceback" not in result.text


@pytest.mark.parametrize(
    ("setup", "needle"),
    [
        ("missing", "no such file"),
        ("directory", "directory"),
        ("huge", "MB"),
        ("nul", "NUL"),
        ("garbage", "UTF-8"),
    ],
)
def test_unreadable_env_file_is_one_line_exit_2(
    workspace: Workspace, setup: str, needle: str
) -> None:
    path = workspace.root / ".env.live"
    if setup == "directory":
        path.mkdir()
    elif setup == "huge":
        path.write_text("A=" + "x" * 10_000_000)
    elif setup == "nul":
        path.write_bytes(b"A=1\x00\nB=2\n")
    elif setup == "garbage":
        path.write_bytes(bytes(range(128, 256)) * 4)
    result = workspace.run("preflight", "--env", "live")
    assert result.code == 2, result.text
    assert_one_line_error(result.err, ".env.live")
    assert needle.lower() in result.err.lower()


def test_bom_and_crlf_env_file_still_loads(workspace: Workspace) -> None:
    workspace.init_repo()
    lines = [
        f"{k}={v}"
        for k, v in {
            "ARBITRAGE_ENV": "live",
            "POSTGRES_DSN": "postgresql://127.0.0.1/x",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        }.items()
    ]
    (workspace.root / ".env.local_dev").write_bytes(
        ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()
    )
    (workspace.root / ".env.local_dev").chmod(0o600)
    result = workspace.run("preflight", "--env", "local_dev", "--only", "env_file,required_keys")
    data = json.loads((workspace.bundles()[0] / "result.json").read_text())
    env_check = data["checks"][0]
    assert env_check["details"]["keys"] == 3
    assert "Traceback" not in result.text


def test_bad_config_file_is_usage_error_naming_it(workspace: Workspace) -> None:
    ready_workspace(workspace)
    (workspace.root / "golive.toml").write_text("timeout_s = 'soon'\n")
    result = workspace.run("preflight", "--env", "live", "--only", LOCAL_CHECKS)
    assert result.code == 2
    assert_one_line_error(result.err, "golive.toml", "timeout_s")


def test_broken_toml_is_usage_error(workspace: Workspace) -> None:
    ready_workspace(workspace)
    (workspace.root / "golive.toml").write_text("[thresholds\n")
    result = workspace.run("preflight", "--env", "live")
    assert result.code == 2
    assert_one_line_error(result.err, "golive.toml", "TOML")


def test_config_overrides_required_keys(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    (workspace.root / "golive.toml").write_text('[required_keys]\nlive = ["EXTRA_KEY"]\n')
    result = workspace.run("preflight", "--env", "live", "--only", "required_keys")
    assert result.code == 1
    data = json.loads((workspace.bundles()[0] / "result.json").read_text())
    assert "EXTRA_KEY" in json.dumps(data["checks"][0]["details"])


def test_env_file_flag_infers_profile(workspace: Workspace) -> None:
    ready_workspace(workspace)
    other = workspace.write_env("custom.env", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    result = workspace.run(
        "preflight", "--env-file", str(other), "--only", "env_file,required_keys"
    )
    assert result.code == 0, result.text


def test_korean_output(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {**VALID_SECRETS, "BINANCE_API_SECRET": "your_secret_here"})
    result = workspace.run("preflight", "--env", "live", "--only", LOCAL_CHECKS, "--lang", "ko")
    assert result.code == 1
    assert "LIVE 진입 금지" in result.out


def test_checks_lists_ids(workspace: Workspace) -> None:
    result = workspace.run("checks")
    assert result.code == 0
    for cid in LOCAL_CHECKS.split(","):
        assert cid in result.out


def test_version(workspace: Workspace) -> None:
    from golive import __version__

    assert workspace.run("--version").out.strip() == f"golive {__version__}"


def test_subprocess_exit_codes_are_real(workspace: Workspace) -> None:
    ready_workspace(workspace)
    ok = workspace.run_subprocess("preflight", "--env", "live", "--only", LOCAL_CHECKS)
    assert ok.code == 0, ok.text
    bad = workspace.run_subprocess("preflight", "--env", "live", "--only", "nope")
    assert bad.code == 2
    assert "Traceback" not in bad.err


@pytest.mark.parametrize(
    "args",
    [
        ("--only", ","),
        ("--only", "env_file", "--skip", "env_file"),
        ("--timeout", "inf"),
        ("--timeout", "nan"),
        ("--timeout", "0"),
    ],
)
def test_selections_and_timeouts_that_cannot_run_are_usage_errors(
    workspace: Workspace, args: tuple[str, ...]
) -> None:
    ready_workspace(workspace)
    result = workspace.run("preflight", "--env", "live", *args)
    assert result.code == 2, result.text
    assert_one_line_error(result.err)
    assert workspace.bundles() == []


def test_json_stdout_stays_silent_when_the_leak_scan_refuses(workspace: Workspace) -> None:
    ready_workspace(workspace)
    # environment.json names the repository's commit as it is (a path, a bot's name or a
    # field name is text golive shows, no longer a trigger): a secret holding the commit
    # is what the bundle's last leak scan refuses
    commit = workspace.git("rev-parse", "HEAD").strip()
    secret = "Zq8Lm" + commit[:30]
    env = workspace.write_env(
        ".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS, "WEBHOOK_SECRET": secret}
    )
    result = workspace.run("preflight", "--env-file", str(env), "--only", "env_file", "--json")
    assert "refusing to write evidence" in result.err
    assert commit[:30] not in result.out
    assert result.out == ""
    assert workspace.bundles() == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_missing_env_file_says_what_to_do(workspace: Workspace, lang: str) -> None:
    result = workspace.run("preflight", "--env", "paper", "--lang", lang)
    assert result.code == 2, result.text
    assert_one_line_error(result.err, ".env.paper")
    after_path = messages.text("config.env.no_such_file", lang, path="P").split("P", 1)[1]
    assert after_path in result.err
    assert "--env-file" in result.err
