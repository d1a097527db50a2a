"""envlint.validate: every finding code, its line, its severity, and messages without values."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.config import DEFAULT_REQUIRED_KEYS
from golive.envfiles.lint import (
    CODES,
    Finding,
    Severity,
    find_example,
    validate,
    validate_profile_file,
)
from golive.envfiles.read import EnvFile, parse_text
from tests.support.keys import binance_key, upbit_key

LIVE = DEFAULT_REQUIRED_KEYS["live"]
GOOD = {
    "ARBITRAGE_ENV": "live",
    "UPBIT_ACCESS_KEY": upbit_key("Up7AcKq2Lm9Zx4Wc8Rv1Tb6Yn3"),
    "UPBIT_SECRET_KEY": upbit_key("UpS3cKq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0Gf"),
    "BINANCE_API_KEY": binance_key("Bn7ApKq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0GfJu2Ki8"),
    "BINANCE_API_SECRET": binance_key("BnS3cKq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0GfJu2Ki8Ol7"),
    "TELEGRAM_BOT_TOKEN": "7012345678:AAFhbjb4riec70dMdNfGzCq3N1nmNU2-VQ8",
    "TELEGRAM_CHAT_ID": "-1001234567890",
    "POSTGRES_DSN": "postgresql://bot:Pg7Secret9Pass@db.internal:5432/arb",
    "REDIS_URL": "rediss://:R3dis7Secret9Pass@cache.internal:6380/0",
    "READ_ONLY_ENFORCED": "true",
}


def env_of(text: str, name: str = ".env.live") -> EnvFile:
    entries, malformed = parse_text(text)
    return EnvFile(Path(name), entries, malformed, had_bom=False, crlf=False)


def text_of(values: dict[str, str]) -> str:
    return "".join(f"{k}={v}\n" for k, v in values.items())


def good_with(**changes: str) -> str:
    return text_of({**GOOD, **changes})


def line_of(key: str) -> int:
    return list(GOOD).index(key) + 1


def findings(text: str, profile: str = "live", example: str | None = None) -> list[Finding]:
    ex = env_of(example, ".env.live.example") if example is not None else None
    required = DEFAULT_REQUIRED_KEYS[profile]
    return validate(env_of(text), profile, required, example=ex)


def only(text: str, **kw: str) -> Finding:
    [finding] = findings(text, **kw)
    return finding


def test_a_good_file_has_no_findings() -> None:
    assert findings(good_with()) == []


def test_every_code_is_listed() -> None:
    assert len(set(CODES)) == len(CODES) == 17


# --- missing and empty -----------------------------------------------------------------


def test_missing_required_key() -> None:
    values = {k: v for k, v in GOOD.items() if k != "REDIS_URL"}
    assert only(text_of(values)) == Finding(
        "REDIS_URL",
        None,
        Severity.ERROR,
        "missing_key",
        "required for profile `live` but not in the file",
    )


def test_missing_key_hints_at_a_near_name() -> None:
    text = good_with().replace("BINANCE_API_SECRET=", "BINANCE_API_SECRETT=")
    missing = [f for f in findings(text) if f.code == "missing_key"]
    assert missing[0].key == "BINANCE_API_SECRET"
    assert "is BINANCE_API_SECRETT a typo of it?" in missing[0].message


def test_local_dev_needs_only_its_own_keys() -> None:
    text = text_of({"POSTGRES_DSN": GOOD["POSTGRES_DSN"], "REDIS_URL": GOOD["REDIS_URL"]})
    assert findings(text, profile="local_dev") == []


def test_empty_required_value_is_an_error() -> None:
    finding = only(good_with(REDIS_URL=""))
    assert (finding.key, finding.line, finding.severity, finding.code) == (
        "REDIS_URL",
        line_of("REDIS_URL"),
        Severity.ERROR,
        "empty_value",
    )


def test_whitespace_only_required_value_is_empty() -> None:
    assert only(good_with(REDIS_URL='"   "')).code == "empty_value"


def test_empty_optional_value_is_a_warning() -> None:
    finding = only(good_with() + "BINANCE_BASE_URL=\n")
    assert (finding.severity, finding.code, finding.line) == (
        Severity.WARNING,
        "empty_value",
        len(GOOD) + 1,
    )


def test_a_bare_known_key_is_empty() -> None:
    values = {k: v for k, v in GOOD.items() if k != "REDIS_URL"}
    finding = only(text_of(values) + "REDIS_URL\n")
    assert (finding.key, finding.code, finding.severity) == (
        "REDIS_URL",
        "empty_value",
        Severity.ERROR,
    )


# --- placeholders ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "shape"),
    [
        ("BINANCE_API_SECRET", "${BINANCE_SECRET}", "${...}"),
        ("UPBIT_SECRET_KEY", "your_upbit_secret_key", "your_"),
        ("UPBIT_SECRET_KEY", "YOUR-SECRET", "your_"),
        ("BINANCE_API_KEY", "<binance api key>", "<"),
        ("TELEGRAM_BOT_TOKEN", "changeme", "changeme"),
        ("TELEGRAM_BOT_TOKEN", "123456:CHANGE_ME", "changeme"),
        ("BINANCE_API_SECRET", "xxx", "xxx"),
        ("BINANCE_API_SECRET", "XXXXXXXXXXXXXXXX", "xxx"),
        ("TELEGRAM_BOT_TOKEN", "123456789:xxxxxxxx", "xxx"),
        ("TELEGRAM_CHAT_ID", "TODO", "TODO"),
        ("UPBIT_ACCESS_KEY", "todo-fill-me", "TODO"),
        ("POSTGRES_DSN", "postgresql://bot:${PG_PASSWORD}@db/arb", "${...}"),
    ],
)
def test_placeholders(key: str, value: str, shape: str) -> None:
    finding = only(good_with(**{key: f"'{value}'"}))
    assert (finding.key, finding.line, finding.severity, finding.code) == (
        key,
        line_of(key),
        Severity.ERROR,
        "placeholder",
    )
    assert shape.lower().rstrip("_") in finding.message.lower()
    if len(value) > len(shape) + 2:
        assert value not in finding.message


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        # `${...}` inside a secret is data (in a free-form secret: an exchange key is alnum)
        ("WEBHOOK_SECRET", "p@ss%2Fw0rd${NOT_INTERPOLATED}ss" + "Rt5Yu" * 10),
        ("BINANCE_API_SECRET", binance_key("Ab3xxxCd9xxxxEf")),  # x runs inside a token
        ("BINANCE_API_SECRET", binance_key("todolist" + "Q7w" * 10)),
        ("UPBIT_SECRET_KEY", upbit_key("Ab3xxxCd9xxxxEf")),
    ],
)
def test_secrets_that_merely_contain_placeholder_shapes_pass(key: str, secret: str) -> None:
    assert findings(good_with(**{key: f"'{secret}'"})) == []


# --- example file ----------------------------------------------------------------------

EXAMPLE = text_of(
    {
        "ARBITRAGE_ENV": "live",
        "UPBIT_ACCESS_KEY": "your_access_key",
        "UPBIT_SECRET_KEY": "your_secret_key",
        "BINANCE_API_KEY": "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
        "BINANCE_API_SECRET": "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
        "TELEGRAM_BOT_TOKEN": "123456789:AAExampleExampleExample",
        "TELEGRAM_CHAT_ID": "-1001234567890",
        "POSTGRES_DSN": "postgresql://bot:ExamplePassword@db.internal:5432/arb",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "READ_ONLY_ENFORCED": "true",
    }
)


def test_a_secret_copied_from_the_example_is_an_error() -> None:
    example_secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
    example_dsn = "postgresql://bot:ExamplePassword@db.internal:5432/arb"
    text = good_with(BINANCE_API_SECRET=example_secret, POSTGRES_DSN=example_dsn)
    found = findings(text, example=EXAMPLE)
    copied = [f for f in found if f.code == "example_value"]
    assert [(f.key, f.line, f.severity) for f in copied] == [
        ("BINANCE_API_SECRET", line_of("BINANCE_API_SECRET"), Severity.ERROR),
        ("POSTGRES_DSN", line_of("POSTGRES_DSN"), Severity.ERROR),
    ]
    assert all(".env.live.example" in f.message for f in copied)
    assert all(example_secret not in f.message for f in copied)


def test_non_secret_values_may_match_the_example() -> None:
    text = good_with(REDIS_URL="redis://127.0.0.1:6379/0", POSTGRES_DSN="postgresql://x@db/arb")
    assert findings(text, example=EXAMPLE) == []


def test_a_local_dsn_with_the_example_password_is_fine() -> None:
    dsn = "postgresql://postgres:postgres@localhost:5432/arb"
    example = text_of({"POSTGRES_DSN": dsn, "REDIS_URL": "redis://127.0.0.1/0"})
    assert findings(good_with(POSTGRES_DSN=dsn), example=example) == []


def test_keys_in_the_example_but_not_in_the_file_drift() -> None:
    example = EXAMPLE + "BINANCE_FUTURES_BASE_URL=https://fapi.binance.com\n"
    values = {k: v for k, v in GOOD.items() if k != "READ_ONLY_ENFORCED"}
    found = findings(text_of(values), example=example)
    assert found == [
        Finding(
            "BINANCE_FUTURES_BASE_URL",
            None,
            Severity.WARNING,
            "example_drift",
            "is in .env.live.example but not in this file",
        ),
        Finding(
            "READ_ONLY_ENFORCED",
            None,
            Severity.WARNING,
            "example_drift",
            "is in .env.live.example but not in this file",
        ),
    ]


def test_a_required_key_missing_is_not_also_drift() -> None:
    values = {k: v for k, v in GOOD.items() if k != "REDIS_URL"}
    assert [f.code for f in findings(text_of(values), example=EXAMPLE)] == ["missing_key"]


# --- duplicates, malformed lines, typos ------------------------------------------------


def test_duplicate_key_names_the_winning_line() -> None:
    text = good_with() + "X=1\nY=1\n" + f"BINANCE_API_KEY={GOOD['BINANCE_API_KEY']}\n"
    finding = only(text)
    assert finding == Finding(
        "BINANCE_API_KEY",
        len(GOOD) + 3,
        Severity.WARNING,
        "duplicate_key",
        f"BINANCE_API_KEY is set on lines {line_of('BINANCE_API_KEY')} and {len(GOOD) + 3};"
        f" line {len(GOOD) + 3} wins",
    )


def test_three_occurrences() -> None:
    text = "A=1\nA=2\n\nA=3\n"
    [dup] = [f for f in findings(text) if f.code == "duplicate_key"]
    assert dup.message == "A is set on lines 1, 2 and 4; line 4 wins"


def test_malformed_line() -> None:
    finding = only(good_with() + "BINANCE_API_SECRET='Q7w8e9r0t1y2\n")
    assert (finding.key, finding.line, finding.severity, finding.code) == (
        None,
        len(GOOD) + 1,
        Severity.ERROR,
        "malformed_line",
    )
    assert "unterminated single quote" in finding.message
    assert "Q7w8" not in finding.message


def test_a_pasted_value_on_its_own_line_is_malformed_and_not_echoed() -> None:
    pasted = "Kq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0GfJu2Ki8Ol7"
    finding = only(good_with() + pasted + "\n")
    assert (finding.key, finding.code, finding.severity) == (None, "malformed_line", Severity.ERROR)
    assert pasted not in finding.message


def test_an_invalid_name_is_malformed_and_not_echoed() -> None:
    finding = only(good_with() + "abc+/def=1\n")
    assert (finding.key, finding.code) == (None, "malformed_line")
    assert "abc+/def" not in finding.message


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("BINANCE_API_SECRETT", "BINANCE_API_SECRET"),
        ("binance_api_key", "BINANCE_API_KEY"),
        ("REDIS_URI", "REDIS_URL"),
        ("TELEGRAM_TOKEN", "TELEGRAM_BOT_TOKEN"),
        ("READ_ONLY_ENFORCE", "READ_ONLY_ENFORCED"),
        ("BINANCE_FUTURE_BASE_URL", "BINANCE_FUTURES_BASE_URL"),
    ],
)
def test_typo_of_a_known_key(typo: str, meant: str) -> None:
    finding = only(good_with() + f"{typo}=long-enough-value\n")  # no weak_secret
    assert finding == Finding(
        typo,
        len(GOOD) + 1,
        Severity.WARNING,
        "unknown_key_typo",
        f"unknown key {typo}: did you mean {meant}?",
    )


def test_example_keys_are_known_for_typos() -> None:
    example = EXAMPLE + "BOT_MAX_POSITION_KRW=1000000\n"
    text = good_with(BOT_MAX_POSITION_KRW="1", BOT_MAX_POSITON_KRW="2")
    [finding] = findings(text, example=example)
    assert finding.code == "unknown_key_typo"
    assert finding.message.endswith("did you mean BOT_MAX_POSITION_KRW?")


def test_unrelated_unknown_keys_are_fine() -> None:
    assert findings(good_with(LOG_LEVEL="INFO", SLACK_WEBHOOK="https://x.invalid/y")) == []


# --- formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("POSTGRES_DSN", "postgres://bot:pw-long-enough@db:5432/arb"),
        ("POSTGRES_DSN", "postgresql:///arb"),
        ("POSTGRES_DSN", "host=db port=5432 dbname=arb user=bot password='p w long'"),
        ("REDIS_URL", "redis://localhost:6379/0"),
        ("REDIS_URL", "redis://user:pw-long-enough@[::1]:6379"),
        ("REDIS_URL", "unix:///run/redis.sock?db=0"),
        ("TELEGRAM_BOT_TOKEN", "1:" + "a-b_C9" * 5 + "xyz12"),
        ("TELEGRAM_BOT_TOKEN", "18014398509481983:AAFhbjb4riec70dMdNfGzCq3N1nmNU2-VQ8"),
        ("TELEGRAM_CHAT_ID", "123456"),
        ("TELEGRAM_CHAT_ID", "@golive_alerts"),
        ("READ_ONLY_ENFORCED", "NO"),
        ("READ_ONLY_ENFORCED", "1"),
    ],
)
def test_good_formats(key: str, value: str) -> None:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    assert findings(good_with(**{key: f"'{escaped}'"})) == []


@pytest.mark.parametrize(
    ("key", "value", "needle"),
    [
        ("POSTGRES_DSN", "mysql://bot:pw-long-enough@db/arb", "not postgresql://"),
        ("POSTGRES_DSN", "db.internal", "neither"),
        ("POSTGRES_DSN", "host=db password='unterminated", "does not parse"),
        ("REDIS_URL", "http://cache:6379", "redis://"),
        ("REDIS_URL", "redis://", "without a host"),
        ("REDIS_URL", "redis://cache:notaport", "bad port"),
        ("REDIS_URL", "unix://", "socket path"),
        ("TELEGRAM_BOT_TOKEN", "AAFhbjb4riec70dMdNfGzCq3N1nmNU2", "`<bot id>:<secret>`"),
        ("TELEGRAM_BOT_TOKEN", "0123:AAFhbjb4riec70dMdNfGzCq3N1nmNU2-VQ8", "starts with 0"),
        ("TELEGRAM_CHAT_ID", "my chat", "integer"),
        ("TELEGRAM_CHAT_ID", "12.5", "integer"),
        ("READ_ONLY_ENFORCED", "maybe", "true/false"),
        ("BINANCE_API_KEY", "Bn7ApKq2Lm9Zx4Wc8Rv1Tb6Yn3 ", "trailing space"),
        ("BINANCE_API_SECRET", " BnS3cKq2Lm9Zx4Wc8Rv1Tb6Yn3", "leading space"),
        ("UPBIT_ACCESS_KEY", "Up7AcKq2 Lm9Zx4Wc8", "whitespace"),
        ("UPBIT_SECRET_KEY", 'UpS3c"Kq2Lm9Zx4Wc8', "quote"),
        ("UPBIT_SECRET_KEY", "UpS3c\u200bKq2Lm9Zx4Wc8", "invisible"),
    ],
)
def test_bad_formats(key: str, value: str, needle: str) -> None:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    finding = only(good_with(**{key: f"'{escaped}'"}))
    assert (finding.key, finding.line, finding.severity, finding.code) == (
        key,
        line_of(key),
        Severity.ERROR,
        "bad_format",
    )
    assert needle in finding.message
    if len(value.strip()) >= 8:
        assert value.strip() not in finding.message


def test_a_trailing_space_mentions_binance_2015() -> None:
    finding = only(good_with(BINANCE_API_KEY=f'"{GOOD["BINANCE_API_KEY"]} "'))
    assert "-2015" in finding.message


def test_profile_mismatch() -> None:
    finding = only(good_with(ARBITRAGE_ENV="paper"))
    assert finding == Finding(
        "ARBITRAGE_ENV",
        1,
        Severity.ERROR,
        "profile_mismatch",
        "ARBITRAGE_ENV says `paper` but the profile being checked is `live`",
    )


def test_profile_mismatch_does_not_echo_an_unknown_value() -> None:
    finding = only(good_with(ARBITRAGE_ENV="Live-Prod-7"))
    assert finding.code == "profile_mismatch"
    assert "Live-Prod-7" not in finding.message


def test_arbitrage_env_is_optional() -> None:
    values = {k: v for k, v in GOOD.items() if k != "ARBITRAGE_ENV"}
    assert findings(text_of(values)) == []


# --- ordering, messages, robustness ----------------------------------------------------


def test_findings_are_ordered_by_line_then_key_then_lineless() -> None:
    text = "BINANCE_API_SECRETT=1\nARBITRAGE_ENV=paper\nBAD LINE\nZ=1\nZ=2\n"
    found = findings(text)
    lines = [f.line for f in found]
    numbered = [n for n in lines if n is not None]
    assert numbered == sorted(numbered)
    assert lines[: len(numbered)] == numbered
    assert all(n is None for n in lines[len(numbered) :])
    lineless = [f.key or "" for f in found if f.line is None]
    assert lineless == sorted(lineless)


def test_messages_never_contain_values() -> None:
    marker = "Ωμέγα"
    values = {key: f"'{marker}{key}'" for key in GOOD}
    text = text_of(values) + f"EXTRA='{marker}'\nBINANCE_API_SECRET=\"{marker} \n"
    found = findings(text, example=text_of(dict.fromkeys(GOOD, f"{marker}")))
    assert found
    for finding in found:
        assert marker not in finding.message
        assert marker not in (finding.key or "")


def test_validate_never_raises_on_odd_entries() -> None:
    odd = "'quoted key'=1\nexport=2\n=3\nK=\\\n" + "Z" * 5000 + "=" + "v" * 100_000 + "\n"
    found = findings(odd)
    assert all(isinstance(f, Finding) for f in found)


# --- example discovery and the convenience wrapper -------------------------------------


def test_find_example_prefers_the_profile_example(tmp_path: Path) -> None:
    env = tmp_path / "custom.env"
    env.write_text("A=1\n")
    assert find_example(env, "live") is None
    (tmp_path / "custom.env.example").write_text("A=1\n")
    assert find_example(env, "live") == tmp_path / "custom.env.example"
    (tmp_path / ".env.live.example").write_text("A=1\n")
    assert find_example(env, "live") == tmp_path / ".env.live.example"


def test_find_example_never_returns_the_file_itself(tmp_path: Path) -> None:
    example = tmp_path / ".env.live.example"
    example.write_text("A=1\n")
    assert find_example(example, "live") is None


def test_find_example_ignores_a_directory(tmp_path: Path) -> None:
    (tmp_path / ".env.live.example").mkdir()
    assert find_example(tmp_path / ".env.live", "live") is None


def test_validate_profile_file_uses_the_example(tmp_path: Path) -> None:
    path = tmp_path / ".env.live"
    path.write_text(good_with())
    path.chmod(0o600)
    (tmp_path / ".env.live.example").write_text(EXAMPLE + "NEW_SETTING=1\n")
    env, found = validate_profile_file(path, "live", LIVE)
    assert env.path == path
    assert [(f.key, f.code) for f in found] == [("NEW_SETTING", "example_drift")]


def test_unencoded_reserved_character_in_dsn_password_is_bad_format(tmp_path: Path) -> None:
    from golive.envfiles.lint import validate
    from golive.envfiles.read import read_env_file

    path = tmp_path / ".env.local_dev"
    path.write_text(
        "POSTGRES_DSN=postgresql://postgres:Sup3r@Secret#Pw9@127.0.0.1:5432/postgres\n"
        "REDIS_URL=redis://:p%40ss@127.0.0.1:6379/0\n"
    )
    findings = validate(read_env_file(path), "local_dev", ["POSTGRES_DSN", "REDIS_URL"])
    bad = [f for f in findings if f.code == "bad_format"]
    assert [f.key for f in bad] == ["POSTGRES_DSN"]
    assert "percent-encode" in bad[0].message
    assert "Sup3r" not in bad[0].message
