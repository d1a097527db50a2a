"""The reason-code reference of ``docs/error-types.md``, generated from the tables.

Every row comes from a table: the classifier's (:mod:`golive.errors`), the
-2015 narrowing (:mod:`golive.exchanges.binance`) and the Binance key problems
(:mod:`golive.binance_key`); the texts come from the message catalog. The doc
holds this output between two markers and ``tests/errors/test_docs.py`` fails
when it differs. Regenerate with ``python -m golive.report.error_reference``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from golive import errors, messages
from golive.binance_key import REASONS as KEY_REASONS
from golive.errors.binance_futures import FUTURES_CODE_TYPES
from golive.exchanges import binance as binance_exchange
from golive.exchanges.outcomes import Explanation
from golive.model import ErrorType

INDEX_TITLE = "docs.error_reference.index_title"
FIX = "docs.error_reference.fix"
START = "<!-- generated:start (python -m golive.report.error_reference) -->"
END = "<!-- generated:end -->"
TYPE_TEXTS: Mapping[ErrorType, str] = {
    ErrorType.INVALID_KEY: "docs.error_type.invalid_key",
    ErrorType.IP_RESTRICTION: "docs.error_type.ip_restriction",
    ErrorType.CLOCK_SKEW: "docs.error_type.clock_skew",
    ErrorType.RATE_LIMIT: "docs.error_type.rate_limit",
    ErrorType.PERMISSION_DENIED: "docs.error_type.permission_denied",
    ErrorType.NETWORK_ERROR: "docs.error_type.network_error",
    ErrorType.UNKNOWN: "docs.error_type.unknown",
}


@dataclass(frozen=True)
class Row:
    rule: errors.Rule
    source: str
    """What came back: the venue's code, name, status or message, or the exception."""


def _quote(needle: str) -> str:
    return f"“{needle}”"


def _binance_rows() -> Iterator[Row]:
    yield from _status_rows(
        "Binance /sapi answer (`X-SAPI-USED-*-WEIGHT-1M`), HTTP", errors.BINANCE_SAPI_STATUS
    )
    for code, rule in errors.BINANCE_CODES.items():
        venue = "Binance futures" if code in FUTURES_CODE_TYPES else "Binance"
        yield Row(rule, f"{venue} `code` {code}")
    for (code, needle), rule in errors.BINANCE_CODE_MESSAGES.items():
        yield Row(rule, f"Binance `code` {code} whose `msg` has `{needle}` (hint shows the IP)")
    for needle, rule in errors.BINANCE_MESSAGES.items():
        yield Row(rule, f"Binance `msg` containing {_quote(needle)}")
    yield from _status_rows("Binance HTTP", errors.BINANCE_STATUS)


def _status_rows(label: str, table: errors.StatusTable) -> Iterator[Row]:
    for status, rule in table.exact.items():
        yield Row(rule, f"{label} {status}")
    if table.server_error is not None:
        yield Row(table.server_error, f"{label} 5xx")


def _venue_rows() -> Iterator[Row]:
    for name, rule in errors.UPBIT_NAMES.items():
        yield Row(rule, f"Upbit `error.name` `{name}`")
    for needle, rule in errors.UPBIT_MESSAGES.items():
        yield Row(rule, f"Upbit body containing {_quote(needle)}")
    yield from _status_rows("Upbit HTTP", errors.UPBIT_STATUS)
    for needle, rule in errors.TELEGRAM_DESCRIPTIONS.items():
        yield Row(rule, f"Telegram `description` containing {_quote(needle)}")
    yield from _status_rows("Telegram `error_code` / HTTP", errors.TELEGRAM_STATUS)
    yield from _status_rows("HTML page with HTTP", errors.HTML_STATUS)
    yield from _status_rows("any venue, HTTP", errors.HTTP_STATUS)


def _exception_source(row: errors.ExceptionRule) -> str:
    classes = " or ".join(f"`{name.replace(':', '.')}`" for name in sorted(row.classes))
    patterns = " / ".join(_quote(p.pattern) for p in row.patterns)
    if classes and patterns:
        return f"{classes} with message matching {patterns}"
    return classes or f"message matching {patterns}"


SINGLE_SOURCES: Mapping[str, str] = {
    "binance.{code}": "Binance `code` not in the table",
    "upbit.{name}": "Upbit `error.name` not in the table",
    "http.html_body": "HTML page with any other status",
    "http.{status}": "a status and body no row knows",
    "response.unrecognized": "no status and nothing recognisable",
    "classifier.error": "the classifier itself failed (never expected)",
    "exception.{type}": "any other exception (`{type}` is its class name)",
}


def _other_rows() -> Iterator[Row]:
    for exception_row in errors.EXCEPTION_RULES:
        yield Row(exception_row.rule, _exception_source(exception_row))
    singles = (
        errors.BINANCE_UNKNOWN_CODE,
        errors.UPBIT_UNKNOWN_NAME,
        errors.HTML_BODY,
        errors.UNRECOGNIZED_STATUS,
        errors.UNRECOGNIZED,
        errors.INTERNAL_ERROR,
        errors.UNKNOWN_EXCEPTION,
    )
    for rule in singles:
        yield Row(rule, SINGLE_SOURCES[rule.reason])


NARROWED: tuple[tuple[Explanation, str], ...] = (
    (binance_exchange.KEY_REFUSED, "-2015 and `apiRestrictions` itself refused (-2015)"),
    (binance_exchange.PORTFOLIO_MARGIN, "-2015 on /fapi, `enablePortfolioMarginTrading` true"),
    (binance_exchange.FUTURES_DISABLED, "-2015 on /fapi, `enableFutures` false"),
    (binance_exchange.READING_DISABLED, "-2015, `enableReading` false"),
    (
        Explanation(ErrorType.INVALID_KEY, binance_exchange.IP_LISTED, binance_exchange.IP_LISTED),
        "-2015 on /fapi, flags readable, `ipRestrict` true (hint shows the request IP)",
    ),
    (binance_exchange.FUTURES_KEY, "-2015 on /fapi, flags readable, `ipRestrict` false"),
)
"""The -2015 narrowing with ``apiRestrictions`` read in the same run (checks ``binance``
and ``binance_api_restrictions``)."""


ENV_VALIDATE_ONLY = frozenset({"key_file_mode", "passphrase_unused", "passphrase_not_needed"})
"""Key problems only ``env validate`` reports (warnings, or found before any signing)."""


def _narrowed_rows() -> Iterator[Row]:
    for explanation, source in NARROWED:
        rule = errors.Rule(explanation.error_type, explanation.reason, explanation.hint_key)
        yield Row(rule, f"Binance {source}")
    for code, reason in KEY_REASONS.items():
        if code not in ENV_VALIDATE_ONLY:
            rule = errors.Rule(ErrorType.INVALID_KEY, reason)
            yield Row(rule, f"the Binance private key cannot sign (`{code}`), before sending")


def _with_untimed(rows: Iterable[Row]) -> Iterator[Row]:
    """Each row, then its untimed sibling when its hint shows a time (``UNTIMED_HINTS``)."""
    for row in rows:
        yield row
        untimed = errors.UNTIMED_HINTS.get(row.rule.key)
        if untimed is not None:
            rule = errors.Rule(row.rule.error_type, row.rule.reason, untimed)
            yield Row(rule, f"{row.source}, naming no time golive can read")


def all_rows() -> tuple[Row, ...]:
    rows = (*_binance_rows(), *_venue_rows(), *_other_rows(), *_narrowed_rows())
    return tuple(_with_untimed(rows))


def _merged(rows: Iterable[Row]) -> dict[tuple[ErrorType, str, str], list[str]]:
    """One entry per (type, reason, hint key), its sources in table order."""
    merged: dict[tuple[ErrorType, str, str], list[str]] = {}
    for row in rows:
        sources = merged.setdefault((row.rule.error_type, row.rule.reason, row.rule.key), [])
        if row.source not in sources:
            sources.append(row.source)
    return merged


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _reason_cell(reason: str, key: str) -> str:
    return f"`{reason}`" if key == reason else f"`{reason}` (hint `{key}`)"


def render_index(rows: Iterable[Row]) -> list[str]:
    lines = [
        f"## {messages.text(INDEX_TITLE, 'en')} / {messages.text(INDEX_TITLE, 'ko')}",
        "",
        "| reason | venue code (what came back) | type | hint key |",
        "|---|---|---|---|",
    ]
    for (kind, reason, key), sources in _merged(rows).items():
        lines.append(f"| `{reason}` | {_cell('<br>'.join(sources))} | `{kind.value}` | `{key}` |")
    return lines


def render_type(kind: ErrorType, rows: Iterable[Row]) -> list[str]:
    lines = [
        f"## `{kind.value}`",
        "",
        f"{messages.text(TYPE_TEXTS[kind], 'en')}  ",
        messages.text(TYPE_TEXTS[kind], "ko"),
        "",
        f"| reason | what came back | {messages.text(FIX, 'en')} | {messages.text(FIX, 'ko')} |",
        "|---|---|---|---|",
    ]
    for (found, reason, key), sources in _merged(rows).items():
        if found is not kind:
            continue
        fix = _cell(messages.lookup(key, "en").next_action)
        fix_ko = _cell(messages.lookup(key, "ko").next_action)
        lines.append(
            f"| {_reason_cell(reason, key)} | {_cell('<br>'.join(sources))} | {fix} | {fix_ko} |"
        )
    return lines


def render() -> str:
    """The generated block, markers included."""
    rows = all_rows()
    lines = [START, "", *render_index(rows)]
    for kind in ErrorType:
        lines += ["", *render_type(kind, rows)]
    return "\n".join([*lines, "", END])


def splice(doc: str) -> str:
    """``doc`` with its generated block replaced by :func:`render`."""
    head, _, rest = doc.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{render()}{tail}"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated block of the doc given (default ``docs/error-types.md``)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "docs/error-types.md")
    path.write_text(splice(path.read_text("utf-8")), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
