"""Which Binance key a profile holds, and every way a private key can be unusable."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from golive.binance_key import KeyKind, KeyProblemError, signer_for, uses_private_key
from tests.keys.support import PASSPHRASE, private_pem, public_pem

if TYPE_CHECKING:
    from pathlib import Path

HMAC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"


@pytest.mark.parametrize("kind", ["ed25519", "rsa"])
def test_pem_in_the_secret_is_recognised(kind: str) -> None:
    values = {"BINANCE_API_SECRET": private_pem(kind)}
    assert uses_private_key(values)
    assert signer_for(values).kind is KeyKind(kind)


def test_a_plain_secret_is_hmac() -> None:
    values = {"BINANCE_API_SECRET": HMAC_SECRET}
    assert not uses_private_key(values)
    assert signer_for(values).kind is KeyKind.HMAC


@pytest.mark.parametrize("kind", ["ed25519", "rsa"])
def test_encrypted_key_file_with_its_passphrase(tmp_path: Path, kind: str) -> None:
    key = tmp_path / "binance.pem"
    key.write_text(private_pem(kind, passphrase=PASSPHRASE))
    values = {
        "BINANCE_PRIVATE_KEY_PATH": "binance.pem",
        "BINANCE_PRIVATE_KEY_PASSPHRASE": PASSPHRASE,
    }
    assert signer_for(values, tmp_path).kind is KeyKind(kind)


def _problem(values: dict[str, str], base: Path | None = None) -> str:
    with pytest.raises(KeyProblemError) as caught:
        signer_for(values, base)
    return caught.value.code


def test_every_key_problem_has_its_code(tmp_path: Path) -> None:
    encrypted = private_pem("ed25519", passphrase=PASSPHRASE)
    (tmp_path / "enc.pem").write_text(encrypted)
    path = {"BINANCE_PRIVATE_KEY_PATH": "enc.pem"}
    assert _problem(path, tmp_path) == "passphrase_missing"
    wrong = {**path, "BINANCE_PRIVATE_KEY_PASSPHRASE": "not-it"}
    assert _problem(wrong, tmp_path) == "passphrase_wrong"
    assert _problem({"BINANCE_PRIVATE_KEY_PATH": "absent.pem"}, tmp_path) == "key_file_missing"
    assert _problem({"BINANCE_PRIVATE_KEY_PATH": "."}, tmp_path) == "key_file_unreadable"
    public = public_pem(private_pem("ed25519"))
    assert _problem({"BINANCE_API_SECRET": public}) == "pem_not_private"
    escaped = private_pem("ed25519").strip().replace("\n", "\\n")
    assert _problem({"BINANCE_API_SECRET": escaped}) == "pem_escaped_newlines"
    cut = private_pem("rsa")[:300]
    assert _problem({"BINANCE_API_SECRET": cut}) == "pem_unreadable"
    assert _problem({"BINANCE_API_SECRET": private_pem("rsa", bits=1024)}) == "rsa_size"
    assert _problem({"BINANCE_API_SECRET": private_pem("ec")}) == "key_type_unsupported"


def test_the_key_file_wins_over_the_secret(tmp_path: Path) -> None:
    (tmp_path / "k.pem").write_text(private_pem("ed25519"))
    values = {
        "BINANCE_API_SECRET": HMAC_SECRET,
        "BINANCE_PRIVATE_KEY_PATH": str(tmp_path / "k.pem"),
    }
    assert signer_for(values).kind is KeyKind.ED25519


def test_signers_hide_the_key_in_repr() -> None:
    pem = private_pem("ed25519")
    for values in ({"BINANCE_API_SECRET": pem}, {"BINANCE_API_SECRET": HMAC_SECRET}):
        shown = repr(signer_for(values))
        assert "hidden" in shown
        assert HMAC_SECRET not in shown
        assert "PRIVATE" not in shown
