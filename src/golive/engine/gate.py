"""The credential gate in the runner: a check that needs a gated venue is never started.

:func:`golive.envfiles.base_urls.closed_gates` judges the profile's base URLs with the same policy
``env_isolation`` reports (one source of truth), before any check runs, whatever the
order or the selection of checks. A check whose :attr:`~golive.model.Check.venues`
include a gated venue sends nothing: it is SKIP ``prerequisite.env_isolation`` when
``env_isolation`` ran and FAILed (that FAIL makes the verdict NOT READY), and FAIL with
the policy's own reason otherwise (``env_isolation`` not selected, or it did not FAIL),
so no selection of checks ends READY or PARTIAL with a gated venue among them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from golive import messages
from golive.envfiles.base_urls import Gate, closed_gates
from golive.errors import venue_name
from golive.model import Outcome, Status

if TYPE_CHECKING:
    from collections.abc import Sequence

    from golive.model import Check, CheckContext, CheckResult, JSONValue

ISOLATION = "env_isolation"
"""The check that reports what the gate enforces."""


def gates_of(ctx: CheckContext) -> dict[str, Gate]:
    """venue -> its closed gate, for the run's profile and settings."""
    allowed = frozenset(ctx.settings.allowed_hosts)
    return closed_gates(ctx.profile.values, ctx.profile.name, allowed)


def gated(check: Check, gates: dict[str, Gate]) -> list[Gate]:
    """The closed gates among the venues ``check`` sends to."""
    return [gates[venue] for venue in check.venues if venue in gates]


def _named(gates: Sequence[Gate], lang: str) -> str:
    return ", ".join(f"{venue_name(g.venue, lang)} ({g.variable})" for g in gates)


def _details(gates: Sequence[Gate]) -> dict[str, JSONValue]:
    shown: list[JSONValue] = [
        {"venue": g.venue, "variable": g.variable, "host": g.host, "reasons": list(g.reasons)}
        for g in gates
    ]
    return {"gated": shown, "sent": 0}


def gated_outcome(gates: Sequence[Gate], isolation: CheckResult | None, lang: str) -> Outcome:
    """SKIP behind env_isolation's FAIL, or FAIL in its place when it did not FAIL here."""
    named = _named(gates, lang)
    if isolation is not None and isolation.status is Status.FAIL:
        said = messages.text("engine.gated_skip", lang, gated=named)
        skipped = Outcome.skip(said, reason=f"prerequisite.{ISOLATION}")
        return replace(skipped, details=_details(gates))
    reasons = list(dict.fromkeys(reason for g in gates for reason in g.reasons))
    variables = ", ".join(g.variable for g in gates)
    why = messages.lookup(reasons[0], lang, names=variables)
    return Outcome.fail(
        messages.text("engine.gated_fail", lang, gated=named, reasons=", ".join(reasons)),
        error_type=gates[0].error_type,
        reason=reasons[0],
        hint=why.hint,
        next_action=why.next_action,
        details=_details(gates),
    )
