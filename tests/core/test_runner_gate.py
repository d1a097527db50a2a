"""The runner's credential gate: a check whose venue is gated is never started.

Through the CLI and the simulator: tests/verdict/test_credential_gate.py. Here the
order and selection of checks, with checks written for the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.config import Settings
from golive.engine.runner import Runner
from golive.envfiles.profile import Profile
from golive.masking import Redactor
from golive.model import Check, CheckContext, CheckResult, ErrorType, Outcome, Status, SystemClock

SIMULATOR = {"UPBIT_BASE_URL": "http://127.0.0.1:18080"}


def make_ctx(
    profile: str, values: dict[str, str], allowed: list[str] | None = None
) -> CheckContext:
    return CheckContext(
        profile=Profile(name=profile, env_file=Path(f".env.{profile}"), values=values),
        settings=Settings(allowed_hosts=allowed or []),
        redactor=Redactor.from_values(values),
        clock=SystemClock(),
        http=None,
    )


class Venue:
    """A check that would send to Upbit: records whether it was started."""

    def __init__(self) -> None:
        self.started = False

    async def run(self, ctx: CheckContext) -> Outcome:
        self.started = True
        return Outcome.passed("sent")

    def check(self) -> Check:
        return Check(
            id="upbit", title_key="x", description_key="x", run=self.run, venues=("upbit",)
        )


def isolation(status: Status) -> Check:
    async def run(ctx: CheckContext) -> Outcome:
        if status is Status.FAIL:
            return Outcome.fail("bad", error_type=ErrorType.PERMISSION_DENIED, reason="env.x")
        return Outcome.passed("fine")

    return Check(id="env_isolation", title_key="x", description_key="x", run=run)


async def results(checks: list[Check], ctx: CheckContext, serial: bool) -> dict[str, CheckResult]:
    return {r.id: r for r in await Runner(checks, ctx, timeout=5.0, serial=serial).run()}


@pytest.mark.parametrize("serial", [False, True])
async def test_behind_env_isolations_fail_it_is_skip_whatever_the_order(serial: bool) -> None:
    venue = Venue()
    checks = [venue.check(), isolation(Status.FAIL)]  # the gated check listed first
    found = await results(checks, make_ctx("live", SIMULATOR), serial)
    assert not venue.started
    assert (found["upbit"].status, found["upbit"].reason) == (
        Status.SKIP,
        "prerequisite.env_isolation",
    )
    assert "UPBIT_BASE_URL" in found["upbit"].message
    assert list(found) == ["upbit", "env_isolation"]  # display order kept


@pytest.mark.parametrize("others", [[], [isolation(Status.PASS)]])
async def test_without_env_isolations_fail_it_fails_with_the_rules_reason(
    others: list[Check],
) -> None:
    venue = Venue()
    found = await results([venue.check(), *others], make_ctx("live", SIMULATOR), False)
    assert not venue.started
    gated = found["upbit"]
    assert (gated.status, gated.error_type, gated.reason) == (
        Status.FAIL,
        ErrorType.PERMISSION_DENIED,
        "env.non_production_host",
    )
    assert gated.details["sent"] == 0


@pytest.mark.parametrize(
    ("profile", "values", "allowed"),
    [
        ("live", SIMULATOR, ["127.0.0.1"]),
        ("paper", SIMULATOR, None),
        ("paper", {"UPBIT_BASE_URL": "https://proxy.corp.example"}, None),  # a WARN
        ("live", {}, None),
    ],
)
async def test_an_open_gate_runs_the_check(
    profile: str, values: dict[str, str], allowed: list[str] | None
) -> None:
    venue = Venue()
    found = await results([venue.check()], make_ctx(profile, values, allowed), False)
    assert venue.started
    assert found["upbit"].status is Status.PASS


async def test_a_check_of_another_venue_is_not_gated() -> None:
    venue = Venue()
    other = Check(
        id="telegram", title_key="x", description_key="x", run=venue.run, venues=("telegram",)
    )
    found = await results([other], make_ctx("live", SIMULATOR), False)
    assert venue.started
    assert found["telegram"].status is Status.PASS
