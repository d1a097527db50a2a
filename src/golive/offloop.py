"""Run a coroutine on a thread of its own, with its own event loop, and await it from here.

Work that would hold the run's event loop (CPU-heavy parsing, file reads, starting
subprocesses) or that must not be held up by it (clock samples) runs this way. Each
call gets a fresh daemon thread, never the loop's default executor: that executor
resolves host names for every connection, and work parked in it would queue them.
The work bounds itself (deadlines inside the coroutine); cancelling the awaiting
task does not stop the thread, it only stops waiting for it.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine
    from typing import Any

T = TypeVar("T")


async def on_own_thread(make: Callable[[], Coroutine[Any, Any, T]], *, name: str) -> T:
    """``asyncio.run(make())`` on a new thread; its result or its exception, here."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()
    context = contextvars.copy_context()

    def settle(result: T | None, error: BaseException | None) -> None:
        if done.done():  # the awaiting task was cancelled meanwhile
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)  # type: ignore[arg-type]

    def work() -> None:
        try:
            result = context.run(asyncio.run, make())
        except BaseException as exc:  # handed to the awaiting task, raised there
            _call_soon(loop, settle, None, exc)
        else:
            _call_soon(loop, settle, result, None)

    threading.Thread(target=work, name=name, daemon=True).start()
    return await done


def _call_soon(loop: asyncio.AbstractEventLoop, callback: Callable[..., None], *args: Any) -> None:
    """Hand the outcome to the awaiting loop, unless it has closed already."""
    try:
        loop.call_soon_threadsafe(callback, *args)
    except RuntimeError:  # the loop closed: nobody waits any more
        return
