"""docs/error-types.md covers every type and every reason the classifier emits."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.errors import all_rules
from golive.model import ErrorType

DOC = Path(__file__).resolve().parents[2] / "docs" / "error-types.md"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text("utf-8")


@pytest.mark.parametrize("kind", list(ErrorType))
def test_every_type_has_a_section(doc: str, kind: ErrorType) -> None:
    assert f"## `{kind.value}`" in doc


@pytest.mark.parametrize("reason", sorted({rule.reason for rule in all_rules()}))
def test_every_reason_is_documented(doc: str, reason: str) -> None:
    assert f"`{reason}`" in doc
