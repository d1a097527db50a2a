"""Every finding of a check, for the console's "to fix" and "worth a look" blocks.

A trading check or ``plan`` with several findings records each in
``details["findings"]`` (message, hint, next action). The console lists up to
:data:`SHOWN` of them, each group of findings that share a hint and next action
followed by that why/do once; the rest are counted, with where to read them: the
bundle's ``result.json``, or, when the command wrote no bundle (``golive
git-safety``), the preflight that writes one. A check whose own message cut a list
short (``details["more_not_shown"]``, git_safety's history hits) gets the same pointer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from golive import messages

if TYPE_CHECKING:
    from golive.model import CheckResult

SHOWN = 5
"""Findings listed on the console per check; every one is in ``result.json``."""


@dataclass(frozen=True)
class Where:
    """Where the whole list can be read: the bundle, or how to get one."""

    bundle: Path | None
    profile: str
    env_file: Path

    def command(self, check_id: str) -> str:
        """The preflight that writes this check's bundle (``--env`` alone for ``.env.<P>``)."""
        where = self.env_file.parent
        here = not where.parts or where == Path() or where == Path.cwd()
        plain = here and self.env_file.name == f".env.{self.profile}"
        target = "" if plain else f" --env-file {self.env_file}"
        return f"golive preflight --env {self.profile}{target} --only {check_id}"

    def more(self, check_id: str, count: int, lang: str) -> str:
        if self.bundle is not None:
            path = str(self.bundle / "result.json")
            return messages.text("report.console.more_in_bundle", lang, count=str(count), path=path)
        command = self.command(check_id)
        return messages.text("report.console.more_rerun", lang, count=str(count), command=command)

    def rest(self, check_id: str, lang: str) -> str:
        if self.bundle is not None:
            path = str(self.bundle / "result.json")
            return messages.text("report.console.rest_in_bundle", lang, path=path)
        command = self.command(check_id)
        return messages.text("report.console.rest_rerun", lang, command=command)


def findings_of(result: CheckResult) -> list[dict[str, str]]:
    """The check's findings that carry their own words (two or more), else none."""
    found = result.details.get("findings")
    if not isinstance(found, list):
        return []
    rows = [
        {k: v for k, v in row.items() if isinstance(v, str)}
        for row in found
        if isinstance(row, dict) and isinstance(row.get("message"), str)
    ]
    return rows if len(rows) > 1 else []


def _groups(rows: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """Findings grouped by identical (hint, next action), first seen first."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault((row.get("hint", ""), row.get("next_action", "")), []).append(row)
    return list(groups.values())


def finding_lines(
    result: CheckResult, labels: tuple[str, str], where: Where, lang: str
) -> list[str]:
    """Each finding (up to :data:`SHOWN`), the why/do of each group once, then the rest."""
    rows = findings_of(result)
    shown = rows[:SHOWN]
    mixed = len({row.get("status") for row in shown}) > 1
    lines: list[str] = []
    for group in _groups(shown):
        for row in group:
            status = f"{row.get('status', '')} " if mixed else ""
            lines.append(f"      - {status}{row['message']}")
        for label, key in zip(labels, ("hint", "next_action"), strict=True):
            if group[0].get(key):
                lines.append(f"        {label}: {group[0][key]}")
    if len(rows) > SHOWN:
        lines.append(f"      {where.more(result.id, len(rows) - SHOWN, lang)}")
    return lines


def rest_line(result: CheckResult, where: Where, lang: str) -> str | None:
    """The pointer to the full list when the check's message cut it short."""
    more = result.details.get("more_not_shown")
    if not isinstance(more, int) or isinstance(more, bool) or more <= 0:
        return None
    return f"      {where.rest(result.id, lang)}"
