"""Test-only: a child process sends itself a signal at a chosen moment. Never shipped.

Python imports ``sitecustomize`` at start-up from ``PYTHONPATH``; a test that puts this
folder there (``tests.hardening.test_signals_anywhere``) steers the child through the
environment, so no hook lives in golive's own code:

``GOLIVE_TEST_SIGNAL``
    ``SIGINT`` or ``SIGTERM``.
``GOLIVE_TEST_SIGNAL_AT``
    one or more moments separated by ``;``, each firing once:

    - ``import:<module>``: as the import of ``<module>`` starts;
    - ``finalizer:<module>``: the same moment, but the signal is sent from a weakref
      callback (as from a finalizer during garbage collection), so its handler runs there;
    - ``audit:<event>:<text>``: at the first audit event ``<event>`` (``open``,
      ``os.rename``, ...) whose arguments mention ``<text>``;
    - ``call:<module>:<function>``: as ``<function>`` of ``<module>`` is called;
    - ``exit``: while the interpreter exits (the last ``atexit`` callback).
``GOLIVE_TEST_SIGNAL_READY``
    a path created as ``golive.commands`` starts being imported: by then golive handles
    both signals, and a parent may start counting its delays.
"""

import _weakref
import os
import signal
import sys
from _thread import allocate_lock
from types import FrameType

_LOCK = allocate_lock()  # the audit hook runs on any thread


def _send() -> None:
    os.kill(os.getpid(), getattr(signal, os.environ.get("GOLIVE_TEST_SIGNAL", "SIGINT")))


class _Moment:
    """One moment; fires the first time it is reached."""

    def __init__(self, spec: str) -> None:
        self.kind, _, rest = spec.partition(":")
        self.first, _, self.second = rest.partition(":")
        self.done = False

    def reached(self) -> bool:
        with _LOCK:
            if self.done:
                return False
            self.done = True
            return True


def _in_finalizer() -> None:
    class Token:
        pass

    token = Token()
    ref = _weakref.ref(token, lambda _: _send())  # noqa: F841 (kept alive until token goes)
    del token  # the callback runs now, as a finalizer would


def _install_imports(moments: list[_Moment], ready: str | None) -> None:
    class Finder:
        def find_spec(self, name: str, path: object = None, target: object = None) -> None:
            if ready and name == "golive.commands" and not os.path.exists(ready):
                with open(ready, "w", encoding="utf-8"):
                    pass
            for moment in moments:
                if moment.first == name and moment.reached():
                    _in_finalizer() if moment.kind == "finalizer" else _send()

    sys.meta_path.insert(0, Finder())


def _install_audit(moments: list[_Moment]) -> None:
    def hook(event: str, args: tuple) -> None:  # type: ignore[type-arg]
        for moment in moments:
            if moment.first == event and moment.second in repr(args) and moment.reached():
                _send()

    sys.addaudithook(hook)


def _install_calls(moments: list[_Moment]) -> None:
    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event != "call":
            return
        for moment in moments:
            if (
                frame.f_code.co_name == moment.second
                and frame.f_globals.get("__name__") == moment.first
                and moment.reached()
            ):
                _send()

    sys.setprofile(profile)


def _install(specs: str, ready: str | None) -> None:
    moments = [_Moment(spec) for spec in specs.split(";") if spec]
    by_kind = {kind: [m for m in moments if m.kind == kind] for kind in ("import", "audit", "call")}
    imports = [m for m in moments if m.kind in ("import", "finalizer")]
    if imports or ready:
        _install_imports(imports, ready)
    if by_kind["audit"]:
        _install_audit(by_kind["audit"])
    if by_kind["call"]:
        _install_calls(by_kind["call"])
    if any(m.kind == "exit" for m in moments):
        import atexit

        atexit.register(_send)  # registered first, so it runs last


if os.environ.get("GOLIVE_TEST_SIGNAL_AT") or os.environ.get("GOLIVE_TEST_SIGNAL_READY"):
    _install(
        os.environ.get("GOLIVE_TEST_SIGNAL_AT", ""), os.environ.get("GOLIVE_TEST_SIGNAL_READY")
    )
