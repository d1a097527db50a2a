"""Each Binance key type, end to end: simulator issues it, golive signs with it, checks pass.

The simulator verifies with the public key only (``golive sim --binance-key-type``),
and ``--write-env`` writes the private key as PEM in the env file.
"""

from __future__ import annotations

import stat
import subprocess
import sys
from typing import TYPE_CHECKING

import httpx
import pytest

from golive.binance_key import KeyKind, signer_for
from golive.checks import binance, binance_api_restrictions
from golive.envfiles.lint import Severity, validate
from golive.envfiles.read import read_env_file
from golive.masking import Redactor
from golive.model import ErrorType, Status
from golive.sim.binance_keys import BinanceKeyType, public_key_type
from golive.sim.envwrite import env_values, write_env_file
from golive.sim.server import SimConfig, start_simulator
from tests.exchanges.support import assert_clean, sim_context

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from golive.sim.server import RunningSimulator

KINDS = list(BinanceKeyType)


@pytest.fixture(scope="module", params=KINDS, ids=[k.value for k in KINDS])
def keyed_sim(request: pytest.FixtureRequest) -> Iterator[RunningSimulator]:
    with start_simulator(SimConfig(binance_key_type=request.param)) as running:
        yield running


@pytest.fixture
def ksim(keyed_sim: RunningSimulator) -> Iterator[RunningSimulator]:
    keyed_sim.state.reset()
    yield keyed_sim
    keyed_sim.state.reset()


def _kind(sim: RunningSimulator) -> BinanceKeyType:
    pem = sim.state.credentials.binance_public_key_pem
    return BinanceKeyType.HMAC if pem is None else public_key_type(pem) or BinanceKeyType.HMAC


async def test_binance_checks_pass_with_every_key_type(ksim: RunningSimulator) -> None:
    ctx = sim_context(ksim)
    assert signer_for(ctx.profile.values).kind is KeyKind(_kind(ksim).value)
    for check in (binance, binance_api_restrictions):
        outcome = await check.run(ctx)
        assert outcome.status in (Status.PASS, Status.WARN), outcome.message
        assert outcome.error_type is None
        assert_clean(outcome, ksim)


async def test_a_wrong_key_of_the_same_type_is_minus_1022(ksim: RunningSimulator) -> None:
    ksim.state.set_scenarios(["binance.bad_signature"])
    outcome = await binance.run(sim_context(ksim))
    assert (outcome.status, outcome.error_type, outcome.reason) == (
        Status.FAIL,
        ErrorType.INVALID_KEY,
        "binance.-1022",
    )


def test_signature_is_base64_percent_encoded_for_asymmetric_keys(ksim: RunningSimulator) -> None:
    """The request as sent: hex for HMAC; base64 with ``+ / =`` percent-encoded otherwise."""
    from golive.exchanges.binance import BinanceAuth

    values = env_values(ksim)
    auth = BinanceAuth("k", signer_for(values), recv_window_ms=5000, now_ms=lambda: 1)
    request = next(auth.sync_auth_flow(httpx.Request("GET", "https://x/api/v3/account")))
    signature = request.url.query.decode().rpartition("&signature=")[2]
    if _kind(ksim) is BinanceKeyType.HMAC:
        assert len(signature) == 64
        assert set(signature) <= set("0123456789abcdef")
    else:
        assert "+" not in signature
        assert "/" not in signature
        assert "=" not in signature


def test_write_env_holds_a_pem_that_golive_reads_back(
    ksim: RunningSimulator, tmp_path: Path
) -> None:
    path = write_env_file(tmp_path / ".env.live", env_values(ksim), ksim.base_url)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    env = read_env_file(path)
    assert env.values["BINANCE_API_SECRET"] == ksim.state.credentials.binance_api_secret
    found = validate(env, "live", list(env.values))
    assert [f for f in found if f.severity is Severity.ERROR] == []
    assert signer_for(env.values).kind is KeyKind(_kind(ksim).value)


def test_cli_sim_rejects_an_unknown_key_type() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "golive", "sim", "--binance-key-type", "dsa"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--binance-key-type must be hmac|ed25519|rsa" in result.stderr


def test_pem_bodies_and_passphrase_are_masked() -> None:
    from tests.keys.support import PASSPHRASE, private_pem

    pem = private_pem("rsa", passphrase=PASSPHRASE)
    redactor = Redactor.from_values(
        {"BINANCE_API_SECRET": pem, "BINANCE_PRIVATE_KEY_PASSPHRASE": PASSPHRASE}
    )
    body = pem.strip().splitlines()[1:-1]
    text = f"line {body[3]} joined {''.join(body)} pass {PASSPHRASE} escaped {pem!r}"
    masked = redactor.redact(text)
    for secret in (body[3], "".join(body), PASSPHRASE, body[10][:8] + body[10][8:]):
        assert secret not in masked
    assert redactor.leaks(masked) == []
