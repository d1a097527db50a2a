"""Keep the last N evidence bundles the server wrote; delete older ones (only its own)."""

from __future__ import annotations

import shutil
from collections import deque
from pathlib import Path

DEFAULT_KEEP = 50


class Retention:
    """Remembers the bundles written by this process, oldest first, and prunes beyond ``keep``.

    Bundles written by someone else (a manual preflight, an earlier server) are
    never touched: only paths this process added are candidates.
    """

    def __init__(self, keep: int = DEFAULT_KEEP) -> None:
        if keep < 1:
            raise ValueError("keep must be at least 1")
        self.keep = keep
        self._written: deque[Path] = deque()

    @property
    def kept(self) -> tuple[Path, ...]:
        return tuple(self._written)

    def add(self, bundle: Path) -> list[Path]:
        """Record ``bundle``; return the bundles deleted to stay within ``keep``."""
        self._written.append(bundle)
        deleted = []
        while len(self._written) > self.keep:
            oldest = self._written.popleft()
            if oldest.is_dir() and not oldest.is_symlink():
                shutil.rmtree(oldest, ignore_errors=True)
                deleted.append(oldest)
        return deleted
