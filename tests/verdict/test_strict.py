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
