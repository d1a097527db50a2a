"""Env files that used to reach the venues broken (walkthrough findings 4, 10 and 15).

Each case is a real env file: ``golive env validate`` reports it, and the preflight check
that would have used the value says the same thing (``env.bad_format`` and friends)
instead of a crash, a network error or an unclassified venue answer. PostgreSQL and Redis
are the real local servers; Binance is golive's simulator in testnet mode.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from golive.sim.envwrite import env_values
from golive.sim.server import SimConfig, start_simulator
from tests.keys.support import PASSPHRASE, private_pem
from tests.support.workspace import VALID_SECRETS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from golive.sim.server import RunningSimulator
    from tests.support.workspace import CliResult, Workspace

BASE = {"ARBITRAGE_ENV": "live", **VALID_SECRETS}
REDIS = "redis://:R3dis-Pa55word-Secret@127.0.0.1:6379"
PG = "postgresql://postgres:Pg%25pa$$w0rd.Secret@127.0.0.1:5432/postgres"


def validate(workspace: Workspace, profile: str = "live", *args: str) -> tuple[int, list[Any]]:
    result = workspace.run("env", "validate", "--env", profile, "--format", "json", *args)
    assert "Traceback" not in result.text, result.text
    return result.code, json.loads(result.out)["findings"]


def codes(findings: list[Any]) -> list[tuple[str | None, str, str]]:
    return [(f["key"], f["code"], f["severity"]) for f in findings if f["code"] != "example_drift"]


def preflight(workspace: Workspace, only: str, profile: str = "live") -> dict[str, Any]:
    result = workspace.run("preflight", "--env", profile, "--only", only, "--json")
    assert "Traceback" not in result.text, result.text
    return {c["id"]: c for c in json.loads(result.out)["checks"]}


def write(
    workspace: Workspace, profile: str = "live", mode: int = 0o600, **values: str | None
) -> None:
    """The env file of ``profile``: the valid secrets and plan changed by ``values`` (None:
    the key left out), in a git repository that ignores it."""
    if not (workspace.root / ".git").exists():
        workspace.init_repo()
    merged = {**BASE, "ARBITRAGE_ENV": profile, **values}
    kept = {key: value for key, value in merged.items() if value is not None}
    workspace.write_env(f".env.{profile}", kept, mode=mode)


# -- finding 15: REDIS_URL, POSTGRES_DSN, base URLs, the file's mode ----------------------


def test_a_redis_query_value_redis_py_cannot_read_is_bad_format(workspace: Workspace) -> None:
    write(workspace, REDIS_URL=f"{REDIS}/0?socket_timeout=abc")
    code, found = validate(workspace)
    assert code == 1
    assert codes(found) == [("REDIS_URL", "bad_format", "error")]
    assert "socket_timeout" in found[0]["message"]
    assert "abc" not in found[0]["message"]
    redis = preflight(workspace, "redis")["redis"]
    assert (redis["status"], redis["reason"], redis["error_type"]) == (
        "FAIL",
        "env.bad_format",
        "invalid_key",
    )


@pytest.mark.parametrize("url", [f"{REDIS}/abc", f"{REDIS}/-1", f"{REDIS}/0?db=x"])
def test_a_redis_database_that_is_no_number_is_bad_format(workspace: Workspace, url: str) -> None:
    write(workspace, REDIS_URL=url)
    code, found = validate(workspace)
    assert (code, codes(found)) == (1, [("REDIS_URL", "bad_format", "error")])
    assert preflight(workspace, "redis")["redis"]["reason"] == "env.bad_format"


def test_a_redis_database_past_15_is_a_warning_and_the_server_decides(
    workspace: Workspace,
) -> None:
    write(workspace, REDIS_URL=f"{REDIS}/99")
    code, found = validate(workspace)
    assert (code, codes(found)) == (0, [("REDIS_URL", "unusual_format", "warning")])
    assert "database 99" in found[0]["message"]
    redis = preflight(workspace, "redis")["redis"]  # the local server has 16
    assert (redis["status"], redis["reason"]) == ("FAIL", "env.bad_format"), redis
    assert "database 99" in redis["message"]
    assert redis["details"]["database"] == 99


def test_an_sslmode_libpq_does_not_know_is_a_config_error(workspace: Workspace) -> None:
    write(workspace, POSTGRES_DSN=f"{PG}?sslmode=bogus")
    code, found = validate(workspace)
    assert (code, codes(found)) == (1, [("POSTGRES_DSN", "bad_format", "error")])
    assert "verify-full" in found[0]["message"]
    postgres = preflight(workspace, "postgres")["postgres"]
    assert (postgres["status"], postgres["reason"], postgres["error_type"]) == (
        "FAIL",
        "env.bad_format",
        "invalid_key",
    )
    write(workspace, POSTGRES_DSN=f"{PG}?sslmode=prefer")
    assert codes(validate(workspace)[1]) == []


@pytest.mark.parametrize(
    "url", ["https://api.binance.com/api/v3", "https://api.binance.com/api", "http://x:1/a/"]
)
def test_a_base_url_with_a_path_is_refused(workspace: Workspace, url: str) -> None:
    write(workspace, BINANCE_BASE_URL=url)
    code, found = validate(workspace)
    assert (code, codes(found)) == (1, [("BINANCE_BASE_URL", "bad_format", "error")])
    assert "doubled" in found[0]["message"]
    isolation = preflight(workspace, "env_isolation")["env_isolation"]
    assert (isolation["status"], isolation["reason"]) == ("FAIL", "env.bad_base_url")
    assert "doubled" in isolation["message"]


def test_a_base_url_with_only_a_slash_is_fine(workspace: Workspace) -> None:
    write(workspace, BINANCE_BASE_URL="https://api.binance.com/")
    assert codes(validate(workspace)[1]) == []


@pytest.mark.parametrize(
    ("profile", "mode", "severity", "exit_code"),
    [("live", 0o644, "error", 1), ("live", 0o640, "error", 1), ("paper", 0o644, "warning", 0)],
)
def test_an_env_file_others_may_read_is_reported_as_git_safety_judges_it(
    workspace: Workspace, profile: str, mode: int, severity: str, exit_code: int
) -> None:
    write(workspace, profile, mode=mode)
    code, found = validate(workspace, profile)
    assert (code, codes(found)) == (exit_code, [(None, "file_mode", severity)])
    assert f"{mode:04o}" in found[0]["message"]
    assert "chmod 600" in found[0]["message"]
    git_safety = preflight(workspace, "git_safety", profile)["git_safety"]
    assert git_safety["status"] == {"error": "FAIL", "warning": "WARN"}[severity]


def test_an_env_file_at_0600_has_no_mode_finding(workspace: Workspace) -> None:
    write(workspace)
    assert validate(workspace) == (0, [])


def test_the_mode_finding_is_in_korean_too(workspace: Workspace) -> None:
    write(workspace, mode=0o644)
    result = workspace.run("env", "validate", "--env", "live", "--lang", "ko")
    assert "chmod 600" in result.out
    assert "그룹이나 다른 사용자가 읽을 수 있습니다" in result.out


# -- finding 10: BINANCE_TESTNET in a live file --------------------------------------------


@pytest.fixture(scope="module")
def testnet_sim() -> Iterator[RunningSimulator]:
    with start_simulator(SimConfig(binance_testnet=True)) as running:
        yield running


@pytest.mark.parametrize("flag", ["true", "1", "yes", "on", "TRUE"])
def test_binance_testnet_in_live_is_an_error(workspace: Workspace, flag: str) -> None:
    write(workspace, BINANCE_TESTNET=flag)
    code, found = validate(workspace)
    assert (code, codes(found)) == (1, [("BINANCE_TESTNET", "testnet_in_live", "error")])
    said = found[0]["message"]
    assert "live needs production keys; remove BINANCE_TESTNET or use the paper profile" in said
    required = preflight(workspace, "required_keys")["required_keys"]
    assert (required["status"], required["reason"]) == ("FAIL", "env.testnet_in_live")
    assert "remove BINANCE_TESTNET" in required["message"]


@pytest.mark.parametrize(("profile", "flag"), [("paper", "true"), ("live", "false"), ("live", "")])
def test_binance_testnet_where_it_is_honoured_or_off_is_fine(
    workspace: Workspace, profile: str, flag: str
) -> None:
    write(workspace, profile, BINANCE_TESTNET=flag)
    code, found = validate(workspace, profile)
    assert "testnet_in_live" not in {f["code"] for f in found}
    assert code == 0, found


def test_a_live_run_on_a_testnet_leads_with_the_flag(
    workspace: Workspace, testnet_sim: RunningSimulator
) -> None:
    testnet_sim.state.reset()
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(testnet_sim, "live"))
    workspace.allow_hosts("127.0.0.1")
    found = preflight(workspace, "required_keys,binance")
    required, binance = found["required_keys"], found["binance"]
    assert (required["status"], required["reason"]) == ("FAIL", "env.testnet_in_live")
    assert binance["status"] == "FAIL"
    assert (binance["error_type"], binance["reason"]) == ("unknown", "binance.-5000")
    assert "sets BINANCE_TESTNET" in binance["hint"]
    assert "remove BINANCE_TESTNET" in binance["next_action"]
    assert "paper profile" in binance["next_action"]


# -- finding 4: a key file's path is not a secret; a passphrase nothing needs --------------


def key_file(workspace: Workspace, name: str, passphrase: str | None = None) -> None:
    path = workspace.root / name
    path.write_text(private_pem("ed25519", passphrase=passphrase))
    path.chmod(0o600)


def test_a_short_key_file_path_is_no_weak_secret(workspace: Workspace) -> None:
    key_file(workspace, "bin.pem")
    write(workspace, BINANCE_API_SECRET=None, BINANCE_PRIVATE_KEY_PATH="bin.pem")
    code, found = validate(workspace)
    assert "weak_secret" not in {f["code"] for f in found}, found
    assert code == 0, found
    required = preflight(workspace, "required_keys")["required_keys"]
    assert required["status"] == "PASS", required


def test_verbose_shows_the_path_and_masks_the_passphrase_and_the_pem(
    workspace: Workspace,
) -> None:
    key_file(workspace, "bin.pem", PASSPHRASE)
    write(
        workspace,
        BINANCE_API_SECRET=None,
        BINANCE_PRIVATE_KEY_PATH="bin.pem",
        BINANCE_PRIVATE_KEY_PASSPHRASE=PASSPHRASE,
    )
    result: CliResult = workspace.run("env", "validate", "--env", "live", "--verbose")
    assert result.code == 0, result.text
    assert "BINANCE_PRIVATE_KEY_PATH" in result.out
    assert "bin.pem" in result.out
    assert PASSPHRASE[:8] not in result.text
    pem = (workspace.root / "bin.pem").read_text()
    for line in pem.strip().splitlines()[1:-1]:
        assert line[:8] not in result.text


def test_a_passphrase_beside_an_unencrypted_key_file_is_unused(workspace: Workspace) -> None:
    key_file(workspace, "bin.pem")
    write(
        workspace,
        BINANCE_API_SECRET=None,
        BINANCE_PRIVATE_KEY_PATH="bin.pem",
        BINANCE_PRIVATE_KEY_PASSPHRASE=PASSPHRASE,
    )
    code, found = validate(workspace)
    assert (code, codes(found)) == (
        0,
        [("BINANCE_PRIVATE_KEY_PASSPHRASE", "passphrase_unused", "warning")],
    )
    assert "not encrypted" in found[0]["message"]
