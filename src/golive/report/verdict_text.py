"""The verdict lines every report ends with, from the message catalog.

READY names how many checks ran; PARTIAL says how many of the registry ran and
which did not; NOT_READY names the checks that failed (or warned, with
``--strict``), so the line stands on its own under ``--quiet``; INTERRUPTED
names the checks that did not finish.
"""

from __future__ import annotations

from golive import messages
from golive.engine.preflight import PreflightRun, Verdict
from golive.model import Status

STYLE = {
    Verdict.READY: "bold green",
    Verdict.PARTIAL: "bold yellow",
    Verdict.NOT_READY: "bold red",
    Verdict.INTERRUPTED: "bold yellow",
}


def _ids(run: PreflightRun, status: Status) -> list[str]:
    return [r.id for r in run.results if r.status == status]


def _head(run: PreflightRun, lang: str) -> str:
    verdict = run.verdict
    if verdict is Verdict.NOT_READY:
        failed = _ids(run, Status.FAIL)
        if failed:
            return messages.text(
                "report.verdict.not_ready", lang, count=str(len(failed)), ids=", ".join(failed)
            )
        warned = _ids(run, Status.WARN)
        return messages.text(
            "report.verdict.not_ready_strict", lang, count=str(len(warned)), ids=", ".join(warned)
        )
    if verdict is Verdict.PARTIAL:
        selection = run.selection
        return messages.text(
            "report.verdict.partial",
            lang,
            ran=str(len(selection.selected)),
            total=str(len(selection.registered)),
        )
    if verdict is Verdict.READY:
        return messages.text("report.verdict.ready", lang, total=str(len(run.results)))
    return messages.text("report.verdict.interrupted", lang)


def verdict_lines(run: PreflightRun, lang: str) -> list[str]:
    """The verdict line, then what did not run or did not finish (if anything)."""
    lines = [_head(run, lang)]
    if run.interrupted:
        cut = [r.id for r in run.results if r.reason == "interrupted"]
        if cut:
            lines.append(messages.text("report.verdict.unfinished", lang, ids=", ".join(cut)))
    if not run.selection.complete:
        not_run = ", ".join(run.selection.not_run)
        lines.append(messages.text("report.verdict.not_run", lang, ids=not_run))
    return lines
