"""``golive env validate`` recognises the Binance key forms; the key file never leaks."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from golive.cli import main
from tests.keys.support import PASSPHRASE, private_pem
from tests.support.keys import binance_key, upbit_key

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

HMAC_SECRET = binance_key("BnS3cKq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0GfJu2Ki8Ol7")
BASE = {
    "ARBITRAGE_ENV": "live",
    "UPBIT_ACCESS_KEY": upbit_key("Up7AcKq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0Gf"),
    "UPBIT_SECRET_KEY": upbit_key("UpS3cKq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0Gf"),
    "BINANCE_API_KEY": binance_key("Bn7ApKq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0GfJu2Ki8Ol7"),
    "TELEGRAM_BOT_TOKEN": "7012345678:AAFhbjb4riec70dMdNfGzCq3N1nmNU2-VQ8",
    "TELEGRAM_CHAT_ID": "-1001234567890",
    "POSTGRES_DSN": "postgresql://bot@db.internal:5432/arb",
    "REDIS_URL": "redis://cache.internal:6380/0",
}


def _write(folder: Path, extra: dict[str, str]) -> Path:
    lines = [f'{k}="{v}"' for k, v in {**BASE, **extra}.items()]
    path = folder / ".env.live"
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


def _codes(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[tuple[str, str]]]:
    code = main(["env", "validate", "--env-file", str(path), "--format", "json"])
    out = capsys.readouterr().out
    found = json.loads(out)["findings"]
    return code, [(f["key"], f["code"]) for f in found if f["code"] != "example_drift"]


def test_key_file_at_0600_stands_in_for_the_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "binance.pem"
    key.write_text(private_pem("ed25519"))
    key.chmod(0o600)
    path = _write(tmp_path, {"BINANCE_PRIVATE_KEY_PATH": "binance.pem"})
    assert _codes(path, capsys) == (0, [])


def test_key_file_readable_by_others_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "binance.pem"
    key.write_text(private_pem("ed25519"))
    key.chmod(0o644)
    path = _write(tmp_path, {"BINANCE_PRIVATE_KEY_PATH": str(key)})
    assert _codes(path, capsys) == (1, [("BINANCE_PRIVATE_KEY_PATH", "key_file_mode")])


def test_encrypted_key_without_passphrase_and_a_stray_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    encrypted = private_pem("rsa", passphrase=PASSPHRASE)
    path = _write(tmp_path, {"BINANCE_API_SECRET": encrypted})
    assert _codes(path, capsys) == (1, [("BINANCE_PRIVATE_KEY_PASSPHRASE", "private_key")])
    ok = _write(
        tmp_path, {"BINANCE_API_SECRET": encrypted, "BINANCE_PRIVATE_KEY_PASSPHRASE": PASSPHRASE}
    )
    assert _codes(ok, capsys) == (0, [])
    stray = _write(
        tmp_path,
        {
            "BINANCE_API_SECRET": HMAC_SECRET,
            "BINANCE_PRIVATE_KEY_PASSPHRASE": PASSPHRASE,
        },
    )
    assert _codes(stray, capsys) == (0, [("BINANCE_PRIVATE_KEY_PASSPHRASE", "passphrase_unused")])


def test_no_secret_and_no_key_file_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, {})
    assert _codes(path, capsys) == (1, [("BINANCE_API_SECRET", "missing_key")])


def test_verbose_output_masks_the_pem_the_file_and_the_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pem = private_pem("ed25519", passphrase=PASSPHRASE)
    key = tmp_path / "k.pem"
    key.write_text(pem)
    os.chmod(key, 0o600)
    path = _write(
        tmp_path,
        {"BINANCE_PRIVATE_KEY_PATH": str(key), "BINANCE_PRIVATE_KEY_PASSPHRASE": PASSPHRASE},
    )
    main(["env", "validate", "--env-file", str(path), "--verbose"])
    out = capsys.readouterr().out
    assert PASSPHRASE not in out
    for line in pem.strip().splitlines()[1:-1]:
        assert line[:8] not in out
