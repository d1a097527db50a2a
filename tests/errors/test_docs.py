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


def test_the_doc_opens_with_the_classification_rule(doc: str) -> None:
    first = doc.split("\n## ", 1)[0]
    assert "classify by the cause the operator must fix" in first


def test_the_generated_reference_matches_the_tables(doc: str) -> None:
    """The reason index and per-type tables are exactly what the tables generate."""
    from golive.report.error_reference import END, START, render

    block = doc[doc.index(START) : doc.index(END) + len(END)]
    assert block == render(), "run: python -m golive.report.error_reference"


def test_every_reason_has_its_type_and_hint_key_in_the_index(doc: str) -> None:
    from golive.report.error_reference import all_rows

    for row in all_rows():
        assert f"| `{row.rule.error_type.value}` | `{row.rule.key}` |" in doc, row.rule.reason
