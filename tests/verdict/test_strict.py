"""Point 10: ``--strict`` turns any WARN into NOT_READY (exit 1), recorded in result.json."""

from __future__ import annotations

from tests.support.workspace import VALID_SECRETS, Workspace
from tests.verdict.support import only_bundle, statuses


def warning_workspace(workspace: Workspace) -> Workspace:
    """A clean env file but group-readable: git_safety WARNs (paper profile)."""
    workspace.init_repo()
    workspace.write_env(".env.paper", {"ARBITRAGE_ENV": "paper", **VALID_SECRETS}, mode=0o640)
    return workspace


def test_strict_makes_a_warning_not_ready(workspace: Workspace) -> None:
    warning_workspace(workspace)
    args = ("preflight", "--env", "paper", "--only", "env_file,git_safety")
    lenient = workspace.run(*args)
    assert lenient.code == 0, lenient.text
    assert statuses(only_bundle(workspace))["git_safety"] == "WARN"
    for bundle in workspace.bundles():
        for f in bundle.iterdir():
            f.unlink()
        bundle.rmdir()
    strict = workspace.run(*args, "--strict")
    assert strict.code == 1, strict.text
    assert "NOT READY (--strict): 1 check(s) warned (git_safety)" in strict.out
    data = only_bundle(workspace)
    assert data["verdict"] == "NOT_READY"
    assert data["strict"] is True


def test_strict_without_warnings_keeps_the_verdict(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.paper", {"ARBITRAGE_ENV": "paper", **VALID_SECRETS})
    result = workspace.run("preflight", "--env", "paper", "--only", "env_file", "--strict")
    assert result.code == 0, result.text
    data = only_bundle(workspace)
    assert (data["verdict"], data["strict"]) == ("PARTIAL", True)


def test_a_strict_fleet_names_the_warnings_that_block_each_bot(workspace: Workspace) -> None:
    workspace.init_repo()
    for bot in ("alpha", "bravo"):
        values = {"ARBITRAGE_ENV": "paper", **VALID_SECRETS}
        (workspace.root / "bots" / bot).mkdir(parents=True)
        workspace.write_env(f"bots/{bot}/.env.paper", values, mode=0o640)
    files = ("--env-file", "bots/alpha/.env.paper", "--env-file", "bots/bravo/.env.paper")
    result = workspace.run("preflight", *files, "--only", "env_file,git_safety", "--strict")
    assert result.code == 1, result.text
    assert "alpha: git_safety (git.file_mode)" in result.out
    assert "bravo: git_safety (git.file_mode)" in result.out


def warning_fleet(workspace: Workspace, *, failing: str | None = None) -> tuple[str, ...]:
    """Two paper bots whose env files others can read (git_safety WARNs); ``failing`` FAILs."""
    workspace.init_repo()
    for bot in ("alpha", "bravo"):
        values = {"ARBITRAGE_ENV": "paper", **VALID_SECRETS}
        if bot == failing:
            values["BINANCE_API_SECRET"] = "${BINANCE_SECRET}"  # required_keys FAILs
        (workspace.root / "bots" / bot).mkdir(parents=True)
        workspace.write_env(f"bots/{bot}/.env.paper", values, mode=0o640)
    return ("--env-file", "bots/alpha/.env.paper", "--env-file", "bots/bravo/.env.paper")


QUIET_STRICT = ("--only", "env_file,required_keys,git_safety", "--strict", "--quiet")


def test_a_quiet_strict_fleet_says_warnings_block(workspace: Workspace) -> None:
    files = warning_fleet(workspace)
    result = workspace.run("preflight", *files, *QUIET_STRICT)
    assert result.code == 1, result.text
    verdict = result.out.splitlines()[0]
    assert verdict.startswith("NOT READY (--strict): 0 of 2 profiles are READY"), verdict
    assert "In strict mode a warning blocks the go-live" in verdict
    assert "blocked by warnings alone: alpha, bravo" in verdict


def test_a_quiet_strict_fleet_names_only_the_bots_that_warnings_alone_block(
    workspace: Workspace,
) -> None:
    files = warning_fleet(workspace, failing="alpha")
    result = workspace.run("preflight", *files, *QUIET_STRICT)
    assert result.code == 1, result.text
    verdict = result.out.splitlines()[0]
    assert "do not start these until fixed: alpha, bravo" in verdict
    assert "blocked by warnings alone: bravo." in verdict


def test_a_quiet_strict_fleet_says_it_in_korean(workspace: Workspace) -> None:
    files = warning_fleet(workspace)
    result = workspace.run("preflight", *files, *QUIET_STRICT, "--lang", "ko")
    assert result.code == 1, result.text
    verdict = result.out.splitlines()[0]
    assert verdict.startswith("NOT READY (--strict): "), verdict
    assert "strict 모드에서는 경고도" in verdict
    assert "alpha, bravo" in verdict


def test_a_fleet_that_fails_without_strict_says_nothing_of_strict(workspace: Workspace) -> None:
    files = warning_fleet(workspace, failing="alpha")
    args = ("--only", "env_file,required_keys,git_safety", "--quiet")
    result = workspace.run("preflight", *files, *args)
    assert result.code == 1, result.text
    assert "strict" not in result.out
