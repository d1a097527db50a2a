"""A fleet in one process: ``--env-file`` repeated and ``--fleet FILE``, one bad bot among good."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema

from golive.exchanges.backoff import FIRST_BURST
from golive.sim.envwrite import env_values
from tests.operate.support import value, write_bot

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

ONLINE = "env_file,required_keys,upbit,binance_api_restrictions,binance,clock_skew,telegram"
SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "fleet-schema.json").read_text())
BAD_SECRET = "Zz9" * 21 + "x"  # well-formed (64 characters) but not the simulator's secret


def fleet_dirs(workspace: Workspace) -> list[Path]:
    return sorted((workspace.root / "logs" / "evidence").glob("fleet_*"))


def read_fleet(workspace: Workspace) -> dict[str, object]:
    [folder] = fleet_dirs(workspace)
    return json.loads((folder / "fleet.json").read_text())  # type: ignore[no-any-return]


def test_one_bad_bot_among_good_ones(workspace: Workspace, sim: RunningSimulator) -> None:
    workspace.init_repo()
    files = [
        write_bot(workspace, sim, "bots/alpha"),
        write_bot(workspace, sim, "bots/bravo", BINANCE_API_SECRET=BAD_SECRET),
        write_bot(workspace, sim, "bots/charlie"),
    ]
    args = [arg for f in files for arg in ("--env-file", str(f.relative_to(workspace.root)))]
    result = workspace.run_subprocess(
        "preflight", *args, "--only", ONLINE, "--prometheus", "fleet.prom"
    )
    assert result.code == 1, result.text
    for name in ("alpha", "bravo", "charlie"):
        assert name in result.out
    assert "bravo: binance_api_restrictions (binance.-1022)" in result.out
    assert "do not start these until fixed: bravo." in result.out
    data = read_fleet(workspace)
    jsonschema.validate(data, SCHEMA)
    assert data["schema"] == "golive.fleet/v1"
    assert (data["verdict"], data["ready"], data["total"]) == ("NOT_READY", 0, 3)
    verdicts = {p["name"]: p["verdict"] for p in data["profiles"]}  # type: ignore[attr-defined]
    # --only: a passing bot is PARTIAL (not every check ran), never READY
    assert verdicts == {"alpha": "PARTIAL", "bravo": "NOT_READY", "charlie": "PARTIAL"}
    [folder] = fleet_dirs(workspace)
    for profile in data["profiles"]:  # type: ignore[attr-defined]
        bundle = folder / profile["bundle"]
        assert bundle.name.startswith(f"preflight_{profile['name']}_")
        inner = json.loads((bundle / "result.json").read_text())
        assert inner["verdict"] == profile["verdict"]
        assert inner["env_file"].endswith(f"bots/{profile['name']}/.env.live")
    failed = {f["id"] for f in data["profiles"][1]["failed"]}  # type: ignore[index]
    assert failed == {"binance_api_restrictions", "binance"}
    metrics = (workspace.root / "fleet.prom").read_text()
    for name in ("alpha", "bravo", "charlie"):  # only a complete READY run is ready
        assert value(metrics, "golive_ready", profile=name) == 0.0


def test_every_bot_ready_is_exit_0(workspace: Workspace, sim: RunningSimulator) -> None:
    workspace.init_repo()
    for name in ("one", "two"):
        write_bot(workspace, sim, name)
    fleet = workspace.root / "fleet.toml"
    fleet.write_text(
        '[[bots]]\nname = "kimchi-1"\nenv_file = "one/.env.live"\n\n'
        '[[bots]]\nname = "kimchi-2"\nprofile = "live"\nenv_file = "two/.env.live"\n'
    )
    result = workspace.run("preflight", "--fleet", "fleet.toml", "--only", ONLINE, "--json")
    assert result.code == 0, result.text
    printed = json.loads(result.out)
    assert printed == read_fleet(workspace)
    assert [p["name"] for p in printed["profiles"]] == ["kimchi-1", "kimchi-2"]
    assert all(p["verdict"] == "PARTIAL" for p in printed["profiles"])  # --only
    assert "PARTIAL" in result.err or result.err == ""


def test_shared_venue_backs_off_once_for_the_whole_fleet(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """Six bots on one Binance IP share one first burst and one memory of the 429.

    Each bot alone would send its own burst (3 reads of api.binance.com here), 18 in
    all into a spent budget; sharing, the fleet sends at most one burst and stops at
    the refusals, as one bot does.
    """
    workspace.init_repo()
    files = [write_bot(workspace, sim, f"bot{i}") for i in range(6)]
    sim.state.set_scenarios(["binance.rate_limited"])
    args = [arg for f in files for arg in ("--env-file", str(f))]
    result = workspace.run("preflight", *args, "--only", "binance_api_restrictions,binance")
    assert result.code == 1, result.text
    statuses = [r.status for r in sim.state.requests() if r.venue == "binance"]
    assert 418 not in statuses, statuses
    assert len(statuses) <= FIRST_BURST, statuses
    data = read_fleet(workspace)
    assert {p["verdict"] for p in data["profiles"]} == {"NOT_READY"}  # type: ignore[attr-defined]


def test_bad_fleet_files_are_exit_2(workspace: Workspace, sim: RunningSimulator) -> None:
    write_bot(workspace, sim, "one")
    cases = {
        "not toml [": "not valid TOML",
        "bots = []\n": "bots",
        '[[bots]]\nname = "a b"\nenv_file = "one/.env.live"\n': "name",
        '[[bots]]\nname = "a"\nenv_file = "one/.env.live"\nsecret = "x"\n': "secret",
        '[[bots]]\nname = "a"\nenv_file = "one/.env.live"\n'
        '[[bots]]\nname = "a"\nenv_file = "one/.env.live"\n': "used twice",
        '[[bots]]\nname = "a"\nenv_file = "missing/.env.live"\n': "missing",
        '[[bots]]\nname = "a"\nenv_file = "one/.env.live"\nprofile = "prod"\n': "prod",
    }
    for text, needle in cases.items():
        (workspace.root / "fleet.toml").write_text(text)
        result = workspace.run("preflight", "--fleet", "fleet.toml")
        assert result.code == 2, (text, result.text)
        lines = [line for line in result.err.splitlines() if line.strip()]
        assert len(lines) == 1, (text, result.err)
        assert needle in lines[0], (text, result.err)
    assert fleet_dirs(workspace) == []


def test_fleet_and_env_file_together_is_exit_2(workspace: Workspace, sim: RunningSimulator) -> None:
    path = write_bot(workspace, sim, "one")
    (workspace.root / "fleet.toml").write_text('[[bots]]\nname = "a"\nenv_file = "one/.env.live"\n')
    result = workspace.run("preflight", "--fleet", "fleet.toml", "--env-file", str(path))
    assert result.code == 2, result.text
    assert "--fleet" in result.err


def test_fleet_output_masks_every_bots_secrets(workspace: Workspace, sim: RunningSimulator) -> None:
    workspace.init_repo()
    values = env_values(sim, "live")
    files = [
        write_bot(workspace, sim, "a"),
        write_bot(workspace, sim, "b", UPBIT_SECRET_KEY="Q" * 40),
    ]
    sim.state.set_scenarios(["telegram.invalid_key"])
    args = [arg for f in files for arg in ("--env-file", str(f))]
    result = workspace.run("preflight", *args, "--only", "env_file,required_keys,telegram")
    assert result.code == 1, result.text
    assert values["TELEGRAM_BOT_TOKEN"] not in result.text
    [folder] = fleet_dirs(workspace)
    assert values["TELEGRAM_BOT_TOKEN"] not in (folder / "fleet.json").read_text()


def test_a_bots_plan_table_is_its_own_plan(workspace: Workspace, sim: RunningSimulator) -> None:
    """``[bots.plan]`` is that bot's ``[plan]``: one bot gets a plan, the other has none."""
    from golive.sim.envwrite import HEALTHY_PLAN

    workspace.init_repo()
    without_plan = {k: v for k, v in env_values(sim, "live").items() if k not in HEALTHY_PLAN}
    for name in ("planned", "unplanned"):
        (workspace.root / name).mkdir()
        workspace.write_env(f"{name}/.env.live", without_plan)
    (workspace.root / "fleet.toml").write_text(
        '[[bots]]\nname = "planned"\nenv_file = "planned/.env.live"\n'
        '[bots.plan]\npairs = ["ETH"]\nseed_usdt = 50\nmax_notional_usdt = 100\n'
        "[bots.plan.kill_switch]\ndaily_loss_usdt = 10\nmax_notional_usdt = 100\n\n"
        '[[bots]]\nname = "unplanned"\nenv_file = "unplanned/.env.live"\n'
    )
    result = workspace.run("preflight", "--fleet", "fleet.toml", "--only", "plan")
    assert result.code == 1, result.text
    verdicts = {p["name"]: p["verdict"] for p in read_fleet(workspace)["profiles"]}  # type: ignore[attr-defined]
    assert verdicts == {"planned": "PARTIAL", "unplanned": "NOT_READY"}
    (workspace.root / "fleet.toml").write_text(
        '[[bots]]\nname = "bad"\nenv_file = "planned/.env.live"\n[bots.plan]\nseed = 5\n'
    )
    bad = workspace.run("preflight", "--fleet", "fleet.toml", "--only", "plan")
    assert bad.code == 2, bad.text
    assert "bot bad" in bad.err
