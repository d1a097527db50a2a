"""The redactor: which values are secrets, how they display, and every form it replaces."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import NamedTuple
from urllib.parse import quote, quote_plus

import pytest

from golive.masking import Redactor, dsn_passwords, is_secret_key

ACCESS = "Bn7ApKq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0GfJu2Ki8"
SECRET = "BnS3cKq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0GfJu2Ki8Ol7"
AWKWARD = "s3cr\"et$HOME%41@ü€'\\" + "Zq8Lm" * 22


def sha8(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:8]


# --- which keys are secrets ------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "UPBIT_ACCESS_KEY",
        "UPBIT_SECRET_KEY",
        "BINANCE_API_KEY",
        "BINANCE_API_SECRET",
        "TELEGRAM_BOT_TOKEN",
        "DB_PASSWORD",
        "SMTP_PASS",
        "BINANCE_API_SECRETT",  # a typo must not unmask a secret
        "api_key",
    ],
)
def test_secret_keys(key: str) -> None:
    assert is_secret_key(key)
    redactor = Redactor.from_values({key: SECRET})
    assert redactor.secret_values() == (SECRET,)
    assert SECRET not in redactor.redact(f"x {SECRET} y")


@pytest.mark.parametrize(
    "key", ["ARBITRAGE_ENV", "TELEGRAM_CHAT_ID", "BINANCE_BASE_URL", "READ_ONLY_ENFORCED"]
)
def test_non_secret_keys(key: str) -> None:
    assert not is_secret_key(key)
    redactor = Redactor.from_values({key: "some-visible-value"})
    assert len(redactor) == 0
    assert redactor.display(key) == "some-visible-value"


# --- display ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["UPBIT_ACCESS_KEY", "BINANCE_API_KEY", "OKX_API_KEY"])
def test_identifiers_of_16_or_more_show_4_and_4(key: str) -> None:
    redactor = Redactor.from_values({key: ACCESS})
    assert redactor.display(key) == "Bn7A…2Ki8"
    assert redactor.display(key) == Redactor.from_values({key: ACCESS}).redact(ACCESS)
    assert Redactor.from_values({key: "A" * 16}).display(key) == "AAAA…AAAA"


def test_short_identifiers_are_fully_masked() -> None:
    redactor = Redactor.from_values({"BINANCE_API_KEY": "abcdefghijklmno"})
    assert redactor.display("BINANCE_API_KEY") == "**** (15 chars)"


def test_secrets_show_length_and_fingerprint() -> None:
    redactor = Redactor.from_values({"BINANCE_API_SECRET": SECRET})
    shown = redactor.display("BINANCE_API_SECRET")
    assert shown == f"**** ({len(SECRET)} chars, sha256:{sha8(SECRET)})"
    assert redactor.redact(f"[{SECRET}]") == f"[{shown}]"


def test_short_secrets_show_no_fingerprint() -> None:
    """A fingerprint of a short password would be a dictionary oracle: length only."""
    redactor = Redactor.from_values({"DB_PASSWORD": "hunter22"})
    assert redactor.display("DB_PASSWORD") == "**** (8 chars)"


def test_values_under_4_chars_are_never_displayed_nor_replaced() -> None:
    redactor = Redactor.from_values({"SMTP_PASS": "abc"})
    assert redactor.display("SMTP_PASS") == "**** (3 chars)"
    assert redactor.redact("abc abc") == "abc abc"
    assert len(redactor) == 0


def test_display_of_unset_and_empty_keys() -> None:
    redactor = Redactor.from_values({"BINANCE_API_SECRET": ""})
    assert redactor.display("BINANCE_API_SECRET") == "(empty)"
    assert redactor.display("UPBIT_SECRET_KEY") == "(not set)"


# --- DSN and URL passwords -------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "dsn", "password", "shown"),
    [
        (
            "POSTGRES_DSN",
            "postgresql://bot:Pg%25pa$$w0rd@db:5432/arb",
            "Pg%pa$$w0rd",
            "postgresql://bot:****@db:5432/arb",
        ),
        (
            "POSTGRES_DSN",
            "postgres://bot@db/arb?password=Qu3ryPass&sslmode=require",
            "Qu3ryPass",
            "postgres://bot@db/arb?password=****&sslmode=require",
        ),
        (
            "POSTGRES_DSN",
            "host=db user=bot password=Plain7Pass dbname=arb",
            "Plain7Pass",
            "host=db user=bot password=**** dbname=arb",
        ),
        (
            "POSTGRES_DSN",
            "host=db password='with space \\' q' dbname=arb",
            "with space ' q",
            "host=db password='****' dbname=arb",
        ),
        ("REDIS_URL", "redis://:R3disPass@cache:6379/0", "R3disPass", "redis://:****@cache:6379/0"),
        (
            "REDIS_URL",
            "rediss://app:R3d/is#Pass@cache/0",
            "R3d/is#Pass",
            "rediss://app:****@cache/0",
        ),
        ("WEBHOOK_URL", "https://u:Hook7Pass@hooks.invalid/x", "Hook7Pass", None),
    ],
)
def test_dsn_passwords(key: str, dsn: str, password: str, shown: str | None) -> None:
    redactor = Redactor.from_values({key: dsn})
    assert password in redactor.secret_values()
    assert password not in redactor.redact(f"connecting with {password} to {dsn}")
    assert redactor.leaks(f"pw={password}") == [key]
    if shown is not None:
        assert redactor.display(key) == shown


def test_a_dsn_without_password_adds_no_secret() -> None:
    assert dsn_passwords("postgresql://bot@db/arb") == ()
    assert len(Redactor.from_values({"POSTGRES_DSN": "host=db dbname=arb"})) == 0


# --- encoded forms ---------------------------------------------------------------------


def encodings(secret: str) -> dict[str, str]:
    return {
        "raw": secret,
        "quote": quote(secret, safe=""),
        "quote_slash_safe": quote(secret),
        "quote_plus": quote_plus(secret),
        "json": json.dumps(secret)[1:-1],
        "json_unicode": json.dumps(secret, ensure_ascii=False)[1:-1],
        "json_in_json": json.dumps(json.dumps(secret)[1:-1])[1:-1],
        "repr": repr(secret)[1:-1],
        "base64": base64.b64encode(secret.encode()).decode(),
        "base64_url": base64.urlsafe_b64encode(secret.encode()).decode().rstrip("="),
        "quote_lower_hex": re.sub(
            r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(secret, safe="")
        ),
    }


@pytest.mark.parametrize("form", list(encodings("x")))
def test_every_encoded_form_is_replaced_and_detected(form: str) -> None:
    encoded = encodings(AWKWARD)[form]
    redactor = Redactor.from_values({"UPBIT_SECRET_KEY": AWKWARD})
    text = f"before {encoded} after"
    assert redactor.leaks(text) == ["UPBIT_SECRET_KEY"]
    redacted = redactor.redact(text)
    assert redacted == f"before {redactor.display('UPBIT_SECRET_KEY')} after"
    assert redactor.leaks(redacted) == []


def test_json_dump_of_a_payload_is_caught() -> None:
    redactor = Redactor.from_values({"UPBIT_SECRET_KEY": AWKWARD})
    dumped = json.dumps({"error": f"bad key {AWKWARD}"})
    assert redactor.leaks(dumped) == ["UPBIT_SECRET_KEY"]
    assert AWKWARD[:8] not in redactor.redact(dumped)


# --- overlapping secrets ---------------------------------------------------------------


def test_longest_first_and_no_part_of_another_secret_reexposed() -> None:
    long_secret = "AAAA1111BBBB2222CCCC"
    inner = "1111BBBB"
    overlapping = "CCCC3333DDDD4444"
    redactor = Redactor.from_values(
        {"LONG_SECRET": long_secret, "INNER_TOKEN": inner, "OTHER_SECRET": overlapping}
    )
    text = f"<{long_secret}> <{inner}> <AAAA1111BBBB2222CCCC3333DDDD4444>"
    redacted = redactor.redact(text)
    for secret in (long_secret, inner, overlapping):
        for i in range(len(secret) - 3):
            assert secret[i : i + 4] not in redacted.replace("****", ""), (secret, redacted)
    assert redacted.startswith(f"<{redactor.display('LONG_SECRET')}> <")
    assert sorted(redactor.leaks(text)) == ["INNER_TOKEN", "LONG_SECRET", "OTHER_SECRET"]


def test_same_value_under_two_keys_leaks_both_names() -> None:
    redactor = Redactor.from_values({"A_SECRET": SECRET, "B_TOKEN": SECRET})
    assert redactor.leaks(SECRET) == ["A_SECRET", "B_TOKEN"]
    assert len(redactor) == 1


# --- leaks, redact_obj, the rest of the API --------------------------------------------


def test_leaks_ignores_a_display_form() -> None:
    redactor = Redactor.from_values({"DB_PASSWORD": "char(s)!"})
    assert redactor.display("DB_PASSWORD") == "**** (8 chars)"
    assert redactor.leaks(redactor.redact("pw char(s)!")) == []
    assert redactor.leaks("the password is char(s)!") == ["DB_PASSWORD"]


def test_leaks_is_empty_for_clean_text() -> None:
    assert Redactor.from_values({"BINANCE_API_SECRET": SECRET}).leaks("nothing here") == []


class Pair(NamedTuple):
    left: str
    right: int


def test_redact_obj_goes_deep() -> None:
    redactor = Redactor.from_values({"BINANCE_API_SECRET": SECRET})
    shown = redactor.display("BINANCE_API_SECRET")
    obj = {
        SECRET: [f"a{SECRET}", (SECRET, 1), {"n": None, "f": 1.5, "b": True}],
        "pair": Pair(SECRET, 2),
        "set": frozenset({SECRET}),
        "bytes": b"unchanged",
    }
    assert redactor.redact_obj(obj) == {
        shown: [f"a{shown}", (shown, 1), {"n": None, "f": 1.5, "b": True}],
        "pair": Pair(shown, 2),
        "set": frozenset({shown}),
        "bytes": b"unchanged",
    }


def test_secret_values_len_and_repr() -> None:
    redactor = Redactor.from_values(
        {"BINANCE_API_SECRET": SECRET, "BINANCE_API_KEY": ACCESS, "SMTP_PASS": "ab"}
    )
    assert redactor.secret_values() == (SECRET, ACCESS)
    assert len(redactor) == 2
    assert SECRET not in repr(redactor)
    assert repr(redactor) == "Redactor(2 secrets)"


def test_an_empty_redactor_changes_nothing() -> None:
    redactor = Redactor()
    assert redactor.redact("text") == "text"
    assert redactor.leaks("text") == []
    assert len(redactor) == 0


def test_direct_construction_treats_every_entry_as_a_secret() -> None:
    redactor = Redactor({"ANYTHING": SECRET})
    assert redactor.display("ANYTHING") == f"**** ({len(SECRET)} chars, sha256:{sha8(SECRET)})"
    assert SECRET not in redactor.redact(SECRET)


def test_unencoded_reserved_characters_in_a_dsn_password_leave_no_piece() -> None:
    from golive.masking import Redactor

    values = {
        "POSTGRES_DSN": "postgresql://postgres:Sup3r@Secret#Pw9@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://:R3disSecret/Pw9@127.0.0.1:6379/0",
    }
    redactor = Redactor.from_values(values)
    misread = "failed to resolve host 'Secret#Pw9@127.0.0.1'; port 'R3disSecret' is not a number"
    shown = redactor.redact(misread)
    assert "Secret#Pw9" not in shown
    assert "R3disSecret" not in shown


def test_a_secret_cut_by_clipping_is_still_masked() -> None:
    from golive.masking import Redactor

    secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
    redactor = Redactor.from_values({"BINANCE_API_SECRET": secret})
    clipped = f"error body: ...{secret[:20]}"  # a message clipped in the middle of the secret
    assert secret[:8] not in redactor.redact(clipped)
    assert secret[-8:] not in redactor.redact(f"{secret[-15:]} (tail of a cut text)")
    assert redactor.leaks(clipped) == ["BINANCE_API_SECRET"]
