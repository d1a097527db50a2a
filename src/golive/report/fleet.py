"""A fleet's evidence and console summary: one bundle per bot, ``fleet.json``, a table.

``<evidence>/fleet_<UTC yyyymmdd_HHMMSS>_<4 hex>/`` (mode 0700) holds one
ordinary bundle per bot, named ``preflight_<bot>_<stamp>_<4 hex>``, and
``fleet.json`` (schema ``golive.fleet/v1``), written last: a fleet folder with
``fleet.json`` is complete. Each bundle is leak-scanned with its own bot's
secrets, ``fleet.json`` with every bot's.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from golive import messages
from golive.engine.preflight import Verdict, verdict_exit_code
from golive.model import Status
from golive.report.bundle import (
    DIR_MODE,
    FILE_MODE,
    Bundle,
    EvidenceError,
    scan_for_leaks,
    write_bundle,
)
from golive.report.fleet_accounts import (
    accounts_json,
    accounts_section,
    blocked_by_accounts,
    warned_by_accounts,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from concurrent.futures import Future

    from rich.console import RenderableType

    from golive.engine.fleet import FleetRun, MemberRun
    from golive.engine.preflight import PreflightRun
    from golive.masking import Redactor
    from golive.model import CheckResult

FLEET_SCHEMA = "golive.fleet/v1"
FLEET_FILE = "fleet.json"


@dataclass(frozen=True)
class FleetEvidence:
    """Where a fleet's evidence went: the folder, each bot's bundle, each bot's write error."""

    folder: Path
    bundles: Mapping[str, Bundle]
    errors: Mapping[str, str]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _failure(result: CheckResult) -> dict[str, Any]:
    error_type = result.error_type.value if result.error_type else None
    return {"id": result.id, "error_type": error_type, "reason": result.reason}


def _member_dict(member: MemberRun, evidence: FleetEvidence | None) -> dict[str, Any]:
    run = member.run
    bundle = evidence.bundles.get(member.name) if evidence else None
    failed = [r for r in run.results if r.status == Status.FAIL] if run else []
    return {
        "name": member.name,
        "profile": member.profile,
        "env_file": str(member.env_file or (run.env_file if run else "")) or None,
        "verdict": member.verdict.value,
        "summary": run.summary.as_dict() if run else None,
        "duration_ms": run.duration_ms if run else None,
        "failed": [_failure(r) for r in failed],
        "warned": [r.id for r in run.results if r.status == Status.WARN] if run else [],
        "bundle": bundle.path.name if bundle else None,
        "error": member.error or (evidence.errors.get(member.name) if evidence else None),
    }


def fleet_dict(fleet: FleetRun, evidence: FleetEvidence | None = None) -> dict[str, Any]:
    ready = sum(1 for m in fleet.members if m.verdict == Verdict.READY)
    return {
        "schema": FLEET_SCHEMA,
        "started_at": _iso(fleet.started_at),
        "finished_at": _iso(fleet.finished_at),
        "duration_ms": fleet.duration_ms,
        "verdict": fleet.verdict.value,
        "ready": ready,
        "total": len(fleet.members),
        "evidence_dir": str(evidence.folder) if evidence else None,
        "profiles": [_member_dict(m, evidence) for m in fleet.members],
        "accounts": accounts_json(fleet),
    }


def render_fleet_json(fleet: FleetRun, evidence: FleetEvidence | None = None) -> str:
    return json.dumps(fleet_dict(fleet, evidence), indent=2, ensure_ascii=False) + "\n"


def fleet_folder_name(moment: datetime) -> str:
    return f"fleet_{moment.strftime('%Y%m%d_%H%M%S')}_{secrets.token_hex(2)}"


def _make_folder(evidence_dir: Path, moment: datetime) -> Path:
    try:
        evidence_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        for _ in range(32):
            folder = evidence_dir / fleet_folder_name(moment)
            try:
                folder.mkdir(mode=DIR_MODE)
            except FileExistsError:
                continue
            return folder
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        said = messages.message("evidence.cannot_write", path=str(evidence_dir), why=reason)
        raise EvidenceError(said) from exc
    raise EvidenceError(messages.message("evidence.no_free_fleet_name", path=str(evidence_dir)))


def _write_file(folder: Path, name: str, text: str) -> None:
    tmp = folder / f".{name}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, folder / name)


WRITERS = 8
"""Bundles written at once (each file is fsynced: the waits overlap)."""


class FleetWriter:
    """The fleet's evidence: the folder at once (an unusable one stops the fleet before it
    runs), each bot's bundle as soon as its run ends (on a writer thread, while the others
    still run), ``fleet.json`` last."""

    def __init__(
        self, evidence_dir: Path, redactors: Mapping[str, Redactor], cwd: Path, moment: datetime
    ) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.folder = _make_folder(evidence_dir, moment)
        self._redactors = redactors
        self._cwd = cwd
        self._environment: str | None = None
        self._pool = ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="golive-bundle")
        self._pending: dict[str, Future[Bundle | str]] = {}

    def submit(self, name: str, run: PreflightRun) -> None:
        """Start writing ``name``'s bundle (callable from the event loop: it does not block)."""
        self._pending[name] = self._pool.submit(self._write, name, run)

    def _write(self, name: str, run: PreflightRun) -> Bundle | str:
        from golive.report.environment import render_environment

        if self._environment is None:  # the same machine and tree for every bot
            self._environment = render_environment(self._cwd)
        try:
            return write_bundle(
                run,
                self.folder,
                self._redactors[name],
                self._cwd,
                label=name,
                environment=self._environment,
            )
        except EvidenceError as exc:
            return str(exc)

    def finish(self, fleet: FleetRun, combined: Redactor) -> FleetEvidence:
        """Wait for every bundle (writing those not submitted yet), then write ``fleet.json``."""
        for member in fleet.members:
            if member.run is not None and member.name not in self._pending:
                self.submit(member.name, member.run)
        written = {name: future.result() for name, future in self._pending.items()}
        self._pool.shutdown()
        bundles = {n: w for n, w in written.items() if isinstance(w, Bundle)}
        errors = {n: w for n, w in written.items() if isinstance(w, str)}
        evidence = FleetEvidence(self.folder, bundles, errors)
        text = render_fleet_json(fleet, evidence)
        scan_for_leaks({FLEET_FILE: text}, combined)
        try:
            _write_file(self.folder, FLEET_FILE, text)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            said = messages.message("evidence.cannot_write", path=str(self.folder), why=reason)
            raise EvidenceError(said) from exc
        return evidence


def _failing(member: MemberRun) -> str:
    """The checks that block ``member``: its FAILs, else its blocking SKIPs (live, or
    ``--strict``) and (``--strict``) its WARNs."""
    if member.run is None:
        return member.error or ""
    blocking = member.run.blockers or tuple(
        r
        for r in member.run.results
        if r.status == Status.WARN and member.verdict == Verdict.NOT_READY
    )
    return ", ".join(f"{r.id} ({r.reason})" if r.reason else r.id for r in blocking)


VERDICT_STYLE = {Verdict.READY: "bold green", Verdict.NOT_READY: "bold red"}
COLUMNS = (
    "fleet.column.bot",
    "fleet.column.profile",
    "fleet.column.verdict",
    "fleet.column.passed",
    "fleet.column.failed",
    "fleet.column.warnings",
    "fleet.column.time",
    "fleet.column.env_file",
)
"""The table's column headings, as catalogue keys."""


def _shown_path(path: Path | None, cwd: Path | None) -> str:
    """An env file as the operator named it, relative to ``cwd`` when it is inside."""
    if path is None:
        return "-"
    if cwd is not None and path.is_absolute() and path.is_relative_to(cwd):
        return str(path.relative_to(cwd))
    return str(path)


def fleet_table(fleet: FleetRun, lang: str, cwd: Path | None = None) -> RenderableType:
    """One row per bot (env file, verdict, counts, wall time), then each failing bot's checks
    and reasons, then the shared accounts that cannot carry their bots together."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for column in COLUMNS:  # the env file last, folded when long: every column stays whole
        fold = column == "fleet.column.env_file"
        table.add_column(messages.text(column, lang), overflow="fold", no_wrap=not fold)
    for member in fleet.members:
        run, verdict = member.run, member.verdict
        summary = run.summary if run else None
        table.add_row(
            Text(member.name),
            Text(member.profile),
            Text(verdict.value, style=VERDICT_STYLE.get(verdict, "bold yellow")),
            Text(f"{summary.passed}/{summary.total}" if summary else "-"),
            Text(str(summary.failed) if summary else "-"),
            Text(str(summary.warnings) if summary else "-"),
            Text(f"{run.duration_ms} ms" if run else "-"),
            Text(_shown_path(member.env_file, cwd)),
        )
    failing = [
        Text(f"  {member.name}: {_failing(member)}")
        for member in fleet.members
        if verdict_exit_code(member.verdict) != 0  # a PARTIAL run blocks nothing
    ]
    shared = accounts_section(fleet, lang)
    if not failing:
        return Group(table, *shared)
    heading = Text(messages.text("fleet.failing", lang), style="bold")
    return Group(table, Text(""), heading, *failing, *shared)


def fleet_verdict_line(fleet: FleetRun, lang: str) -> str:
    if fleet.ready:
        return messages.text("fleet.verdict.ready", lang, total=str(len(fleet.members)))
    failing = [m.name for m in fleet.members if verdict_exit_code(m.verdict) != 0]
    shared = blocked_by_accounts(fleet)
    others = failing + [name for name in shared if name not in failing]
    if not others:  # nothing failed, but not every bot ran every check (PARTIAL)
        partial = ", ".join(m.name for m in fleet.members if m.verdict != Verdict.READY)
        return messages.text("fleet.verdict.partial", lang, names=partial)
    ready = [m for m in fleet.members if m.verdict == Verdict.READY and m.name not in others]
    warned = ", ".join(m.name for m in fleet.members if _warned_only(m, fleet))
    line = messages.text(
        "fleet.verdict.not_ready_strict" if warned else "fleet.verdict.not_ready",
        lang,
        ready=str(len(ready)),
        total=str(len(fleet.members)),
        names=", ".join(others),
        warned=warned,
    )
    if not shared:
        return line
    return f"{line} {messages.text('fleet.verdict.shared', lang, names=', '.join(shared))}"


def _warned_only(member: MemberRun, fleet: FleetRun) -> bool:
    """Not ready by warnings alone (``--strict``): no check of it failed or skipped in a way
    that blocks, and no shared account it uses is short."""
    run = member.run
    if run is None or any(r.status == Status.FAIL for r in run.results):
        return False
    if member.name in blocked_by_accounts(fleet):
        return member.name in warned_by_accounts(fleet)
    return run.strict_failed and not run.blocking_skips
