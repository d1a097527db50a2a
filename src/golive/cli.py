"""``golive``'s entry point: ``main(argv) -> int`` with the one error boundary.

Everything below raises; this boundary turns known errors into one line on
stderr and an exit code: 0 ready, 1 not ready, 2 bad usage or configuration.
``golive --version`` and ``golive checks [--lang L]`` answer before Typer is even imported.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from golive.engine import signals  # light: signal and contextlib only

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

    command = build_command()
    try:
        result = command.main(args=args, prog_name="golive", standalone_mode=False)
    except Exception as exc:
        if type(exc).__name__ == "Abort":
            sys.stderr.write("golive: aborted\n")
            return 130
        if not _is_parser_error(exc):
            raise
        ctx = getattr(exc, "ctx", None)
        where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        _error(f"{exc.format_message()}{where}")  # type: ignore[attr-defined]
        return EXIT_USAGE
    if result == EXIT_INTERRUPTED:  # Typer turns a Ctrl-C inside a command into Exit(130)
        sys.stderr.write("golive: interrupted\n")
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
        signals.install()
        return _invoke(args)
    except BrokenPipeError:  # the reader left (`golive checks | head`): nothing more to say
        _drop_stdout()
        return EXIT_NOT_READY  # as Click itself exits on EPIPE: the output is incomplete


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        sys.stderr.write("golive: interrupted\n")
        return 130
    except signals.Terminated:
        sys.stderr.write("golive: terminated\n")
        return 143
    except Exception as exc:
        if isinstance(exc, _usage_errors()):
            _error(_usage_text(exc, args))
            return EXIT_USAGE
        _error(f"internal error: {type(exc).__name__}: {exc}")
        return EXIT_NOT_READY
