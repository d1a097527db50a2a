"""The runner: concurrency, timeouts, prerequisites, crash capture, masking, serial mode."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from golive.config import Settings
from golive.engine.runner import Runner
from golive.envfiles.profile import Profile
from golive.masking import Redactor
from golive.model import (
    Check,
    CheckContext,
    CheckResult,
    ErrorType,
    Outcome,
    Status,
    SystemClock,
)

SECRET = "Zx9vQ2mN7bL4kP8wR3tY6uI1oE5aS0dF"


def make_ctx() -> CheckContext:
    values = {"BINANCE_API_SECRET": SECRET}
    return CheckContext(
        profile=Profile(name="live", env_file=Path(".env.live"), values=values),
        settings=Settings(),
        redactor=Redactor.from_values(values),
        clock=SystemClock(),
        http=None,
    )


def check(cid: str, run, requires: tuple[str, ...] = ()) -> Check:
    return Check(id=cid, title_key=cid.title(), description_key=cid, run=run, requires=requires)


def sleeper(seconds: float, outcome: Outcome | None = None):
    async def run(ctx: CheckContext) -> Outcome:
        await asyncio.sleep(seconds)
        return outcome or Outcome.passed(f"slept {seconds}")

    return run


async def run_all(checks: list[Check], **kw: object) -> dict[str, CheckResult]:
    runner = Runner(checks, make_ctx(), timeout=kw.pop("timeout", 5.0), **kw)
    results = await runner.run()
    return {r.id: r for r in results}


def logged(events: list[str], name: str, seconds: float):
    """A check body that notes when it starts and ends in ``events``."""

    async def run(ctx: CheckContext) -> Outcome:
        events.append(f"start:{name}")
        await asyncio.sleep(seconds)
        events.append(f"end:{name}")
        return Outcome.passed(name)

    return run


async def test_independent_checks_run_concurrently() -> None:
    events: list[str] = []
    results = await run_all([check(f"c{i}", logged(events, f"c{i}", 0.3)) for i in range(5)])
    assert all(r.status == Status.PASS for r in results.values())
    # all five were under way before the first one finished: they overlapped
    assert [e.split(":")[0] for e in events[:5]] == ["start"] * 5


async def test_serial_mode_runs_one_by_one_in_prerequisite_order() -> None:
    order: list[str] = []
    checks = [
        check("b", logged(order, "b", 0.01), requires=("a",)),
        check("a", logged(order, "a", 0.01)),
        check("c", logged(order, "c", 0.01)),
    ]
    await run_all(checks, serial=True)
    assert order == ["start:a", "end:a", "start:b", "end:b", "start:c", "end:c"]


async def test_timeout_is_a_network_error_fail_and_others_finish() -> None:
    checks = [check("hangs", sleeper(30)), check("quick", sleeper(0))]
    started = time.monotonic()
    results = await run_all(checks, timeout=0.2)
    assert time.monotonic() - started < 10  # the hung check would take 30 s
    hung = results["hangs"]
    assert hung.status == Status.FAIL
    assert hung.error_type == ErrorType.NETWORK_ERROR
    assert hung.reason == "timeout"
    assert results["quick"].status == Status.PASS


async def test_crash_becomes_unknown_fail_with_masked_message() -> None:
    async def boom(ctx: CheckContext) -> Outcome:
        raise RuntimeError(f"signature mismatch for secret {SECRET}")

    results = await run_all([check("boom", boom), check("fine", sleeper(0))])
    crashed = results["boom"]
    assert crashed.status == Status.FAIL
    assert crashed.error_type == ErrorType.UNKNOWN
    assert crashed.reason == "exception.RuntimeError"
    assert "RuntimeError" in crashed.message
    assert SECRET not in crashed.message
    assert SECRET[:8] not in crashed.message
    assert results["fine"].status == Status.PASS


async def test_failed_prerequisite_skips_dependents_with_reason() -> None:
    failing = Outcome.fail("nope", error_type=ErrorType.INVALID_KEY)
    checks = [
        check("base", sleeper(0, failing)),
        check("child", sleeper(0), requires=("base",)),
        check("grandchild", sleeper(0), requires=("child",)),
        check("other", sleeper(0)),
    ]
    results = await run_all(checks)
    assert results["child"].status == Status.SKIP
    assert results["child"].reason == "prerequisite.base"
    assert "base" in results["child"].message
    assert results["grandchild"].status == Status.SKIP
    assert results["other"].status == Status.PASS


async def test_passed_prerequisite_lets_dependent_run_after_it() -> None:
    finished: list[str] = []

    def mark(name: str, delay: float):
        async def run(ctx: CheckContext) -> Outcome:
            await asyncio.sleep(delay)
            finished.append(name)
            return Outcome.passed(name)

        return run

    checks = [
        check("slow_base", mark("slow_base", 0.1)),
        check("dep", mark("dep", 0), ("slow_base",)),
    ]
    results = await run_all(checks)
    assert finished == ["slow_base", "dep"]
    assert results["dep"].status == Status.PASS


async def test_unselected_prerequisite_does_not_block() -> None:
    results = await run_all([check("dep", sleeper(0), requires=("absent",))])
    assert results["dep"].status == Status.PASS


async def test_results_keep_display_order_and_have_durations() -> None:
    checks = [check("slow", sleeper(0.05)), check("fast", sleeper(0))]
    runner = Runner(checks, make_ctx(), timeout=5)
    results = await runner.run()
    assert [r.id for r in results] == ["slow", "fast"]
    assert results[0].duration_ms >= 40


async def test_outcome_secrets_are_masked_in_every_field() -> None:
    async def leaky(ctx: CheckContext) -> Outcome:
        return Outcome.fail(
            f"msg {SECRET}",
            error_type=ErrorType.UNKNOWN,
            hint=f"hint {SECRET}",
            next_action=f"do {SECRET}",
            details={"nested": [{"value": SECRET}], SECRET: "as key"},
        )

    results = await run_all([check("leaky", leaky)])
    rendered = repr(results["leaky"])
    assert SECRET not in rendered
    assert SECRET[:8] not in rendered


async def test_non_outcome_return_is_a_crash_not_an_exception() -> None:
    async def wrong(ctx: CheckContext) -> Outcome:
        return "PASS"

    results = await run_all([check("wrong", wrong)])
    assert results["wrong"].status == Status.FAIL
    assert results["wrong"].reason == "exception.TypeError"


def test_prerequisite_cycle_is_reported() -> None:
    checks = [check("a", sleeper(0), ("b",)), check("b", sleeper(0), ("a",))]
    with pytest.raises(ValueError, match="cycle"):
        Runner(checks, make_ctx(), timeout=1)


def local_check(cid: str, run) -> Check:
    return Check(id=cid, title_key=cid.title(), description_key=cid, run=run, local=True)


async def test_a_local_check_runs_off_the_runs_event_loop() -> None:
    seen: dict[str, object] = {}

    async def where(ctx: CheckContext) -> Outcome:
        seen["loop"] = asyncio.get_running_loop()
        seen["thread"] = threading.get_ident()
        time.sleep(0.05)  # blocking work: it holds its own loop, not the run's
        return Outcome.passed("ran")

    results = await run_all([local_check("files", where), check("net", sleeper(0.01))])

    assert results["files"].status is Status.PASS
    assert results["net"].status is Status.PASS
    assert seen["loop"] is not asyncio.get_running_loop()
    assert seen["thread"] != threading.get_ident()


async def test_a_local_timeout_is_not_a_network_error() -> None:
    results = await run_all([local_check("git", sleeper(5)), check("net", sleeper(5))], timeout=0.2)

    assert (results["git"].status, results["git"].reason) == (Status.FAIL, "timeout.local")
    assert results["git"].error_type is ErrorType.UNKNOWN
    assert results["net"].error_type is ErrorType.NETWORK_ERROR  # a network check: as before


async def test_a_local_crash_is_captured_like_any_other() -> None:
    async def boom(ctx: CheckContext) -> Outcome:
        raise RuntimeError(f"bad {SECRET}")

    results = await run_all([local_check("files", boom)])

    assert (results["files"].status, results["files"].reason) == (
        Status.FAIL,
        "exception.RuntimeError",
    )
    assert SECRET not in results["files"].message
