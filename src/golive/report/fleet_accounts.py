"""Shared exchange accounts in a fleet's report: ``fleet.json``'s ``accounts`` and the
console's section under the table (:mod:`golive.engine.accounts` judges them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from golive import messages
from golive.errors import venue_name
from golive.model import Status

if TYPE_CHECKING:
    from rich.text import Text

    from golive.engine.accounts import AccountFinding
    from golive.engine.fleet import FleetRun

STATUS_STYLE = {Status.FAIL: "bold red", Status.WARN: "bold yellow"}


def fleet_lang(fleet: FleetRun) -> str:
    """The language the members ran in (one for the whole fleet)."""
    return next((m.run.lang for m in fleet.members if m.run is not None), "en")


def _texts(finding: AccountFinding, lang: str) -> tuple[str, str]:
    said = messages.lookup(
        finding.reason, lang, venue=venue_name(finding.venue, lang), **finding.fields()
    )
    return said.hint, said.next_action


def accounts_json(fleet: FleetRun) -> list[dict[str, Any]]:
    """Each shared-account finding with its hint and next action, in the fleet's language."""
    lang = fleet_lang(fleet)
    found = []
    for finding in fleet.accounts:
        hint, next_action = _texts(finding, lang)
        found.append({**finding.as_dict(), "hint": hint, "next_action": next_action})
    return found


def accounts_section(fleet: FleetRun, lang: str) -> list[Text]:
    """The heading and, per finding, its status, venue and sentence, then what to do."""
    from rich.text import Text

    if not fleet.accounts:
        return []
    lines = [Text(""), Text(messages.text("fleet.accounts", lang), style="bold")]
    do = messages.text("report.console.do", lang)
    for finding in fleet.accounts:
        hint, next_action = _texts(finding, lang)
        line = Text("  ")
        line.append(finding.status.value, style=STATUS_STYLE.get(finding.status, "bold"))
        line.append(f" {hint}")
        lines += [line, Text(f"    {do}: {next_action}")]
    return lines


def blocked_by_accounts(fleet: FleetRun) -> list[str]:
    """The bots a blocking shared-account finding names, in fleet order."""
    named = {bot for finding in fleet.blocking_accounts for bot in finding.bots}
    return [m.name for m in fleet.members if m.name in named]


def warned_by_accounts(fleet: FleetRun) -> set[str]:
    """Bots named only by shared-account WARNs (blocking under ``--strict``)."""
    failed = {b for f in fleet.blocking_accounts if f.status is Status.FAIL for b in f.bots}
    warned = {b for f in fleet.blocking_accounts if f.status is Status.WARN for b in f.bots}
    return warned - failed
