"""One read-only endpoint: venue, path, whether it is signed and its fixed query."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    venue: str
    path: str
    signed: bool = True
    params: tuple[tuple[str, str], ...] = ()
    label: str = ""

    @property
    def shown(self) -> str:
        """How the endpoint appears in messages and details (never a token-bearing path)."""
        return self.label or self.path
