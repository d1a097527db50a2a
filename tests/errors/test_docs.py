"""docs/error-types.md covers every type and every reason the classifier emits."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.errors import (
    BINANCE_CODES,
    BINANCE_STATUS,
    EXCEPTION_RULES,
    HTML_STATUS,
    HTTP_STATUS,
    TELEGRAM_DESCRIPTIONS,
    TELEGRAM_STATUS,
    UPBIT_NAMES,
    UPBIT_STATUS,
    all_rules,
    classify_exception,
)
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


def test_the_enumeration_holds_every_row_the_classifier_can_apply() -> None:
    """``all_rules`` feeds the documentation checks above: a row it forgot is undocumented."""
    tables = (BINANCE_STATUS, UPBIT_STATUS, TELEGRAM_STATUS, HTML_STATUS, HTTP_STATUS)
    expected = {table.server_error for table in tables} | {row.rule for row in EXCEPTION_RULES}
    expected |= {*BINANCE_CODES.values(), *UPBIT_NAMES.values(), *TELEGRAM_DESCRIPTIONS.values()}
    assert expected <= set(all_rules())
    assert classify_exception(ConnectionRefusedError()).reason in {r.reason for r in all_rules()}
