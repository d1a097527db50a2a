"""``golive checks``: list the check ids with their titles and what they prove."""

from __future__ import annotations

from golive.commands.options import LangOpt


def list_checks(lang: LangOpt = None) -> int:
    """List every check id with its title and what it proves."""
    from golive.commands.checklist import show

    return show(lang)
