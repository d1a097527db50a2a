"""The session-wide invariants (tests.support.invariants) can fail, and say why.

An inner pytest session, in a child process, runs tests that break them on
purpose: a mutating request to the simulator, a secret printed, a secret in an
evidence bundle. Each must fail its own test and be listed again at the end,
and the session must fail; the clean and the exempted tests must pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support.invariants import secret_values, secret_windows

REPO = Path(__file__).resolve().parents[2]
PLUGINS = ("network_guard", "workspace", "simulator", "invariants")
FAKE_SECRET = "Inner-Test-Secret-0123456789abcdef"

INNER_TESTS = f"""
import httpx
import pytest

SECRET = {FAKE_SECRET!r}


def test_sends_an_order(sim):
    httpx.post(sim.url("/api/v3/order?symbol=BTCUSDT&side=BUY"))


@pytest.mark.allow_mutating_requests
def test_sends_an_order_on_purpose(sim):
    httpx.post(sim.url("/api/v3/order?symbol=BTCUSDT&side=BUY"))


def test_prints_a_secret(workspace):
    workspace.write_env(".env.live", {{"BINANCE_API_SECRET": SECRET}})
    print("the secret is", SECRET[4:20])


def test_writes_a_secret_into_a_bundle(workspace):
    workspace.write_env(".env.live", {{"REDIS_URL": f"redis://:{{SECRET}}@127.0.0.1:6379/0"}})
    bundle = workspace.root / "logs" / "evidence" / "preflight_live_20260101_000000_abcd"
    bundle.mkdir(parents=True)
    (bundle / "result.json").write_text("{{}}")
    (bundle / "detail.txt").write_text("dsn " + SECRET)


def test_fails_and_leaks(safety_ledger, capsys):
    safety_ledger.note_secrets({{"TELEGRAM_BOT_TOKEN": SECRET}})
    print(SECRET)
    assert False, "a failure of its own"


def test_clean(workspace, sim):
    workspace.write_env(".env.live", {{"BINANCE_API_SECRET": SECRET}})
    httpx.get(sim.url("/api/v3/time"))
    print("nothing to see")
"""


def run_inner(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(INNER_TESTS))
    plugins = [arg for name in PLUGINS for arg in ("-p", f"tests.support.{name}")]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugins),
            *(f"--basetemp={tmp_path / 'inner-tmp'}", "test_inner.py"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_violations_fail_their_test_and_the_session(tmp_path: Path) -> None:
    done = run_inner(tmp_path)
    out = done.stdout

    assert done.returncode == 1, out + done.stderr
    assert "4 failed, 2 passed" in out, out
    summary = out.split("safety invariants violated", 1)[1]
    assert "test_sends_an_order: mutating_request: POST /api/v3/order (binance)" in summary
    assert "test_sends_an_order_on_purpose" not in summary
    assert "test_prints_a_secret: secret_leak: value of BINANCE_API_SECRET in captured" in summary
    assert "test_writes_a_secret_into_a_bundle: secret_leak: value of REDIS_URL:password" in summary
    assert "detail.txt" in summary
    assert "test_fails_and_leaks: secret_leak: value of TELEGRAM_BOT_TOKEN" in summary
    assert "test_clean" not in summary
    assert FAKE_SECRET not in summary
    assert f"secrets=[{{'TELEGRAM_BOT_TOKEN': '{FAKE_SECRET}'}}]" not in out  # the ledger's repr


def test_secret_values_take_keys_tokens_and_url_passwords() -> None:
    values = {
        "BINANCE_API_KEY": "k" * 20,
        "TELEGRAM_BOT_TOKEN": "1234:" + "t" * 30,
        "TELEGRAM_CHAT_ID": "-1001234567890",
        "POSTGRES_DSN": "postgresql://bot:Pg%25secret-pw@db:5432/x",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SHORT_SECRET": "tiny",
    }

    found = secret_values(values)

    assert found == {
        "BINANCE_API_KEY": "k" * 20,
        "TELEGRAM_BOT_TOKEN": "1234:" + "t" * 30,
        "POSTGRES_DSN:password": "Pg%25secret-pw",
        "POSTGRES_DSN:password(decoded)": "Pg%secret-pw",
    }


def test_slices_of_key_names_are_not_secrets() -> None:
    windows = secret_windows("${BINANCE_SECRET}", "BINANCE_API_SECRET BINANCE_API_KEY")
    assert "BINANCE_" not in windows
    assert "{BINANCE" in windows
