"""``result.json``: the machine-readable result, schema ``golive.preflight/v2``.

v2 (issue 10) added ``PARTIAL`` to ``verdict`` and changed what ``READY`` means
(every registered check ran), hence the new id; ``selection``, ``complete``,
``not_run`` and ``strict`` record why. ``summary.skipped_ids`` and
``summary.blocking_skipped_ids`` (the SKIPs that kept the run from READY) were added
later without a new id: nothing that was there changed meaning.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from golive.engine.preflight import PreflightRun
from golive.model import CheckResult
from golive.safetext import printable

if TYPE_CHECKING:
    from pathlib import Path

SCHEMA_ID = "golive.preflight/v2"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_dict(result: CheckResult) -> dict[str, Any]:
    return {
        "id": result.id,
        "title": result.title,
        "status": result.status.value,
        "critical": result.critical,
        "message": result.message,
        "error_type": result.error_type.value if result.error_type else None,
        "reason": result.reason,
        "hint": result.hint,
        "next_action": result.next_action,
        "details": dict(result.details),
        "duration_ms": result.duration_ms,
    }


def result_dict(run: PreflightRun) -> dict[str, Any]:
    return {
        "schema": SCHEMA_ID,
        "profile": run.profile,
        "env_file": printable(str(run.env_file)),
        "lang": run.lang,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "duration_ms": run.duration_ms,
        "verdict": run.verdict.value,
        "complete": run.selection.complete,
        "selection": run.selection.as_dict(),
        "not_run": list(run.selection.not_run),
        "strict": run.strict,
        "summary": {
            **run.summary.as_dict(),
            "skipped_ids": [r.id for r in run.skipped],
            "blocking_skipped_ids": [r.id for r in run.blocking_skips],
        },
        "checks": [check_dict(r) for r in run.results],
    }


def render_result_json(run: PreflightRun) -> str:
    return json.dumps(result_dict(run), indent=2, ensure_ascii=False, default=str) + "\n"


def render_stdout_json(run: PreflightRun, evidence_dir: Path | None) -> str:
    """What ``--json`` prints: ``result.json`` plus ``evidence_dir`` (the bundle, or null)."""
    data = {**result_dict(run), "evidence_dir": None if evidence_dir is None else str(evidence_dir)}
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
