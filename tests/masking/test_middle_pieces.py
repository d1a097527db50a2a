"""Any piece of a secret, from anywhere in it: no 8 consecutive characters survive.

A slice from the middle of a secret (touching neither end) used to be shown in clear;
these properties take the slice from any position, in any case, split by invisible
characters, in each encoding the redactor knows, inside random text.
"""

from __future__ import annotations

import base64
import binascii
import json
import random
import re
import string
import unicodedata
from importlib import resources
from urllib.parse import quote

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from golive.masking import WELL_KNOWN_PASSWORDS, Redactor, is_own_words
from golive.masking.fold import fold
from golive.masking.public import public_words
from golive.report.bundle import EvidenceLeakError, scan_for_leaks

WIDTH = 8
KEY = "BINANCE_API_SECRET"
AWKWARD_CHARS = "\"'$%@\\/{}+=&?# \t\n…ü€ß✓한국"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
ALNUM = string.ascii_letters + string.digits

broad_chars = st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(AWKWARD_CHARS))
surroundings = st.text(alphabet=broad_chars, max_size=30)


def plain(text: str) -> str:
    """Lower-cased without format characters: how a reader would compare two texts."""
    return "".join(c.lower() for c in text if unicodedata.category(c) != "Cf")


def looks_masked(text: str) -> bool:
    """Text shaped like a mask (``abcd…wxyz``, ``****``): ``leaks`` takes it for one."""
    return "…" in text or "****" in text


def windows(text: str, width: int = WIDTH) -> set[str]:
    return {text[i : i + width] for i in range(len(text) - width + 1)}


def has_piece(text: str, secret: str) -> bool:
    """Whether ``text`` shows 8 consecutive visible characters of ``secret``, in any case."""
    shown = plain(text)
    return any(part in shown for part in windows(plain(secret)))


def is_public(piece: str) -> bool:
    """Made only of golive's own words (a key name, a catalogue text): shown as it is."""
    return fold(piece) in public_words() + "\n" + fold(KEY)


@st.composite
def secret_and_piece(draw: st.DrawFn, alphabet: st.SearchStrategy[str] = broad_chars) -> tuple:
    """A secret and a slice of it of at least 8 visible characters, from any position."""
    secret = draw(st.text(alphabet=alphabet, min_size=WIDTH, max_size=120))
    assume(secret.lower() not in WELL_KNOWN_PASSWORDS)
    assume(not is_own_words(secret))  # golive's own words: a weak_secret finding instead
    start = draw(st.integers(0, len(secret) - WIDTH))
    end = draw(st.integers(start + WIDTH, len(secret)))
    piece = secret[start:end]
    assume(len(plain(piece)) >= WIDTH and not is_public(piece))
    return secret, piece


@settings(max_examples=300, deadline=None)
@given(pair=secret_and_piece(), before=surroundings, after=surroundings)
def test_no_piece_of_a_secret_survives_wherever_it_starts(
    pair: tuple[str, str], before: str, after: str
) -> None:
    secret, piece = pair
    redactor = Redactor.from_values({KEY: secret})
    shown = redactor.display(KEY)
    # only inputs where a perfect redaction is itself free of pieces can be judged
    assume(not has_piece(before + shown + after, secret))
    text = before + piece + after

    redacted = redactor.redact(text)

    assert not has_piece(redacted, secret), (secret, piece, redacted)
    assert redactor.leaks(redacted) == []
    if not looks_masked(text):
        assert redactor.leaks(text) == [KEY]


FILLERS = {
    f"EXTRA_{i:04d}_SECRET": "".join(random.Random(i).choices(ALNUM, k=72)) for i in range(400)
}
"""Enough secrets for the index's lean layout (every character of a text looked up, every
few windows of a form indexed): the guarantee is the same."""


@settings(max_examples=60, deadline=None)
@given(pair=secret_and_piece(), before=surroundings, after=surroundings)
def test_no_piece_survives_among_hundreds_of_secrets(
    pair: tuple[str, str], before: str, after: str
) -> None:
    secret, piece = pair
    redactor = Redactor.from_values({**FILLERS, KEY: secret})
    assert redactor._index.lean
    assume(not has_piece(before + redactor.display(KEY) + after, secret))

    redacted = redactor.redact(before + piece + after)

    assert not has_piece(redacted, secret), (secret, piece, redacted)
    blob = base64.b64encode(b"u:" + piece.encode()).decode()
    assert not has_bytes_piece(redactor.redact(f"Basic {blob}"), secret)


@settings(deadline=None)
@given(
    pair=secret_and_piece(st.sampled_from(ALNUM + "-_.")),
    case=st.sampled_from(["upper", "lower", "swapcase"]),
    zero_width=st.sampled_from(ZERO_WIDTH),
    split=st.booleans(),
    before=surroundings,
    after=surroundings,
)
def test_a_piece_in_another_case_or_split_by_invisible_characters_is_masked(
    pair: tuple[str, str],
    case: str,
    zero_width: str,
    split: bool,
    before: str,
    after: str,
) -> None:
    secret, piece = pair
    echoed = getattr(piece, case)()
    if split:
        echoed = zero_width.join(echoed)
    redactor = Redactor.from_values({KEY: secret})
    assume(not has_piece(before + redactor.display(KEY) + after, secret))

    redacted = redactor.redact(before + echoed + after)

    assert not has_piece(redacted, secret), (secret, echoed, redacted)


def recoverable(text: str) -> list[bytes]:
    """What a reader could decode from ``text``: every hex, ``%XX`` and base64 run (at each
    alignment, both alphabets), and the text itself as UTF-8."""
    found = [text.encode()]
    for run in re.findall(r"[0-9a-fA-F]+", text):
        found += [binascii.unhexlify(run[skip:][: (len(run) - skip) // 2 * 2]) for skip in (0, 1)]
    for run in re.findall(r"(?:%[0-9a-fA-F]{2})+", text):
        found.append(binascii.unhexlify(run.replace("%", "")))
    for run in re.findall(r"[A-Za-z0-9+/_-]+", text):
        for skip in range(4):
            body = run[skip:][: (len(run) - skip) // 4 * 4]
            found += [base64.b64decode(body.replace("-", "+").replace("_", "/"))]
    return found


def has_bytes_piece(text: str, secret: str) -> bool:
    data = secret.encode()
    parts = windows(data.decode("latin-1"))
    return any(part.encode("latin-1") in blob for blob in recoverable(text) for part in parts)


ENCODINGS = {
    "hex": lambda b: b.hex(),
    "HEX": lambda b: b.hex().upper(),
    "percent_every_byte": lambda b: "".join(f"%{x:02X}" for x in b),
    "base64": lambda b: base64.b64encode(b).decode(),
    "base64_url": lambda b: base64.urlsafe_b64encode(b).decode().rstrip("="),
}


@settings(deadline=None)
@given(
    pair=secret_and_piece(st.sampled_from(ALNUM + "-_.~")),
    form=st.sampled_from(list(ENCODINGS)),
    head=st.binary(max_size=5),
    tail=st.binary(max_size=5),
)
def test_a_piece_inside_an_encoded_blob_is_masked_at_any_alignment(
    pair: tuple[str, str], form: str, head: bytes, tail: bytes
) -> None:
    """The bytes around the piece shift it inside the blob: base64 at each of the three
    alignments (an HTTP Basic ``user:password``), hex at an odd digit."""
    secret, piece = pair
    redactor = Redactor.from_values({KEY: secret})
    text = "echo: " + ENCODINGS[form](head + piece.encode() + tail) + " (end)"

    redacted = redactor.redact(text)

    assert not has_bytes_piece(redacted, secret), (secret, piece, text, redacted)
    assert redactor.leaks(text) == [KEY]


@settings(deadline=None)
@given(pair=secret_and_piece(), before=surroundings, after=surroundings)
def test_a_piece_url_quoted_or_json_escaped_is_masked(
    pair: tuple[str, str], before: str, after: str
) -> None:
    secret, piece = pair
    redactor = Redactor.from_values({KEY: secret})
    ideal = plain(before + redactor.display(KEY) + after)
    for encode in (lambda s: quote(s, safe=""), lambda s: json.dumps(s)[1:-1]):
        parts = [plain(encode(piece[i : i + WIDTH])) for i in range(len(piece) - WIDTH + 1)]
        assume(not any(part in ideal for part in parts))
        redacted = plain(redactor.redact(before + encode(piece) + after))
        assert not [part for part in parts if part in redacted], (piece, redacted)


@settings(deadline=None)
@given(pair=secret_and_piece(), before=surroundings, after=surroundings)
def test_the_bundle_leak_scan_finds_a_piece_in_an_evidence_file(
    pair: tuple[str, str], before: str, after: str
) -> None:
    secret, piece = pair
    redactor = Redactor.from_values({KEY: secret})
    assume(not has_piece(before + redactor.display(KEY) + after, secret))
    files = {"result.json": "{}", "detail.txt": before + piece + after}
    assume(not looks_masked(files["detail.txt"]))

    with pytest.raises(EvidenceLeakError, match=KEY):
        scan_for_leaks(files, redactor)
    scan_for_leaks({"detail.txt": redactor.redact(files["detail.txt"])}, redactor)


# -- what stays shown ---------------------------------------------------------------------


def test_a_placeholder_masks_no_part_of_the_key_names_beside_it() -> None:
    values = {
        "UPBIT_ACCESS_KEY": "your_access_key",
        "UPBIT_SECRET_KEY": "your_upbit_secret_key_here",
        "BINANCE_API_SECRET": "changeme_binance_api_secret",
    }
    redactor = Redactor.from_values(values)
    report = "\n".join(f"line {n}  error  {key}  placeholder" for n, key in enumerate(values))

    assert redactor.redact(report) == report
    assert redactor.leaks(report) == []
    for value in values.values():  # the value itself is still never shown
        assert value not in redactor.redact(f"value: {value}")


def test_a_password_holding_golive_words_leaves_its_reason_codes_and_hints() -> None:
    redactor = Redactor.from_values({"DB_PASSWORD": "Withdrawals_Enabled_Tr4nsfer!"})
    text = "binance.withdrawals_enabled: withdrawals are enabled on this key"

    assert redactor.redact(text) == text
    assert redactor.leaks(text) == []
    assert "Enabled_Tr4n" not in redactor.redact("got Withdrawals_Enabled_Tr4n")


def test_a_piece_that_is_mostly_public_words_is_still_masked() -> None:
    redactor = Redactor.from_values({"UPBIT_ACCESS_KEY": "your_access_key_9f3Kq2"})

    assert "access_key_9f3" not in redactor.redact("upbit said: access_key_9f3 unknown")
    assert "UPBIT_ACCESS_KEY" in redactor.redact("UPBIT_ACCESS_KEY is missing")


def test_random_secrets_leave_golive_s_own_texts_untouched() -> None:
    """No ordinary word vanishes: a thousand random 64-character secrets change nothing in
    both catalogues (every message golive can show)."""
    catalogue = resources.files("golive.messages")
    texts = [catalogue.joinpath(name).read_text("utf-8") for name in ("en.json", "ko.json")]
    chance = random.Random(7)
    values = {f"R{i:04d}_SECRET": "".join(chance.choices(ALNUM, k=64)) for i in range(1000)}
    redactor = Redactor.from_values(values)

    for text in texts:  # secret positions (``<user>:<password>@``) are masked by any redactor
        assert redactor.redact(text) == Redactor().redact(text)
        assert redactor.leaks(text) == []
