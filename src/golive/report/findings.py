"""Env-file findings as text or JSON: each renderer returns a ``str``, never prints.

Messages never hold values (see :mod:`golive.envfiles.lint`); the text renderer
still passes its whole output through the profile's redactor when it has the
env file, and escapes control characters so a key cannot drive the terminal.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from golive.envfiles.lint import Finding, Severity, finding_dict, is_nameable
from golive.envfiles.read import show_path
from golive.masking import Redactor

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from golive.envfiles.read import EnvFile

NO_LINE = "-"
OK = "OK"


def _printable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(findings: Sequence[Finding]) -> str:
    """``2 errors, 1 warning``."""
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity == Severity.WARNING)
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def _line_label(line: int | None) -> str:
    return NO_LINE if line is None else f"line {line}"


def _finding_lines(findings: Sequence[Finding]) -> list[str]:
    lines = [_line_label(f.line) for f in findings]
    keys = [_printable(f.key or NO_LINE) for f in findings]
    line_width = max(map(len, lines), default=0)
    key_width = max(map(len, keys), default=0)
    severity_width = max(len(s.value) for s in Severity)
    return [
        f"  {where:<{line_width}}  {f.severity!s:<{severity_width}}  {key:<{key_width}}"
        f"  {f.code}: {_printable(f.message)}"
        for where, key, f in zip(lines, keys, findings, strict=True)
    ]


def _status(key: str, findings: Sequence[Finding]) -> str:
    severities = {f.severity for f in findings if f.key == key}
    for severity in (Severity.ERROR, Severity.WARNING):
        if severity in severities:
            return str(severity)
    return OK


def _loaded_lines(env: EnvFile, findings: Sequence[Finding], redactor: Redactor) -> list[str]:
    last = {entry.key: entry for entry in env.entries if is_nameable(entry)}
    winners = dict(sorted(last.items(), key=lambda item: item[1].line))
    lines = [_line_label(entry.line) for entry in winners.values()]
    keys = [_printable(key) for key in winners]
    line_width = max(map(len, lines), default=0)
    key_width = max(map(len, keys), default=0)
    return [
        f"  {where:<{line_width}}  {shown:<{key_width}}  {_status(key, findings):<7}"
        f"  {_printable(redactor.display(key))}"
        for where, shown, key in zip(lines, keys, winners, strict=True)
    ]


def render_findings_text(
    path: Path,
    profile: str,
    findings: Sequence[Finding],
    *,
    verbose: bool,
    env: EnvFile | None,
) -> str:
    """A compact report: one line per finding, a summary, and with ``verbose`` the keys."""
    out = [f"{show_path(path)} (profile {profile})"]
    out += _finding_lines(findings)
    out.append(summary_line(findings))
    if env is None:
        return "\n".join(out)
    redactor = Redactor.from_values(env.values)
    if verbose:
        out += ["Loaded keys:", *_loaded_lines(env, findings, redactor)]
    return redactor.redact("\n".join(out))


def render_findings_json(path: Path, profile: str, findings: Sequence[Finding]) -> str:
    """``{"file", "profile", "findings": [{"key", "line", "severity", "code", "message"}]}``."""
    document = {
        "file": str(path),
        "profile": profile,
        "findings": [finding_dict(f) for f in findings],
    }
    return json.dumps(document, indent=2)
