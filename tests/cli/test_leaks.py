"""No secret, nor any 8-character slice of one, in any output of any command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.workspace import (
    AWKWARD_SECRETS,
    VALID_SECRETS,
    Workspace,
    leaked_slices,
    secret_parts,
)

COMMANDS = [
    ("preflight", "--env", "live", "--only", "env_file,required_keys,read_only,git_safety"),
    ("preflight", "--env", "live", "--only", "env_file,required_keys", "--json"),
    ("preflight", "--env", "live", "--only", "env_file,required_keys", "--lang", "ko"),
    ("preflight", "--env", "live", "--only", "postgres,redis", "--timeout", "3"),
    ("env", "validate", "--env", "live"),
    ("env", "validate", "--env", "live", "--verbose"),
    ("env", "validate", "--env", "live", "--format", "json"),
    ("git-safety", "--env", "live"),
    ("checks",),
]


def evidence_text(root: Path) -> str:
    folder = root / "logs" / "evidence"
    if not folder.exists():
        return ""
    return "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("values", [VALID_SECRETS, AWKWARD_SECRETS], ids=["valid", "awkward"])
@pytest.mark.parametrize(
    "args", COMMANDS, ids=[" ".join(c[:3]) + f"#{i}" for i, c in enumerate(COMMANDS)]
)
def test_no_secret_in_any_output(
    workspace: Workspace, values: dict[str, str], args: tuple[str, ...]
) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **values})
    # put one secret into history too, so git_safety has something to report
    (workspace.root / "old.txt").write_text(values["UPBIT_SECRET_KEY"])
    workspace.git("add", "old.txt")
    workspace.git("commit", "-q", "-m", "old")
    result = workspace.run(*args)
    assert "Traceback" not in result.text
    everything = result.text + evidence_text(workspace.root)
    assert leaked_slices(everything, secret_parts(values)) == []


def test_secrets_stay_out_of_a_failing_database_check(workspace: Workspace) -> None:
    values = {
        **VALID_SECRETS,
        "POSTGRES_DSN": "postgresql://postgres:Pg%25pa$$w0rd.Secret@127.0.0.1:1/postgres",
        "REDIS_URL": "redis://:R3dis-Pa55word-Secret@127.0.0.1:1/0",
    }
    workspace.write_env(".env.live", values)
    result = workspace.run("preflight", "--env", "live", "--only", "postgres,redis")
    assert result.code == 1
    everything = result.text + evidence_text(workspace.root)
    assert leaked_slices(everything, secret_parts(values)) == []
