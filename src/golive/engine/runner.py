"""The runner: the only concurrent code in golive.

It runs independent checks concurrently, applies the per-check timeout, skips a
check whose prerequisite failed, turns an unexpected exception inside a check
into a FAIL, and masks every result at one boundary before anyone sees it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from golive import messages
from golive.engine.gate import ISOLATION, gated, gated_outcome, gates_of
from golive.model import Check, CheckContext, CheckResult, ErrorType, Outcome, Status
from golive.offloop import on_own_thread
from golive.safetext import printable, printable_obj

if TYPE_CHECKING:
    from golive.envfiles.base_urls import Gate
    from golive.masking import Redactor

T = TypeVar("T")
ResultCallback = Callable[[CheckResult], None]
StartCallback = Callable[[Check], None]

_BLOCKING = frozenset({Status.FAIL, Status.SKIP})


def _crash_outcome(exc: BaseException, ctx: CheckContext) -> Outcome:
    kind = type(exc).__name__
    text = ctx.redactor.redact(str(exc))[:300]
    said = (
        messages.text("engine.crashed", ctx.lang, kind=kind, text=text)
        if text
        else messages.text("engine.crashed_bare", ctx.lang, kind=kind)
    )
    why = messages.lookup("engine.crash", ctx.lang)
    return Outcome.fail(
        said,
        error_type=ErrorType.UNKNOWN,
        reason=f"exception.{kind}",
        hint=why.hint,
        next_action=why.next_action,
    )


def _timeout_outcome(timeout: float, lang: str) -> Outcome:
    why = messages.lookup("engine.timeout", lang)
    return Outcome.fail(
        messages.text("engine.timed_out", lang, timeout=f"{timeout:g}"),
        error_type=ErrorType.NETWORK_ERROR,
        reason="timeout",
        hint=why.hint,
        next_action=why.next_action,
    )


def _redact_outcome(outcome: Outcome, redactor: Redactor) -> Outcome:
    """Masked, then made printable: no secret, no terminal escape, no lone surrogate."""

    def text(value: str | None, *, newlines: bool = False) -> str | None:
        return None if value is None else printable(redactor.redact(value), newlines=newlines)

    return replace(
        outcome,
        message=printable(redactor.redact(outcome.message)),
        reason=text(outcome.reason),
        hint=text(outcome.hint, newlines=True),
        next_action=text(outcome.next_action, newlines=True),
        details=printable_obj(redactor.redact_obj(dict(outcome.details))),
    )


def _local_timeout_outcome(timeout: float, lang: str) -> Outcome:
    text = messages.lookup("timeout.local", lang)
    return Outcome.fail(
        messages.text("check.local_timeout", lang, timeout=f"{timeout:g}"),
        error_type=ErrorType.UNKNOWN,
        reason="timeout.local",
        hint=text.hint,
        next_action=text.next_action,
    )


async def _outcome(check: Check, ctx: CheckContext, timeout: float) -> Outcome:
    """The check's outcome within ``timeout``; a local or ``own_loop`` check on its own thread.

    There it has its own event loop, so its file reads, parsing and subprocess starts
    never hold up the run's loop (where round trips and clocks are timed); its own
    ``wait_for`` cancels it at the timeout, and the outer one stops waiting then too.
    """
    if not (check.local or check.own_loop):
        return await asyncio.wait_for(check.run(ctx), timeout)
    local = on_own_thread(
        lambda: asyncio.wait_for(check.run(ctx), timeout), name=f"golive-check-{check.id}"
    )
    return await asyncio.wait_for(local, timeout)


async def run_one(check: Check, ctx: CheckContext, timeout: float) -> CheckResult:
    """Run one check with its timeout; never raises except on cancellation."""
    started = ctx.clock.monotonic()
    try:
        outcome = await _outcome(check, ctx, timeout)
    except TimeoutError:
        local = check.local
        outcome = (
            _local_timeout_outcome(timeout, ctx.lang)
            if local
            else _timeout_outcome(timeout, ctx.lang)
        )
    except Exception as exc:
        outcome = _crash_outcome(exc, ctx)
    if not isinstance(outcome, Outcome):
        outcome = _crash_outcome(TypeError(f"run() returned {type(outcome).__name__}"), ctx)
    elapsed_ms = int((ctx.clock.monotonic() - started) * 1000)
    title = messages.text(check.title_key, ctx.lang)
    return CheckResult.from_outcome(
        check, _redact_outcome(outcome, ctx.redactor), elapsed_ms, title=title
    )


def _skip_result(check: Check, blocker: CheckResult, lang: str) -> CheckResult:
    said = messages.text("engine.skipped", lang, check=blocker.id, status=blocker.status.value)
    outcome = Outcome.skip(said, reason=f"prerequisite.{blocker.id}")
    return CheckResult.from_outcome(check, outcome, 0, title=messages.text(check.title_key, lang))


def _order_by_prerequisites(
    checks: Sequence[Check], after: Callable[[Check], tuple[str, ...]] = lambda c: ()
) -> list[Check]:
    """Topological order (stable: registry order among independent checks); ``after``
    names checks one must follow without being their dependent (a gated check waits for
    env_isolation's result to say why it did not run)."""
    ids = {c.id for c in checks}
    done: set[str] = set()
    ordered: list[Check] = []
    pending = list(checks)
    while pending:
        ready = next(
            (
                c
                for c in pending
                if all(r in done or r not in ids for r in (*c.requires, *after(c)))
            ),
            None,
        )
        if ready is None:
            cycle = ", ".join(c.id for c in pending)
            raise ValueError(f"prerequisite cycle among checks: {cycle}")
        ordered.append(ready)
        done.add(ready.id)
        pending.remove(ready)
    return ordered


class Runner:
    """Runs a set of checks against one context."""

    def __init__(
        self,
        checks: Sequence[Check],
        ctx: CheckContext,
        *,
        timeout: float,
        serial: bool = False,
        on_start: StartCallback | None = None,
        on_result: ResultCallback | None = None,
    ) -> None:
        self._gates = gates_of(ctx)
        """The credential gate: venues nothing may be sent to (``engine/gate.py``)."""
        self._checks = _order_by_prerequisites(
            checks, lambda c: (ISOLATION,) if gated(c, self._gates) else ()
        )
        self._display_order = [c.id for c in checks]
        self._ctx = ctx
        self._timeout = timeout
        self._serial = serial
        self._on_start = on_start
        self._on_result = on_result
        self._results: dict[str, CheckResult] = {}
        self._finished: dict[str, asyncio.Event] = {}

    @property
    def results(self) -> list[CheckResult]:
        """Results so far, in display order."""
        return [self._results[i] for i in self._display_order if i in self._results]

    async def run(self) -> list[CheckResult]:
        self._finished = {c.id: asyncio.Event() for c in self._checks}
        if self._serial:
            for check in self._checks:
                await self._run_when_ready(check)
        else:
            async with asyncio.TaskGroup() as group:
                for check in self._checks:
                    group.create_task(self._run_when_ready(check), name=f"check:{check.id}")
        return self.results

    async def _run_when_ready(self, check: Check) -> None:
        closed = gated(check, self._gates)
        if closed:
            result = await self._gated_result(check, closed)
        else:
            result = await self._result_when_ready(check)
        self._results[check.id] = result
        self._finished[check.id].set()
        _notify(self._on_result, result)

    async def _gated_result(self, check: Check, closed: list[Gate]) -> CheckResult:
        """Never started: SKIP behind env_isolation's FAIL, else FAIL in its place."""
        isolation = None
        if ISOLATION in self._finished:
            await self._finished[ISOLATION].wait()
            isolation = self._results[ISOLATION]
        outcome = gated_outcome(closed, isolation, self._ctx.lang)
        title = messages.text(check.title_key, self._ctx.lang)
        return CheckResult.from_outcome(
            check, _redact_outcome(outcome, self._ctx.redactor), 0, title=title
        )

    async def _result_when_ready(self, check: Check) -> CheckResult:
        blocker = None
        for required in check.requires:
            if required not in self._finished:
                continue  # not selected for this run: does not block
            await self._finished[required].wait()
            if self._results[required].status in _BLOCKING:
                blocker = self._results[required]
                break
        if blocker is not None:
            return _skip_result(check, blocker, self._ctx.lang)
        _notify(self._on_start, check)
        return await run_one(check, self._ctx, self._timeout)


def _notify(callback: Callable[[T], None] | None, item: T) -> None:
    """Tell a display about progress; a broken display never stops the checks."""
    if callback is None:
        return
    with contextlib.suppress(Exception):
        callback(item)
