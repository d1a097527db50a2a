"""The evidence bundle: a timestamped folder of reports, written atomically.

``preflight_<profile>_<UTC yyyymmdd_HHMMSS>_<4 hex>/`` (mode 0700) holds
``result.json``, ``detail.txt``, ``junit.xml``, ``environment.json`` and
``SHA256SUMS`` (files 0600). The bundle is assembled in a hidden temporary
folder and renamed into place, so a reader sees no bundle or a whole one.
Before anything touches the disk, every file is scanned for every loaded
secret: a hit aborts the write.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from golive.engine.preflight import PreflightRun
from golive.messages import MessageError, message
from golive.report.detail_text import render_detail_text
from golive.report.environment import render_environment
from golive.report.junit import render_junit
from golive.report.result_json import render_result_json
from golive.safetext import printable

if TYPE_CHECKING:
    from golive.masking import Redactor

DIR_MODE = 0o700
FILE_MODE = 0o600
FILE_ORDER = ("result.json", "detail.txt", "junit.xml", "environment.json")


class EvidenceError(MessageError):
    """The evidence could not be written; the message is one line."""


class EvidenceLeakError(EvidenceError):
    """A rendered file held a secret: a golive bug, stopped before it reached the disk."""


@dataclass(frozen=True)
class Bundle:
    path: Path
    files: tuple[str, ...]


def bundle_name(profile: str, moment: datetime, suffix: str | None = None) -> str:
    stamp = moment.strftime("%Y%m%d_%H%M%S")
    return f"preflight_{profile}_{stamp}_{suffix or secrets.token_hex(2)}"


def render_files(run: PreflightRun, cwd: Path, environment: str | None = None) -> dict[str, str]:
    """Every file's text; ``environment`` is ``environment.json`` when already rendered."""
    rendered = {
        "result.json": render_result_json(run),
        "detail.txt": render_detail_text(run),
        "junit.xml": render_junit(run),
        "environment.json": environment if environment is not None else render_environment(cwd),
    }
    # the last net: whatever slipped past the runner's boundary is escaped, never written raw
    files = {name: printable(text, newlines=True) for name, text in rendered.items()}
    sums = "".join(
        f"{hashlib.sha256(files[name].encode()).hexdigest()}  {name}\n" for name in FILE_ORDER
    )
    files["SHA256SUMS"] = sums
    return files


def scan_for_leaks(files: dict[str, str], redactor: Redactor) -> None:
    for name, text in files.items():
        keys = redactor.leaks(text)
        if keys:
            raise EvidenceLeakError(message("evidence.leak", name=name, key=keys[0]))


def _write_atomic(folder: Path, name: str, text: str) -> None:
    tmp = folder / f".{name}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, folder / name)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_all(folder: Path, names: tuple[str, ...]) -> None:
    """Every file of ``folder`` on disk before the folder is renamed into place: one fsync
    per file, all at once (the disk's flushes overlap; one after another a bundle waited
    for five of them)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(names), thread_name_prefix="golive-fsync") as pool:
        for done in [pool.submit(_fsync, folder / name) for name in names]:
            done.result()


def _place(staging: Path, evidence_dir: Path, profile: str, moment: datetime) -> Path:
    for _ in range(32):
        final = evidence_dir / bundle_name(profile, moment)
        if final.exists():
            continue
        try:
            os.rename(staging, final)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                continue  # another run took the name between the check and the rename
            raise
        return final
    raise EvidenceError(message("evidence.no_free_name", path=str(evidence_dir)))


def _cannot_write(evidence_dir: Path, exc: OSError) -> EvidenceError:
    reason = exc.strerror or type(exc).__name__
    return EvidenceError(message("evidence.cannot_write", path=str(evidence_dir), why=reason))


def prepare_evidence_dir(evidence_dir: Path, lang: str = "en") -> None:
    """Create ``evidence_dir`` and prove a file can be written there, before any check runs.

    A path that is a file is "not a directory"; any other failure names the OS's reason.
    Full disks and write limits can still stop the real write later.
    """
    from golive import messages

    if evidence_dir.exists() and not evidence_dir.is_dir():
        raise EvidenceError(messages.text("evidence.not_a_directory", lang, path=str(evidence_dir)))
    probe = evidence_dir / f".probe_{secrets.token_hex(6)}"
    try:
        evidence_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        os.close(fd)
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        text = messages.text("evidence.not_writable", lang, path=str(evidence_dir), reason=reason)
        raise EvidenceError(text) from exc


def write_bundle(
    run: PreflightRun,
    evidence_dir: Path,
    redactor: Redactor,
    cwd: Path,
    *,
    label: str | None = None,
    environment: str | None = None,
) -> Bundle:
    """Render, leak-scan and write the bundle; raises :class:`EvidenceError`.

    ``label`` replaces the profile in the folder's name (a fleet names each bundle
    after its bot, and renders ``environment`` once for all). A write that fails or
    is interrupted (disk full, Ctrl-C) removes its staging folder: it leaves no
    bundle, not half of one.
    """
    files = render_files(run, cwd, environment)
    scan_for_leaks(files, redactor)
    try:
        evidence_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        staging = evidence_dir / f".staging_{secrets.token_hex(6)}"
        staging.mkdir(mode=DIR_MODE)
    except OSError as exc:
        raise _cannot_write(evidence_dir, exc) from exc
    try:
        for name in (*FILE_ORDER, "SHA256SUMS"):
            _write_atomic(staging, name, files[name])
        _sync_all(staging, (*FILE_ORDER, "SHA256SUMS"))
        final = _place(staging, evidence_dir, label or run.profile, run.started_at)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _cannot_write(evidence_dir, exc) from exc
        raise
    return Bundle(path=final, files=(*FILE_ORDER, "SHA256SUMS"))
