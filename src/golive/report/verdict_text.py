"""The verdict lines every report ends with, from the message catalog.

READY says "all N checks ran" only when none SKIPped; otherwise it names how many
passed, warned and were skipped, and what READY means in the run's profile (live,
paper, local_dev, or golive's own demo). PARTIAL says how many of the registry ran
and which did not; NOT_READY names the checks that failed, else the checks that did
not run (a SKIP blocks in ``live`` and with ``--strict``), else the ones that warned
(``--strict``), so the line stands on its own under ``--quiet``; INTERRUPTED names
the checks that did not finish. Every SKIP then gets a line of its own with its
reason, marked when it is by design here (:mod:`golive.engine.skips`).
"""

from __future__ import annotations

from golive import messages
from golive.engine.preflight import PreflightRun, Verdict
from golive.engine.skips import by_design
from golive.model import Status

STYLE = {
    Verdict.READY: "bold green",
    Verdict.PARTIAL: "bold yellow",
    Verdict.NOT_READY: "bold red",
    Verdict.INTERRUPTED: "bold yellow",
}

MEANING_KEYS = {
    "live": "report.verdict.meaning.live",
    "paper": "report.verdict.meaning.paper",
    "local_dev": "report.verdict.meaning.local_dev",
}
"""What READY means in each profile (``golive demo``: ``report.verdict.meaning.demo``)."""


def _ids(run: PreflightRun, status: Status) -> list[str]:
    return [r.id for r in run.results if r.status == status]


def _meaning(run: PreflightRun, lang: str) -> str:
    key = "report.verdict.meaning.demo" if run.demo else MEANING_KEYS.get(run.profile)
    return messages.text(key or MEANING_KEYS["live"], lang)


def _ready(run: PreflightRun, lang: str) -> str:
    skipped = _ids(run, Status.SKIP)
    meaning = _meaning(run, lang)
    if not skipped:
        return messages.text(
            "report.verdict.ready", lang, total=str(len(run.results)), meaning=meaning
        )
    summary = run.summary
    return messages.text(
        "report.verdict.ready_skipped",
        lang,
        passed=str(summary.passed),
        total=str(summary.total),
        warned=str(summary.warnings),
        skipped=str(summary.skipped),
        ids=", ".join(skipped),
        meaning=meaning,
    )


def _not_ready(run: PreflightRun, lang: str) -> str:
    failed = _ids(run, Status.FAIL)
    if failed:
        return messages.text(
            "report.verdict.not_ready", lang, count=str(len(failed)), ids=", ".join(failed)
        )
    skips = [r.id for r in run.blocking_skips]
    if skips and (run.profile == "live" or not run.strict_failed):
        key = "report.verdict.not_ready_skipped" if run.profile == "live" else (
            "report.verdict.not_ready_strict_skipped"
        )  # fmt: skip
        return messages.text(key, lang, count=str(len(skips)), ids=", ".join(skips))
    warned = _ids(run, Status.WARN)
    return messages.text(
        "report.verdict.not_ready_strict", lang, count=str(len(warned)), ids=", ".join(warned)
    )


def _head(run: PreflightRun, lang: str) -> str:
    verdict = run.verdict
    if verdict is Verdict.NOT_READY:
        return _not_ready(run, lang)
    if verdict is Verdict.PARTIAL:
        selection = run.selection
        return messages.text(
            "report.verdict.partial",
            lang,
            ran=str(len(selection.selected)),
            total=str(len(selection.registered)),
        )
    if verdict is Verdict.READY:
        return _ready(run, lang)
    return messages.text("report.verdict.interrupted", lang)


def skipped_lines(run: PreflightRun, lang: str) -> list[str]:
    """One line per SKIP (its reason), then how to make the blocking ones run."""
    designed = by_design(run.results, run.profile)
    lines = [
        messages.text(
            "report.verdict.skipped_by_design" if r.id in designed else "report.verdict.skipped",
            lang,
            id=r.id,
            why=r.message,
        )
        for r in run.skipped
        if r.reason != "interrupted"
    ]
    if run.blocking_skips and not any(r.status == Status.FAIL for r in run.results):
        key = "report.verdict.skip_fix_live" if run.profile == "live" else (
            "report.verdict.skip_fix_strict"
        )  # fmt: skip
        lines.append(messages.text(key, lang, env=str(run.env_file)))
    return lines


def verdict_lines(run: PreflightRun, lang: str, *, not_run: bool = True) -> list[str]:
    """The verdict line, then each skipped check, then what did not run or did not finish.

    ``not_run=False`` leaves out the list of checks the selection left out (``golive
    git-safety`` runs one check by design: the other ids are noise there).
    """
    lines = [_head(run, lang), *skipped_lines(run, lang)]
    if run.interrupted:
        cut = [r.id for r in run.results if r.reason == "interrupted"]
        if cut:
            lines.append(messages.text("report.verdict.unfinished", lang, ids=", ".join(cut)))
    if not_run and not run.selection.complete:
        ids = ", ".join(run.selection.not_run)
        lines.append(messages.text("report.verdict.not_run", lang, ids=ids))
    return lines
