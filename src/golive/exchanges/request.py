"""One read: send it through a guarded client, retry a short 429 once, classify failures.

The retry carries the ``golive.retry`` request extension: a run's clients back off
from a venue after a 429 or 418 (:mod:`golive.exchanges.backoff`) and let only one
such retry per venue through. A read answered without being sent has ``attempts`` 0.

Everything a check needs from a failed read is on :class:`ReadError`: the
classification from :mod:`golive.errors`, the venue's own code, the parsed body
and the rate-limit usage. A read never raises anything else except
:class:`~golive.guard.ReadOnlyViolation` (a bug: the guard must stay loud).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from golive import errors
from golive import messages as hints
from golive.errors import venue_name
from golive.exchanges import ratelimit
from golive.exchanges.backoff import RETRY_EXTENSION, was_sent
from golive.exchanges.blocks import EarlierBlock
from golive.exchanges.body import BodyTooLarge
from golive.exchanges.located import located
from golive.model import ErrorType

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence
    from datetime import datetime
    from typing import TypeAlias

    from golive.exchanges.endpoint import Endpoint
    from golive.exchanges.ratelimit import RateUsage
    from golive.model import Clock, JSONValue

    Trace: TypeAlias = Callable[[str, dict[str, Any]], Awaitable[None]]

RETRY_AFTER_MAX_S = 2.0
"""A 429 is retried once only when ``Retry-After`` is at most this long."""
RETRY_STATUSES = frozenset({429})
"""418 (an IP ban) is never retried: carrying on after a ban makes it longer."""
WAIT_WITHOUT_RETRY_AFTER: dict[str, float] = {"upbit": 1.0}
"""A 429 without ``Retry-After``: Upbit documents none, and its limits are per second
(UPRATE: ``sec`` is what is left this second), so one second is the documented wait."""
MARGIN = 0.2
"""Share of the check's timeout kept back, so a read times out, and its connections are
closed, before the runner cancels the check (on a loaded machine closing takes a while)."""
MALFORMED = "response.malformed"
UNRECOGNIZED_HINT = "response.unrecognized"


class Deadline:
    """A check's time budget on the monotonic clock."""

    def __init__(self, clock: Clock, budget_s: float) -> None:
        self._clock = clock
        self._end = clock.monotonic() + budget_s

    @classmethod
    def for_timeout(cls, clock: Clock, timeout_s: float) -> Deadline:
        return cls(clock, timeout_s * (1 - MARGIN))

    def remaining(self) -> float:
        return max(self._end - self._clock.monotonic(), 0.0)


@dataclass(frozen=True)
class Reply:
    """A successful read: the parsed JSON and what the headers said about the budget."""

    endpoint: Endpoint
    data: JSONValue
    usage: RateUsage | None
    attempts: int = 1


class ReadError(Exception):
    """A read that gave no usable answer, already classified."""

    def __init__(
        self,
        endpoint: Endpoint,
        classification: errors.Classification,
        *,
        status: int | None = None,
        body: JSONValue = None,
        usage: RateUsage | None = None,
        attempts: int = 1,
        blocked_until: datetime | None = None,
    ) -> None:
        super().__init__(f"{endpoint.venue} {endpoint.shown}: {classification.reason}")
        self.endpoint = endpoint
        self.classification = classification
        self.status = status
        self.body = body
        self.usage = usage
        self.attempts = attempts
        self.blocked_until = blocked_until
        """The end of a block from an earlier run that kept this read from being sent."""

    @property
    def code(self) -> int | None:
        """Binance's numeric ``code`` when the body has one."""
        code = self.body.get("code") if isinstance(self.body, dict) else None
        return code if isinstance(code, int) and not isinstance(code, bool) else None

    @property
    def message(self) -> str:
        """The venue's own error text (Binance ``msg``), for explanations; never shown raw."""
        msg = self.body.get("msg") if isinstance(self.body, dict) else None
        return msg if isinstance(msg, str) else ""


def malformed(endpoint: Endpoint, what: str, *, lang: str) -> ReadError:
    """A 2xx answer golive cannot read (not JSON, or not the documented shape)."""
    text = hints.lookup(UNRECOGNIZED_HINT, lang, venue=venue_name(endpoint.venue, lang))
    found = errors.Classification(
        ErrorType.UNKNOWN, MALFORMED, text.hint, text.next_action, detail=what
    )
    return ReadError(endpoint, found)


async def _send(
    client: httpx.AsyncClient,
    endpoint: Endpoint,
    deadline: Deadline,
    lang: str,
    attempt: int,
    trace: Trace | None = None,
) -> httpx.Response:
    try:
        return await _get(client, endpoint, deadline, attempt, trace)
    except BodyTooLarge as exc:
        raise malformed(endpoint, exc.detail, lang=lang) from exc
    except httpx.HTTPError as exc:
        found = located(errors.classify_exception(exc, lang=lang), client.base_url, lang)
        raise ReadError(endpoint, found, attempts=attempt) from exc


async def _get(
    client: httpx.AsyncClient,
    endpoint: Endpoint,
    deadline: Deadline,
    attempt: int,
    trace: Trace | None = None,
) -> httpx.Response:
    """The GET, bounded as a whole by what is left of the deadline (waits, connect, read)."""
    remaining = deadline.remaining()
    if remaining <= 0:
        raise httpx.ReadTimeout("the check's time budget is used up")
    budget = asyncio.timeout(remaining)
    extensions: dict[str, object] = {} if trace is None else {"trace": trace}
    if attempt > 1:
        extensions[RETRY_EXTENSION] = True
    try:
        async with budget:
            return await client.get(
                endpoint.path,
                params=endpoint.params or None,
                auth=httpx.USE_CLIENT_DEFAULT if endpoint.signed else None,
                timeout=remaining,
                extensions=extensions or None,
            )
    except TimeoutError:
        if not budget.expired():
            raise
        raise httpx.ReadTimeout("no answer within the check's time budget") from None


MAX_INT_DIGITS = 40
"""Longer integers are no venue's numbers (ids, times, balances): the answer is malformed."""


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError("integer too long")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("number out of range")
    return value


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _parsed(response: httpx.Response) -> Any:
    """The JSON body, or None when it is not JSON golive can hold: not JSON at all, nested
    past the parser's recursion limit, integers of 40+ digits, NaN or infinities."""
    try:
        return json.loads(
            response.content,
            parse_int=_bounded_int,
            parse_float=_finite_float,
            parse_constant=_no_constant,
        )
    except (ValueError, RecursionError):
        return None


def _retry_wait(failed: ReadError, deadline: Deadline) -> float | None:
    """How long to wait before the one retry, or ``None``: no retry."""
    wait = failed.classification.retry_after
    if wait is None:
        wait = WAIT_WITHOUT_RETRY_AFTER.get(failed.endpoint.venue)
    if failed.attempts == 0:  # not sent (the run backs off from this venue): no retry either
        return None
    if failed.status not in RETRY_STATUSES or wait is None or wait > RETRY_AFTER_MAX_S:
        return None
    return wait if wait * 2 < deadline.remaining() else None


async def _attempt(
    client: httpx.AsyncClient,
    endpoint: Endpoint,
    deadline: Deadline,
    lang: str,
    attempt: int,
    trace: Trace | None = None,
) -> Reply:
    response = await _send(client, endpoint, deadline, lang, attempt, trace)
    if not was_sent(response):  # the venue refused earlier (this run or, serve, a former one)
        attempt -= 1
    usage = ratelimit.parse(endpoint.venue, response.headers)
    body = _parsed(response)
    if response.is_success:
        if body is None:
            raise malformed(endpoint, f"HTTP {response.status_code}, not JSON", lang=lang)
        return Reply(endpoint, body, usage, attempt)
    found = errors.classify_response(
        endpoint.venue,
        response.status_code,
        response.text if body is None else body,
        response.headers,
        lang=lang,
    )
    found = located(found, client.base_url, lang)
    earlier = None if was_sent(response) else EarlierBlock.of(response)
    if earlier is not None:  # golive serve: a block from an earlier run, not this answer
        found = earlier.explain(found, endpoint.venue, response.status_code, lang)
    raise ReadError(
        endpoint,
        found,
        status=response.status_code,
        body=body,
        usage=usage,
        attempts=attempt,
        blocked_until=None if earlier is None else earlier.ends,
    )


async def read(
    client: httpx.AsyncClient,
    endpoint: Endpoint,
    deadline: Deadline,
    *,
    lang: str,
    trace: Trace | None = None,
) -> Reply:
    """GET ``endpoint``; retry once after a short 429; raise :class:`ReadError` on failure.

    ``trace`` is httpcore's trace hook (the ``trace`` request extension): it hears when
    the request leaves and the answer arrives, as the socket sees them.
    """
    try:
        return await _attempt(client, endpoint, deadline, lang, attempt=1, trace=trace)
    except ReadError as failed:
        wait = _retry_wait(failed, deadline)
        if wait is None:
            raise
    await asyncio.sleep(wait)
    return await _attempt(client, endpoint, deadline, lang, attempt=2, trace=trace)


async def read_together(
    reads: Sequence[tuple[httpx.AsyncClient, Endpoint]], deadline: Deadline, *, lang: str
) -> list[Reply]:
    """Send independent reads at once (a check costs one round trip, not one per read).

    Every read finishes before this returns, so no request outlives its client; the
    first failure in request order is raised, as a sequential loop would have raised it.
    """
    answers = await asyncio.gather(
        *(read(client, endpoint, deadline, lang=lang) for client, endpoint in reads),
        return_exceptions=True,
    )
    replies: list[Reply] = []
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
        replies.append(answer)
    return replies
