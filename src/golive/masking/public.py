"""Golive's own words: text it shows as it is, so no piece of a secret made only of them
is a leak (a password holding ``withdrawals`` does not mask the reason code
``binance.withdrawals_enabled``, nor make the bundle's leak scan refuse it)."""

from __future__ import annotations

import platform
import sys
from functools import cache

from golive.masking.fold import fold

WELL_KNOWN_PASSWORDS: frozenset[str] = frozenset(
    {"postgres", "password", "redis", "root", "admin", "secret", "changeme", "test", "default"}
)
"""Dictionary defaults (``postgres:postgres@localhost``): masked where they stand in a URL,
but not hunted as free text, where they are ordinary words (``postgresql://``, a check id)."""

FILE_WORDS: tuple[str, ...] = (
    # result.json and fleet.json: schema ids, field names, bundle name prefixes
    "golive.preflight/v2", "golive.fleet/v1", "preflight_live_", "preflight_paper_",
    "preflight_local_dev_", "fleet_", "schema", "profile", "env_file", "lang", "started_at",
    "finished_at", "duration_ms", "verdict", "complete", "selection", "not_run", "strict",
    "summary", "checks", "id", "title", "status", "critical", "message", "error_type",
    "reason", "hint", "next_action", "details", "only", "skip", "total", "passed", "failed",
    "warnings", "skipped", "name", "warned", "bundle", "error", "ready", "evidence_dir",
    "profiles", "skipped_ids", "blocking_skipped_ids",
    # junit.xml: elements and attributes
    "testsuites", "testsuite", "testcase", "classname", "failures", "errors", "time",
    "timestamp", "failure", "type", "system-out", "golive.engine.preflight.",
    # environment.json: field names and the dependencies it lists
    "golive_version", "python_version", "python_implementation", "executable", "platform",
    "git", "commit", "state", "clean", "dirty", "dependencies", "httpx", "PyJWT",
    "python-dotenv", "pydantic", "pydantic-settings", "psycopg", "redis", "typer", "rich",
    "starlette", "uvicorn",
)  # fmt: skip
"""Words golive writes around what it reports in its evidence files, never passed through
the redactor: a piece of a secret made only of them (``platform`` in ``myplatform_2026``)
would make the bundle's leak scan refuse a bundle the redactor let through."""


@cache
def public_words() -> str:
    """Every key and text of both catalogues, golive's file words, the interpreter and
    platform environment.json names, and the dictionary defaults: folded, one a line."""
    from golive import messages

    lines = [*sorted(WELL_KNOWN_PASSWORDS), *FILE_WORDS, sys.executable, platform.platform()]
    for lang in ("en", "ko"):
        for key, entry in messages.catalogue(lang).items():
            lines += [key, *entry.values()]
    return fold("\n".join(lines))


def is_own_words(value: str) -> bool:
    """Whether ``value`` is all inside one of golive's public words (a check id such as
    ``open_exposure``, a catalogue text): golive shows such text as it is, so it cannot
    be hunted as a secret without hiding golive's own report."""
    return fold(value) in public_words()
