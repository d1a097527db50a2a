"""``golive preflight``: run the checks, show them, write the evidence, exit 0/1/2."""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from golive.commands.options import (
    ConfigOpt,
    EnvOpt,
    EvidenceDirOpt,
    JsonOpt,
    KillSwitchLossOpt,
    LangOpt,
    MaxNotionalOpt,
    OnlyOpt,
    PairsOpt,
    ProveOrderPermissionOpt,
    QuietOpt,
    SeedOpt,
    SerialOpt,
    SkipOpt,
    StrictOpt,
    TimeoutOpt,
)
from golive.engine import signals

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.commands.common import Loaded
    from golive.commands.fleet_cmd import FleetOptions
    from golive.engine.preflight import PreflightRun, PreflightSetup, Selection
    from golive.exchanges.backoff import VenueStates
    from golive.model import Check, HttpClientFactory
    from golive.report.console import ConsoleReport


def http_factory(
    loaded: Loaded, *, order_tests: bool = False, venues: VenueStates | None = None
) -> HttpClientFactory:
    """The run's one factory of guarded, signed clients (shared reads live in it);
    ``venues`` carries ``golive serve``'s blocks of earlier runs."""
    from golive.exchanges.http import ClientFactory

    return ClientFactory.from_values(
        loaded.profile.values,
        loaded.settings,
        key_base=loaded.profile.env_file.parent,
        order_tests=order_tests,
        venues=venues,
        profile=loaded.profile.name,
    )


def build_setup(
    loaded: Loaded,
    checks: tuple[Check, ...],
    *,
    timeout: float | None,
    serial: bool,
    cwd: Path,
    plan_flags: Mapping[str, str] | None = None,
    prove_order_permission: bool = False,
    selection: Selection | None = None,
    strict: bool = False,
    venues: VenueStates | None = None,
) -> PreflightSetup:
    from golive.engine.preflight import PreflightSetup, Selection

    return PreflightSetup(
        selection=selection or Selection(),
        strict=strict,
        profile=loaded.profile,
        settings=loaded.settings,
        redactor=loaded.redactor,
        checks=checks,
        lang=loaded.lang,
        timeout=timeout or loaded.settings.timeout_s,
        serial=serial,
        cwd=cwd,
        http=http_factory(loaded, order_tests=prove_order_permission, venues=venues),
        plan_flags=dict(plan_flags or {}),
        prove_order_permission=prove_order_permission,
    )


def plan_flags(**given: str | None) -> dict[str, str]:
    """The plan flags given (setting name -> text); one that does not parse is exit 2."""
    from golive.commands.common import UsageError
    from golive.messages import message
    from golive.plan import VALUE_TEXTS, flag_problems

    flags = {name: value for name, value in given.items() if value is not None}
    for problem in flag_problems(flags):
        why = message(VALUE_TEXTS[problem.code])
        raise UsageError(
            message("usage.bad_flag", flag=problem.origin, value=repr(problem.value), why=why)
        )
    return flags


async def _run_with_signals(
    setup: PreflightSetup, report: ConsoleReport, run_signals: signals.Cancelling
) -> PreflightRun:
    """Run the preflight; SIGINT/SIGTERM cancel it, then are held (``signals.Cancelling``)."""
    from golive.engine.preflight import run_preflight

    task = asyncio.current_task()

    def cancel() -> None:
        if task is not None:
            task.cancel()

    run_signals.attach(asyncio.get_running_loop(), cancel)
    try:
        return await run_preflight(setup, on_start=report.on_start, on_result=report.on_result)
    finally:
        run_signals.detach()


def _write_evidence(
    run: PreflightRun,
    setup: PreflightSetup,
    evidence_dir: Path | None,
    environment: str | None = None,
) -> tuple[Path | None, Exception | None]:
    """The bundle's path, or the one-line error to raise after the report is shown."""
    from golive.report.bundle import EvidenceError, write_bundle

    if evidence_dir is None:
        return None, None
    try:  # a signal is held now (signals.hold): the bundle is written whole
        bundle = write_bundle(run, evidence_dir, setup.redactor, setup.cwd, environment=environment)
        return bundle.path, None
    except EvidenceError as exc:
        return None, exc  # the result is still shown; then exit 2 with one line


def execute(
    setup: PreflightSetup,
    *,
    evidence_dir: Path | None,
    as_json: bool,
    quiet: bool,
    metrics: Path | None = None,
    not_run: bool = True,
) -> int:
    """Run, report and write the bundle (and the metrics textfile); the exit code follows the
    verdict.

    ``not_run=False`` leaves the list of checks not selected out of the report (``golive
    git-safety``). The evidence folder is proven writable before any check starts. With ``--json``
    the report goes to stderr and stdout holds only the JSON (``result.json`` plus
    ``evidence_dir``).
    """
    from golive.commands.common import write_metrics
    from golive.engine.preflight import verdict_exit_code
    from golive.report.bundle import EvidenceLeakError, prepare_evidence_dir
    from golive.report.console import ConsoleReport, make_console
    from golive.report.environment import render_environment
    from golive.report.prometheus import ProfileRun
    from golive.report.result_json import render_stdout_json

    if evidence_dir is not None:
        prepare_evidence_dir(evidence_dir, setup.lang)  # exit 2 before any check starts
    console = make_console(stderr=as_json)
    report = ConsoleReport(console, setup.checks, lang=setup.lang, quiet=quiet, not_run=not_run)
    with ThreadPoolExecutor(1, thread_name_prefix="golive-environment") as pool:
        # environment.json (git subprocesses, package versions) is waiting, not work:
        # gathered while the checks run rather than after them
        facts = pool.submit(render_environment, setup.cwd) if evidence_dir is not None else None
        with report, signals.Cancelling() as run_signals:  # the loop's set-up and end included
            run = asyncio.run(_run_with_signals(setup, report, run_signals))
        environment = facts.result() if facts is not None else None
    bundle, failure = _write_evidence(run, setup, evidence_dir, environment)
    if metrics is not None:
        write_metrics(metrics, [ProfileRun(run.profile, run)], setup.lang)
    report.finish(run, bundle)
    if as_json and not isinstance(failure, EvidenceLeakError):  # never print what was refused
        sys.stdout.write(setup.redactor.redact(render_stdout_json(run, bundle)))
    if failure is not None:
        raise failure
    return verdict_exit_code(run.verdict)  # a signal held meanwhile: the CLI exits 130 / 143


EnvFilesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--env-file",
        metavar="PATH",
        help="Env file to use instead of .env.<profile>; repeat it to run a fleet of bots.",
    ),
]
FleetOpt = Annotated[
    Path | None,
    typer.Option(
        "--fleet", metavar="FILE", help="TOML list of bots (name, profile, env_file, plan) to run."
    ),
]
PrometheusOpt = Annotated[
    Path | None,
    typer.Option(
        "--prometheus",
        metavar="PATH",
        help="Also write the metrics here (node_exporter textfile, atomic).",
    ),
]


def preflight(
    env: EnvOpt = None,
    env_file: EnvFilesOpt = None,
    fleet: FleetOpt = None,
    only: OnlyOpt = None,
    skip: SkipOpt = None,
    evidence_dir: EvidenceDirOpt = None,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    timeout: TimeoutOpt = None,
    serial: SerialOpt = False,
    config: ConfigOpt = None,
    pairs: PairsOpt = None,
    seed: SeedOpt = None,
    max_notional: MaxNotionalOpt = None,
    kill_switch_loss: KillSwitchLossOpt = None,
    prove_order_permission: ProveOrderPermissionOpt = False,
    prometheus: PrometheusOpt = None,
    strict: StrictOpt = False,
) -> int:
    """Run the go-live preflight (read-only) and write an evidence bundle.

    With ``--prometheus``, an error out of it (exit 2) rewrites the textfile with
    ``golive_ready`` 0: a run that could not happen never leaves an earlier READY behind."""
    from golive.commands.common import (
        check_metrics_path,
        choose_checks,
        not_ready_on_error,
        profile_hint,
    )
    from golive.commands.fleet_cmd import FleetOptions

    cwd = Path.cwd()
    metrics = check_metrics_path(prometheus, lang)
    files = env_file or []
    with not_ready_on_error(metrics, profile_hint(env, files)):
        checks, selection = choose_checks(only, skip, prove_order_permission)
        flags = plan_flags(
            pairs=pairs,
            seed_usdt=seed,
            max_notional_usdt=max_notional,
            kill_switch_daily_loss_usdt=kill_switch_loss,
        )
        options = FleetOptions(
            checks, evidence_dir, as_json, quiet, lang, timeout, serial, config, metrics, cwd, flags
        )
        options = replace(options, selection=selection, strict=strict)
        if fleet is not None or len(files) > 1:
            return _fleet(env, files, fleet, options)
        return _single(env, files[0] if files else None, options, prove_order_permission)


def _single(
    env: str | None, env_file: Path | None, options: FleetOptions, prove_order_permission: bool
) -> int:
    """One profile: load it, run, report."""
    from golive.commands.common import load

    cwd = options.cwd
    loaded = load(env, env_file, lang=options.lang, config=options.config, cwd=cwd)
    setup = build_setup(
        loaded,
        options.checks,
        timeout=options.timeout,
        serial=options.serial,
        cwd=cwd,
        plan_flags=options.plan_flags,
        selection=options.selection,
        strict=options.strict,
        prove_order_permission=prove_order_permission,
    )
    target = options.evidence_dir or Path(loaded.settings.evidence_dir)
    return execute(
        setup,
        evidence_dir=cwd / target,
        as_json=options.as_json,
        quiet=options.quiet,
        metrics=options.prometheus,
    )


def _fleet(env: str | None, files: list[Path], fleet: Path | None, options: FleetOptions) -> int:
    """Several bots in one process (``commands.fleet_cmd``)."""
    from golive import messages
    from golive.commands.common import UsageError, fallback_lang
    from golive.commands.fleet_cmd import run_fleet
    from golive.config import load_settings
    from golive.engine.fleetfile import bots_from_env_files, read_fleet_file, repeated_env_file

    cwd = options.cwd
    if fleet is not None and files:
        raise UsageError(messages.text("fleet.fleet_and_env_files", fallback_lang(options.lang)))
    if fleet is not None:
        specs = read_fleet_file(fleet if fleet.is_absolute() else cwd / fleet)
        specs = [s if s.profile or env is None else replace(s, profile=env) for s in specs]
    else:
        specs = bots_from_env_files(files, env)
    repeated = repeated_env_file([s.env_file for s in specs])
    if repeated is not None:
        lang = fallback_lang(options.lang)
        raise UsageError(messages.text("fleet.env_file_twice", lang, path=str(repeated)))
    target = options.evidence_dir or Path(load_settings(cwd, options.config).evidence_dir)
    return run_fleet(specs, replace(options, evidence_dir=cwd / target))
