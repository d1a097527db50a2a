"""The console report (Rich): live lines while checks run, then summary and verdict.

Colour only on a terminal and never with ``NO_COLOR``; every text is built as
``rich.text.Text`` so a message can never be read as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.live import Live
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from golive import messages
from golive.engine.preflight import PreflightRun
from golive.model import Check, CheckResult, Status
from golive.report.check_findings import Where, finding_lines, findings_of, rest_line
from golive.report.verdict_text import STYLE, verdict_lines

if TYPE_CHECKING:
    from collections.abc import Sequence

STATUS_STYLE = {
    Status.PASS: "bold green",
    Status.FAIL: "bold red",
    Status.WARN: "bold yellow",
    Status.SKIP: "dim",
}

UI_KEYS = {
    "running": "report.console.running",
    "to_fix": "report.console.to_fix",
    "warnings": "report.console.warnings",
    "hint": "report.console.why",
    "next": "report.console.do",
    "critical": "report.console.critical",
}
"""Every label of the report, by its catalogue key (verdict lines: :mod:`.verdict_text`)."""


def make_console(*, stderr: bool = False, force_plain: bool = False) -> Console:
    """A console with colour only on a terminal; Rich itself honours ``NO_COLOR``."""
    return Console(stderr=stderr, highlight=False, no_color=force_plain or None, soft_wrap=True)


def _ui(lang: str) -> dict[str, str]:
    return {name: messages.text(key, lang) for name, key in UI_KEYS.items()}


def _summary_line(run: PreflightRun, lang: str) -> str:
    counts = {name: str(count) for name, count in run.summary.as_dict().items()}
    return messages.text("report.console.summary", lang, **counts, duration=str(run.duration_ms))


def by_hand_line(result: CheckResult, lang: str) -> Text | None:
    """What the check could not read and the operator must verify by hand (not a WARN)."""
    what = result.details.get("verify_by_hand")
    if not isinstance(what, str) or result.status is Status.SKIP:
        return None
    return Text(messages.text("report.console.verify_by_hand", lang, what=what), style="dim")


def result_line(result: CheckResult, width: int) -> Text:
    line = Text()
    line.append(f"{result.status.value:<4}", style=STATUS_STYLE[result.status])
    line.append(f"  {result.id:<{width}}  ")
    line.append(result.message)
    line.append(f"  {result.duration_ms} ms", style="dim")
    return line


class ConsoleReport:
    """Receives runner events and draws them; ``finish`` prints the summary."""

    def __init__(
        self,
        console: Console,
        checks: Sequence[Check],
        *,
        lang: str,
        quiet: bool,
        not_run: bool = True,
    ) -> None:
        self._not_run = not_run
        """List the checks the selection left out (``golive git-safety``: no)."""
        self._console = console
        self._checks = list(checks)
        self._lang = lang
        self._quiet = quiet
        self._width = max((len(c.id) for c in checks), default=8)
        self._running: set[str] = set()
        self._done: dict[str, CheckResult] = {}
        self._live: Live | None = None

    def __enter__(self) -> ConsoleReport:
        if not self._quiet and self._console.is_terminal:
            self._live = Live(self._render_live(), console=self._console, transient=True)
            self._live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.__exit__(None, None, None)
            self._live = None
            for check in self._checks:
                if check.id in self._done:
                    self._print_result(self._done[check.id])

    def on_start(self, check: Check) -> None:
        self._running.add(check.id)
        self._refresh()

    def on_result(self, result: CheckResult) -> None:
        self._running.discard(result.id)
        self._done[result.id] = result
        if self._live is None and not self._quiet:
            self._print_result(result)
        self._refresh()

    def _print_result(self, result: CheckResult) -> None:
        self._console.print(result_line(result, self._width))
        extra = by_hand_line(result, self._lang)
        if extra is not None:
            self._console.print(extra)

    def _refresh(self) -> None:
        if self._live is not None:
            self._live.update(self._render_live())

    def _render_live(self) -> Table:
        table = Table.grid(padding=(0, 1))
        for check in self._checks:
            if check.id in self._done:
                table.add_row(result_line(self._done[check.id], self._width))
            elif check.id in self._running:
                label = Text(f"{check.id:<{self._width}}  {_ui(self._lang)['running']}…")
                table.add_row(Group(Spinner("dots", text=label)))
            else:
                table.add_row(Text(f"      {check.id}", style="dim"))
        return table

    def finish(self, run: PreflightRun, evidence: Path | None) -> None:
        if not self._quiet:
            self._print_attention(run.results, Where(evidence, run.profile, run.env_file))
            self._console.print()
            self._console.print(Text(_summary_line(run, self._lang), style="bold"))
        head, *rest = verdict_lines(run, self._lang, not_run=self._not_run)
        self._console.print(Text(head, style=STYLE[run.verdict]))
        for line in rest:
            self._console.print(Text(line))
        if evidence is not None:
            where = messages.text("report.console.evidence", self._lang, path=str(evidence))
            self._console.print(Text(where))

    def _print_attention(self, results: Sequence[CheckResult], where: Where) -> None:
        ui = _ui(self._lang)
        failed = sorted(
            (r for r in results if r.status == Status.FAIL), key=lambda r: not r.critical
        )
        warned = [r for r in results if r.status == Status.WARN]
        for title, group in ((ui["to_fix"], failed), (ui["warnings"], warned)):
            if not group:
                continue
            self._console.print()
            self._console.print(Text(title, style="bold"))
            for same_cause in by_root_cause(group):
                self._print_item(same_cause, ui, where)

    def _print_item(self, results: Sequence[CheckResult], ui: dict[str, str], where: Where) -> None:
        """One block per root cause: every check it hit, then its why and do once; a check
        with several findings lists each (:mod:`.check_findings`)."""
        first = results[0]
        if len(results) == 1 and findings_of(first):
            self._print_findings(first, ui, where)
            return
        head = Text("  • ")
        if any(r.critical for r in results):
            head.append(f"[{ui['critical']}] ", style="bold red reverse")
        head.append(", ".join(r.id for r in results), style=STATUS_STYLE[first.status])
        if first.error_type:
            head.append(f" ({first.error_type.value}, {first.reason})", style="dim")
        if len(results) == 1:
            head.append(f": {first.message}")
        self._console.print(head)
        if len(results) > 1:
            for result in results:
                self._console.print(Text(f"      {result.id}: {result.message}"))
        for label, value in ((ui["hint"], first.hint), (ui["next"], first.next_action)):
            if value:
                self._console.print(Text(f"      {label}: {value}"))
        for result in results:
            pointer = rest_line(result, where, self._lang)
            if pointer is not None:
                self._console.print(Text(pointer))

    def _print_findings(self, result: CheckResult, ui: dict[str, str], where: Where) -> None:
        """A check's head line (its count of findings), then every finding."""
        count = len(findings_of(result))
        head = Text("  • ")
        if result.critical:
            head.append(f"[{ui['critical']}] ", style="bold red reverse")
        head.append(result.id, style=STATUS_STYLE[result.status])
        if result.error_type:
            head.append(f" ({result.error_type.value}, {result.reason})", style="dim")
        head.append(": " + messages.text("report.console.findings", self._lang, count=str(count)))
        self._console.print(head)
        for line in finding_lines(result, (ui["hint"], ui["next"]), where, self._lang):
            self._console.print(Text(line))


def by_root_cause(results: Sequence[CheckResult]) -> list[list[CheckResult]]:
    """Results grouped by root cause (same error type, reason and hint), first seen first."""
    groups: dict[tuple[object, ...], list[CheckResult]] = {}
    for result in results:
        key = (result.error_type, result.reason, result.hint, result.next_action)
        groups.setdefault(key, []).append(result)
    return list(groups.values())
