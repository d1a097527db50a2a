"""Signals: SIGTERM ends golive like Ctrl-C does, and never in the middle of a write.

``install`` makes SIGTERM raise :class:`Terminated` in the main thread, so the
CLI's boundary can exit 143 after cleaning up; ``deferred`` holds SIGINT and
SIGTERM back while an evidence bundle is written, and lets them in right after.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

HELD = frozenset({signal.SIGINT, signal.SIGTERM})


class Terminated(BaseException):
    """SIGTERM arrived; like KeyboardInterrupt, not an ``Exception``."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def install() -> None:
    """SIGTERM raises :class:`Terminated` (only possible from the main thread)."""
    try:
        signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread: leave the default
        return


@contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for the duration; a held signal is delivered on exit."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
