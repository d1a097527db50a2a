"""Read an env file into entries, with python-dotenv doing the parsing.

The file is decoded as strict UTF-8 (a leading BOM is stripped and noted),
line ends are normalised the way Python's text mode does it, and the text is
handed to :func:`dotenv.parser.parse_stream`. Values mean what
``dotenv_values(path, interpolate=False)`` makes of them: ``${...}`` stays
literal, the last occurrence of a key wins. ``os.environ`` is never read nor
written.

Anything that makes the file unusable is an :class:`EnvFileError` whose
message is one line naming the file and the problem. A line python-dotenv
cannot parse is kept as a :class:`MalformedLine` holding a short description,
never the line's text (it may hold a secret).
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dotenv.parser import Binding, parse_stream

from golive.messages import Message, MessageError, message

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

MEGABYTE = 1_000_000

_OTHER_ENCODINGS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_LEADING_SPACE = re.compile(r"\s*")
_SHOWN_NAME = re.compile(r"[A-Z][A-Z0-9_]{0,63}", re.ASCII)
_ASSIGNMENT = re.compile(r"(?:export\s+)?([^=#\s]+)[^\S\n]*=[^\S\n]*(['\"]?)")


class EnvFileError(MessageError):
    """An env file that cannot be read; the message is one line naming the file."""


@dataclass(frozen=True)
class EnvEntry:
    """One ``KEY=value`` binding; ``value`` is None for a bare ``KEY`` without ``=``."""

    key: str
    value: str | None
    line: int


@dataclass(frozen=True)
class MalformedLine:
    """A line python-dotenv skips; ``text`` describes it (English) without quoting it."""

    line: int
    text: str
    said: Message | None = field(default=None, compare=False, repr=False)
    """The same description as a catalogue message, for any language."""


@dataclass(frozen=True)
class EnvFile:
    path: Path
    entries: tuple[EnvEntry, ...]
    malformed: tuple[MalformedLine, ...]
    had_bom: bool
    crlf: bool

    @property
    def values(self) -> Mapping[str, str]:
        """Key to value, last occurrence winning (as python-dotenv); None becomes ``""``."""
        return {entry.key: entry.value or "" for entry in self.entries}


def show_path(path: Path) -> str:
    """The path as one printable line (control characters escaped)."""
    text = str(path)
    if text.isprintable():
        return text
    return text.encode("unicode_escape", "backslashreplace").decode("ascii")


def read_env_file(path: Path, *, max_bytes: int = MEGABYTE, regular_only: bool = False) -> EnvFile:
    """Read and parse ``path``; raise :class:`EnvFileError` when it is not a usable env file.

    ``regular_only``: refuse anything but a regular file without waiting on it (a FIFO
    beside the env file would block ``open`` for ever): the file is opened with
    ``O_NONBLOCK`` and checked with ``fstat`` before a byte is read. The profile's own
    env file may be a FIFO (``--env-file <(...)``); a sibling or an example may not.
    """
    data = _read_regular(path, max_bytes) if regular_only else _read_bytes(path, max_bytes)
    had_bom = data.startswith(codecs.BOM_UTF8)
    text = _decode(path, data)
    crlf = "\r\n" in text
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    entries, malformed = parse_text(normalised)
    return EnvFile(path, entries, malformed, had_bom=had_bom, crlf=crlf)


def parse_text(text: str) -> tuple[tuple[EnvEntry, ...], tuple[MalformedLine, ...]]:
    """Parse already-decoded text (``\\n`` line ends) into entries and malformed lines."""
    entries: list[EnvEntry] = []
    malformed: list[MalformedLine] = []
    for binding in parse_stream(io.StringIO(text)):
        line = _first_line(binding)
        if binding.error:
            said = malformed_message(binding.original.string, line)
            malformed.append(MalformedLine(line, said.render("en"), said))
        elif binding.key is not None:
            entries.append(EnvEntry(binding.key, binding.value, line))
    return tuple(entries), tuple(malformed)


def _first_line(binding: Binding) -> int:
    """python-dotenv numbers a binding from the blank lines before it; skip those."""
    original = binding.original
    leading = _LEADING_SPACE.match(original.string)
    skipped = leading.group(0).count("\n") if leading else 0
    return original.line + skipped


def describe_malformed(text: str, line: int = 1) -> str:
    """Say why a statement does not parse, naming at most an UPPER_SNAKE variable, never a value."""
    return malformed_message(text, line).render("en")


def malformed_message(text: str, line: int = 1) -> Message:
    """:func:`describe_malformed` as a catalogue message (any language)."""
    stripped = text.strip()
    last = line + stripped.count("\n")
    reason = _malformed_reason(stripped, spans_lines=last > line)
    if last > line:
        return message("read.spans", reason=reason, line=str(line), last=str(last))
    return reason


def _malformed_reason(stripped: str, *, spans_lines: bool) -> Message:
    if stripped.startswith("="):
        return message("read.no_name")
    if stripped.startswith(("'", "export '")):
        return message("read.quoted_name")
    match = _ASSIGNMENT.match(stripped)
    if match is None:
        return message("read.no_equals")
    name, quote = match.group(1), match.group(2)
    shown = _SHOWN_NAME.fullmatch(name)
    subject = message("read.value_of", name=name) if shown else message("read.a_value")
    if not quote:
        return message("read.unexpected", subject=subject)
    return _quote_reason(stripped[match.end() :], quote, subject, spans_lines=spans_lines)


QUOTE_REASONS = {
    ('"', "open"): "read.open_double",
    ("'", "open"): "read.open_single",
    ('"', "unterminated"): "read.unterminated_double",
    ("'", "unterminated"): "read.unterminated_single",
    ('"', "after"): "read.after_double",
    ("'", "after"): "read.after_single",
}
"""(quote, what went wrong) -> catalogue key."""


def _quote_reason(rest: str, quote: str, subject: Message, *, spans_lines: bool) -> Message:
    if spans_lines:
        what = "open"
    elif re.match(rf"(?:\\.|[^{quote}\\])*{quote}", rest) is None:
        what = "unterminated"
    else:
        what = "after"
    return message(QUOTE_REASONS[quote, what], subject=subject)


_PIPED: dict[str, bytes] = {}
"""What each pipe or FIFO env file held, by path: a pipe can be read only once, and one
command reads its env file more than once (the profile from ``ARBITRAGE_ENV``, then the values)."""


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    shown = show_path(path)
    mode = _stat_mode(path, shown)
    if stat.S_ISDIR(mode):
        raise EnvFileError(message("config.env.directory", path=shown))
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        raise EnvFileError(message("config.env.not_regular", path=shown))
    if stat.S_ISFIFO(mode):
        key = os.path.abspath(path)
        if key not in _PIPED:
            _PIPED[key] = _read_pipe(path, shown, max_bytes)
        data = _PIPED[key]
    else:
        data = _read_file(path, shown, max_bytes)
    if len(data) > max_bytes:
        raise EnvFileError(_too_big(path, shown, max_bytes))
    return data


PIPE_WAIT_S = 10
"""How long a pipe or FIFO env file may stay silent (no writer, or no byte) before golive
gives up on it: ``open`` and ``read`` of a FIFO nobody writes to would wait for ever."""


def _read_pipe(path: Path, shown: str, max_bytes: int) -> bytes:
    """A pipe's bytes up to EOF (``--env-file <(sops -d .env.live)``); opened without
    waiting, and given up with a one-line error when nothing comes within PIPE_WAIT_S."""
    import fcntl
    import select

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
        with os.fdopen(fd, "rb") as fh:
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            if not poller.poll(PIPE_WAIT_S * 1000):  # no writer yet, or one that writes nothing
                raise EnvFileError(
                    message("config.env.pipe_silent", path=shown, seconds=str(PIPE_WAIT_S))
                )
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
            return fh.read(max_bytes + 1)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise EnvFileError(message("config.cannot_read", path=shown, why=why)) from exc


def _read_file(path: Path, shown: str, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise EnvFileError(message("config.cannot_read", path=shown, why=why)) from exc


def _read_regular(path: Path, max_bytes: int) -> bytes:
    shown = show_path(path)
    mode = _stat_mode(path, shown)
    if stat.S_ISDIR(mode):
        raise EnvFileError(message("config.env.directory", path=shown))
    if not stat.S_ISREG(mode):
        raise EnvFileError(message("config.env.special_not_opened", path=shown))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise EnvFileError(message("config.cannot_read", path=shown, why=why)) from exc
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a FIFO after the stat
            raise EnvFileError(message("config.env.special", path=shown))
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise EnvFileError(_too_big(path, shown, max_bytes))
    return data


def _stat_mode(path: Path, shown: str) -> int:
    try:
        return path.stat().st_mode
    except FileNotFoundError as exc:
        raise EnvFileError(message("config.env.no_such_file", path=shown)) from exc
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise EnvFileError(message("config.cannot_read", path=shown, why=why)) from exc
    except ValueError as exc:
        raise EnvFileError(message("config.env.bad_path", path=shown, why=str(exc))) from exc


def _too_big(path: Path, shown: str, max_bytes: int) -> Message:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    limit = _human(max_bytes)
    big: str | Message = (
        _human(size, precise=True)
        if size > max_bytes
        else message("config.env.more_than", limit=limit)
    )
    return message("config.env.too_big", path=shown, size=big, limit=limit)


def _human(size: int, *, precise: bool = False) -> str:
    if size < MEGABYTE // 10:
        return f"{size} bytes"
    return f"{size / MEGABYTE:.1f} MB" if precise else f"{size / MEGABYTE:g} MB"


def _decode(path: Path, data: bytes) -> str:
    shown = show_path(path)
    for bom, encoding in _OTHER_ENCODINGS:
        if data.startswith(bom):
            raise EnvFileError(message("config.env.encoding", path=shown, encoding=encoding))
    if b"\x00" in data:
        raise EnvFileError(message("config.env.nul", path=shown))
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = data[:offset].count(b"\n") + 1
        bad = data[offset : offset + 1].hex()
        said = message(
            "config.env.not_utf8", path=shown, byte=bad, offset=str(offset), line=str(line)
        )
        raise EnvFileError(said) from exc
