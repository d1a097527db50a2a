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

from golive.envfiles.finding import Finding, Severity
from golive.envfiles.formats import FORMAT_CHECKS, PLACEHOLDERS
from golive.envfiles.keyforms import (
    KEY_FORM_KEYS,
    is_pem_secret,
    key_form_findings,
    satisfied_by_alternative,
)
from golive.envfiles.read import EnvEntry, EnvFile, read_env_file
from golive.masking import DSN_KEYS, dsn_passwords, is_secret_key
from golive.plan import PLAN_ENV_KEYS
from golive.profiles import DEFAULT_REQUIRED_KEYS, PROFILES

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path


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
)
LOCAL_HOSTS: frozenset[str] = frozenset({"", "localhost", "127.0.0.1", "::1"})
TYPO_CUTOFF = 0.75

_VALID_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


def _finding(entry: EnvEntry, severity: Severity, code: str, message: str) -> Finding:
    return Finding(entry.key, entry.line, severity, code, message)


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
            message = "the name is not a valid variable name (letters, digits, `_`)"
        elif entry.value is None and entry.key not in known:
            message = "a bare word without `=` is not a setting (a pasted value?)"
        else:
            continue
        findings.append(Finding(None, entry.line, Severity.ERROR, "malformed_line", message))
    return findings


def _malformed_findings(env: EnvFile) -> list[Finding]:
    return [
        Finding(
            None, bad.line, Severity.ERROR, "malformed_line", f"{bad.text}; python-dotenv skips it"
        )
        for bad in env.malformed
    ]


def _duplicate_findings(env: EnvFile, known: frozenset[str]) -> list[Finding]:
    lines: dict[str, list[int]] = {}
    for entry in env.entries:
        if is_nameable(entry, known):
            lines.setdefault(entry.key, []).append(entry.line)
    return [
        Finding(
            key,
            where[-1],
            Severity.WARNING,
            "duplicate_key",
            f"{key} is set on lines {_and_list(where)}; line {where[-1]} wins",
        )
        for key, where in lines.items()
        if len(where) > 1
    ]


def _and_list(numbers: Sequence[int]) -> str:
    head = ", ".join(str(n) for n in numbers[:-1])
    return f"{head} and {numbers[-1]}"


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
        hint = f" (is {near[0]} a typo of it?)" if near else ""
        message = f"required for profile `{profile}` but not in the file{hint}"
        findings.append(Finding(key, None, Severity.ERROR, "missing_key", message))
    return findings


def _typo_findings(env: EnvFile, known: frozenset[str]) -> list[Finding]:
    findings: list[Finding] = []
    for key, entry in _winners(env).items():
        if key in known or not is_nameable(entry, known):
            continue
        upper = key.upper()
        near = (
            [upper] if upper in known else difflib.get_close_matches(upper, known, 1, TYPO_CUTOFF)
        )
        if near:
            message = f"unknown key {key}: did you mean {near[0]}?"
            findings.append(_finding(entry, Severity.WARNING, "unknown_key_typo", message))
    return findings


def _placeholder_problem(key: str, value: str) -> str | None:
    secret = is_secret_key(key)
    for pattern, description, in_secrets in PLACEHOLDERS:
        if (in_secrets or not secret) and pattern.search(value):
            return f"value {description}"
    return None


def _value_findings(
    env: EnvFile, profile: str, required: Sequence[str], known: frozenset[str]
) -> list[Finding]:
    findings: list[Finding] = []
    for key, entry in _winners(env).items():
        if is_nameable(entry, known):
            findings += _entry_findings(entry, profile, key in required)
    return findings


def _entry_findings(entry: EnvEntry, profile: str, required: bool) -> list[Finding]:
    value = entry.value or ""
    findings: list[Finding] = []
    if entry.key == "ARBITRAGE_ENV" and value != profile:
        findings.append(
            _finding(entry, Severity.ERROR, "profile_mismatch", _mismatch(value, profile))
        )
    if not value.strip():
        severity = Severity.ERROR if required else Severity.WARNING
        why = f"; required for profile `{profile}`" if required else ""
        return [*findings, _finding(entry, severity, "empty_value", f"value is empty{why}")]
    placeholder = _placeholder_problem(entry.key, value)
    if placeholder:
        return [*findings, _finding(entry, Severity.ERROR, "placeholder", placeholder)]
    check = None if is_pem_secret(entry.key, value) else FORMAT_CHECKS.get(entry.key)
    problem = check(value) if check else None
    if problem:
        findings.append(_finding(entry, Severity.ERROR, "bad_format", problem))
    return findings


def _mismatch(value: str, profile: str) -> str:
    if value in PROFILES:
        return f"ARBITRAGE_ENV says `{value}` but the profile being checked is `{profile}`"
    return f"ARBITRAGE_ENV must be `{profile}` (the profile being checked)"


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
            message = f"value is copied unchanged from {name}: use your own"
            findings.append(_finding(entry, Severity.ERROR, "example_value", message))
    for key in theirs:
        if key not in env.values and key not in required and _VALID_NAME.fullmatch(key):
            message = f"is in {name} but not in this file"
            findings.append(Finding(key, None, Severity.WARNING, "example_drift", message))
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


def validate_profile_file(
    path: Path, profile: str, required: Sequence[str]
) -> tuple[EnvFile, list[Finding]]:
    """Read ``path`` and its example (if any) and validate; raises ``EnvFileError``."""
    env = read_env_file(path)
    example_path = find_example(path, profile)
    example = read_env_file(example_path) if example_path is not None else None
    return env, validate(env, profile, required, example=example)


def finding_dict(finding: Finding) -> dict[str, str | int | None]:
    """One finding as JSON: ``{"key", "line", "severity", "code", "message"}``."""
    return {
        "key": finding.key,
        "line": finding.line,
        "severity": str(finding.severity),
        "code": finding.code,
        "message": finding.message,
    }
