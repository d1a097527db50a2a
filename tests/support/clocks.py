"""A clock the test holds: wall and monotonic time move only when the test moves them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2026, 11, 30, 7, 0, 0, tzinfo=UTC)


class HeldClock:
    """:class:`golive.model.Clock` at :data:`START` plus ``elapsed`` seconds."""

    def __init__(self) -> None:
        self.elapsed = 0.0

    def now(self) -> datetime:
        return START + timedelta(seconds=self.elapsed)

    def monotonic(self) -> float:
        return 1000.0 + self.elapsed
