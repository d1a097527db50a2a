"""The Binance key forms ``env validate`` recognises: HMAC secret, PEM private key, key file.

* ``BINANCE_API_SECRET`` holding a PEM private key (Ed25519 or RSA 2048/4096):
  it must load with ``cryptography``, with ``BINANCE_PRIVATE_KEY_PASSPHRASE``
  when it is encrypted;
* ``BINANCE_PRIVATE_KEY_PATH`` naming a PEM file: it must exist, be readable,
  be mode 0600 (no group or other bits) and load the same way; it stands in
  for ``BINANCE_API_SECRET`` among the required keys;
* a passphrase with no private key to open, or beside a key that is not encrypted,
  is a warning.

A finding's message is the catalog's English hint for ``binance_key.<code>``;
it never quotes the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from golive import messages
from golive.binance_key import (
    PASSPHRASE_KEY,
    PATH_KEY,
    REASONS,
    SECRET_KEY,
    KeyProblemError,
    is_pem,
    key_file_mode_problem,
    passphrase_not_needed,
    passphrase_without_key,
    signer_for,
)
from golive.envfiles.finding import Finding, Severity

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.envfiles.read import EnvFile

KEY_FORM_KEYS: tuple[str, ...] = (PATH_KEY, PASSPHRASE_KEY, "BINANCE_TESTNET")
ALTERNATIVES: Mapping[str, tuple[str, ...]] = {SECRET_KEY: (PATH_KEY,)}
"""A required key that another key may stand in for (a key file instead of the secret)."""
FINDING_LANG = "en"


def is_pem_secret(key: str, value: str) -> bool:
    """A PEM in ``BINANCE_API_SECRET``: judged here, not by the HMAC-secret format rules."""
    return key == SECRET_KEY and is_pem(value)


def unused_secret(key: str, values: Mapping[str, str]) -> bool:
    """``BINANCE_API_SECRET`` beside a key file: the file signs, so the secret is no HMAC
    secret to hold to its 64-character shape (only to the pasting rules)."""
    return key == SECRET_KEY and bool(values.get(PATH_KEY, "").strip())


def satisfied_by_alternative(key: str, present: Mapping[str, str]) -> bool:
    return any(present.get(other, "").strip() for other in ALTERNATIVES.get(key, ()))


def key_file_path(values: Mapping[str, str], env_path: Path) -> Path | None:
    """The key file, a relative path read from the env file's folder; None when unset."""
    raw = values.get(PATH_KEY, "").strip()
    if not raw:
        return None
    path = Path(raw).expanduser()
    return path if path.is_absolute() else env_path.parent / path


def key_form_findings(env: EnvFile) -> list[Finding]:
    """Findings about the Binance private key, if the file uses one."""
    values = env.values
    lines = {entry.key: entry.line for entry in env.entries}
    if passphrase_without_key(values):
        return [_finding(PASSPHRASE_KEY, lines, Severity.WARNING, "passphrase_unused")]
    path = key_file_path(values, env.path)
    key = PATH_KEY if path is not None else SECRET_KEY
    if path is None and not is_pem(values.get(SECRET_KEY, "")):
        return []
    found: list[Finding] = []
    if path is not None and (mode := key_file_mode_problem(path)) is not None:
        found.append(_finding(key, lines, Severity.ERROR, mode))
    try:
        signer_for(values, env.path.parent)
    except KeyProblemError as problem:
        owner = PASSPHRASE_KEY if problem.code.startswith("passphrase") else key
        found.append(_finding(owner, lines, Severity.ERROR, problem.code))
        return found
    if passphrase_not_needed(values, env.path.parent):
        found.append(_finding(PASSPHRASE_KEY, lines, Severity.WARNING, "passphrase_not_needed"))
    return found


CODE_OF: Mapping[str, str] = {
    "key_file_mode": "key_file_mode",
    "passphrase_unused": "passphrase_unused",
    "passphrase_not_needed": "passphrase_unused",
}
"""Problem code -> finding code; every other key problem is the finding ``private_key``."""


def _finding(key: str, lines: Mapping[str, int], severity: Severity, problem: str) -> Finding:
    code = CODE_OF.get(problem)
    said = messages.message(REASONS[problem] + ".hint")  # the reason's hint, in any language
    shown = said.render(FINDING_LANG)
    return Finding(key, lines.get(key), severity, code or "private_key", shown, said)
