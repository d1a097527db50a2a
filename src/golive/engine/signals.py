"""Signals: SIGINT and SIGTERM end golive with 130 / 143 and one line, never a traceback.

A golive process goes through three phases, and SIGINT / SIGTERM mean one thing in each:

1. **Start-up and commands** (from the first line of ``golive.cli``'s boundary): SIGINT
   raises ``KeyboardInterrupt`` and SIGTERM raises :class:`Terminated` (:func:`install`),
   so the boundary cleans up and exits 130 / 143.
2. **The checks** (:class:`Cancelling`): a signal cancels the run; what finished is kept
   and the verdict is INTERRUPTED.
3. **Closing** (:func:`hold`: the checks are over; the evidence is written, the result
   shown): a signal is *noted*, not raised, so the bundle is finished whole and the result
   shown; the exit code is then 130 / 143 all the same. A second signal raises (Ctrl-C
   twice still stops a write that hangs; the bundle writer removes its staging folder).

At the very end the CLI calls :func:`quiet`: both signals are ignored while the exit code
is settled and the process exits, so nothing can turn a finished run into a death by
signal. The handlers go from one Python handler to the next: once golive runs, a signal
never meets its default action.

Importing this module loads ``signal`` alone (the CLI imports it before anything else,
so the instant before SIGTERM has a handler stays short).
"""

from __future__ import annotations

import signal

TYPE_CHECKING = False  # not ``typing``'s: importing typing would lengthen start-up
if TYPE_CHECKING:
    import asyncio
    import socket
    from collections.abc import Callable, Mapping
    from types import FrameType, TracebackType
    from typing import Any, TypeAlias

    Handler: TypeAlias = Callable[[int, FrameType | None], Any] | int | None

HELD = (signal.SIGINT, signal.SIGTERM)
EXIT_CODES: dict[int, int] = {signal.SIGINT: 130, signal.SIGTERM: 143}


class Terminated(BaseException):
    """SIGTERM arrived; like KeyboardInterrupt, not an ``Exception``."""


def stop_for(signum: int) -> BaseException:
    """The exception a signal raises: ``KeyboardInterrupt`` for SIGINT, else ``Terminated``."""
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


def signal_of(stop: BaseException) -> int:
    """The signal an interruption stands for (SIGTERM for :class:`Terminated`)."""
    return signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT


def name_of(signum: int) -> str:
    """``SIGINT``, ``SIGTERM``."""
    return signal.Signals(signum).name


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


class Note:
    """A signal golive noted instead of raising: which one, and whether the checks were over."""

    __slots__ = ("after_checks", "signum")

    def __init__(self, signum: int, *, after_checks: bool) -> None:
        self.signum = signum
        self.after_checks = after_checks


class _Holding:
    """The closing phase's handler: note the first signal, raise on the next one."""

    def __init__(self, note: Note | None) -> None:
        self.note = note

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.note is not None:
            raise stop_for(signum)
        self.note = Note(signum, after_checks=True)


def _set(handlers: Mapping[int, Handler]) -> dict[int, Handler]:
    """Set each handler (main thread only: elsewhere nothing changes); the previous ones."""
    previous: dict[int, Handler] = {}
    try:
        for signum, handler in handlers.items():
            previous[signum] = signal.signal(signum, handler)
    except ValueError:  # not the main thread: the process's handlers are not ours to change
        pass
    return previous


def install() -> dict[int, Handler]:
    """Phase 1: SIGINT raises ``KeyboardInterrupt``, SIGTERM :class:`Terminated`; the
    previous handlers (for :func:`restore`)."""
    return _set({signal.SIGINT: signal.default_int_handler, signal.SIGTERM: _raise_terminated})


def hold(caught: int | None = None) -> None:
    """Phase 3: from now on a signal is noted, not raised (``caught``: one the run caught)."""
    first = Note(caught, after_checks=False) if caught is not None else None
    _set(dict.fromkeys(HELD, _Holding(first)))


def ignore(caught: int | None = None) -> None:
    """Ignore both signals from now on (a server that a signal has already stopped)."""
    _set(dict.fromkeys(HELD, signal.SIG_IGN))


def noted() -> Note | None:
    """The signal held since :func:`hold`, if one came."""
    for signum in HELD:
        handler = signal.getsignal(signum)
        if isinstance(handler, _Holding) and handler.note is not None:
            return handler.note
    return None


def quiet() -> Note | None:
    """Ignore both signals from now on; the signal noted so far (or raised meanwhile), if any.

    A signal raised while the handlers are being replaced is caught and returned: whatever
    the moment, this returns.
    """
    note = noted()
    while True:
        try:
            ignore()
            return note
        except (KeyboardInterrupt, Terminated) as stop:
            note = note or Note(signal_of(stop), after_checks=False)


def keep_in_finalizers() -> None:
    """A signal whose exception lands in a finalizer is delivered again, not printed.

    Python may run a signal handler anywhere, also inside a ``__del__``, a weakref callback
    or an ``atexit`` callback; the ``KeyboardInterrupt`` / :class:`Terminated` it raises there
    is "ignored" (a traceback on stderr) and the signal lost. This hook (for the program, not
    for an in-process caller) sends that signal again from a thread of its own, so that its
    handler runs after the finalizer, where it can stop golive (sent from here, it would run
    inside this hook); every other unraisable error goes to the previous hook.
    """
    import _thread
    import os
    import sys

    previous = sys.unraisablehook

    def again(unraisable: Any) -> None:
        stop = unraisable.exc_value
        if isinstance(stop, KeyboardInterrupt | Terminated):
            _thread.start_new_thread(os.kill, (os.getpid(), signal_of(stop)))
            return
        previous(unraisable)

    sys.unraisablehook = again


def restore(previous: Mapping[int, Handler]) -> None:
    """Put back handlers :func:`install` replaced (an in-process caller's own)."""
    _set({signum: handler for signum, handler in previous.items() if handler is not None})


class Cancelling:
    """Phase 2: a run's signals. A signal is remembered and cancels the run; none raises.

    Entered before ``asyncio.run`` (its loop is built and torn down under these handlers, so
    a signal never leaves it half made); the run's coroutine calls :meth:`attach` with its
    loop and a ``cancel`` (a signal that came earlier cancels it at once) and :meth:`detach`
    when the checks are over: from then on the handlers are ``then``'s (:func:`hold` with the
    signal caught, if one was). The loop is woken through a wakeup socket, so a signal that
    lands on another thread still ends the run at once. Off the main thread it does nothing.
    """

    def __init__(self, *, then: Callable[[int | None], None] = hold) -> None:
        self._then = then
        self.caught: list[int] = []
        self._active = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._cancel: Callable[[], None] | None = None
        self._ends: tuple[socket.socket, socket.socket] | None = None
        self._wakeup = -1

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.caught.append(signum)
        if self._loop is not None and self._cancel is not None:
            self._loop.call_soon_threadsafe(self._cancel)

    def __enter__(self) -> Cancelling:
        import threading

        if threading.current_thread() is threading.main_thread():
            self._active = True
            _set(dict.fromkeys(HELD, self._on_signal))
        return self

    def attach(self, loop: asyncio.AbstractEventLoop, cancel: Callable[[], None]) -> None:
        """The run's loop is running: signals now cancel it (one already caught: at once)."""
        import socket

        if not self._active:
            return
        reader, writer = self._ends = socket.socketpair()
        for end in (reader, writer):
            end.setblocking(False)
        loop.add_reader(reader.fileno(), _drain, reader)
        self._wakeup = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
        self._loop, self._cancel = loop, cancel
        if self.caught:
            loop.call_soon(cancel)

    def detach(self) -> None:
        """The checks are over: hand over to ``then`` (the loop still runs)."""
        if not self._active:
            return
        self._active = False
        self._then(self.caught[0] if self.caught else None)
        if self._ends is not None and self._loop is not None:
            signal.set_wakeup_fd(self._wakeup)
            reader, writer = self._ends
            self._loop.remove_reader(reader.fileno())
            reader.close()
            writer.close()
        self._loop = self._cancel = None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.detach()  # the run never attached (or failed before detaching)


def _drain(reader: socket.socket) -> None:
    try:
        while reader.recv(256):
            pass
    except OSError:  # nothing more to read now
        return
