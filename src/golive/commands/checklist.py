"""What ``golive checks`` prints: every check id with its title and what it proves.

Light on purpose: a bare ``golive checks`` and ``golive checks --lang ko`` answer
from here before Typer is imported (``golive.cli``). Titles and descriptions come
from the catalogue in the chosen language (``--lang``, else ``GOLIVE_LANG``, else
the locale).
"""

from __future__ import annotations


def show(lang: str | None) -> int:
    """Print one line per check, opt-in checks last; an unsupported ``lang`` is exit 2."""
    from golive import messages
    from golive.checks import all_checks
    from golive.commands.common import chosen_lang

    language = chosen_lang(lang)
    checks = all_checks(opt_in=True)
    width = max(len(c.id) for c in checks)
    for check in checks:
        title = messages.text(check.title_key, language)
        what = messages.text(check.description_key, language)
        after = ", ".join(check.requires)
        needs = f"  {messages.text('check.requires', language, ids=after)}" if after else ""
        print(f"{check.id:<{width}}  {title} — {what}{needs}")
    return 0


def typer_free_lang(args: list[str]) -> tuple[bool, str | None]:
    """Whether ``args`` is ``checks`` alone or with ``--lang``, and the language given."""
    match args:
        case ["checks"]:
            return True, None
        case ["checks", "--lang", lang]:
            return True, lang
        case ["checks", given] if given.startswith("--lang="):
            return True, given.partition("=")[2]
    return False, None
