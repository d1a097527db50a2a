"""``golive demo``: the newcomer's path: a full live preflight against the simulator."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from golive.commands.options import LangOpt, TimeoutOpt


def demo(
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", help="Simulator fault scenario, repeatable."),
    ] = None,
    lang: LangOpt = None,
    postgres_dsn: Annotated[
        str | None, typer.Option("--postgres-dsn", help="PostgreSQL to check (default local).")
    ] = None,
    redis_url: Annotated[
        str | None, typer.Option("--redis-url", help="Redis to check (default local).")
    ] = None,
    evidence_dir: Annotated[
        Path | None, typer.Option("--evidence-dir", help="Where the bundle goes.")
    ] = None,
    timeout: TimeoutOpt = None,
) -> int:
    """Run a full live preflight against the built-in exchange simulator."""
    from golive.checks import all_checks
    from golive.commands.common import UsageError, load
    from golive.commands.demo_workspace import demo_checks, demo_workspace, resolve_services
    from golive.commands.preflight_cmd import build_setup, execute
    from golive.sim.envwrite import env_values
    from golive.sim.scenarios import UnknownScenarioError, validate_scenarios
    from golive.sim.server import SimConfig, start_simulator

    cwd = Path.cwd()
    services = resolve_services(postgres_dsn, redis_url, os.environ)
    for service in services:
        if not service.reachable:
            sys.stderr.write(f"golive demo: {service.skip_reason}\n")
    config = SimConfig(scenarios=tuple(scenario or ()))
    try:
        validate_scenarios(config.scenarios)
    except UnknownScenarioError as exc:
        raise UsageError(str(exc)) from exc
    with start_simulator(config) as simulator:
        values = env_values(simulator, "live", services[0].value, services[1].value)
        with demo_workspace(values) as env_file:
            loaded = load("live", env_file, lang=lang, config=None, cwd=cwd)
            checks = demo_checks(all_checks(), services)
            setup = build_setup(loaded, checks, timeout=timeout, serial=False, cwd=env_file.parent)
            target = cwd / (evidence_dir or Path(loaded.settings.evidence_dir))
            return execute(setup, evidence_dir=target, as_json=False, quiet=False)
