"""Property tests: any bytes give findings or one EnvFileError, never another exception."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from dotenv import dotenv_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from golive.config import DEFAULT_REQUIRED_KEYS, PROFILES
from golive.envfiles.lint import CODES, FORMAT_CHECKS, Finding, Severity, validate
from golive.envfiles.read import EnvEntry, EnvFile, EnvFileError, read_env_file

KEYS = [
    *DEFAULT_REQUIRED_KEYS["live"],
    "ARBITRAGE_ENV",
    "READ_ONLY_ENFORCED",
    "BINANCE_API_SECRETT",
]
MARKER_ALPHABET = "αβγδεζηθικλμνξοπρστυφχψω"  # never used in any message template
VALUE_ALPHABET = MARKER_ALPHABET + " \t\"'\\$#{}=<>x%@:/"
SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

keys = st.one_of(
    st.sampled_from(KEYS), st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,20}", fullmatch=True)
)
raw_values = st.text(alphabet=VALUE_ALPHABET, max_size=40)


@st.composite
def env_lines(draw: st.DrawFn) -> str:
    key = draw(keys)
    value = draw(raw_values)
    shape = draw(st.sampled_from(["plain", "single", "double", "bare", "comment", "junk"]))
    prefix = draw(st.sampled_from(["", "export ", "  "]))
    if shape == "single":
        return f"{prefix}{key}='{value}'"
    if shape == "double":
        return f'{prefix}{key}="{value}"'
    if shape == "bare":
        return f"{prefix}{key}"
    if shape == "comment":
        return f"# {value}"
    if shape == "junk":
        return value
    return f"{prefix}{key}={value}"


@st.composite
def env_texts(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(env_lines(), max_size=12))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    body = newline.join(lines) + draw(st.sampled_from(["", newline]))
    data = body.encode()
    return codecs.BOM_UTF8 + data if draw(st.booleans()) else data


def mutated(data: bytes, noise: bytes, at: int) -> bytes:
    cut = at % (len(data) + 1)
    return data[:cut] + noise + data[cut:]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("envprops")


def check(path: Path, data: bytes, profile: str = "live") -> EnvFile | None:
    path.write_bytes(data)
    try:
        env = read_env_file(path, max_bytes=200_000)
    except EnvFileError as exc:
        message = str(exc)
        assert "\n" not in message
        assert str(path) in message
        return None
    found = validate(env, profile, DEFAULT_REQUIRED_KEYS[profile], example=env)
    for finding in found:
        assert isinstance(finding, Finding)
        assert finding.severity in Severity
        assert finding.code in CODES
    keys_in_order = [(f.line is None, f.line or 0, f.key or "") for f in found]
    assert [k[:2] for k in keys_in_order] == sorted(k[:2] for k in keys_in_order)
    return env


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(folder: Path, data: bytes) -> None:
    check(folder / ".env.live", data)


@SETTINGS
@given(text=st.text(max_size=2000), profile=st.sampled_from(PROFILES))
def test_arbitrary_text(folder: Path, text: str, profile: str) -> None:
    check(folder / ".env.live", text.encode("utf-8", "surrogatepass"), profile)


@SETTINGS
@given(
    data=env_texts(),
    noise=st.sampled_from([b"\x00", b"\xff", b"\xc3", b"\xef\xbb\xbf"]),
    at=st.integers(min_value=0),
    mutate=st.booleans(),
)
def test_env_shaped_input_with_noise(
    folder: Path, data: bytes, noise: bytes, at: int, mutate: bool
) -> None:
    check(folder / ".env.live", mutated(data, noise, at) if mutate else data)


@SETTINGS
@given(data=env_texts())
def test_values_match_python_dotenv_and_messages_hold_no_value(folder: Path, data: bytes) -> None:
    path = folder / ".env.live"
    env = check(path, data)
    assert env is not None  # env_texts() is always valid UTF-8 without NUL
    reference = dotenv_values(path, interpolate=False)
    assert dict(env.values) == {k: v or "" for k, v in reference.items()}
    for finding in validate(env, "live", DEFAULT_REQUIRED_KEYS["live"], example=env):
        shown = finding.message + (finding.key or "")
        assert not set(shown) & set(MARKER_ALPHABET), finding


@SETTINGS
@given(length=st.integers(min_value=1, max_value=300_000), quote=st.sampled_from(["", "'", '"']))
def test_very_long_lines(folder: Path, length: int, quote: str) -> None:
    check(folder / ".env.live", f"BINANCE_API_SECRET={quote}{'k' * length}{quote}\n".encode())


FORMAT_KEYS = [*FORMAT_CHECKS, "ARBITRAGE_ENV", "WEBHOOK_URL"]


@SETTINGS
@given(
    key=st.sampled_from(FORMAT_KEYS),
    value=st.one_of(
        st.text(),
        st.from_regex(r"(postgres(ql)?|redis|rediss|unix|http)://[^\s]{0,40}", fullmatch=True),
        st.from_regex(r"(host|password|port)=\S{0,20}( \w+=\S{0,10}){0,3}", fullmatch=True),
    ),
    example_value=st.one_of(st.none(), st.text(max_size=20)),
)
def test_any_entry_value_is_validated_without_raising(
    key: str, value: str, example_value: str | None
) -> None:
    """validate() never raises on any EnvFile, even values no file could hold (NUL, surrogates)."""
    env = EnvFile(Path("e"), (EnvEntry(key, value, 1),), (), had_bom=False, crlf=False)
    example = None
    if example_value is not None:
        entry = EnvEntry(key, example_value if example_value else value, 1)
        example = EnvFile(Path("x"), (entry,), (), had_bom=False, crlf=False)
    for finding in validate(env, "live", DEFAULT_REQUIRED_KEYS["live"], example=example):
        assert finding.code in CODES  # no value in messages: see the marker-alphabet test
