"""``golive preflight --fleet FILE`` / ``--env-file A --env-file B``: many bots, one process.

Every bot is loaded first (a bad env file or fleet entry is exit 2 before
anything runs), then all run concurrently in one event loop with one shared
rate-limit memory per venue identity. Exit 0 only when every bot is READY.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from golive.engine import signals

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.commands.common import Loaded
    from golive.engine.fleet import FleetMember, FleetRun, FleetRunner
    from golive.engine.fleetfile import BotSpec
    from golive.engine.preflight import Selection
    from golive.masking import Redactor
    from golive.model import Check
    from golive.report.fleet import FleetWriter

TABLE_WIDTH = 240
"""The fleet table's width at least off a terminal (Rich would squeeze it to a pipe's 80
columns); on a terminal, a long env file path folds within the terminal's width."""


@dataclass(frozen=True)
class FleetOptions:
    checks: tuple[Check, ...]
    evidence_dir: Path | None
    as_json: bool
    quiet: bool
    lang: str | None
    timeout: float | None
    serial: bool
    config: Path | None
    prometheus: Path | None
    cwd: Path
    plan_flags: Mapping[str, str] = field(default_factory=dict)
    selection: Selection | None = None
    """``--only`` / ``--skip`` as the verdict records them (None: every check)."""
    strict: bool = False


def load_bot(spec: BotSpec, options: FleetOptions) -> Loaded:
    """The bot's settings (with its plan overrides), profile and redactor."""
    from golive.commands.common import load
    from golive.config import with_overrides

    loaded = load(
        spec.profile, spec.env_file, lang=options.lang, config=options.config, cwd=options.cwd
    )
    if not spec.plan:
        return loaded
    settings = with_overrides(loaded.settings, {"plan": spec.plan}, f"bot {spec.name}")
    return type(loaded)(settings, loaded.profile, loaded.redactor, loaded.lang)


def build_members(
    specs: list[BotSpec], options: FleetOptions
) -> tuple[list[FleetMember], dict[str, Redactor], str]:
    """Every bot loaded (exit 2 on the first bad one), their factories sharing venue state."""
    from golive.engine.fleet import FleetMember
    from golive.engine.preflight import PreflightSetup, Selection
    from golive.exchanges.backoff import VenueStates
    from golive.exchanges.http import ClientFactory

    venues = VenueStates()
    members, redactors, lang = [], {}, "en"
    for spec in specs:
        loaded = load_bot(spec, options)
        setup = PreflightSetup(
            profile=loaded.profile,
            settings=loaded.settings,
            redactor=loaded.redactor,
            checks=options.checks,
            lang=loaded.lang,
            timeout=options.timeout or loaded.settings.timeout_s,
            serial=options.serial,
            cwd=options.cwd,
            http=ClientFactory.from_values(
                loaded.profile.values,
                loaded.settings,
                key_base=loaded.profile.env_file.parent,
                venues=venues,
                profile=loaded.profile.name,
            ),
            plan_flags=dict(options.plan_flags),
            selection=options.selection or Selection(),
            strict=options.strict,
        )
        members.append(FleetMember(spec.name, setup))
        redactors[spec.name] = loaded.redactor
        lang = loaded.lang
    return members, redactors, lang


async def _run_with_signals(runner: FleetRunner, run_signals: signals.Cancelling) -> FleetRun:
    """Run every bot; SIGINT/SIGTERM cancel them, then are held (``signals.Cancelling``)."""
    run_signals.attach(asyncio.get_running_loop(), runner.cancel)
    try:
        return await runner.run()
    finally:
        run_signals.detach()


def run_fleet(specs: list[BotSpec], options: FleetOptions) -> int:
    """Load every bot, run them together, write the evidence, show the table; the exit code."""
    from golive.commands.common import activate
    from golive.engine.fleet import FleetRunner
    from golive.masking import Redactor

    members, redactors, lang = build_members(specs, options)
    combined = Redactor.combined(redactors.values(), public=redactors)  # bot names are shown
    activate(combined)
    writer = _writer(options, redactors)
    runner = FleetRunner(members, on_done=writer.submit if writer else None)
    with signals.Cancelling() as run_signals:  # the loop's set-up and end included
        fleet = asyncio.run(_run_with_signals(runner, run_signals))
    return _report(fleet, writer, combined, lang, options) or _exit(fleet)  # a signal: 130 / 143


def _writer(options: FleetOptions, redactors: dict[str, Redactor]) -> FleetWriter | None:
    """The evidence writer; its folder is made now (an unusable one is exit 2 before any run)."""
    from datetime import UTC, datetime

    from golive.report.fleet import FleetWriter

    if options.evidence_dir is None:
        return None
    return FleetWriter(options.evidence_dir, redactors, options.cwd, datetime.now(UTC))


def _exit(fleet: FleetRun) -> int:
    """The fleet verdict's exit code: 0 only when every member's verdict exits 0."""
    from golive.engine.preflight import verdict_exit_code

    return verdict_exit_code(fleet.verdict)


def _report(
    fleet: FleetRun,
    writer: FleetWriter | None,
    combined: Redactor,
    lang: str,
    options: FleetOptions,
) -> int:
    from golive.report.bundle import EvidenceError, EvidenceLeakError
    from golive.report.fleet import FleetEvidence, render_fleet_json

    evidence: FleetEvidence | None = None
    failure: EvidenceError | None = None
    if writer is not None:
        try:  # a signal is held now (signals.hold): every bundle and fleet.json are finished
            evidence = writer.finish(fleet, combined)
        except EvidenceError as exc:
            failure = exc
    if options.prometheus is not None:
        write_fleet_metrics(fleet, options.prometheus, lang)
    if options.as_json:
        if not isinstance(failure, EvidenceLeakError):
            sys.stdout.write(combined.redact(render_fleet_json(fleet, evidence)))
    else:
        show(fleet, evidence, combined, lang, quiet=options.quiet, cwd=options.cwd)
    if failure is not None:
        raise failure
    if evidence is not None and evidence.errors:
        raise EvidenceError(next(iter(evidence.errors.values())))
    return 0


def write_fleet_metrics(fleet: FleetRun, path: Path, lang: str) -> None:
    from golive.commands.common import write_metrics
    from golive.report.fleet_accounts import blocked_by_accounts
    from golive.report.prometheus import ProfileRun

    blocked = set(blocked_by_accounts(fleet))
    runs = [
        ProfileRun(m.name, m.run, blocked=m.name in blocked)
        for m in fleet.members
        if m.run is not None
    ]
    write_metrics(path, runs, lang)


def show(
    fleet: FleetRun,
    evidence: object,
    redactor: Redactor,
    lang: str,
    *,
    quiet: bool,
    cwd: Path | None = None,
) -> None:
    from golive import messages
    from golive.report.console import make_console
    from golive.report.fleet import FleetEvidence, fleet_table, fleet_verdict_line

    console = make_console()
    if not quiet:
        if not console.is_terminal:  # a pipe or a log: rows whole, long env file paths too
            console.width = max(console.width, TABLE_WIDTH)
        console.print(fleet_table(fleet, lang, cwd))
        console.print()
    console.print(redactor.redact(fleet_verdict_line(fleet, lang)), markup=False)
    if isinstance(evidence, FleetEvidence):
        line = messages.text("fleet.evidence", lang, path=str(evidence.folder))
        console.print(redactor.redact(line), markup=False)
