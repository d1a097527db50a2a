"""The parts of the piece index, each at its edges: folding, piece forms, decoded runs, and
what is exactly masked (a piece is 8 characters: 7 stay shown)."""

from __future__ import annotations

import base64
import subprocess
import sys
from urllib.parse import quote

import pytest

from golive.masking import Redactor
from golive.masking.fold import fold, folded_with_positions
from golive.masking.forms import PieceForm, piece_forms
from golive.masking.views import decoded_views

SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
KEY = "BINANCE_API_SECRET"


def masked() -> tuple[Redactor, str]:
    redactor = Redactor.from_values({KEY: SECRET})
    return redactor, redactor.display(KEY)


# -- folding ------------------------------------------------------------------------------


def test_folding_lowers_drops_format_characters_and_reads_both_base64_alphabets_alike() -> None:
    assert fold("AbC+/") == "abc-_"
    assert fold("ÄÖ+/\u200bZ") == "äö-_z"
    assert fold("İ") == "i̇"  # one character lowered into two


def test_positions_are_kept_only_when_folding_moves_characters() -> None:
    assert folded_with_positions("Plain ASCII+") == ("plain ascii-", None)
    assert folded_with_positions("Ünïcode …") == ("ünïcode …", None)
    folded, positions = folded_with_positions("a\u200bBİc")
    assert folded == "abi̇c"
    assert positions == [0, 2, 3, 3, 4, 5]


def test_a_fresh_process_folds_a_text_with_no_character_that_moves() -> None:
    """The first text a process folds fills the fold table: nothing has moved yet."""
    code = "from golive.masking.fold import folded_with_positions as f; print(f('Ünï …'))"
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "('ünï …', None)\n"), done.stderr


# -- piece forms --------------------------------------------------------------------------


def test_a_plain_secret_has_its_raw_form_and_three_base64_alignments() -> None:
    forms = piece_forms("Abcdefgh12")
    assert [form.need for form in forms] == [8, 10, 10, 10]
    assert forms[0] == PieceForm("abcdefgh12", None, 8)
    assert forms[1].text == base64.b64encode(b"Abcdefgh12").decode().rstrip("=").lower()
    assert forms[2].text == base64.b64encode(b"\0Abcdefgh12").decode().rstrip("=").lower()


def test_an_encoding_that_writes_a_character_as_several_counts_characters() -> None:
    forms = {form.text: form for form in piece_forms("a/b c?d&e=f")}
    quoted = forms[fold(quote("a/b c?d&e=f", safe=""))]
    assert quoted.units == (0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21)
    assert quoted.units_within(0, 21) == 11
    assert quoted.units_within(1, 20) == 9  # "%2fb%20c%3fd%26e%3d": the f is cut off
    assert quoted.units_within(2, 20) == 8  # a cut escape is not a character
    assert quoted.shortest_piece() == 4 * 1 + 4 * 3  # four letters and four escapes


def test_the_shortest_piece_need_not_start_the_form() -> None:
    [quoted] = [form for form in piece_forms("?abcdefgh") if form.units is not None]
    assert quoted.units == (0, 3, 4, 5, 6, 7, 8, 9, 10, 11)
    assert quoted.shortest_piece() == 8  # "abcdefgh", not "%3fabcdefg" (10)


def test_a_secret_of_fewer_than_8_visible_characters_has_no_pieces() -> None:
    assert piece_forms("abc\u200bdefg") == []
    assert piece_forms("abcdefgh") != []


# -- decoded runs -------------------------------------------------------------------------


def test_hex_runs_are_read_at_both_alignments_and_percent_runs_as_they_stand() -> None:
    data = "x" + b"Abcdefgh".hex() + " y %41%42%43%44%45%46%47%48 z"
    views = list(decoded_views(data))
    assert ("Abcdefgh", 1, 2) in views
    assert any(start == 2 and width == 2 for _, start, width in views)
    assert ("ABCDEFGH", data.index("%"), 3) in views


def test_short_hex_and_percent_runs_are_not_decoded() -> None:
    assert list(decoded_views("0123456789abcde %41%42%43%44%45%46%47")) == []


# -- exactly what is masked ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        (SECRET[10:18], "<{}>"),
        (SECRET[10:17], f"<{SECRET[10:17]}>"),
        (SECRET[20:40].upper(), "<{}>"),
        (SECRET[20:40].encode().hex(), "<{}>"),
        (SECRET[20:40].encode().hex().upper(), "<{}>"),
        ("".join(f"%{b:02X}" for b in SECRET[20:40].encode()), "<{}>"),
        (quote(SECRET[3:30] + "/", safe=""), "<{}%2F>"),
        (base64.b64encode(SECRET[21:30].encode()).decode(), "<{}>"),
    ],
    ids=["8", "7", "upper", "hex", "HEX", "percent_bytes", "quoted", "base64_aligned"],
)
def test_a_piece_is_replaced_exactly_and_seven_characters_are_not_a_piece(
    shown: str, expected: str
) -> None:
    redactor, display = masked()
    assert redactor.redact(f"<{shown}>") == expected.format(display)


def test_seven_bytes_in_base64_are_not_a_piece_and_eight_are() -> None:
    redactor, display = masked()
    seven = base64.b64encode(SECRET[30:37].encode()).decode()
    eight = base64.b64encode(SECRET[30:38].encode()).decode()
    assert redactor.redact(seven) == seven
    assert redactor.leaks(eight) == [KEY]
    assert display in redactor.redact(eight)


def test_two_pieces_of_one_secret_side_by_side_are_masked_each() -> None:
    redactor, display = masked()
    text = f"{SECRET[40:50]}{SECRET[5:15]}"
    assert redactor.redact(text) == display + display
