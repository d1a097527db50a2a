"""What checks need is imported before the timed phase of a run (``Check.imports``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from golive.config import Settings
from golive.engine.preflight import PreflightSetup, prepare, run_preflight
from golive.envfiles.profile import Profile
from golive.masking import Redactor
from golive.model import Check, CheckContext, Outcome, Status

MODULE = "colorsys"  # a stdlib module nothing in golive imports


@pytest.fixture
def unimported() -> None:
    sys.modules.pop(MODULE, None)


async def seen_before_running(ctx: CheckContext) -> Outcome:
    if MODULE in sys.modules:
        return Outcome.passed("imported before the check ran")
    return Outcome.fail("imported late", reason="late")


CHECK = Check("needs", "Needs", "needs a module", seen_before_running, imports=(MODULE,))


def test_prepare_imports_what_checks_declare(unimported: None) -> None:
    prepare([CHECK])
    assert MODULE in sys.modules


async def test_a_run_imports_before_its_checks_start(unimported: None) -> None:
    setup = PreflightSetup(
        profile=Profile(name="live", env_file=Path(".env.live"), values={}),
        settings=Settings(),
        redactor=Redactor.from_values({}),
        checks=(CHECK,),
    )
    run = await run_preflight(setup)
    assert [r.status for r in run.results] == [Status.PASS]
