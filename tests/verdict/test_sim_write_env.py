"""Point 11: ``golive sim --write-env`` never destroys a file it did not write."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from golive.sim.envwrite import MARKER

if TYPE_CHECKING:
    from pathlib import Path

    from tests.support.workspace import Workspace

HAND_WRITTEN = "# my real keys, shown once by Binance\nBINANCE_API_SECRET=realSecretShownOnce\n"


def sim_until_written(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``golive sim ARGS`` in a child; once it has said where the env file went, SIGTERM."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "golive", "sim", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if "stops it" in line:
            break
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    return subprocess.CompletedProcess(proc.args, proc.returncode, "".join(lines) + out, err)


def test_a_hand_written_env_file_is_refused_and_untouched(workspace: Workspace) -> None:
    path = workspace.root / ".env.live"
    path.write_text(HAND_WRITTEN)
    path.chmod(0o640)
    before = path.stat()
    result = workspace.run_subprocess("sim", "--write-env", ".env.live", timeout=30)
    assert result.code == 2, result.text
    [line] = result.err.splitlines()
    assert "refusing to overwrite .env.live: golive sim did not write it" in line
    assert path.read_text() == HAND_WRITTEN
    after = path.stat()
    assert (after.st_ino, after.st_mode, after.st_mtime_ns) == (
        before.st_ino,
        before.st_mode,
        before.st_mtime_ns,
    )
    assert sorted(p.name for p in workspace.root.iterdir()) == [".env.live"]


@pytest.mark.parametrize("kind", ["fifo", "folder", "symlink"])
def test_what_is_not_a_regular_file_is_refused_even_with_force(
    workspace: Workspace, kind: str
) -> None:
    path = workspace.root / "target.env"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        (workspace.root / "real.env").write_text(HAND_WRITTEN)
        path.symlink_to("real.env")
    result = workspace.run_subprocess("sim", "--write-env", "target.env", "--force", timeout=30)
    assert result.code == 2, result.text
    assert "is not a regular file" in result.err
    assert os.path.lexists(path)
    if kind == "symlink":
        assert path.is_symlink()
        assert (workspace.root / "real.env").read_text() == HAND_WRITTEN


def test_its_own_earlier_file_is_overwritten(workspace: Workspace) -> None:
    first = sim_until_written(workspace.root, "--write-env", "sim.env")
    assert first.returncode == 0, first.stderr
    old = (workspace.root / "sim.env").read_text()
    assert old.startswith(MARKER)
    second = sim_until_written(workspace.root, "--write-env", "sim.env")
    assert second.returncode == 0, second.stderr
    new = (workspace.root / "sim.env").read_text()
    assert new.startswith(MARKER)
    assert new != old  # fresh credentials for the new simulator
    assert sorted(p.name for p in workspace.root.iterdir()) == ["sim.env"]


def test_force_keeps_the_old_file_as_a_timestamped_backup(workspace: Workspace) -> None:
    path = workspace.root / ".env.live"
    path.write_text(HAND_WRITTEN)
    path.chmod(0o644)
    result = sim_until_written(workspace.root, "--write-env", ".env.live", "--force")
    assert result.returncode == 0, result.stderr
    [backup] = [p for p in workspace.root.iterdir() if p.name.startswith(".env.live.bak-")]
    assert re.fullmatch(r"\.env\.live\.bak-\d{8}T\d{6}Z", backup.name)
    assert backup.read_text() == HAND_WRITTEN
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert path.read_text().startswith(MARKER)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"moved the existing .env.live to {backup.name}" in result.stdout.replace("./", "")
