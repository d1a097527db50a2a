"""The readings table: which details become which series, and what never does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from golive.engine.preflight import PreflightRun
from golive.model import CheckResult, Status
from golive.report.prometheus import ProfileRun, label_value, render_metrics, run_families
from tests.operate.support import samples, value

NOW = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)


def result(check: str, status: Status, **details: object) -> CheckResult:
    return CheckResult(
        id=check,
        title=check,
        status=status,
        message="",
        error_type=None,
        reason=None,
        hint=None,
        next_action=None,
        details=details,
        duration_ms=1500,
    )


def run(*results: CheckResult) -> PreflightRun:
    return PreflightRun(
        profile="live",
        env_file=Path(".env.live"),
        started_at=NOW - timedelta(seconds=2),
        finished_at=NOW,
        duration_ms=2000,
        results=results,
    )


def text_of(*results: CheckResult, label: str = "live") -> str:
    return render_metrics(run_families([ProfileRun(label, run(*results))]))


def test_funds_headroom_per_leg() -> None:
    leg = {"currency": "KRW", "needed": "140000", "available": "1000000", "headroom_ratio": 7.1}
    futures = {"currency": "USDT", "needed": "110.00", "available": "100.00", "headroom_ratio": 0.9}
    text = text_of(result("funds", Status.FAIL, upbit=leg, binance_futures=futures, rate_limit={}))
    assert value(text, "golive_funds_headroom_ratio", leg="upbit") == 7.1
    assert value(text, "golive_funds_headroom_ratio", leg="binance_futures") == 0.9
    assert value(text, "golive_ready", profile="live") == 0.0


def test_what_is_not_a_measurement_is_left_out() -> None:
    text = text_of(
        result("clock_skew", Status.SKIP, binance={"offset_ms": 5}),  # skipped: not measured
        result("funds", Status.PASS, upbit={"headroom_ratio": float("inf")}, binance="x"),
        result("upbit", Status.PASS, key_expire_at="not a date", rate_limit={"upbit": "x"}),
        result("binance", Status.PASS, rate_limit={"binance": {"used": True, "limit": 6000}}),
    )
    names = {s.name for s in samples(text)}
    assert names == {
        "golive_ready",
        "golive_last_run_timestamp_seconds",
        "golive_check_status",
        "golive_check_duration_seconds",
    }
    assert value(text, "golive_check_duration_seconds", check="upbit") == 1.5


def test_rate_limit_is_the_highest_use_any_check_saw() -> None:
    text = text_of(
        result("binance", Status.PASS, rate_limit={"binance": {"used": 60, "limit": 6000}}),
        result("markets", Status.PASS, rate_limit={"binance": {"used": 600, "limit": 6000}}),
    )
    assert value(text, "golive_rate_limit_used_ratio", venue="binance") == 0.1


def test_key_expiry_counts_from_the_end_of_the_run() -> None:
    later = (NOW + timedelta(days=2)).isoformat()
    text = text_of(result("upbit", Status.WARN, key_expire_at=later))
    assert value(text, "golive_key_expiry_seconds", venue="upbit") == 2 * 86400


def test_labels_are_reduced_to_safe_characters() -> None:
    assert label_value('bot "one"\n{x}') == "bot__one___x_"
    assert label_value("") == "_"
    assert len(label_value("a" * 300)) == 64
    text = text_of(result("env_file", Status.PASS), label='evil"} 1\n# x')
    [ready] = [s for s in samples(text) if s.name == "golive_ready"]
    assert ready.labels == {"profile": "evil___1___x"}
