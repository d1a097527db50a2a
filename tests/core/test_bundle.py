"""The evidence bundle: name, modes, atomic files, checksums, schema, leak guard."""

from __future__ import annotations

import hashlib
import json
import re
import stat
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from golive.engine.preflight import PreflightRun
from golive.masking import Redactor
from golive.model import CheckResult, ErrorType, Status
from golive.report.bundle import EvidenceError, EvidenceLeakError, write_bundle

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "evidence-schema.json").read_text())
SECRET = "Qw7Er8Ty9Ui0Op1As2Df3Gh4Jk5Lz6Xc"
NAME = re.compile(r"^preflight_live_\d{8}_\d{6}_[0-9a-f]{4}$")


def result(cid: str, status: Status, message: str = "ok", **kw: object) -> CheckResult:
    return CheckResult(
        id=cid,
        title=cid,
        status=status,
        message=message,
        error_type=kw.get("error_type"),  # type: ignore[arg-type]
        reason=kw.get("reason"),  # type: ignore[arg-type]
        hint=kw.get("hint"),  # type: ignore[arg-type]
        next_action=None,
        details=kw.get("details", {}),  # type: ignore[arg-type]
        duration_ms=12,
    )


def make_run(*results: CheckResult) -> PreflightRun:
    now = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
    return PreflightRun(
        profile="live",
        env_file=Path(".env.live"),
        started_at=now,
        finished_at=now,
        duration_ms=40,
        results=results,
    )


RUN = make_run(
    result("env_file", Status.PASS),
    result(
        "binance", Status.FAIL, "rejected", error_type=ErrorType.INVALID_KEY, reason="binance.-2015"
    ),
    result("redis", Status.WARN, "no persistence", reason="redis.no_persistence"),
    result("telegram", Status.SKIP, "skipped"),
)
REDACTOR = Redactor.from_values({"BINANCE_API_SECRET": SECRET})


def test_bundle_layout_modes_and_checksums(tmp_path: Path) -> None:
    bundle = write_bundle(RUN, tmp_path / "evidence", REDACTOR, tmp_path)
    assert NAME.match(bundle.path.name)
    assert stat.S_IMODE(bundle.path.stat().st_mode) == 0o700
    names = sorted(p.name for p in bundle.path.iterdir())
    assert names == sorted(
        ["result.json", "detail.txt", "junit.xml", "environment.json", "SHA256SUMS"]
    )
    for path in bundle.path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    sums = (bundle.path / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == 4
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((bundle.path / name).read_bytes()).hexdigest() == digest
    assert not list((tmp_path / "evidence").glob(".staging*"))


def test_result_json_matches_schema_and_verdict(tmp_path: Path) -> None:
    bundle = write_bundle(RUN, tmp_path, REDACTOR, tmp_path)
    data = json.loads((bundle.path / "result.json").read_text())
    jsonschema.validate(data, SCHEMA)
    assert data["verdict"] == "NOT_READY"
    assert data["summary"] == {
        "total": 4,
        "passed": 1,
        "failed": 1,
        "warnings": 1,
        "skipped": 1,
        "skipped_ids": ["telegram"],
        "blocking_skipped_ids": ["telegram"],
    }
    assert data["checks"][1]["error_type"] == "invalid_key"
    assert data["started_at"].endswith("Z")


def test_junit_has_one_testcase_per_check(tmp_path: Path) -> None:
    bundle = write_bundle(RUN, tmp_path, REDACTOR, tmp_path)
    root = ET.parse(bundle.path / "junit.xml").getroot()
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["env_file", "binance", "redis", "telegram"]
    assert cases[1].find("failure") is not None
    assert cases[1].find("failure").get("type") == "invalid_key"  # type: ignore[union-attr]
    assert cases[3].find("skipped") is not None
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("failures") == "1"
    assert suite.get("skipped") == "1"


def test_environment_json_records_versions(tmp_path: Path) -> None:
    bundle = write_bundle(RUN, tmp_path, REDACTOR, tmp_path)
    env = json.loads((bundle.path / "environment.json").read_text())
    assert env["golive_version"]
    assert env["python_version"].count(".") == 2
    assert env["dependencies"]["httpx"]
    assert env["git"] == {"commit": None, "state": None}  # tmp_path is not a repository


def test_two_runs_in_one_second_get_two_bundles(tmp_path: Path) -> None:
    first = write_bundle(RUN, tmp_path, REDACTOR, tmp_path)
    second = write_bundle(RUN, tmp_path, REDACTOR, tmp_path)
    assert first.path != second.path
    assert first.path.name[:-4] == second.path.name[:-4]


def test_a_secret_in_a_result_aborts_the_write(tmp_path: Path) -> None:
    leaky = make_run(result("x", Status.PASS, f"value {SECRET}"))
    with pytest.raises(EvidenceLeakError, match="BINANCE_API_SECRET"):
        write_bundle(leaky, tmp_path / "ev", REDACTOR, tmp_path)
    assert not (tmp_path / "ev").exists()


def test_unwritable_evidence_dir_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(EvidenceError) as info:
        write_bundle(RUN, blocker / "evidence", REDACTOR, tmp_path)
    assert "\n" not in str(info.value)
    assert str(blocker) in str(info.value)
