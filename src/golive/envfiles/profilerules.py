"""Findings about the env file as a whole for its profile: who may read it, and whether
it asks a ``live`` run to use a test network.

* ``file_mode``: group or others may read the file; an error in ``live``, a warning
  elsewhere: the rule of ``git_safety``'s ``git.file_mode`` (:mod:`golive.defaults`).
* ``testnet_in_live``: ``BINANCE_TESTNET`` set in a ``live`` file. The flag is honoured
  only in ``paper`` and ``local_dev``; a live run needs production keys and hosts.
"""

from __future__ import annotations

import stat
from typing import TYPE_CHECKING

from golive.defaults import (
    ENV_FILE_MODE_ERROR_PROFILES,
    TESTNET_FLAG,
    TESTNET_PROFILES,
    readable_by_others,
    testnet_flag_set,
)
from golive.envfiles.finding import Finding, Severity
from golive.messages import message

if TYPE_CHECKING:
    from pathlib import Path

    from golive.envfiles.read import EnvFile


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def file_mode_findings(path: Path, profile: str) -> list[Finding]:
    """``file_mode`` when group or others may read the env file."""
    mode = _mode_of(path)
    if mode is None or not readable_by_others(mode):
        return []
    strict = profile in ENV_FILE_MODE_ERROR_PROFILES
    severity = Severity.ERROR if strict else Severity.WARNING
    said = message("lint.file_mode", mode=f"{mode:04o}")
    return [Finding(None, None, severity, "file_mode", said.render("en"), said)]


def testnet_findings(env: EnvFile, profile: str) -> list[Finding]:
    """``testnet_in_live`` when a profile that must not run on a test network sets the flag."""
    entry = next((e for e in reversed(env.entries) if e.key == TESTNET_FLAG), None)
    if profile in TESTNET_PROFILES or entry is None or not testnet_flag_set(entry.value or ""):
        return []
    said = message("lint.testnet_in_live", profile=profile)
    code = "testnet_in_live"
    return [Finding(TESTNET_FLAG, entry.line, Severity.ERROR, code, said.render("en"), said)]
