"""Env-file findings as text or JSON: each renderer returns a ``str``, never prints.

Messages never hold values (see :mod:`golive.envfiles.lint`); the text renderer
still passes its whole output through the profile's redactor when it has the
env file, and escapes control characters so a key cannot drive the terminal.
Every word comes from the catalogue in ``lang``; the codes, keys and severities of
the JSON document are stable names, never translated.
"""

from __future__ import annotations

import json
import unicodedata
from typing import TYPE_CHECKING

from golive import messages
from golive.envfiles.lint import Finding, Severity, finding_dict, is_nameable
from golive.envfiles.read import show_path
from golive.masking import Redactor
from golive.safetext import printable_obj

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from pathlib import Path

    from golive.envfiles.read import EnvFile

NO_LINE = "-"
SEVERITY_WORDS: Mapping[Severity | None, str] = {
    Severity.ERROR: "report.findings.error",
    Severity.WARNING: "report.findings.warning",
    None: "report.findings.ok",
}
"""A severity (None: no finding) -> the catalogue key of its word in the text report."""
COUNTS: Mapping[tuple[Severity, bool], str] = {
    (Severity.ERROR, True): "report.findings.errors_one",
    (Severity.ERROR, False): "report.findings.errors",
    (Severity.WARNING, True): "report.findings.warnings_one",
    (Severity.WARNING, False): "report.findings.warnings",
}
"""(severity, exactly one) -> the catalogue key of the summary's count."""


def _printable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _cells(text: str) -> int:
    """Terminal columns ``text`` takes: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _cells(text))


def _widest(texts: Iterable[str]) -> int:
    return max(map(_cells, texts), default=0)


def _count(findings: Sequence[Finding], severity: Severity, lang: str) -> str:
    count = sum(1 for f in findings if f.severity == severity)
    return messages.text(COUNTS[severity, count == 1], lang, count=str(count))


def summary_line(findings: Sequence[Finding], lang: str = "en") -> str:
    """``2 errors, 1 warning``, in ``lang``."""
    return ", ".join(_count(findings, severity, lang) for severity in Severity)


def _line_label(line: int | None, lang: str) -> str:
    return NO_LINE if line is None else messages.text("report.findings.line", lang, line=str(line))


def _severity_word(severity: Severity | None, lang: str) -> str:
    return messages.text(SEVERITY_WORDS[severity], lang)


def _finding_lines(findings: Sequence[Finding], lang: str) -> list[str]:
    lines = [_line_label(f.line, lang) for f in findings]
    keys = [_printable(f.key or NO_LINE) for f in findings]
    words = {s: _severity_word(s, lang) for s in Severity}
    line_width, key_width, word_width = _widest(lines), _widest(keys), _widest(words.values())
    return [
        f"  {_pad(where, line_width)}  {_pad(words[f.severity], word_width)}"
        f"  {_pad(key, key_width)}  {f.code}: {_printable(f.in_lang(lang))}"
        for where, key, f in zip(lines, keys, findings, strict=True)
    ]


def _worst(key: str, findings: Sequence[Finding]) -> Severity | None:
    severities = {f.severity for f in findings if f.key == key}
    for severity in (Severity.ERROR, Severity.WARNING):
        if severity in severities:
            return severity
    return None


def _loaded_lines(
    env: EnvFile, findings: Sequence[Finding], redactor: Redactor, lang: str
) -> list[str]:
    last = {entry.key: entry for entry in env.entries if is_nameable(entry)}
    winners = dict(sorted(last.items(), key=lambda item: item[1].line))
    lines = [_line_label(entry.line, lang) for entry in winners.values()]
    keys = [_printable(key) for key in winners]
    statuses = [_severity_word(_worst(key, findings), lang) for key in winners]
    every_status = (_severity_word(s, lang) for s in SEVERITY_WORDS)
    line_width, key_width, status_width = _widest(lines), _widest(keys), _widest(every_status)
    return [
        f"  {_pad(where, line_width)}  {_pad(shown, key_width)}  {_pad(status, status_width)}"
        f"  {_printable(redactor.display(key))}"
        for where, shown, status, key in zip(lines, keys, statuses, winners, strict=True)
    ]


def render_findings_text(
    path: Path,
    profile: str,
    findings: Sequence[Finding],
    *,
    verbose: bool,
    env: EnvFile | None,
    lang: str = "en",
) -> str:
    """A compact report: one line per finding, a summary, and with ``verbose`` the keys."""
    header = messages.text("report.findings.header", lang, path=show_path(path), profile=profile)
    out = [header, *_finding_lines(findings, lang), summary_line(findings, lang)]
    if env is None:
        return "\n".join(out)
    redactor = Redactor.from_values(env.values)
    if verbose:
        loaded = messages.text("report.findings.loaded", lang)
        out += [loaded, *_loaded_lines(env, findings, redactor, lang)]
    return redactor.redact("\n".join(out))


def render_findings_json(
    path: Path, profile: str, findings: Sequence[Finding], lang: str = "en"
) -> str:
    """``{"file", "profile", "lang", "findings": [{"key", "line", "severity", "code",
    "message"}]}``: only ``message`` is in ``lang``, every other field is a stable name.
    UTF-8 as written (Korean readable), control and format characters escaped visibly."""
    document = {
        "file": str(path),
        "profile": profile,
        "lang": lang,
        "findings": [finding_dict(f, lang) for f in findings],
    }
    return json.dumps(printable_obj(document), indent=2, ensure_ascii=False)
