"""Prometheus metrics of preflight runs: the node_exporter textfile and ``/metrics``.

One family per metric, one series per profile (in a fleet, the bot's name).
Label values come from closed sets (check ids, statuses, venues, legs) or are
reduced to ``[A-Za-z0-9_.:-]``: no secret and no free text ever becomes a label.
Measurements (clock offset, rate-limit use, key expiry, funds headroom) are read
from the checks' ``details`` through the table :data:`READINGS`; a check that
did not run or did not measure leaves its series out rather than inventing 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from golive import messages
from golive.engine.preflight import PreflightRun, Verdict
from golive.model import CheckResult, Status

if TYPE_CHECKING:
    from prometheus_client.metrics_core import GaugeMetricFamily, Metric

HELP_LANG = "en"
"""Prometheus HELP lines follow the exposition convention: English."""
_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]")
MAX_LABEL = 64


def label_value(text: str) -> str:
    """``text`` reduced to a safe, short label value (letters, digits, ``_ . : -``)."""
    return _UNSAFE.sub("_", text)[:MAX_LABEL] or "_"


@dataclass(frozen=True)
class ProfileRun:
    """A finished run under the ``profile`` label it is reported with."""

    label: str
    run: PreflightRun
    blocked: bool = False
    """Not ready whatever its own verdict (a fleet's shared account that cannot carry it)."""


Sample = tuple[str, float]
"""One reading: the second label's value (venue or leg) and the number."""
Reader = Callable[[Mapping[str, Any], datetime], Iterator[Sample]]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _clock_offsets(details: Mapping[str, Any], moment: datetime) -> Iterator[Sample]:
    for venue in ("binance", "binance_futures", "upbit"):
        entry = details.get(venue)
        offset = _number(entry.get("offset_ms")) if isinstance(entry, Mapping) else None
        if offset is not None:
            yield venue, offset / 1000.0


def _rate_limits(details: Mapping[str, Any], moment: datetime) -> Iterator[Sample]:
    usage = details.get("rate_limit")
    if not isinstance(usage, Mapping):
        return
    for venue, entry in usage.items():
        if not isinstance(entry, Mapping):
            continue
        used, limit = _number(entry.get("used")), _number(entry.get("limit"))
        if used is not None and limit:
            yield str(venue), used / limit


def _seconds_until(stamp: object, moment: datetime) -> float | None:
    if not isinstance(stamp, str):
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return (when - moment).total_seconds()


def _expiry(field: str, venue: str) -> Reader:
    def read(details: Mapping[str, Any], moment: datetime) -> Iterator[Sample]:
        seconds = _seconds_until(details.get(field), moment)
        if seconds is not None:
            yield venue, seconds

    return read


def _funds_headroom(details: Mapping[str, Any], moment: datetime) -> Iterator[Sample]:
    """``details[leg]["headroom_ratio"]``: funds there over funds needed (the funds check)."""
    for leg, entry in details.items():
        if isinstance(entry, Mapping) and "headroom_ratio" in entry:
            ratio = _number(entry.get("headroom_ratio"))
            if ratio is not None:
                yield str(leg), ratio


@dataclass(frozen=True)
class Reading:
    """A gauge read from the details of some checks, labelled ``{profile, <label>}``."""

    name: str
    label: str
    checks: tuple[str, ...]
    """The checks whose details hold it; empty: every check."""
    read: Reader
    combine: Callable[[Iterable[float]], float] = max


READINGS: tuple[Reading, ...] = (
    Reading("golive_clock_offset_seconds", "venue", ("clock_skew",), _clock_offsets),
    Reading("golive_rate_limit_used_ratio", "venue", (), _rate_limits),
    Reading("golive_key_expiry_seconds", "venue", ("upbit",), _expiry("key_expire_at", "upbit")),
    Reading(
        "golive_key_expiry_seconds",
        "venue",
        ("binance_api_restrictions",),
        _expiry("tradingAuthorityExpirationTime", "binance"),
    ),
    Reading("golive_funds_headroom_ratio", "leg", ("funds",), _funds_headroom, min),
)
"""metric -> which checks' details hold it and how to read them (max over checks per label)."""


HELP: Mapping[str, str] = {
    "golive_ready": "metrics.golive_ready",
    "golive_last_run_timestamp_seconds": "metrics.golive_last_run_timestamp_seconds",
    "golive_check_status": "metrics.golive_check_status",
    "golive_check_duration_seconds": "metrics.golive_check_duration_seconds",
    "golive_clock_offset_seconds": "metrics.golive_clock_offset_seconds",
    "golive_rate_limit_used_ratio": "metrics.golive_rate_limit_used_ratio",
    "golive_key_expiry_seconds": "metrics.golive_key_expiry_seconds",
    "golive_funds_headroom_ratio": "metrics.golive_funds_headroom_ratio",
    "golive_serve_runs": "metrics.golive_serve_runs",
    "golive_serve_run_failures": "metrics.golive_serve_run_failures",
    "golive_serve_last_run_failed": "metrics.golive_serve_last_run_failed",
}
"""metric -> the catalogue key of its HELP line."""


def help_text(name: str) -> str:
    return messages.text(HELP[name], HELP_LANG)


def _gauge(name: str, labels: Sequence[str]) -> GaugeMetricFamily:
    from prometheus_client.core import GaugeMetricFamily

    return GaugeMetricFamily(name, help_text(name), labels=labels)


def _by_id(run: PreflightRun) -> dict[str, CheckResult]:
    return {r.id: r for r in run.results}


def _run_families(runs: Sequence[ProfileRun]) -> list[GaugeMetricFamily]:
    ready = _gauge("golive_ready", ["profile"])
    stamp = _gauge("golive_last_run_timestamp_seconds", ["profile"])
    status = _gauge("golive_check_status", ["profile", "check", "status"])
    duration = _gauge("golive_check_duration_seconds", ["profile", "check"])
    for item in runs:
        profile = label_value(item.label)
        is_ready = item.run.verdict == Verdict.READY and not item.blocked
        ready.add_metric([profile], 1.0 if is_ready else 0.0)
        stamp.add_metric([profile], item.run.finished_at.timestamp())
        for result in item.run.results:
            check = label_value(result.id)
            for state in Status:
                status.add_metric([profile, check, state.value], float(result.status == state))
            duration.add_metric([profile, check], result.duration_ms / 1000.0)
    return [ready, stamp, status, duration]


def _reading_values(reading: Reading, run: PreflightRun) -> dict[str, float]:
    found: dict[str, list[float]] = {}
    results = _by_id(run)
    for check_id in reading.checks or tuple(results):
        result = results.get(check_id)
        if result is None or result.status == Status.SKIP:
            continue
        for key, value in reading.read(result.details, run.finished_at):
            found.setdefault(label_value(key), []).append(value)
    return {key: reading.combine(values) for key, values in found.items()}


def _reading_families(runs: Sequence[ProfileRun]) -> list[GaugeMetricFamily]:
    families: dict[str, GaugeMetricFamily] = {}
    for reading in READINGS:
        family = families.get(reading.name) or _gauge(reading.name, ["profile", reading.label])
        families[reading.name] = family
        for item in runs:
            profile = label_value(item.label)
            for key, value in sorted(_reading_values(reading, item.run).items()):
                family.add_metric([profile, key], value)
    return list(families.values())


def run_families(runs: Sequence[ProfileRun]) -> list[Metric]:
    """Every metric family for ``runs`` (families without samples included: HELP/TYPE only)."""
    return [*_run_families(runs), *_reading_families(runs)]


def not_ready(families: Iterable[Metric], profiles: Iterable[str] = ()) -> list[Metric]:
    """``families`` with every ``golive_ready`` sample set to 0, plus a 0 for each of
    ``profiles`` they lack: what a run that could not happen leaves behind.

    Everything else is kept as it was, ``golive_last_run_timestamp_seconds`` above all, so
    the last completed run's time keeps ageing and a staleness alert still fires.
    """
    ready = _gauge("golive_ready", ["profile"])
    seen: set[str] = set()
    kept = []
    for family in families:
        if family.name != "golive_ready":
            kept.append(family)
            continue
        seen.update(sample.labels.get("profile", "_") for sample in family.samples)
    seen.update(label_value(profile) for profile in profiles)
    for profile in sorted(seen):
        ready.add_metric([profile], 0.0)
    return [ready, *kept]


def read_textfile(path: Path) -> list[Metric]:
    """The families of a textfile written earlier; nothing when it is missing or unreadable."""
    from prometheus_client.parser import text_string_to_metric_families

    try:
        return list(text_string_to_metric_families(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, UnicodeDecodeError):
        return []


class RunsCollector:
    """A ``prometheus_client`` collector over whatever ``source()`` returns at scrape time."""

    def __init__(self, source: Callable[[], Iterable[Metric]]) -> None:
        self._source = source

    def collect(self) -> Iterable[Metric]:
        return list(self._source())


def render_metrics(families: Iterable[Metric]) -> str:
    """The text exposition format (what node_exporter's textfile collector and Prometheus read)."""
    from prometheus_client import CollectorRegistry, generate_latest

    registry = CollectorRegistry(auto_describe=False)
    materialised = list(families)
    registry.register(RunsCollector(lambda: materialised))
    return generate_latest(registry).decode("utf-8")


def write_textfile(path: Path, families: Iterable[Metric]) -> None:
    """Write ``path`` atomically (temporary file beside it, then rename), via prometheus_client."""
    from prometheus_client import CollectorRegistry, write_to_textfile

    registry = CollectorRegistry(auto_describe=False)
    materialised = list(families)
    registry.register(RunsCollector(lambda: materialised))
    write_to_textfile(str(path), registry)
