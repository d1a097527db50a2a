"""One env-file finding: key, line, severity, stable code and a message that quotes no value."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from golive.messages import Message


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem: ``message`` in English (``env validate``), ``text`` for any language."""

    key: str | None
    line: int | None
    severity: Severity
    code: str
    message: str
    text: Message | None = field(default=None, compare=False, repr=False)

    def in_lang(self, lang: str) -> str:
        """The message in ``lang`` (``en`` or ``ko``)."""
        return self.message if self.text is None else self.text.render(lang)
