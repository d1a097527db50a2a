"""Points 5 and 6: the evidence folder is proven writable first; ``--json`` names the bundle."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.support.workspace import VALID_SECRETS, Workspace
from tests.verdict.support import LOCAL_CHECKS

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "evidence-schema.json").read_text())


def ready(workspace: Workspace) -> Workspace:
    workspace.init_repo()
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS})
    return workspace


def test_unwritable_evidence_stops_before_any_check(workspace: Workspace) -> None:
    ready(workspace)
    (workspace.root / "ev").write_text("not a folder\n")
    only = ",".join(LOCAL_CHECKS)
    result = workspace.run("preflight", "--env", "live", "--only", only, "--evidence-dir", "ev")
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        f"golive: error: cannot write evidence to {workspace.root / 'ev'}: not a directory"
        " (a file of that name is in the way)"
    ]


def test_json_names_the_evidence_dir_and_reports_on_stderr(workspace: Workspace) -> None:
    ready(workspace)
    result = workspace.run("preflight", "--env", "live", "--only", ",".join(LOCAL_CHECKS), "--json")
    assert result.code == 0, result.text
    data = json.loads(result.out)  # stdout is the JSON alone
    jsonschema.validate(data, SCHEMA)
    [bundle] = workspace.bundles()
    assert data["evidence_dir"] == str(bundle)
    written = json.loads((bundle / "result.json").read_text())
    assert "evidence_dir" not in written
    assert written == {k: v for k, v in data.items() if k != "evidence_dir"}
    # the live report goes to stderr, as the README says
    assert "env_file" in result.err
    assert "PARTIAL" in result.err
    assert f"evidence: {bundle}" in result.err
