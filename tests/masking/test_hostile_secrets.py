"""Secrets in hostile shapes (issue 11, points 7, 8, 9, 10): unit level on the real redactor.

The end-to-end halves (a real preflight, a real ``env validate``) are in
``tests/hardening/test_hostile_secrets_e2e.py``.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from golive.masking import Redactor, is_own_words, is_well_known

TOKEN = "6198273645:AAFhbjb4riec70dMdNfGzCq3N1nmNU2-VQ8"
ACCESS = "UpAcc3ssK3yx7Q9x7Q9x7Q9x7Q9x7Q9x7Q9"
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"]


def jwt_for(access_key: str) -> str:
    def part(obj: dict[str, str]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS512', 'typ': 'JWT'})}.{part({'access_key': access_key})}.c2lnbmF0dXJl"


# -- point 7: more than one unencoded @ in a DSN password ------------------------------


@pytest.mark.parametrize(
    "password", ["S3cr@tP@ss", "a@b@c@d-long-enough", "x@@y-zzzz", "Sup3r@Secret#Pw9/x?y"]
)
def test_every_piece_of_a_password_with_several_reserved_characters_is_masked(
    password: str,
) -> None:
    dsn = f"postgresql://postgres:{password}@127.0.0.1:5433/postgres"
    redactor = Redactor.from_values({"POSTGRES_DSN": dsn})
    # what a parser splitting at the first @ reports as the host
    after_first = password.split("@", 1)[1] + "@127.0.0.1"
    for text in (dsn, f'could not translate host name "{after_first}"', f"user={password}"):
        shown = redactor.redact(text)
        for piece in {password, *password.split("@")[1:]}:
            if len(piece) >= 4 and any(c in piece for c in "@#/?"):
                assert piece not in shown, (text, shown)
    assert redactor.display("POSTGRES_DSN") == "postgresql://postgres:****@127.0.0.1:5433/postgres"


@given(
    st.lists(st.text("abcXYZ019$%!", min_size=1, max_size=6), min_size=2, max_size=5),
    st.sampled_from(["postgresql", "redis", "https"]),
)
def test_an_unloaded_url_is_masked_up_to_its_last_at(parts: list[str], scheme: str) -> None:
    """The class: any number of ``@`` in the password of a URL golive did not load."""
    password = "@".join(parts)
    shown = Redactor().redact(f"see {scheme}://user:{password}@db.internal:5432/x now")
    assert shown == f"see {scheme}://user:****@db.internal:5432/x now"


# -- point 8: a value in a secret position is masked whatever it is --------------------


@pytest.mark.parametrize("password", ["xyz", "ab", "postgres", "secret", "admin", "2026"])
@pytest.mark.parametrize(
    ("key", "template"),
    [
        ("POSTGRES_DSN", "postgresql://bot:{pw}@db:5432/arb"),
        ("POSTGRES_DSN", "host=db user=bot password={pw} dbname=arb"),
        ("POSTGRES_DSN", "host=db password='{pw}' dbname=arb"),
        ("POSTGRES_DSN", "postgresql://bot@db:5432/arb?password={pw}&sslmode=require"),
        ("REDIS_URL", "redis://:{pw}@cache:6379/0"),
        ("REDIS_URL", "redis://cache:6379/0?password={pw}"),
    ],
)
def test_a_secret_position_is_always_masked(key: str, template: str, password: str) -> None:
    shown = Redactor.from_values({key: template.format(pw=password)}).display(key)
    assert shown == template.format(pw="****")


# -- point 9: a short secret equal to common text --------------------------------------


@pytest.mark.parametrize("short", ["2026", "1000", "5432", "true", "json", "PASS", "live"])
def test_a_short_secret_never_rewrites_unrelated_text(short: str) -> None:
    values = {"REDIS_URL": f"redis://:{short}@127.0.0.1:6379/0", "SMTP_PASS": short}
    redactor = Redactor.from_values(values)
    text = f".env.live (profile live) 2026-11-30 port 5432, json: true, 1000 ms, PASS {short}"

    assert redactor.redact(text) == text
    assert redactor.leaks(text) == []
    assert redactor.display("REDIS_URL") == "redis://:****@127.0.0.1:6379/0"
    assert redactor.display("SMTP_PASS") == f"**** ({len(short)} chars)"


# -- point 10: derived forms -----------------------------------------------------------


def derived_forms(secret: str) -> dict[str, str]:
    data = secret.encode()
    return {
        "lower": secret.lower(),
        "upper": secret.upper(),
        "hex": data.hex(),
        "HEX": data.hex().upper(),
        "percent_every_byte": "".join(f"%{b:02X}" for b in data),
        "percent_every_byte_lower": "".join(f"%{b:02x}" for b in data),
        "quote": quote(secret, safe=""),
        **{f"split_by_U+{ord(z):04X}": z.join(secret) for z in ZERO_WIDTH},
    }


@pytest.mark.parametrize("form", list(derived_forms(TOKEN)))
def test_a_token_echoed_in_a_derived_form_is_masked(form: str) -> None:
    redactor = Redactor.from_values({"TELEGRAM_BOT_TOKEN": TOKEN})
    echoed = derived_forms(TOKEN)[form]
    text = f'{{"description": "bad token {echoed} given"}}'

    assert redactor.leaks(text) == ["TELEGRAM_BOT_TOKEN"]
    shown = redactor.redact(text)
    assert redactor.leaks(shown) == []
    assert echoed not in shown
    assert TOKEN[:8].lower() not in shown.lower()


@given(
    st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=8, max_size=60),
    st.sampled_from(list(derived_forms("x" * 8))),
)
def test_any_secret_in_any_derived_form_is_masked(secret: str, form: str) -> None:
    """The class: any secret, any of the derived forms, inside other text."""
    assume(not is_well_known(secret))  # a dictionary default is a weak_secret finding instead
    assume(not is_own_words(secret))  # and so are golive's own words
    redactor = Redactor.from_values({"SOME_SECRET": secret})
    echoed = derived_forms(secret)[form]
    shown = redactor.redact(f"<<{echoed}>>")
    assert redactor.leaks(shown) == []
    assert secret.lower() not in shown.lower()


def test_a_jwt_is_masked_even_when_its_key_is_unknown() -> None:
    token = jwt_for(ACCESS)
    text = f'{{"error": {{"message": "echo: Authorization: Bearer {token}"}}}}'

    shown = Redactor().redact(text)

    assert token not in shown
    assert "eyJ" not in shown
    assert "Bearer **** (JWT)" in shown
