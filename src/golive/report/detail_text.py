"""``detail.txt``: the human-readable log of a run, plain text, no colour."""

from __future__ import annotations

import json

from golive.engine.preflight import PreflightRun
from golive.model import CheckResult
from golive.report.result_json import check_dict
from golive.safetext import printable

_RULE = "=" * 72


def _check_block(result: CheckResult) -> list[str]:
    head = f"[{result.status.value:<4}] {result.id} ({result.title}) {result.duration_ms} ms"
    lines = [head, f"       {result.message}"]
    if result.critical:
        lines.append("       CRITICAL")
    labels = ("error_type", "reason", "hint", "next_action")
    data = check_dict(result)
    lines += [f"       {label}: {data[label]}" for label in labels if data[label]]
    if result.details:
        rendered = json.dumps(dict(result.details), indent=2, ensure_ascii=False, default=str)
        lines += ["       details:"] + [f"         {line}" for line in rendered.splitlines()]
    return lines


def render_detail_text(run: PreflightRun) -> str:
    s = run.summary
    lines = [
        _RULE,
        f"golive preflight  profile={run.profile}  env_file={printable(str(run.env_file))}",
        f"started {run.started_at.isoformat()}  finished {run.finished_at.isoformat()}"
        f"  ({run.duration_ms} ms)",
        _RULE,
    ]
    for result in run.results:
        lines += [*_check_block(result), ""]
    lines += [
        _RULE,
        f"total {s.total}  passed {s.passed}  failed {s.failed}  "
        f"warnings {s.warnings}  skipped {s.skipped}",
        f"verdict: {run.verdict.value}",
        f"complete: {str(run.selection.complete).lower()}  strict: {str(run.strict).lower()}",
        *([f"not run: {', '.join(run.selection.not_run)}"] if run.selection.not_run else []),
        _RULE,
    ]
    return "\n".join(lines) + "\n"
