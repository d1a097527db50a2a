"""``golive preflight --prometheus PATH``: the textfile, parsed by prometheus_client's parser."""

from __future__ import annotations

from typing import TYPE_CHECKING

from golive.sim.envwrite import env_values
from tests.operate.support import samples, value
from tests.support.workspace import leaked_slices, secret_parts

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

NAMED = (
    "golive_ready",
    "golive_check_status",
    "golive_check_duration_seconds",
    "golive_last_run_timestamp_seconds",
    "golive_clock_offset_seconds",
    "golive_rate_limit_used_ratio",
    "golive_key_expiry_seconds",
    "golive_funds_headroom_ratio",
)
LABELS = {
    "golive_ready": {"profile"},
    "golive_check_status": {"profile", "check", "status"},
    "golive_check_duration_seconds": {"profile", "check"},
    "golive_last_run_timestamp_seconds": {"profile"},
    "golive_clock_offset_seconds": {"profile", "venue"},
    "golive_rate_limit_used_ratio": {"profile", "venue"},
    "golive_key_expiry_seconds": {"profile", "venue"},
    "golive_funds_headroom_ratio": {"profile", "leg"},
}
VENUES = {"binance", "binance_futures", "upbit"}


def live(workspace: Workspace, sim: RunningSimulator) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    workspace.allow_hosts("127.0.0.1")  # the simulator: a live base URL off production


def test_ready_run_writes_every_named_metric(workspace: Workspace, sim: RunningSimulator) -> None:
    live(workspace, sim)
    result = workspace.run_subprocess("preflight", "--env", "live", "--prometheus", "golive.prom")
    assert result.code == 0, result.text
    text = (workspace.root / "golive.prom").read_text()
    parsed = samples(text)
    assert {s.name for s in parsed} == set(NAMED)
    for sample in parsed:
        assert set(sample.labels) == LABELS[sample.name], sample
    assert value(text, "golive_ready", profile="live") == 1.0
    checks = {s.labels["check"] for s in parsed if s.name == "golive_check_duration_seconds"}
    assert "binance" in checks
    assert "git_safety" in checks
    for check in checks:  # one status is 1, the other three 0
        states = [
            s for s in parsed if s.name == "golive_check_status" and s.labels["check"] == check
        ]
        assert sorted(s.labels["status"] for s in states) == ["FAIL", "PASS", "SKIP", "WARN"]
        assert sum(s.value for s in states) == 1.0
    assert value(text, "golive_check_status", check="binance", status="PASS") == 1.0
    offsets = {s.labels["venue"] for s in parsed if s.name == "golive_clock_offset_seconds"}
    assert offsets == {"binance", "binance_futures"}
    ratios = {
        s.labels["venue"]: s.value for s in parsed if s.name == "golive_rate_limit_used_ratio"
    }
    assert set(ratios) == VENUES
    assert all(0 < r < 1 for r in ratios.values())
    legs = {s.labels["leg"] for s in parsed if s.name == "golive_funds_headroom_ratio"}
    assert legs == {"upbit", "binance_futures"}  # the written plan: funds is a PASS
    expiry = value(text, "golive_key_expiry_seconds", venue="upbit")
    assert expiry is not None
    assert expiry > 86400
    stamp = value(text, "golive_last_run_timestamp_seconds", profile="live")
    assert stamp is not None
    assert stamp > 1.7e9


def test_labels_hold_no_secret_and_no_free_text(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live(workspace, sim)
    sim.state.set_scenarios(["binance.withdrawals_enabled", "upbit.invalid_key"])
    result = workspace.run("preflight", "--env", "live", "--prometheus", "golive.prom")
    assert result.code == 1, result.text
    text = (workspace.root / "golive.prom").read_text()
    assert leaked_slices(text, secret_parts(env_values(sim, "live"))) == []
    for sample in samples(text):
        for label in sample.labels.values():
            assert " " not in label, sample
            assert len(label) <= 64, sample
    assert value(text, "golive_ready", profile="live") == 0.0
    assert value(text, "golive_check_status", check="binance_api_restrictions", status="FAIL") == 1
    assert value(text, "golive_check_status", check="upbit", status="FAIL") == 1.0
    assert value(text, "golive_key_expiry_seconds", venue="upbit") is None  # not measured


def test_trading_authority_expiry_is_measured(workspace: Workspace, sim: RunningSimulator) -> None:
    live(workspace, sim)
    sim.state.set_scenarios(["binance.trading_authority_expiring"])
    workspace.run("preflight", "--env", "live", "--prometheus", "golive.prom")
    text = (workspace.root / "golive.prom").read_text()
    seconds = value(text, "golive_key_expiry_seconds", venue="binance")
    assert seconds is not None
    assert 2 * 86400 < seconds <= 3 * 86400


def test_the_file_is_replaced_atomically(workspace: Workspace, sim: RunningSimulator) -> None:
    live(workspace, sim)
    target = workspace.root / "textfile" / "golive.prom"
    target.parent.mkdir()
    target.write_text("old\n")
    before = target.stat().st_ino
    result = workspace.run(
        "preflight",
        "--env",
        "live",
        "--only",
        "env_file,required_keys",
        "--prometheus",
        str(target),
    )
    assert result.code == 0, result.text
    assert target.stat().st_ino != before  # a new file renamed over the old one
    assert [p.name for p in target.parent.iterdir()] == ["golive.prom"]  # no temporary left
    # --only: PARTIAL, not a go-live verdict, so not ready
    assert value(target.read_text(), "golive_ready", profile="live") == 0.0


def test_a_directory_or_missing_folder_is_exit_2(workspace: Workspace) -> None:
    (workspace.root / "metrics").mkdir()
    for path in ("metrics", "nowhere/golive.prom"):
        result = workspace.run("preflight", "--env", "live", "--prometheus", path)
        assert result.code == 2, result.text
        lines = [line for line in result.err.splitlines() if line.strip()]
        assert len(lines) == 1, result.err
        assert lines[0].startswith("golive: error: --prometheus"), result.err
        assert workspace.bundles() == []  # nothing ran


def test_a_run_that_cannot_happen_rewrites_ready_to_0(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """A READY textfile, then exit 2 (the env file is gone): golive_ready 0, never a stale 1,
    and the last completed run's time kept for the staleness alert."""
    live(workspace, sim)
    target = workspace.root / "golive.prom"
    result = workspace.run_subprocess("preflight", "--env", "live", "--prometheus", str(target))
    assert result.code == 0, result.text
    before = target.read_text()
    assert value(before, "golive_ready", profile="live") == 1.0
    stamp = value(before, "golive_last_run_timestamp_seconds", profile="live")
    assert stamp is not None

    (workspace.root / ".env.live").unlink()
    result = workspace.run_subprocess("preflight", "--env", "live", "--prometheus", str(target))
    assert result.code == 2, result.text
    after = target.read_text()
    assert value(after, "golive_ready", profile="live") == 0.0
    assert value(after, "golive_last_run_timestamp_seconds", profile="live") == stamp
    assert [p.name for p in target.parent.iterdir() if p.name.startswith("golive.prom")] == [
        "golive.prom"
    ]  # written atomically: no temporary left


def test_exit_2_without_an_earlier_file_still_says_not_ready(workspace: Workspace) -> None:
    for argv in (("--env", "live"), ("--env-file", ".env.live"), ("--only", "no_such_check")):
        target = workspace.root / "golive.prom"
        target.unlink(missing_ok=True)
        args = argv if "--env" in argv[0] else ("--env", "live", *argv)
        result = workspace.run("preflight", *args, "--prometheus", str(target))
        assert result.code == 2, result.text
        assert value(target.read_text(), "golive_ready", profile="live") == 0.0, argv
