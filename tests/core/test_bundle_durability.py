"""Every file of a bundle reaches the disk (fsync) before the bundle is renamed into place."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from golive.report.bundle import write_bundle
from tests.core.test_bundle import REDACTOR, RUN

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_every_file_is_synced_before_the_bundle_appears(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[str, str]] = []
    lock = threading.Lock()
    real_fsync, real_rename = os.fsync, os.rename

    def fsync(fd: int) -> None:
        real_fsync(fd)
        name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        if name.startswith(".") and name.endswith(".tmp"):  # synced before its rename
            name = name[1:-4]
        with lock:
            events.append(("fsync", name))

    def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        with lock:
            events.append(("rename", os.path.basename(dst)))
        real_rename(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    bundle = write_bundle(RUN, tmp_path / "evidence", REDACTOR, tmp_path)

    placed = events.index(("rename", bundle.path.name))
    synced = {name for kind, name in events[:placed] if kind == "fsync"}
    assert synced == {p.name for p in bundle.path.iterdir()}
