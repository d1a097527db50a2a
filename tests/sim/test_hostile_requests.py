"""Hostile requests to the simulator (issue 11, point 15): it answers as the venues do,
never with a 500, and its control API cannot be driven by a web page."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golive.sim.envwrite import env_values
from tests.support.simulator import binance_headers, now_ms, upbit_token

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")


def signed_account(sim: RunningSimulator, signature: str) -> httpx.Response:
    return httpx.get(
        sim.url(f"/api/v3/account?timestamp={now_ms()}&signature={signature}"),
        headers=binance_headers(sim),
    )


@pytest.mark.parametrize("signature", ["%C3%A9", "%FF", "%E2%9C%93" * 30, "%00", "%F0%9F%92%A3"])
def test_a_non_ascii_binance_signature_is_1022(sim: RunningSimulator, signature: str) -> None:
    response = signed_account(sim, signature)
    assert (response.status_code, response.json()["code"]) == (400, -1022)


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=1, max_size=40))
def test_any_signature_bytes_answer_as_binance(simulator: RunningSimulator, raw: bytes) -> None:
    """The class: any percent-encoded bytes as the signature; never a 500."""
    response = signed_account(simulator, "".join(f"%{b:02X}" for b in raw))
    assert response.status_code == 400, response.text
    assert response.json()["code"] in (-1022, -1102)


def upbit_accounts(sim: RunningSimulator, token: str) -> httpx.Response:
    return httpx.get(sim.url("/v1/accounts"), headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize("junk", ["!!!", "*", "==", " ", "%", "+/"])
@pytest.mark.parametrize("segment", [0, 1, 2])
def test_junk_inside_a_jwt_segment_is_rejected(
    sim: RunningSimulator, junk: str, segment: int
) -> None:
    creds = sim.state.credentials
    parts = upbit_token(creds.upbit_access_key, creds.upbit_secret_key).split(".")
    parts[segment] = parts[segment][:5] + junk + parts[segment][5:]

    response = upbit_accounts(sim, ".".join(parts))

    assert response.status_code == 401
    assert response.json()["error"]["name"] == "jwt_verification"


def test_the_untouched_jwt_is_accepted(sim: RunningSimulator) -> None:
    creds = sim.state.credentials
    assert upbit_accounts(
        sim, upbit_token(creds.upbit_access_key, creds.upbit_secret_key)
    ).is_success


def test_a_non_ascii_query_hash_is_rejected_not_a_500(sim: RunningSimulator) -> None:
    creds = sim.state.credentials
    token = upbit_token(
        creds.upbit_access_key, creds.upbit_secret_key, claims={"query_hash": "é" * 128}
    )
    response = httpx.get(
        sim.url("/v1/orders/chance?market=KRW-BTC"), headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


# -- the control API ------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_control_post_without_json_content_type_is_refused(
    sim: RunningSimulator, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = httpx.post(
        sim.url("/__sim__/scenario"),
        content=b'{"scenarios": ["binance.withdrawals_enabled"]}',
        headers=headers,
    )
    assert response.status_code == 415
    assert sim.state.active_scenarios == ()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "10.0.0.1", "[2001:db8::1]:9"])
def test_a_control_request_with_a_foreign_host_is_refused(sim: RunningSimulator, host: str) -> None:
    """DNS rebinding: a page on evil.example resolves its name to 127.0.0.1."""
    response = httpx.post(
        sim.url("/__sim__/scenario"),
        json={"scenarios": ["binance.withdrawals_enabled"]},
        headers={"Host": host},
    )
    assert response.status_code == 403
    assert httpx.get(sim.url("/__sim__/scenario"), headers={"Host": host}).status_code == 403
    assert sim.state.active_scenarios == ()


@pytest.mark.parametrize("host", ["127.0.0.1:1", "localhost:8080", "[::1]:9"])
def test_a_loopback_host_is_served(sim: RunningSimulator, host: str) -> None:
    response = httpx.get(sim.url("/__sim__/scenario"), headers={"Host": host})
    assert response.status_code == 200


# -- SIGINT before the checks start ---------------------------------------------------------


@pytest.mark.parametrize("delay", [0.2, 0.4, 0.6, 0.9, 1.3])
def test_sigint_at_start_up_says_interrupted(
    workspace: Workspace, sim: RunningSimulator, delay: float
) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
    child = subprocess.Popen(
        [sys.executable, "-m", "golive", "preflight", "--env", "live", "--only", "env_file"],
        cwd=workspace.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)

    assert "Traceback" not in out + err
    if child.returncode == 130:
        assert "interrupted" in err
    else:  # the signal came once the exit code was settled: ignored, never a death by signal
        assert child.returncode == 0, err
