"""``golive serve`` as a real process over HTTP, with the simulator switching scenarios."""

from __future__ import annotations

import json
import signal
from datetime import datetime
from typing import TYPE_CHECKING

import pytest

from golive.sim.envwrite import env_values
from tests.operate.support import ServeProcess, value
from tests.support.workspace import leaked_slices, secret_parts

if TYPE_CHECKING:
    from collections.abc import Iterator

    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace


@pytest.fixture
def served(workspace: Workspace, sim: RunningSimulator) -> Iterator[ServeProcess]:
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    workspace.allow_hosts("127.0.0.1")  # the simulator: a live base URL off production
    server = ServeProcess(
        workspace, "--env", "live", "--interval", "1", "--port", "0", "--keep", "3"
    )
    try:
        yield server
    finally:
        server.kill()


def ready_state(server: ServeProcess) -> tuple[int, str | None, float | None]:
    code, body = server.readyz()
    metrics = server.get("/metrics").text
    return code, body["verdict"], value(metrics, "golive_ready", profile="live")


def test_readyz_and_metrics_follow_the_simulator(
    served: ServeProcess, sim: RunningSimulator, workspace: Workspace
) -> None:
    assert served.url.startswith("http://127.0.0.1:")  # loopback by default
    served.wait_for("READY", lambda: ready_state(served) == (200, "READY", 1.0))

    sim.state.set_scenarios(["binance.withdrawals_enabled"])
    served.wait_for("NOT_READY", lambda: ready_state(served) == (503, "NOT_READY", 0.0))
    code, body = served.readyz()
    assert (code, body["ready"], body["reason"]) == (503, False, "not_ready")
    metrics = served.get("/metrics").text
    assert value(metrics, "golive_check_status", check="binance_api_restrictions", status="FAIL")
    result = json.loads(served.get("/result.json").text)
    assert result["verdict"] == "NOT_READY"

    sim.state.set_scenarios([])
    served.wait_for("READY again", lambda: ready_state(served) == (200, "READY", 1.0))
    health = served.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    runs = value(served.get("/metrics").text, "golive_serve_runs_total", profile="live")
    assert runs is not None
    assert runs >= 3

    code, output = served.stop(signal.SIGTERM)
    assert code == 0, output
    assert "Traceback" not in output
    assert "stopped" in output
    assert len(workspace.bundles()) <= 3  # --keep 3: it deleted its older bundles
    secrets = secret_parts(env_values(sim, "live"))
    assert leaked_slices(output + metrics + json.dumps(result), secrets) == []


def test_a_failing_run_never_stops_the_server(
    served: ServeProcess, workspace: Workspace, sim: RunningSimulator
) -> None:
    served.wait_for("READY", lambda: served.readyz()[0] == 200)
    env_file = workspace.root / ".env.live"
    saved = env_file.read_text()
    env_file.unlink()  # the next runs cannot even load the profile
    served.wait_for("run_failed", lambda: served.readyz()[1]["reason"] == "run_failed")
    assert served.get("/healthz").status_code == 200
    failures = value(served.get("/metrics").text, "golive_serve_run_failures_total")
    assert failures is not None
    assert failures >= 1
    assert_blind_spot_closed(served, failures)
    env_file.write_text(saved)
    env_file.chmod(0o600)
    served.wait_for("READY again", lambda: served.readyz()[0] == 200)
    code, output = served.stop(signal.SIGINT)
    assert code == 0, output
    assert "could not finish" in output


def failed_scrape(served: ServeProcess) -> tuple[float | None, float | None, float | None]:
    """golive_ready, golive_last_run_timestamp_seconds, golive_serve_last_run_failed."""
    text = served.get("/metrics").text
    return (
        value(text, "golive_ready", profile="live"),
        value(text, "golive_last_run_timestamp_seconds", profile="live"),
        value(text, "golive_serve_last_run_failed", profile="live"),
    )


def assert_blind_spot_closed(served: ServeProcess, failures: float) -> None:
    """After failed runs the alerts still have series: ready 0, the last completed run's time
    kept (unchanged by later failures), and /result.json still the completed run's result."""
    ready, stamp, failed = failed_scrape(served)
    assert (ready, failed) == (0.0, 1.0)
    answer = served.get("/result.json")
    assert (answer.status_code, answer.headers["Golive-Last-Attempt"]) == (200, "failed")
    result = json.loads(answer.text)
    assert result["verdict"] == "READY"
    finished = datetime.fromisoformat(result["finished_at"].replace("Z", "+00:00"))
    assert stamp == pytest.approx(finished.timestamp(), abs=0.002)

    def another_failure() -> bool:
        text = served.get("/metrics").text
        return (value(text, "golive_serve_run_failures_total") or 0) > failures

    served.wait_for("another failed run", another_failure)
    assert failed_scrape(served) == (0.0, stamp, 1.0)


def test_stale_result_is_not_ready(workspace: Workspace, sim: RunningSimulator) -> None:
    """A run slower than two intervals: /readyz says stale, not ready, while it is READY."""
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    workspace.allow_hosts("127.0.0.1")  # the simulator: a live base URL off production
    server = ServeProcess(
        workspace, "--env", "live", "--interval", "1", "--port", "0", "--timeout", "30"
    )
    try:
        server.wait_for("READY", lambda: server.readyz()[0] == 200)
        sim.state.set_scenarios(["binance.hang"])  # the next run waits out its 30 s timeout
        code, body = server.wait_for(
            "stale", lambda: (r := server.readyz())[1]["reason"] == "stale" and r
        )
        assert (code, body["verdict"]) == (503, "READY")
        assert server.get("/healthz").json()["running"] is True
        code, output = server.stop(signal.SIGTERM)  # cancels the hanging run at once
        assert code == 0, output
    finally:
        server.kill()


def test_a_taken_port_is_exit_2(workspace: Workspace, sim: RunningSimulator) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    workspace.allow_hosts("127.0.0.1")  # the simulator: a live base URL off production
    result = workspace.run_subprocess(
        "serve", "--env", "live", "--port", str(sim.port), "--interval", "1"
    )
    assert result.code == 2, result.text
    assert result.err.startswith("golive: error: cannot listen on 127.0.0.1:"), result.err


def test_a_missing_env_file_is_exit_2_before_listening(workspace: Workspace) -> None:
    result = workspace.run_subprocess("serve", "--env", "live", "--port", "0")
    assert result.code == 2, result.text
    assert "listening" not in result.text


def test_unwritable_evidence_is_a_failed_run(workspace: Workspace, sim: RunningSimulator) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    workspace.allow_hosts("127.0.0.1")  # the simulator: a live base URL off production
    (workspace.root / "evidence-file").write_text("not a folder\n")
    server = ServeProcess(
        workspace, "--env", "live", "--interval", "1", "--port", "0",
        "--evidence-dir", "evidence-file",
    )  # fmt: skip
    try:
        code, body = server.wait_for(
            "run_failed", lambda: (r := server.readyz())[1]["reason"] == "run_failed" and r
        )
        assert (code, body["verdict"]) == (503, "READY")
        assert server.get("/healthz").status_code == 200
        answer = server.get("/result.json")
        assert json.loads(answer.text)["verdict"] == "READY"
        assert answer.headers["Golive-Last-Attempt"] == "failed"
        assert value(server.get("/metrics").text, "golive_ready", profile="live") == 0.0
        code, output = server.stop()
        assert code == 0, output
        assert "cannot write evidence" in output
    finally:
        server.kill()
