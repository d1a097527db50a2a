"""A SKIP proved nothing: READY never says "all N ran" over one, and in ``live`` (or with
``--strict``) a SKIP that is not by design keeps the run from READY (walkthrough 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import jsonschema

from golive.sim.envwrite import HEALTHY_PLAN, env_values
from tests.support.workspace import Workspace
from tests.verdict.support import REGISTERED, only_bundle, statuses

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.redis_server import RedisServer

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "evidence-schema.json").read_text())
UNCONFIGURED = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_CHAT_ID", "POSTGRES_DSN", "REDIS_URL")
EXCHANGE_KEYS = ("UPBIT_ACCESS_KEY", "UPBIT_SECRET_KEY", "BINANCE_API_KEY", "BINANCE_API_SECRET")
SKIPPED = ("telegram", "postgres", "redis")


def without_services(workspace: Workspace, sim: RunningSimulator, profile: str) -> None:
    """The simulator's env file minus Telegram, PostgreSQL and Redis; only the exchange keys
    required (golive.toml ``[required_keys]``), so nothing FAILs: three checks SKIP."""
    workspace.init_repo()
    values = {k: v for k, v in env_values(sim, profile).items() if k not in UNCONFIGURED}
    workspace.write_env(f".env.{profile}", values)
    host = urlsplit(sim.base_url).hostname or "127.0.0.1"
    keys = ", ".join(f'"{key}"' for key in EXCHANGE_KEYS)
    (workspace.root / "golive.toml").write_text(
        f'allowed_hosts = ["{host}"]\n[required_keys]\n{profile} = [{keys}]\n', encoding="utf-8"
    )


def test_live_with_unconfigured_services_is_not_ready(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    without_services(workspace, sim, "live")
    result = workspace.run("preflight", "--env", "live")
    assert result.code == 1, result.text
    assert "checks ran" not in result.out
    verdict = next(line for line in result.out.splitlines() if line.startswith("NOT READY"))
    assert verdict.startswith("NOT READY: 3 check(s) did not run (telegram, postgres, redis)")
    assert "skipped telegram: TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID" in result.out
    assert "skipped postgres: POSTGRES_DSN is not set" in result.out
    assert "skipped redis: REDIS_URL is not set" in result.out
    assert "a live profile cannot accept a skipped check" in result.out
    data = only_bundle(workspace)
    jsonschema.validate(data, SCHEMA)
    assert data["verdict"] == "NOT_READY"
    assert data["summary"]["skipped_ids"] == list(SKIPPED)
    assert data["summary"]["blocking_skipped_ids"] == list(SKIPPED)
    assert {statuses(data)[i] for i in SKIPPED} == {"SKIP"}


def test_live_skips_are_named_under_quiet_and_in_korean(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    without_services(workspace, sim, "live")
    result = workspace.run("preflight", "--env", "live", "--quiet", "--lang", "ko")
    assert result.code == 1, result.text
    lines = result.out.splitlines()
    assert lines[0].startswith(
        "NOT READY: 점검 3개가 실행되지 않았습니다(telegram, postgres, redis)"
    )
    assert any(line.startswith("건너뜀 postgres: ") for line in lines), lines


def test_paper_with_unconfigured_services_is_ready_and_says_what_was_skipped(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    without_services(workspace, sim, "paper")
    result = workspace.run("preflight", "--env", "paper")
    assert result.code == 0, result.text
    assert "checks ran" not in result.out
    total = len(REGISTERED)
    head = f"READY: {total - 3} of {total} checks passed, 0 warned, 3 skipped"
    assert f"{head} (telegram, postgres, redis), none failed" in result.out
    assert "this bot may paper-trade" in result.out
    assert "may go live" not in result.out
    assert "skipped redis: REDIS_URL is not set" in result.out
    data = only_bundle(workspace)
    assert data["verdict"] == "READY"
    assert data["summary"]["skipped_ids"] == list(SKIPPED)
    assert data["summary"]["blocking_skipped_ids"] == []


def test_strict_makes_any_skip_block(workspace: Workspace, sim: RunningSimulator) -> None:
    without_services(workspace, sim, "paper")
    result = workspace.run("preflight", "--env", "paper", "--strict")
    assert result.code == 1, result.text
    assert "NOT READY (--strict): 3 check(s) skipped (telegram, postgres, redis)" in result.out
    assert "run without --strict to accept the skips" in result.out
    assert only_bundle(workspace)["verdict"] == "NOT_READY"


def test_a_complete_live_run_still_says_every_check_ran(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    workspace.allow_hosts(urlsplit(sim.base_url).hostname or "127.0.0.1")
    result = workspace.run("preflight", "--env", "live")
    assert result.code == 0, result.text
    assert f"READY: all {len(REGISTERED)} checks ran and none failed; this bot may go live." in (
        result.out
    )
    assert "skipped" not in result.out.split("total ")[-1].split("\n", 1)[-1]
    assert only_bundle(workspace)["summary"]["skipped_ids"] == []


def test_local_dev_without_a_plan_skips_by_design(
    workspace: Workspace, sim: RunningSimulator, persistent_redis: RedisServer
) -> None:
    """local_dev trades nothing: its plan and the trading checks SKIP by design, even strict."""
    workspace.init_repo()
    values = {k: v for k, v in env_values(sim, "local_dev").items() if k not in HEALTHY_PLAN}
    values["REDIS_URL"] = persistent_redis.url()
    workspace.write_env(".env.local_dev", values)
    result = workspace.run("preflight", "--env", "local_dev", "--strict")
    data = only_bundle(workspace)
    assert data["verdict"] == "READY", result.text
    assert result.code == 0
    assert "skipped plan (not applicable here, never blocks)" in result.out
    assert "skipped markets (not applicable here, never blocks): its prerequisite plan" in (
        result.out
    )
    assert "this is not a go-live verdict" in result.out
    assert data["summary"]["blocking_skipped_ids"] == []


def test_a_fleet_names_the_live_bot_that_skips(workspace: Workspace, sim: RunningSimulator) -> None:
    without_services(workspace, sim, "live")
    (workspace.root / "bots" / "alpha").mkdir(parents=True)
    (workspace.root / "bots" / "bravo").mkdir(parents=True)
    workspace.write_env("bots/alpha/.env.live", env_values(sim, "live"))
    (workspace.root / ".env.live").rename(workspace.root / "bots" / "bravo" / ".env.live")
    files = ("--env-file", "bots/alpha/.env.live", "--env-file", "bots/bravo/.env.live")
    result = workspace.run("preflight", *files, "--skip", "redis")
    assert result.code == 1, result.text
    bravo = next(line for line in result.out.splitlines() if line.startswith("  bravo: "))
    assert bravo == "  bravo: telegram (credentials.missing), postgres (pg.dsn_missing)", bravo
    assert not any(line.startswith("  alpha: ") for line in result.out.splitlines())
