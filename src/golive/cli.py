"""``golive``'s entry point: ``main(argv) -> int`` with the one error boundary.

Everything below raises; this boundary turns known errors into one line on
stderr and an exit code: 0 ready, 1 not ready, 2 bad usage or configuration,
130 / 143 when SIGINT / SIGTERM came at any moment (``golive.engine.signals``).
``golive --version`` and ``golive checks [--lang L]`` answer before Typer is even imported.

Nothing is imported at module level: the console script imports this module before
golive can catch a signal, so that instant is kept as short as it can be.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not ``typing``'s: importing typing would lengthen that instant
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from golive.engine.signals import Handler, Note

EXIT_READY = 0
EXIT_NOT_READY = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _usage_errors() -> tuple[type[BaseException], ...]:
    from golive.checks import UnknownCheckError
    from golive.commands.common import UsageError
    from golive.config import ConfigError
    from golive.envfiles.profile import ProfileError
    from golive.envfiles.read import EnvFileError
    from golive.report.bundle import EvidenceError

    return (UnknownCheckError, ConfigError, EnvFileError, ProfileError, EvidenceError, UsageError)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _error(message: str) -> None:
    from golive.commands.common import scrub

    sys.stderr.write(f"golive: error: {_one_line(scrub(message))}\n")


def _said(key: str, args: Sequence[str], **fields: str) -> None:
    """One catalogue sentence on stderr as ``golive: ...``."""
    from golive import messages

    sys.stderr.write(f"golive: {messages.text(key, _lang_of(args), **fields)}\n")


def _lang_of(args: Sequence[str]) -> str:
    """The language the operator asked for (``--lang``, ``GOLIVE_LANG``, the locale), else en."""
    from golive.commands.common import fallback_lang

    explicit = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            explicit = args[i + 1]
        elif arg.startswith("--lang="):
            explicit = arg.partition("=")[2]
    return fallback_lang(explicit)


def _usage_text(exc: BaseException, args: Sequence[str]) -> str:
    """A usage error's sentence, in the operator's language when it comes from the catalogue."""
    from golive.messages import MessageError

    return exc.in_lang(_lang_of(args)) if isinstance(exc, MessageError) else str(exc)


def _is_parser_error(exc: BaseException) -> bool:
    """Click's usage errors (Typer may vendor click, so match by shape, not by import)."""
    return hasattr(exc, "format_message") and hasattr(exc, "exit_code")


def _invoke(args: list[str]) -> int:
    from golive.commands import build_command
    from golive.engine import signals

    command = build_command()
    try:
        result = command.main(args=args, prog_name="golive", standalone_mode=False)
    except Exception as exc:
        if type(exc).__name__ == "Abort":  # end of input at a prompt
            _said("cli.aborted", args)
            return EXIT_INTERRUPTED
        if not _is_parser_error(exc):
            raise
        ctx = getattr(exc, "ctx", None)
        where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        _error(f"{exc.format_message()}{where}")  # type: ignore[attr-defined]
        return EXIT_USAGE
    note = signals.noted()
    if result == EXIT_INTERRUPTED and (note is None or note.after_checks):
        # Typer turned a Ctrl-C into Exit(130); a run a signal cut short returns 130 itself
        raise KeyboardInterrupt
    return result if isinstance(result, int) else EXIT_READY


def _never_crash_on_output() -> None:
    """A character the terminal cannot encode is escaped, never a crash without a verdict."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    import os

    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), sys.stdout.fileno())


def _without_typer(args: list[str]) -> int | None:
    """``--version`` and ``checks [--lang L]``: nothing to parse, so no Typer (nor pydantic)."""
    if args and args[0] in ("--version", "-V"):
        from golive import __version__

        sys.stdout.write(f"golive {__version__}\n")
        return EXIT_READY
    from golive.commands.checklist import show, typer_free_lang

    listing, lang = typer_free_lang(args)
    return show(lang) if listing else None


def _run(args: list[str]) -> int:
    try:
        early = _without_typer(args)
        if early is not None:
            return early
        _never_crash_on_output()
        return _invoke(args)
    except BrokenPipeError:  # the reader left (`golive checks | head`): nothing more to say
        _drop_stdout()
        return EXIT_NOT_READY  # as Click itself exits on EPIPE: the output is incomplete


def _failure(exc: Exception, args: Sequence[str]) -> int:
    if isinstance(exc, _usage_errors()):
        _error(_usage_text(exc, args))
        return EXIT_USAGE
    _error(f"internal error: {type(exc).__name__}: {exc}")
    return EXIT_NOT_READY


def _quiet() -> Note | None:
    from golive.engine import signals

    return signals.quiet()


def _flush() -> None:
    """Flush stdout now (not at interpreter exit); a reader that left is not an error here."""
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        _drop_stdout()


def _settle(code: int, note: Note | None, args: Sequence[str]) -> int:
    """The exit code, once no signal can interrupt any more: 130 / 143 if one came."""
    from golive.engine import signals

    _flush()
    if note is None:
        return code
    stopped = signals.EXIT_CODES[note.signum]
    if note.after_checks:
        name = signals.name_of(note.signum)
        _said("cli.signal_after_checks", args, signal=name, code=str(stopped), result=str(code))
    else:
        _said("cli.interrupted" if stopped == EXIT_INTERRUPTED else "cli.terminated", args)
    return stopped


def _stop_note(exc: BaseException) -> Note | None:
    """The signal ``exc`` stands for, if it is SIGINT's or SIGTERM's.

    Only the signal is kept, not the exception: its traceback would keep the frames it
    unwound alive, and with them a context manager's clean-up (a temporary folder) until
    the interpreter exits.
    """
    from golive.engine import signals

    if isinstance(exc, KeyboardInterrupt | signals.Terminated):
        return signals.Note(signals.signal_of(exc), after_checks=False)
    return None


def _exit_code_of(exc: BaseException, args: Sequence[str]) -> int:
    """Any other ``BaseException`` reaching the boundary: ``SystemExit``'s code, else one line."""
    if isinstance(exc, SystemExit) and isinstance(exc.code, int | None):
        return exc.code or EXIT_READY
    _error(f"internal error: {type(exc).__name__}: {exc}")
    return EXIT_NOT_READY


def _restore(previous: Mapping[int, Handler]) -> None:
    from golive.engine import signals

    signals.restore(previous)


def _boundary(args: list[str], *, keep_quiet: bool) -> int:
    """Run; any error is one line, any SIGINT / SIGTERM 130 / 143, whatever the moment."""
    previous: Mapping[int, Handler] = {}
    stop: Note | None = None
    code = EXIT_NOT_READY
    try:
        try:
            from golive.engine import signals

            previous = signals.install()
            if keep_quiet:  # the program: a signal landing in a finalizer is not lost
                signals.keep_in_finalizers()
            code = _run(args)
        except Exception as exc:
            code = _failure(exc, args)
        note = _quiet()  # from here on no signal can raise: the exit code is being settled
    except BaseException as exc:  # SIGINT / SIGTERM (at any moment, imports included); SystemExit
        note = _quiet()
        stop = _stop_note(exc)
        if stop is None:
            code = _exit_code_of(exc, args)
    code = _settle(code, stop or note, args)
    if not keep_quiet:
        _restore(previous)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run golive; the exit code.

    Without ``argv`` golive is the program (the console script, ``python -m golive``): once
    the exit code is settled, SIGINT and SIGTERM stay ignored until the process has exited,
    so a late signal can no longer turn a finished run into a death by signal (``-2`` /
    ``-15`` to a parent reading the status). With ``argv`` (tests, a wrapper calling golive
    in-process) the caller's own handlers come back before it returns.
    """
    if argv is None:
        return _boundary(sys.argv[1:], keep_quiet=True)
    return _boundary(list(argv), keep_quiet=False)


def stopped_at_start() -> int:
    """``python -m golive`` when Ctrl-C came while this very module was being imported."""
    _quiet()
    return _settle(EXIT_NOT_READY, _stop_note(KeyboardInterrupt()), sys.argv[1:])
