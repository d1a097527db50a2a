"""Where the redactor's secrets come from, in the shapes that reach it: query passwords as
written and decoded, URL userinfo a parser reads differently, libpq key=value DSNs, the
pieces a parser cuts a password into, fleets. Written from mutation-testing survivors
(docs/mutation.md): each checks a shape an operator's values really take."""

from __future__ import annotations

import pytest

from golive.masking import Redactor, kv_passwords, password_pieces, url_passwords

# -- query passwords ----------------------------------------------------------------------


def test_a_query_password_is_masked_decoded_when_it_shares_nothing_with_how_it_is_written() -> None:
    redactor = Redactor.from_values(
        {"REDIS_URL": "redis://cache:6379/0?password=p%40s%40s%40w%40o%40r%40d%40x"}
    )

    assert redactor.redact("NOAUTH p@s@s@w@o@r@d@x") == "NOAUTH ****"
    assert redactor.leaks("p@s@s@w@o@r@d@x") == ["REDIS_URL"]


@pytest.mark.parametrize("name", ["password", "PASSWORD", "Password"])
def test_a_query_password_is_masked_as_written_whatever_the_case_of_its_name(name: str) -> None:
    """``Qu%33ry%40Pa%73sw0rd`` decodes to ``Qu3ry@Passw0rd``: no standard encoding of the
    decoded value writes it so, and no run of eight bytes is percent-encoded."""
    written = "Qu%33ry%40Pa%73sw0rd"
    redactor = Redactor.from_values({"REDIS_URL": f"redis://cache:6379/0?{name}={written}"})

    assert written in url_passwords(f"redis://cache:6379/0?{name}={written}")
    assert redactor.redact(f"auth {written} failed") == "auth **** failed"


def test_a_query_value_holding_a_question_mark_is_one_password() -> None:
    dsn = "redis://cache:6379/0?password=Qu3ry?Passw0rd"
    assert "Qu3ry?Passw0rd" in url_passwords(dsn)
    assert Redactor.from_values({"REDIS_URL": dsn}).redact("NOAUTH Qu3ry?Passw0rd") == "NOAUTH ****"


# -- URL userinfo -------------------------------------------------------------------------


def test_a_password_is_found_after_the_first_scheme_even_when_a_later_value_is_a_url() -> None:
    dsn = "postgresql://bot:Sup3r/Secret#Pw9@db/app?sslrootcert=file:///etc/ca.pem"
    redactor = Redactor.from_values({"POSTGRES_DSN": dsn})

    assert redactor.redact("host Sup3r/Secret#Pw9 unknown") == "host **** unknown"


def test_a_password_holding_a_space_and_an_at_sign_is_read_as_a_url_parser_reads_it() -> None:
    """The first token stops at the space; the parser's netloc runs to the last ``@``."""
    url = "https://hook:my pass@word@hooks.example/x"
    redactor = Redactor.from_values({"WEBHOOK_URL": url})

    assert "my pass@word" in url_passwords(url)
    assert "pass@word" not in redactor.display("WEBHOOK_URL")
    assert redactor.redact("login my pass@word refused") == "login **** refused"


@pytest.mark.parametrize("value", ["https://", "postgresql://   ", "x:// "])
def test_a_url_with_nothing_after_its_scheme_holds_no_password(value: str) -> None:
    assert url_passwords(value) == ()
    assert Redactor.from_values({"WEBHOOK_URL": value}).display("WEBHOOK_URL") == value


# -- libpq key=value ----------------------------------------------------------------------


def test_every_password_of_a_key_value_dsn_is_masked() -> None:
    dsn = "password=FirstPass1 host=db password=SecondPass2"
    assert kv_passwords(dsn) == ("FirstPass1", "SecondPass2")
    redactor = Redactor.from_values({"POSTGRES_DSN": dsn})
    assert redactor.redact("FirstPass1 SecondPass2") == "**** ****"


# -- pieces of a password cut at @ # / ? --------------------------------------------------


def test_the_pieces_of_a_password_are_what_a_parser_may_cut_it_into() -> None:
    assert set(password_pieces("x@ab#cd@y")) == {
        "x@ab#cd@y",
        *("x", "ab#cd", "y"),  # between @
        *("ab", "cd"),  # between any two of @ # / ?
        *("x@ab#cd", "ab#cd@y", "x@ab", "cd@y"),  # either side of each one
    }


def test_the_piece_after_an_at_sign_is_masked_exactly() -> None:
    redactor = Redactor.from_values(
        {"POSTGRES_DSN": "postgresql://postgres:S3cr@tP@ss@127.0.0.1:5433/postgres"}
    )
    said = 'could not translate host name "tP@ss@127.0.0.1" to address'

    assert redactor.redact(said) == 'could not translate host name "****@127.0.0.1" to address'


# -- fleets -------------------------------------------------------------------------------


def test_a_fleet_redactor_masks_the_short_pieces_of_each_bots_password() -> None:
    one = Redactor.from_values({"POSTGRES_DSN": "postgresql://u:S3cr@tP@ss@db/x"})
    fleet = Redactor.combined([one, Redactor.from_values({"OTHER_TOKEN": "Zq8Lm" * 4})])

    assert fleet.redact('host "tP@ss@db"') == 'host "****@db"'


def test_a_fleet_redactor_keeps_every_bots_key_names_shown() -> None:
    one = Redactor.from_values({"OKX_ACCESS_KEY": "your_okx_access_key"})
    two = Redactor.from_values({"OTHER_TOKEN": "Zq8Lm" * 4})
    fleet = Redactor.combined([one, two])

    assert fleet.redact("OKX_ACCESS_KEY is a placeholder") == "OKX_ACCESS_KEY is a placeholder"
    assert fleet.redact("your_okx_access_key") != "your_okx_access_key"
    assert fleet.display("OKX_ACCESS_KEY") == "(not set)"


# -- the rest of the API ------------------------------------------------------------------


def test_secret_values_come_longest_first() -> None:
    redactor = Redactor.from_values({"A_SECRET": "zzzzzzzz", "B_SECRET": "aaaaaaaaaaaa"})
    assert redactor.secret_values() == ("aaaaaaaaaaaa", "zzzzzzzz")


def test_a_mask_elsewhere_in_the_text_does_not_hide_a_leak() -> None:
    redactor = Redactor.from_values({"BINANCE_API_SECRET": "Zq8Lm" * 8})
    shown = redactor.display("BINANCE_API_SECRET")

    assert redactor.leaks(f"{shown} and then {'Zq8Lm' * 8}") == ["BINANCE_API_SECRET"]
    assert redactor.leaks(f"{'Zq8Lm' * 8} and then {shown}") == ["BINANCE_API_SECRET"]


def test_a_secret_shaped_like_a_mask_is_not_a_leak_where_a_mask_stands() -> None:
    """A password that reads ``**** (8 chars)`` is found inside the mask of another
    secret: that is the mask, not a leak."""
    redactor = Redactor.from_values({"DB_PASSWORD": "**** (8 chars)", "X_TOKEN": "hunter22"})
    masked = redactor.redact("token hunter22")

    assert masked == "token **** (8 chars)"
    assert redactor.leaks(masked) == []
    assert redactor.leaks("password **** (8 chars)") == []
