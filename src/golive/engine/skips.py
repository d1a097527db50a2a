"""Which SKIPs stop a run from being READY.

READY means every check ran. A check that SKIPs proved nothing, so in the ``live``
profile, and under ``--strict`` in any profile, a SKIP blocks READY: a live bot
without its alert channel, database or Redis checked is not ready. Some SKIPs are
not applicable by design and never block (:data:`NOT_APPLICABLE`): an opt-in check
whose flag was not given, the Binance spot test network's missing ``/sapi``, the plan
of ``local_dev`` (which needs none), and the services ``golive demo`` could not reach.
A check skipped because its prerequisite was skipped by design is by design too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from golive.defaults import PROFILES
from golive.model import Status

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from golive.model import CheckResult

ANY_PROFILE = frozenset(PROFILES)
NOT_APPLICABLE: Mapping[str, frozenset[str]] = {
    "order_permission.not_requested": ANY_PROFILE,  # opt-in: --prove-order-permission not given
    "binance.no_sapi": frozenset({"paper", "local_dev"}),  # spot test network: /api only
    "plan.missing": frozenset({"local_dev"}),  # local_dev trades nothing: no plan needed
    "demo.service_unreachable": ANY_PROFILE,  # golive demo only: it skips what is not there
}
"""SKIP reason -> the profiles where that SKIP is by design (never blocks READY)."""
PREREQUISITE = "prerequisite."


def not_applicable(result: CheckResult, by_id: Mapping[str, CheckResult], profile: str) -> bool:
    """A SKIP by design in ``profile`` (its own reason, or its prerequisite's)."""
    reason = result.reason or ""
    if reason.startswith(PREREQUISITE):
        blocker = by_id.get(reason.removeprefix(PREREQUISITE))
        return (
            blocker is not None
            and blocker.status is Status.SKIP
            and not_applicable(blocker, by_id, profile)
        )
    return profile in NOT_APPLICABLE.get(reason, frozenset())


def blocking_skips(
    results: Sequence[CheckResult], profile: str, *, strict: bool
) -> tuple[CheckResult, ...]:
    """The SKIPs that keep a run from READY: in ``live`` or with ``--strict``, every SKIP
    that is not by design; none otherwise."""
    if profile != "live" and not strict:
        return ()
    by_id = {r.id: r for r in results}
    return tuple(
        r
        for r in results
        if r.status is Status.SKIP and r.reason != "interrupted"
        and not not_applicable(r, by_id, profile)
    )  # fmt: skip


def by_design(results: Sequence[CheckResult], profile: str) -> frozenset[str]:
    """The ids of the SKIPs that are by design in ``profile``."""
    by_id = {r.id: r for r in results}
    return frozenset(
        r.id for r in results if r.status is Status.SKIP and not_applicable(r, by_id, profile)
    )
