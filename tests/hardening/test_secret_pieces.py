"""A piece from the middle of a secret, end to end: the real CLI against the simulator.

A venue that echoes part of the key back, or an env value holding part of a secret, must
not reach the console, ``result.json`` or any evidence file; a placeholder value must not
cost ``env validate`` the name of its key. (The suite-wide invariant looks for every
8-character slice of every written secret as well: tests/support/invariants.py.)
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING

import pytest

from golive.sim.state import Injection
from tests.hardening.support import live_workspace, preflight
from tests.hardening.test_hostile_secrets import everything_shown

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

WIDTH = 8


def slices(value: str) -> list[str]:
    return [value[i : i + WIDTH] for i in range(len(value) - WIDTH + 1)]


def middle(secret: str) -> str:
    """A slice touching neither end of ``secret``."""
    return secret[len(secret) // 4 : len(secret) // 4 + 20]


@pytest.mark.parametrize(
    "echo",
    [
        pytest.param(lambda piece: piece, id="raw"),
        pytest.param(lambda piece: piece.upper(), id="upper"),
        pytest.param(lambda piece: piece.encode().hex(), id="hex"),
        pytest.param(lambda piece: base64.b64encode(b"k:" + piece.encode()).decode(), id="base64"),
    ],
)
def test_a_middle_slice_echoed_by_a_venue_never_reaches_an_output(
    workspace: Workspace, sim: RunningSimulator, echo: object
) -> None:
    live_workspace(workspace, sim)
    secret = sim.state.credentials.binance_api_secret
    assert callable(echo)
    piece = middle(secret)
    message = f"Signature for this request is not valid. Secret: {echo(piece)}"
    body = json.dumps({"code": -1022, "msg": message}).encode()
    sim.state.inject(Injection("GET", "/sapi/v1/account/apiRestrictions", 400, body=body))

    run = preflight(workspace, ("binance_api_restrictions",), "--timeout", "3")

    checks = run.data["checks"]
    assert (checks[0]["status"], checks[0]["reason"]) == ("FAIL", "binance.-1022")
    shown = everything_shown(workspace)
    assert "Signature for this request is not valid" in shown  # the answer is reported
    assert echo(piece) not in shown
    assert not [part for part in slices(piece) if part.lower() in shown.lower()]


def test_a_slice_of_a_secret_in_another_env_value_is_masked(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    secret = sim.state.credentials.binance_api_secret
    piece = middle(secret)
    workspace.write_env(
        ".env.live",
        {**workspace.written[-1], "BOT_LABEL": f"arb-{piece}-eu"},
    )

    validated = workspace.run("env", "validate", "--env", "live", "--verbose")
    run = preflight(workspace, ("env_file", "required_keys"), "--timeout", "3")

    assert "BOT_LABEL" in validated.out
    assert "arb-" in validated.out
    for text in (validated.text, everything_shown(workspace)):
        assert not [part for part in slices(piece) if part in text]
    assert run.result.code in (0, 1), run.result.text


def test_a_placeholder_value_leaves_its_key_name_whole(workspace: Workspace) -> None:
    """``UPBIT_ACCESS_KEY=your_access_key`` showed as ``UPBIT**** (15 chars)``: the value's
    ``_access_key`` matched the key name. A piece made only of key names is not a leak."""
    from tests.support.workspace import VALID_SECRETS

    placeholders = {
        "UPBIT_ACCESS_KEY": "your_access_key",
        "UPBIT_SECRET_KEY": "your_upbit_secret_key_here",
    }
    workspace.write_env(".env.live", {"ARBITRAGE_ENV": "live", **VALID_SECRETS, **placeholders})

    result = workspace.run("env", "validate", "--env", "live", "--verbose")

    assert result.code == 1, result.text
    lines = result.out.splitlines()
    for key in placeholders:
        [finding] = [line for line in lines if f"error    {key}  " in line]
        assert "placeholder" in finding
        assert "your_…" in finding
    assert "****" not in "\n".join(lines[:3])  # no part of a key name or message masked
    for value in placeholders.values():
        assert value not in result.out
