"""The check contract: what a check is, what it receives and what it returns.

A check is a small unit with a stable id. Its ``run`` coroutine receives a
:class:`CheckContext` and returns an :class:`Outcome`. The runner alone times
checks, applies timeouts, catches exceptions and turns outcomes into frozen
:class:`CheckResult` records; check code never formats output.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import httpx

    from golive.config import Settings
    from golive.envfiles.profile import Profile
    from golive.masking import Redactor


_T = TypeVar("_T")


class Status(StrEnum):
    PASS = "PASS"  # noqa: S105 - a status, not a password
    FAIL = "FAIL"
    WARN = "WARN"
    SKIP = "SKIP"


class ErrorType(StrEnum):
    """The seven failure types every FAIL is classified into."""

    INVALID_KEY = "invalid_key"
    IP_RESTRICTION = "ip_restriction"
    CLOCK_SKEW = "clock_skew"
    RATE_LIMIT = "rate_limit"
    PERMISSION_DENIED = "permission_denied"
    NETWORK_ERROR = "network_error"
    UNKNOWN = "unknown"


JSONValue = Any
"""Anything ``json.dumps`` accepts: dicts, lists, str, int, float, bool, None."""


@dataclass(frozen=True)
class Outcome:
    """What a check's ``run`` returns; the runner adds id, title and timing."""

    status: Status
    message: str
    error_type: ErrorType | None = None
    reason: str | None = None
    hint: str | None = None
    next_action: str | None = None
    details: Mapping[str, JSONValue] = field(default_factory=dict)
    critical: bool = False

    @classmethod
    def passed(cls, message: str, **details: JSONValue) -> Outcome:
        return cls(Status.PASS, message, details=details)

    @classmethod
    def warn(
        cls,
        message: str,
        *,
        reason: str | None = None,
        hint: str | None = None,
        next_action: str | None = None,
        error_type: ErrorType | None = None,
        details: Mapping[str, JSONValue] | None = None,
    ) -> Outcome:
        return cls(
            Status.WARN,
            message,
            error_type=error_type,
            reason=reason,
            hint=hint,
            next_action=next_action,
            details=details or {},
        )

    @classmethod
    def fail(
        cls,
        message: str,
        *,
        error_type: ErrorType,
        reason: str | None = None,
        hint: str | None = None,
        next_action: str | None = None,
        details: Mapping[str, JSONValue] | None = None,
        critical: bool = False,
    ) -> Outcome:
        return cls(
            Status.FAIL,
            message,
            error_type=error_type,
            reason=reason,
            hint=hint,
            next_action=next_action,
            details=details or {},
            critical=critical,
        )

    @classmethod
    def skip(cls, message: str, *, reason: str | None = None) -> Outcome:
        return cls(Status.SKIP, message, reason=reason)


@dataclass(frozen=True)
class CheckResult:
    """One finished check, as it appears in every report and in ``result.json``."""

    id: str
    title: str
    status: Status
    message: str
    error_type: ErrorType | None
    reason: str | None
    hint: str | None
    next_action: str | None
    details: Mapping[str, JSONValue]
    duration_ms: int
    critical: bool = False

    @classmethod
    def from_outcome(
        cls, check: Check, outcome: Outcome, duration_ms: int, *, title: str
    ) -> CheckResult:
        """``title``: the check's title in the run's language (``check.title_key``, rendered)."""
        return cls(
            id=check.id,
            title=title,
            status=outcome.status,
            message=outcome.message,
            error_type=outcome.error_type,
            reason=outcome.reason,
            hint=outcome.hint,
            next_action=outcome.next_action,
            details=outcome.details,
            duration_ms=duration_ms,
            critical=outcome.critical,
        )


class Clock(Protocol):
    """Wall time for timestamps and offsets; monotonic time for durations."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class HttpClientFactory(Protocol):
    """One run's HTTP: guarded, signed clients per venue, and reads shared between checks.

    The implementation is :class:`golive.exchanges.http.ClientFactory`.
    """

    def __call__(
        self,
        venue: str,
        *,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
        order_tests: bool = False,
    ) -> httpx.AsyncClient:
        """A guarded client for ``venue``; ``transport`` replaces the wire under the guard.

        ``order_tests`` also lets the venue's test-order endpoint through, when the run
        was started with ``--prove-order-permission`` (otherwise the guard still blocks it).
        """
        ...

    async def shared(self, key: str, fetch: Callable[[], Awaitable[_T]]) -> _T:
        """``fetch()``'s result, fetched once per run for ``key`` whoever asks first."""
        ...


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may use. Checks read the environment only through this."""

    profile: Profile
    settings: Settings
    redactor: Redactor
    clock: Clock
    http: HttpClientFactory | None
    lang: str = "en"
    cwd: Path = field(default_factory=Path.cwd)
    timeout: float = 10.0
    plan_flags: Mapping[str, str] = field(default_factory=dict)
    """Trading-plan settings given on the command line (``golive.plan``): name -> raw text."""
    prove_order_permission: bool = False
    """``--prove-order-permission``: the venues' test-order endpoints may be sent."""


RunFunction = Callable[[CheckContext], Awaitable[Outcome]]


@dataclass(frozen=True)
class Check:
    """A registered check: a stable id, a title, prerequisites and a run coroutine."""

    id: str
    title_key: str
    """Catalogue key of its title (``check.<id>.title``): shown in the run's language."""
    description_key: str
    """Catalogue key of what it proves (``check.<id>.description``), for ``golive checks``."""
    run: RunFunction
    requires: tuple[str, ...] = ()
    local: bool = False
    """Reads only this machine (files, git): runs on a thread of its own, off the run's
    event loop, and running out of time there is not a network timeout."""
    own_loop: bool = False
    """Runs on a thread of its own with its own event loop (as a local check does), so
    the round trips it reports are not stretched by other checks' work on the run's loop."""
    imports: tuple[str, ...] = ()
    """Modules the check needs, imported before the timed phase of a run."""
    venues: tuple[str, ...] = ()
    """The venues the check sends requests to (``binance``, ``binance_futures``, ``upbit``,
    ``telegram``): when the credential policy closes one's gate (``golive.envfiles.base_urls``), the
    runner does not start the check and nothing is sent."""
