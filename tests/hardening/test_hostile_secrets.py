"""Secrets in hostile shapes, end to end (issue 11, points 7, 8, 9, 10): a real preflight or
``env validate`` against the simulator and real PostgreSQL/Redis; nothing shown, a verdict."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from golive.sim.state import Injection
from tests.hardening.support import live_workspace, preflight
from tests.masking.test_hostile_secrets import derived_forms, jwt_for

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace


def everything_shown(workspace: Workspace) -> str:
    texts = [r.text for r in workspace.results]
    for bundle in workspace.bundles():
        texts += [p.read_text(encoding="utf-8") for p in bundle.iterdir()]
    return "\n".join(texts)


def test_a_dsn_password_with_two_at_signs_leaves_no_piece(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """libpq reads the host after the *last* ``@``; a parser that splits at the first one
    reports ``tP@ss@127.0.0.1`` as the host: that piece is masked too."""
    dsn = "postgresql://postgres:S3cr@tP@ss@127.0.0.1:5433/postgres"
    live_workspace(workspace, sim, POSTGRES_DSN=dsn)

    preflight(workspace, ("postgres",), "--timeout", "3")
    workspace.run("env", "validate", "--env", "live", "--verbose")

    shown = everything_shown(workspace)
    assert "tP@ss" not in shown
    assert "S3cr@" not in shown
    assert "postgres:****@127.0.0.1:5433" in shown


@pytest.mark.parametrize("password", ["xyz", "postgres", "secret", "admin"])
def test_validate_verbose_never_prints_a_password(
    workspace: Workspace, sim: RunningSimulator, password: str
) -> None:
    live_workspace(
        workspace,
        sim,
        POSTGRES_DSN=f"host=127.0.0.1 user=bot password={password} dbname=arb",
        REDIS_URL=f"redis://127.0.0.1:6379/0?password={password}",
        WEBHOOK_URL=f"https://hook:{password}@hooks.invalid/x",
    )

    result = workspace.run("env", "validate", "--env", "live", "--verbose")

    assert f"password={password}" not in result.out
    assert f"hook:{password}@" not in result.out
    assert "password=**** dbname=arb" in result.out
    assert "?password=****" in result.out


@pytest.mark.parametrize("short", ["2026", "1000", "5432", "true", "json", "PASS", "live"])
def test_a_short_password_is_a_weak_secret_not_a_refused_bundle(
    workspace: Workspace, sim: RunningSimulator, short: str
) -> None:
    live_workspace(workspace, sim, REDIS_URL=f"redis://:{short}@127.0.0.1:6379/0")

    run = preflight(workspace, ("env_file", "required_keys", "telegram"), "--timeout", "3")
    validated = workspace.run("env", "validate", "--env", "live")

    assert run.result.code == 1, run.result.text  # NOT READY, not "refusing to write evidence"
    checks = {c["id"]: c for c in run.data["checks"]}
    assert (checks["required_keys"]["status"], checks["required_keys"]["reason"]) == (
        "FAIL",
        "env.weak_secret",
    )
    assert checks["telegram"]["status"] == "PASS"
    assert "profile=live" in (run.bundle / "detail.txt").read_text()
    assert "(profile live)" in validated.out
    assert "REDIS_URL  weak_secret" in validated.out


def test_a_jwt_echoed_by_a_server_is_masked(workspace: Workspace, sim: RunningSimulator) -> None:
    """Upbit's ``Authorization: Bearer <JWT>`` echoed back: its payload is the access key."""
    live_workspace(workspace, sim)
    token = jwt_for(sim.state.credentials.upbit_access_key)
    body = {"error": {"name": "invalid_query_payload", "message": f"Bearer {token}"}}
    sim.state.inject(Injection("GET", "/v1/api_keys", 401, body=json.dumps(body).encode()))

    run = preflight(workspace, ("upbit",), "--timeout", "3")

    assert run.data["checks"][0]["status"] == "FAIL"
    assert "eyJ" not in everything_shown(workspace)


@pytest.mark.parametrize("form", list(derived_forms("x" * 8)))
def test_a_token_echoed_in_a_derived_form_is_masked_end_to_end(
    workspace: Workspace, sim: RunningSimulator, form: str
) -> None:
    live_workspace(workspace, sim)
    token = sim.state.credentials.telegram_bot_token
    echoed = derived_forms(token)[form]
    body = {"ok": False, "error_code": 401, "description": f"Unauthorized: {echoed}"}
    sim.state.inject(Injection("GET", f"/bot{token}/getMe", 401, body=json.dumps(body).encode()))

    run = preflight(workspace, ("telegram",), "--timeout", "3")

    assert run.data["checks"][0]["status"] == "FAIL"
    shown = everything_shown(workspace)
    assert echoed not in shown
    assert token.split(":")[1][:8].lower() not in shown.lower()
