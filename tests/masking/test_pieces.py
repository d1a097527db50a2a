"""Secrets that reach an output in another shape: combined redactors, PEM bodies, DSN queries.

These cases came out of mutation testing (docs/mutation.md): each checks that a secret an
operator holds is masked in a shape it really takes, never how the mask reads.
"""

from __future__ import annotations

import textwrap

from golive.masking import Redactor, fingerprint, mask

BODY = "".join(f"MIIEv{n:02d}QIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" for n in range(8))
PEM = "-----BEGIN PRIVATE KEY-----\n" + "\n".join(textwrap.wrap(BODY, 64))
PEM += "\n-----END PRIVATE KEY-----\n"


def test_a_combined_redactor_masks_what_each_one_masks() -> None:
    one = Redactor.from_values({"UPBIT_SECRET_KEY": "Up8itS3cretValue0001"})
    two = Redactor.from_values({"POSTGRES_DSN": "postgresql://bot:Pg0nlyPassw0rd@db/app"})

    fleet = Redactor.combined([one, two])

    out = fleet.redact("Up8itS3cretValue0001 and Pg0nlyPassw0rd")
    assert "Up8itS3cretValue0001" not in out
    assert "Pg0nlyPassw0rd" not in out
    assert fleet.leaks("Up8itS3cretValue0001") == ["UPBIT_SECRET_KEY"]
    assert fleet.leaks("Pg0nlyPassw0rd") == ["POSTGRES_DSN"]


def test_a_pem_key_is_masked_line_by_line_and_rewrapped() -> None:
    redactor = Redactor.from_values({"BINANCE_API_SECRET": PEM})
    line = textwrap.wrap(BODY, 64)[3]
    rewrapped = "\n".join(textwrap.wrap(BODY, 76))

    for shown in (line, BODY, rewrapped):
        out = redactor.redact(f"key material: {shown}")
        assert redactor.leaks(out) == []
        assert line[8:24] not in out


def test_a_pem_written_with_escaped_newlines_is_masked_as_the_key_it_becomes() -> None:
    escaped = PEM.replace("\n", "\\n")
    redactor = Redactor.from_values({"BINANCE_API_SECRET": escaped})
    line = textwrap.wrap(BODY, 64)[5]

    assert line not in redactor.redact(f"signing with {PEM}")


def test_pem_header_lines_do_not_hide_the_body() -> None:
    encrypted = PEM.replace(
        "-----\n", "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00AA\n\n", 1
    )
    redactor = Redactor.from_values({"BINANCE_API_SECRET": encrypted})

    assert BODY[100:140] not in redactor.redact(BODY)


def test_a_dsn_query_password_is_masked_as_written_and_decoded() -> None:
    dsn = "postgresql://bot@db.internal/app?sslmode=require&password=Qu3ry%40Passw0rd%2Bx"
    redactor = Redactor.from_values({"POSTGRES_DSN": dsn})

    for form in ("Qu3ry@Passw0rd+x", "Qu3ry%40Passw0rd%2Bx"):
        assert "Passw0rd" not in redactor.redact(f"auth failed: {form}")


def test_an_upper_case_query_password_is_masked() -> None:
    redactor = Redactor.from_values({"REDIS_URL": "redis://cache:6379/0?PASSWORD=R3disQueryPw42"})
    assert "R3disQueryPw42" not in redactor.redact("NOAUTH R3disQueryPw42")


def test_a_url_password_holding_a_colon_or_a_question_mark_is_masked_whole() -> None:
    redactor = Redactor.from_values(
        {
            "POSTGRES_DSN": "postgresql://bot:Pa55:w0rd:Long@db/app",
            "WEBHOOK_URL": "https://hook:Hook?Secret99@hooks.example/x",
        }
    )
    out = redactor.redact("Pa55:w0rd:Long Hook?Secret99")
    assert "Pa55" not in out
    assert "Secret99" not in out


def test_a_value_with_a_lone_surrogate_is_masked_not_fatal() -> None:
    odd = "S3cretWithBrokenByte\udcff42"
    assert fingerprint(odd) == fingerprint(odd)
    assert odd not in Redactor.from_values({"TELEGRAM_BOT_TOKEN": odd}).redact(odd)
    assert "sha256:" in mask(odd)


def test_a_pem_body_written_elsewhere_is_masked_as_one_secret_not_line_by_line() -> None:
    """Every line of a PEM is a piece of the value itself; the joined body is what makes a
    re-wrapped or unwrapped body one mask (escaped newlines and header lines included)."""
    encrypted = PEM.replace(
        "-----\n", "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00AA\n\n", 1
    )
    for value in (PEM, PEM.replace("\n", "\\n"), encrypted):
        redactor = Redactor.from_values({"BINANCE_API_SECRET": value})
        shown = redactor.display("BINANCE_API_SECRET")
        assert redactor.redact(f"[{BODY}]") == f"[{shown}]"


def test_the_fingerprint_starts_at_16_characters() -> None:
    assert mask("x" * 16) == f"**** (16 chars, sha256:{fingerprint('x' * 16)})"
    assert mask("x" * 15) == "**** (15 chars)"
