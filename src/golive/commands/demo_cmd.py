"""``golive demo``: the newcomer's path: a full live preflight against the simulator."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

import typer

from golive.commands.options import EvidenceDirOpt, LangOpt, ScenarioOpt, TimeoutOpt

if TYPE_CHECKING:
    from golive.commands.common import Loaded


def demo(
    scenario: ScenarioOpt = None,
    lang: LangOpt = None,
    postgres_dsn: Annotated[
        str | None,
        typer.Option(
            "--postgres-dsn",
            metavar="DSN",
            help="PostgreSQL to check (default local).",
        ),
    ] = None,
    redis_url: Annotated[
        str | None,
        typer.Option(
            "--redis-url",
            metavar="URL",
            help="Redis to check (default local).",
        ),
    ] = None,
    evidence_dir: EvidenceDirOpt = None,
    timeout: TimeoutOpt = None,
) -> int:
    """Run a full live preflight against the built-in exchange simulator."""
    from golive.checks import all_checks
    from golive.commands.common import UsageError, chosen_lang, load
    from golive.commands.demo_workspace import demo_checks, demo_workspace, resolve_services
    from golive.commands.preflight_cmd import build_setup, execute
    from golive.sim.envwrite import env_values
    from golive.sim.scenarios import UnknownScenarioError, validate_scenarios
    from golive.sim.server import SimConfig, start_simulator

    cwd = Path.cwd()
    language = chosen_lang(lang)
    services = resolve_services(postgres_dsn, redis_url, os.environ)
    for service in services:
        if not service.reachable:
            sys.stderr.write(f"golive demo: {service.skip_reason(language)}\n")
    config = SimConfig(scenarios=tuple(scenario or ()))
    try:
        validate_scenarios(config.scenarios)
    except UnknownScenarioError as exc:
        raise UsageError(exc.in_lang(language)) from exc
    say_scenarios(config.scenarios, language)
    with start_simulator(config) as simulator:
        values = env_values(simulator, "live", services[0].value, services[1].value)
        with demo_workspace(values) as env_file:
            loaded = allow_simulator(
                load("live", env_file, lang=language, config=None, cwd=cwd), simulator.base_url
            )
            checks = demo_checks(all_checks(), services, language)
            setup = build_setup(loaded, checks, timeout=timeout, serial=False, cwd=env_file.parent)
            setup = replace(setup, demo=True)
            target = cwd / (evidence_dir or Path(loaded.settings.evidence_dir))
            return execute(setup, evidence_dir=target, as_json=False, quiet=False)


def say_scenarios(scenarios: tuple[str, ...], lang: str) -> None:
    """What fails below because of ``--scenario`` is staged: say so before the report."""
    from golive import messages

    if scenarios:
        played = messages.text("demo.scenarios", lang, names=", ".join(scenarios))
        sys.stdout.write(f"golive demo: {played}\n")


def allow_simulator(loaded: Loaded, base_url: str) -> Loaded:
    """This run's settings with the simulator's host under ``allowed_hosts``, said on stdout.

    A live profile may only reach production origins; the demo's live profile reaches
    the loopback simulator, so for this run only (never in a file) its host is allowed.
    """
    from golive import messages

    host = urlsplit(base_url).hostname or "127.0.0.1"
    allowed = [*loaded.settings.allowed_hosts, host]
    settings = loaded.settings.model_copy(update={"allowed_hosts": allowed})
    sys.stdout.write(
        f"golive demo: {messages.text('demo.allowed_hosts', loaded.lang, host=host)}\n"
    )
    return replace(loaded, settings=settings)
