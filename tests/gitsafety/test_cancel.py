"""A cancelled or timed-out history scan leaves no git process behind."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from golive.git.facts import git_env, scan_history

from .gitrepo import SECRETS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def git_children() -> list[tuple[int, str]]:
    """Our child processes running git (zombies included): (pid, command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        if ppid == os.getpid() and "git" in stat.partition(" (")[2].partition(")")[0]:
            found.append((int(entry.name), cmdline))
    return found


async def wait_for_cat_file(task: asyncio.Task[object]) -> None:
    for _ in range(5000):
        if any("cat-file --batch --buffer" in cmd for _, cmd in git_children()):
            return
        assert not task.done(), "the scan ended before it could be cancelled"
        await asyncio.sleep(0.001)
    pytest.fail("no git cat-file process appeared")


async def test_cancel_kills_git(big_repo: Path) -> None:
    assert git_children() == []
    task = asyncio.ensure_future(scan_history(big_repo, SECRETS, git_env(os.environ), timeout=60))
    await wait_for_cat_file(task)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert git_children() == []


async def test_wait_for_timeout_kills_git(big_repo: Path) -> None:
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(
            scan_history(big_repo, SECRETS, git_env(os.environ), timeout=60), 0.03
        )
    assert git_children() == []


async def test_own_timeout_kills_git(big_repo: Path) -> None:
    with pytest.raises(TimeoutError):
        await scan_history(big_repo, SECRETS, git_env(os.environ), timeout=0.03)
    assert git_children() == []


async def test_timeouts_at_every_stage_leave_nothing(big_repo: Path) -> None:
    """Cancellation lands in listing, spawning, streaming or reaping: each must reap git."""
    fds = len(os.listdir("/proc/self/fd"))
    left = []
    for step in range(25):
        with pytest.raises(TimeoutError):
            await scan_history(big_repo, SECRETS, git_env(os.environ), timeout=0.002 * (step + 1))
        left += git_children()
    assert left == []
    await asyncio.sleep(0.05)  # worker threads close their pipe after git is gone
    assert len(os.listdir("/proc/self/fd")) <= fds


async def test_the_big_repo_scan_finds_the_planted_file(big_repo: Path) -> None:
    result = await scan_history(big_repo, SECRETS, git_env(os.environ), timeout=60)
    assert {hit.key for hit in result.hits} == {"BINANCE_API_SECRET", "UPBIT_SECRET_KEY"}
    assert {hit.paths for hit in result.hits} == {("config/.env.old",)}
    assert result.objects_scanned > 4000 * 2  # every commit and every blob version
    assert git_children() == []
