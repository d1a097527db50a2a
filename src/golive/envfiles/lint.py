"""Lint a parsed env file against a profile: a list of findings, never an exception.

Every finding names a key (where there is one), a line (where there is one), a
severity and a stable code. Messages describe a value's problem without ever
quoting the value, so a finding can be printed, logged or stored as is.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from golive.defaults import DEFAULT_REQUIRED_KEYS, PROFILES
from golive.envfiles.finding import Finding, Severity
from golive.envfiles.formats import (
    FORMAT_CHECKS,
    FORMAT_WARNINGS,
    PLACEHOLDERS,
    exchange_key_problem,
)
from golive.envfiles.keyforms import (
    KEY_FORM_KEYS,
    is_pem_secret,
    key_form_findings,
    satisfied_by_alternative,
    unused_secret,
)
from golive.envfiles.profilerules import file_mode_findings, testnet_findings
from golive.envfiles.read import EnvEntry, EnvFile, EnvFileError, read_env_file
from golive.envfiles.urls import weak_secret_problem
from golive.masking import DSN_KEYS, dsn_passwords, is_secret_key
from golive.messages import Message, message
from golive.plan import PLAN_ENV_KEYS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from pathlib import Path

    Check = Callable[[str], Message | None]


__all__ = ["Finding", "Severity", "validate"]

CODES: tuple[str, ...] = (
    "missing_key",
    "empty_value",
    "placeholder",
    "example_value",
    "duplicate_key",
    "malformed_line",
    "unknown_key_typo",
    "bad_format",
    "profile_mismatch",
    "example_drift",
    "private_key",
    "key_file_mode",
    "passphrase_unused",
    "weak_secret",
    "unusual_format",
    "testnet_in_live",
    "file_mode",
)

EXTRA_KNOWN_KEYS: tuple[str, ...] = (
    "ARBITRAGE_ENV",
    "READ_ONLY_ENFORCED",
    "BINANCE_BASE_URL",
    "BINANCE_FUTURES_BASE_URL",
    "UPBIT_BASE_URL",
    "TELEGRAM_BASE_URL",
    *PLAN_ENV_KEYS,
    *KEY_FORM_KEYS,
    "HTTPS_PROXY",
)
LOCAL_HOSTS: frozenset[str] = frozenset({"", "localhost", "127.0.0.1", "::1"})
TYPO_CUTOFF = 0.75

_VALID_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


def finding(
    key: str | None, line: int | None, severity: Severity, code: str, said: Message
) -> Finding:
    """A finding whose English ``message`` and any-language ``text`` come from one message."""
    return Finding(key, line, severity, code, said.render("en"), said)


def _finding(entry: EnvEntry, severity: Severity, code: str, said: Message) -> Finding:
    return finding(entry.key, entry.line, severity, code, said)


def _winners(env: EnvFile) -> dict[str, EnvEntry]:
    """The entry whose value python-dotenv keeps, per key (the last one)."""
    return {entry.key: entry for entry in env.entries}


def is_nameable(entry: EnvEntry, known: frozenset[str] | None = None) -> bool:
    """Whether output may name this entry's key: a bare unknown word may be a pasted secret."""
    known = KNOWN_KEYS if known is None else known
    valid = _VALID_NAME.fullmatch(entry.key) is not None
    return valid and (entry.value is not None or entry.key in known)


def _name_findings(env: EnvFile, known: frozenset[str]) -> list[Finding]:
    """Names that must not be echoed: they may be a pasted secret."""
    findings: list[Finding] = []
    for entry in env.entries:
        if _VALID_NAME.fullmatch(entry.key) is None:
            said = message("lint.name.invalid")
        elif entry.value is None and entry.key not in known:
            said = message("lint.name.bare")
        else:
            continue
        findings.append(finding(None, entry.line, Severity.ERROR, "malformed_line", said))
    return findings


def _malformed_findings(env: EnvFile) -> list[Finding]:
    return [
        finding(
            None,
            bad.line,
            Severity.ERROR,
            "malformed_line",
            message("lint.malformed", why=bad.said or bad.text),
        )
        for bad in env.malformed
    ]


def _duplicate_findings(env: EnvFile, known: frozenset[str]) -> list[Finding]:
    lines: dict[str, list[int]] = {}
    for entry in env.entries:
        if is_nameable(entry, known):
            lines.setdefault(entry.key, []).append(entry.line)
    return [
        finding(
            key,
            where[-1],
            Severity.WARNING,
            "duplicate_key",
            message("lint.duplicate", name=key, lines=_and_list(where), last=str(where[-1])),
        )
        for key, where in lines.items()
        if len(where) > 1
    ]


def _and_list(numbers: Sequence[int]) -> Message:
    head = ", ".join(str(n) for n in numbers[:-1])
    return message("lint.and_list", head=head, last=str(numbers[-1]))


def _missing_findings(
    env: EnvFile, profile: str, required: Sequence[str], known: frozenset[str]
) -> list[Finding]:
    present = env.values
    nameable = [entry.key for entry in env.entries if is_nameable(entry, known)]
    findings: list[Finding] = []
    for key in dict.fromkeys(required):
        if key in present or satisfied_by_alternative(key, present):
            continue
        near = difflib.get_close_matches(key, nameable, 1)
        said = (
            message("lint.missing_typo", profile=profile, near=near[0])
            if near
            else message("lint.missing", profile=profile)
        )
        findings.append(finding(key, None, Severity.ERROR, "missing_key", said))
    return findings


def _near(upper: str, known: frozenset[str], by_start: dict[str, list[str]]) -> list[str]:
    """The known key ``upper`` is a typo of. Only known keys with the same first two
    characters are compared: 10,000 unrelated keys cost 10,000 dict lookups, not a quarter
    of a million fuzzy comparisons (a typo of the first two characters is not caught)."""
    if upper in known:
        return [upper]
    candidates = by_start.get(upper[:2], [])
    return difflib.get_close_matches(upper, candidates, 1, TYPO_CUTOFF) if candidates else []


def _typo_findings(env: EnvFile, known: frozenset[str]) -> list[Finding]:
    findings: list[Finding] = []
    by_start: dict[str, list[str]] = {}
    for name in sorted(known):
        by_start.setdefault(name[:2], []).append(name)
    for key, entry in _winners(env).items():
        if key in known or not is_nameable(entry, known):
            continue
        near = _near(key.upper(), known, by_start)
        if near:
            said = message("lint.typo", name=key, near=near[0])
            findings.append(_finding(entry, Severity.WARNING, "unknown_key_typo", said))
    return findings


def _placeholder_problem(key: str, value: str) -> Message | None:
    secret = is_secret_key(key)
    for pattern, description, in_secrets in PLACEHOLDERS:
        if (in_secrets or not secret) and pattern.search(value):
            return message("lint.value_placeholder", what=message(description))
    return None


def _value_findings(
    env: EnvFile, profile: str, required: Sequence[str], known: frozenset[str]
) -> list[Finding]:
    findings: list[Finding] = []
    values = env.values  # a property that builds the dict: once, not once per entry
    for key, entry in _winners(env).items():
        if is_nameable(entry, known):
            findings += _entry_findings(entry, profile, key in required, values)
    return findings


def _format_check(key: str, value: str, values: Mapping[str, str]) -> Check | None:
    """A PEM secret is judged by keyforms; a secret a key file stands in for, as pasted text."""
    if is_pem_secret(key, value):
        return None
    return exchange_key_problem if unused_secret(key, values) else FORMAT_CHECKS.get(key)


def _format_findings(entry: EnvEntry, value: str, values: Mapping[str, str]) -> list[Finding]:
    check = _format_check(entry.key, value, values)
    if check and (problem := check(value)):
        return [_finding(entry, Severity.ERROR, "bad_format", problem)]
    unusual = None if check is None else FORMAT_WARNINGS.get(entry.key)
    if unusual and (odd := unusual(value)):
        return [_finding(entry, Severity.WARNING, "unusual_format", odd)]
    return []


def _entry_findings(
    entry: EnvEntry, profile: str, required: bool, values: Mapping[str, str]
) -> list[Finding]:
    value = entry.value or ""
    findings: list[Finding] = []
    if entry.key == "ARBITRAGE_ENV" and value != profile:
        findings.append(
            _finding(entry, Severity.ERROR, "profile_mismatch", _mismatch(value, profile))
        )
    if not value.strip():
        severity = Severity.ERROR if required else Severity.WARNING
        said = (
            message("lint.empty_required", profile=profile) if required else message("lint.empty")
        )
        return [*findings, _finding(entry, severity, "empty_value", said)]
    placeholder = _placeholder_problem(entry.key, value)
    if placeholder:
        return [*findings, _finding(entry, Severity.ERROR, "placeholder", placeholder)]
    findings += _format_findings(entry, value, values)
    weak = weak_secret_problem(entry.key, value)
    if weak:
        findings.append(_finding(entry, Severity.ERROR, "weak_secret", weak))
    return findings


def _mismatch(value: str, profile: str) -> Message:
    if value in PROFILES:
        return message("lint.profile_other", value=value, profile=profile)
    return message("lint.profile_must", profile=profile)


def _is_local_dsn(dsn: str) -> bool:
    if "://" in dsn:
        try:
            host = urlsplit(dsn).hostname or ""
        except ValueError:
            return False
    else:
        match = re.search(r"(?:^|\s)host\s*=\s*'?([^\s',]*)", dsn)
        host = match.group(1) if match else ""
    return host.lower() in LOCAL_HOSTS or host.startswith("/")


def _copied_secret(key: str, value: str) -> bool:
    if is_secret_key(key):
        return True
    return key in DSN_KEYS and bool(dsn_passwords(value)) and not _is_local_dsn(value)


def _example_findings(env: EnvFile, example: EnvFile, required: Sequence[str]) -> list[Finding]:
    theirs = example.values
    name = example.path.name
    findings: list[Finding] = []
    for key, entry in _winners(env).items():
        value = entry.value or ""
        copied = value and value == theirs.get(key) and not _placeholder_problem(key, value)
        if copied and _copied_secret(key, value):
            said = message("lint.copied", name=name)
            findings.append(_finding(entry, Severity.ERROR, "example_value", said))
    for key in theirs:
        if key not in env.values and key not in required and _VALID_NAME.fullmatch(key):
            said = message("lint.drift", name=name)
            findings.append(finding(key, None, Severity.WARNING, "example_drift", said))
    return findings


def _known_keys(required: Iterable[str], example: EnvFile | None) -> frozenset[str]:
    keys = {key for keys in DEFAULT_REQUIRED_KEYS.values() for key in keys}
    keys |= set(required) | set(EXTRA_KNOWN_KEYS)
    if example is not None:
        keys |= {k for k in example.values if _VALID_NAME.fullmatch(k)}
    return frozenset(keys)


KNOWN_KEYS: frozenset[str] = _known_keys((), None)
"""Every profile's required keys and the extra keys golive knows."""


def _order(finding: Finding) -> tuple[bool, int, str, str]:
    return (finding.line is None, finding.line or 0, finding.key or "", finding.code)


def validate(
    env: EnvFile, profile: str, required: Sequence[str], *, example: EnvFile | None = None
) -> list[Finding]:
    """All findings for ``env`` checked as ``profile``, ordered by line then key."""
    known = _known_keys(required, example)
    findings = [
        *_malformed_findings(env),
        *_name_findings(env, known),
        *_duplicate_findings(env, known),
        *_missing_findings(env, profile, required, known),
        *_typo_findings(env, known),
        *_value_findings(env, profile, required, known),
        *key_form_findings(env),
        *testnet_findings(env, profile),
        *(_example_findings(env, example, required) if example is not None else ()),
    ]
    return sorted(findings, key=_order)


def find_example(env_path: Path, profile: str) -> Path | None:
    """``.env.<profile>.example`` beside the file, else ``<filename>.example``."""
    candidates = (
        env_path.with_name(f".env.{profile}.example"),
        env_path.with_name(f"{env_path.name}.example"),
    )
    for candidate in candidates:
        if candidate.name != env_path.name and _is_file(candidate):
            return candidate
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def read_example(path: Path | None) -> EnvFile | None:
    """The example file :func:`find_example` found, or None: none, or one that cannot be read
    (the preflight does without it; ``env validate`` reads it strictly)."""
    if path is None:
        return None
    try:
        return read_env_file(path, regular_only=True)
    except EnvFileError:
        return None


def validate_profile_file(
    path: Path, profile: str, required: Sequence[str]
) -> tuple[EnvFile, list[Finding]]:
    """Read ``path`` and its example (if any) and validate, and judge the file's mode (the
    preflight leaves that to ``git_safety``); raises ``EnvFileError``."""
    env = read_env_file(path)
    example_path = find_example(path, profile)
    example = read_env_file(example_path, regular_only=True) if example_path else None
    found = validate(env, profile, required, example=example) + file_mode_findings(path, profile)
    return env, sorted(found, key=_order)


def finding_dict(finding: Finding, lang: str = "en") -> dict[str, str | int | None]:
    """One finding as JSON: ``{"key", "line", "severity", "code", "message"}``; only the
    message is in ``lang``, the rest are stable names."""
    return {
        "key": finding.key,
        "line": finding.line,
        "severity": str(finding.severity),
        "code": finding.code,
        "message": finding.in_lang(lang),
    }
