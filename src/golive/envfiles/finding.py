"""One env-file finding: key, line, severity, stable code and a message that quotes no value."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    key: str | None
    line: int | None
    severity: Severity
    code: str
    message: str
