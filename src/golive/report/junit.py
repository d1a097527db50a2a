"""``junit.xml``: one testcase per check (FAIL -> failure, SKIP -> skipped) for CI systems."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from golive.engine.preflight import PreflightRun
from golive.model import CheckResult, Status


def _testcase(result: CheckResult, suite: str) -> ET.Element:
    case = ET.Element(
        "testcase",
        {"classname": suite, "name": result.id, "time": f"{result.duration_ms / 1000:.3f}"},
    )
    text = "\n".join(x for x in (result.message, result.hint, result.next_action) if x)
    if result.status == Status.FAIL:
        failure = ET.SubElement(
            case,
            "failure",
            {"message": result.message, "type": result.error_type or "unknown"},
        )
        failure.text = text
    elif result.status == Status.SKIP:
        ET.SubElement(case, "skipped", {"message": result.message})
    elif result.status == Status.WARN:
        ET.SubElement(case, "system-out").text = f"WARN: {text}"
    return case


def render_junit(run: PreflightRun) -> str:
    s = run.summary
    suite_name = f"golive.engine.preflight.{run.profile}"
    suites = ET.Element("testsuites", {"name": "golive"})
    suite = ET.SubElement(
        suites,
        "testsuite",
        {
            "name": suite_name,
            "tests": str(s.total),
            "failures": str(s.failed),
            "errors": "0",
            "skipped": str(s.skipped),
            "time": f"{run.duration_ms / 1000:.3f}",
            "timestamp": run.started_at.isoformat(timespec="seconds"),
        },
    )
    for result in run.results:
        suite.append(_testcase(result, suite_name))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
