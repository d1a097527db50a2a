"""Helpers for the check tests: a real CheckContext, and loopback ports that do not answer."""

from __future__ import annotations

import json
import socket
from contextlib import contextmanager
from dataclasses import asdict
from typing import TYPE_CHECKING

from golive.config import Settings
from golive.envfiles.profile import Profile
from golive.masking import Redactor
from golive.model import CheckContext, Outcome, SystemClock

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def context(tmp_path: Path, *, timeout: float = 5.0, **values: str) -> CheckContext:
    return CheckContext(
        profile=Profile(name="live", env_file=tmp_path / ".env.live", values=values),
        settings=Settings(),
        redactor=Redactor.from_values(values),
        clock=SystemClock(),
        http=None,
        lang="en",
        timeout=timeout,
    )


def free_port() -> int:
    """A loopback TCP port that was free a moment ago (bound, read, released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def silent_server() -> Iterator[int]:
    """A loopback port that accepts connections and never answers; yields the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


def everything(outcome: Outcome) -> str:
    """Every text an outcome carries, as one string to search for leaks."""
    return json.dumps(asdict(outcome), default=str, ensure_ascii=False)
