"""Helpers for the hardening tests: a live workspace on the simulator, runs, bundle checks."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from golive.sim.envwrite import env_values

if TYPE_CHECKING:
    from pathlib import Path

    from golive.sim.server import RunningSimulator
    from tests.support.workspace import CliResult, Workspace

VENUE_CHECKS = ("upbit", "binance_api_restrictions", "binance", "clock_skew", "telegram")
"""Every check that talks to an exchange or to Telegram (through the base-URL variables)."""
DATASTORE_CHECKS = ("postgres", "redis")
BUNDLE_FILES = ("SHA256SUMS", "detail.txt", "environment.json", "junit.xml", "result.json")
SLACK_S = 1.5
"""How far past ``--timeout`` a run may end: start-up, the report and the bundle."""

Expected = tuple[str, str | None]
"""(status, error_type) of one check."""


@dataclass(frozen=True)
class Run:
    result: CliResult
    seconds: float
    bundle: Path
    data: dict[str, Any]

    def checks(self) -> dict[str, Expected]:
        return {c["id"]: (c["status"], c.get("error_type")) for c in self.data["checks"]}

    def reasons(self) -> dict[str, str | None]:
        return {c["id"]: c.get("reason") for c in self.data["checks"]}


def live_workspace(workspace: Workspace, sim: RunningSimulator, **overrides: str) -> Workspace:
    """A git workspace with ``.env.live`` for ``sim`` (``overrides`` replace values).

    Its ``golive.toml`` allows the simulator's host (``allowed_hosts``): a live base URL
    off the production origin is otherwise a FAIL (``env.non_production_host``).
    """
    workspace.init_repo()
    workspace.write_env(".env.live", {**env_values(sim, "live"), **overrides})
    workspace.allow_hosts(urlsplit(sim.base_url).hostname or "127.0.0.1")
    return workspace


def preflight(workspace: Workspace, checks: tuple[str, ...], *args: str) -> Run:
    """``golive preflight --env live --only CHECKS ARGS`` in-process; its one new bundle."""
    before = set(workspace.bundles())
    started = time.monotonic()
    result = workspace.run("preflight", "--env", "live", "--only", ",".join(checks), *args)
    seconds = time.monotonic() - started
    assert "Traceback" not in result.text, result.text
    [bundle] = sorted(set(workspace.bundles()) - before)
    assert_complete_bundle(bundle)
    return Run(result, seconds, bundle, read_result(bundle))


def read_result(bundle: Path) -> dict[str, Any]:
    return json.loads((bundle / "result.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def assert_complete_bundle(bundle: Path) -> None:
    """Every file there, every checksum right, nothing left over from writing."""
    assert sorted(p.name for p in bundle.iterdir()) == list(BUNDLE_FILES), bundle
    for line in (bundle / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == digest, name
    json.loads((bundle / "result.json").read_text(encoding="utf-8"))


def assert_no_debris(folder: Path) -> None:
    """No staging folder and no temporary file anywhere in an evidence folder."""
    if not folder.exists():
        return
    leftovers = [p for p in folder.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == [], leftovers
