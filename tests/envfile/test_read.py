"""read_env_file: python-dotenv semantics, line numbers, and one-line errors for bad input."""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from dotenv import dotenv_values

from golive.envfiles.read import EnvEntry, EnvFileError, MalformedLine, read_env_file

SECRET = "Zx9Qw8Er7Ty6Ui5Op4"


def write(tmp_path: Path, data: bytes | str, name: str = ".env.live") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def dotenv_reference(path: Path) -> dict[str, str]:
    return {k: v or "" for k, v in dotenv_values(path, interpolate=False).items()}


def error_for(path: Path, **kw: int) -> str:
    with pytest.raises(EnvFileError) as info:
        read_env_file(path, **kw)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    return message


# --- parsing ---------------------------------------------------------------------------


def test_entries_values_and_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "# comment\n\nA=1\n\n\n  B = two  # note\nexport C='x y'\nD\n")
    env = read_env_file(path)
    assert env.entries == (
        EnvEntry("A", "1", 3),
        EnvEntry("B", "two", 6),
        EnvEntry("C", "x y", 7),
        EnvEntry("D", None, 8),
    )
    assert env.values == {"A": "1", "B": "two", "C": "x y", "D": ""}
    assert env.malformed == ()
    assert not env.had_bom
    assert not env.crlf


def test_last_occurrence_wins(tmp_path: Path) -> None:
    env = read_env_file(write(tmp_path, "K=first\nK=second\n"))
    assert env.values["K"] == "second"
    assert [e.line for e in env.entries] == [1, 2]


def test_interpolation_is_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME_FROM_OS", "leaked")
    env = read_env_file(write(tmp_path, "A=${HOME_FROM_OS}\nB=${A}x\n"))
    assert env.values == {"A": "${HOME_FROM_OS}", "B": "${A}x"}


def test_os_environ_is_neither_read_nor_changed(tmp_path: Path) -> None:
    before = dict(os.environ)
    env = read_env_file(write(tmp_path, "GOLIVE_TEST_ONLY_KEY=1\nPATH=nope\n"))
    assert dict(os.environ) == before
    assert env.values == {"GOLIVE_TEST_ONLY_KEY": "1", "PATH": "nope"}


def test_utf8_bom_is_stripped_and_noted(tmp_path: Path) -> None:
    env = read_env_file(write(tmp_path, codecs.BOM_UTF8 + b"A=1\nB=2\n"))
    assert env.had_bom
    assert env.values == {"A": "1", "B": "2"}
    assert env.entries[0] == EnvEntry("A", "1", 1)


def test_crlf_line_ends(tmp_path: Path) -> None:
    path = write(tmp_path, b'A=1\r\nB="two"\r\n\r\nC=3\r\nBAD LINE\r\nD=4\r\n')
    env = read_env_file(path)
    assert env.crlf
    assert env.values == {"A": "1", "B": "two", "C": "3", "D": "4"}
    assert [e.line for e in env.entries] == [1, 2, 4, 6]
    assert [m.line for m in env.malformed] == [5]
    assert env.values == dotenv_reference(path)


def test_lone_cr_line_ends_match_python_text_mode(tmp_path: Path) -> None:
    path = write(tmp_path, b"A=1\rB=2\r")
    assert read_env_file(path).values == dotenv_reference(path) == {"A": "1", "B": "2"}


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("export K=plain", "plain"),
        ("K='single $quoted'", "single $quoted"),
        ('K="double \\"escaped\\" \\n newline"', 'double "escaped" \n newline'),
        ("K='it\\'s'", "it's"),
        ("K=a#b", "a#b"),
        ("K=a #comment", "a"),
        ("K= # only a comment", ""),
        ('K="multi\nline"', "multi\nline"),
        ("K=", ""),
        ("K=  padded  ", "padded"),
        ('K="  kept  "', "  kept  "),
        ("K=ünïcødé€", "ünïcødé€"),
    ],
)
def test_quotes_escapes_and_prefixes_match_python_dotenv(
    tmp_path: Path, line: str, value: str
) -> None:
    path = write(tmp_path, line + "\n")
    assert read_env_file(path).values == {"K": value} == dotenv_reference(path)


def test_lines_after_a_multiline_value_are_numbered_right(tmp_path: Path) -> None:
    env = read_env_file(write(tmp_path, 'A="one\ntwo\nthree"\nB=1\n'))
    assert [(e.key, e.line) for e in env.entries] == [("A", 1), ("B", 4)]


# --- malformed lines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        (f"A=1\nBINANCE_API_SECRET='{SECRET}\n", 2, "unterminated single quote"),
        (f'A=1\n\n\nBINANCE_API_SECRET="{SECRET}"tail\n', 4, "after the closing double quote"),
        (f"{SECRET} pasted words\n", 1, "where `=` was expected"),
        (f"={SECRET}\n", 1, "no name before `=`"),
        (f"'{SECRET}\n", 1, "quoted name"),
    ],
)
def test_malformed_lines_are_described_without_their_text(
    tmp_path: Path, text: str, line: int, needle: str
) -> None:
    env = read_env_file(write(tmp_path, text))
    [bad] = env.malformed
    assert bad.line == line
    assert needle in bad.text
    assert SECRET[:8] not in bad.text
    assert SECRET[-8:] not in bad.text


def test_an_unclosed_quote_that_swallows_lines_says_which(tmp_path: Path) -> None:
    env = read_env_file(write(tmp_path, 'A=1\nB="open\nC=2\nD="x" tail\nE=5\n'))
    assert env.malformed == (
        MalformedLine(
            2,
            "the double quote opening the value of B is not closed on its line; "
            "lines 2-4 were read as one broken statement",
        ),
    )
    assert env.values == {"A": "1", "E": "5"}


def test_a_lowercase_or_odd_name_is_not_echoed_in_the_description(tmp_path: Path) -> None:
    env = read_env_file(write(tmp_path, f"{SECRET}='x'y\n"))
    [bad] = env.malformed
    assert SECRET not in bad.text
    assert "a value" in bad.text


# --- files that cannot be used ---------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in error_for(tmp_path / ".env.live")


def test_broken_symlink_is_a_missing_file(tmp_path: Path) -> None:
    link = tmp_path / ".env.live"
    link.symlink_to(tmp_path / "nowhere")
    assert "no such file" in error_for(link)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / ".env.live"
    folder.mkdir()
    assert "is a directory" in error_for(folder)


def test_device_is_not_a_regular_file() -> None:
    assert "is not a regular file" in error_for(Path("/dev/null"))


def test_chmod_000_is_unreadable(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        path = write(tmp_path, "A=1\n")
        path.chmod(0)
        assert "cannot read: Permission denied" in error_for(path)
        return
    # root reads a chmod 000 file anyway: read it as an unprivileged user in a child process
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)
        path = write(folder, "A=1\n")
        path.chmod(0)
        code = (
            "import os, sys, pathlib\n"
            "from golive.envfiles.read import EnvFileError, read_env_file\n"
            "from golive import messages\n"
            # the checkout may sit in a 0700 folder (mktemp -d): load the catalog as root first
            "messages.catalogue('en')\n"
            "os.setgid(65534); os.setuid(65534)\n"
            "try:\n    read_env_file(pathlib.Path(sys.argv[1]))\n"
            "except EnvFileError as exc:\n    print(exc)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert "cannot read: Permission denied" in out
    finally:
        shutil.rmtree(folder)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_whose_read_fails_with_an_os_error() -> None:
    """Root can open a chmod 000 file, so the honest unreadable file is one the kernel refuses
    to read: /proc/self/mem is a regular file whose offset 0 is unmapped (EIO)."""
    assert "cannot read: Input/output error" in error_for(Path("/proc/self/mem"))


def test_a_path_through_a_file_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path, "A=1\n", name="plainfile") / ".env.live"
    assert "cannot read: Not a directory" in error_for(path)


def test_a_symlink_loop_is_unreadable(tmp_path: Path) -> None:
    loop = tmp_path / ".env.live"
    loop.symlink_to(loop)
    assert "cannot read: Too many levels of symbolic links" in error_for(loop)


def test_ten_megabytes_is_too_big(tmp_path: Path) -> None:
    path = write(tmp_path, b"A=1\n" * 2_500_000)
    message = error_for(path)
    assert message == f"{path}: is 10.0 MB, larger than the 1 MB an env file can be"


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path, "A=1234567890\n")
    assert "larger than the 10 bytes" in error_for(path, max_bytes=10)
    assert read_env_file(path, max_bytes=13).values == {"A": "1234567890"}


def test_nul_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, b"A=1\nB=\x00\x01\x02\n")
    assert error_for(path) == f"{path}: contains NUL bytes: not a text env file"


def test_binary_garbage(tmp_path: Path) -> None:
    garbage = bytes(range(256)) * 4
    assert "NUL bytes" in error_for(write(tmp_path, garbage))


def test_invalid_utf8_names_offset_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, b"A=1\nB=caf\xe9\n")
    assert error_for(path) == f"{path}: is not valid UTF-8 (byte 0xe9 at offset 9, line 2)"


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF8 + b"A=\xff\n")
    assert "byte 0xff at offset 5, line 1" in error_for(path)


def test_utf16_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "A=1\n".encode("utf-16"))
    assert "is UTF-16 encoded: save it as UTF-8" in error_for(path)


def test_a_path_with_a_newline_stays_one_line(tmp_path: Path) -> None:
    path = tmp_path / "odd\nname"
    with pytest.raises(EnvFileError) as info:
        read_env_file(path)
    assert "\n" not in str(info.value)
    assert "odd\\nname" in str(info.value)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX FIFO")
def test_a_fifo_is_read_like_process_substitution(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.env"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("w") as fh:
            fh.write("A=1\nB='two'\n")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        assert read_env_file(fifo).values == {"A": "1", "B": "two"}
    finally:
        writer.join(timeout=5)
