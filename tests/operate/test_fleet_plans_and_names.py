"""A fleet's bots are told apart by name and env file, and a ``[bots.plan]`` the env file
overrides is said, never silently ignored; the README's fleet example works as written."""

from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from golive.engine.fleetfile import bots_from_env_files
from golive.sim.envwrite import HEALTHY_PLAN, env_values
from tests.operate.support import write_bot
from tests.operate.test_fleet import read_fleet

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

README = Path(__file__).parents[2] / "README.md"


@pytest.mark.parametrize(
    ("paths", "names"),
    [
        (["bots/kimchi-1/.env.live", "bots/kimchi-2/.env.live"], ["kimchi-1", "kimchi-2"]),
        (["x/bot/.env.live", "y/bot/.env.live"], ["x-bot", "y-bot"]),
        (["a/x/bot/.env.live", "b/x/bot/.env.live"], ["a-x-bot", "b-x-bot"]),
        (["bots/.env.live", "bots/.env.paper"], ["bots-env.live", "bots-env.paper"]),
        (["x/bot/.env.live", "kimchi/.env.live"], ["bot", "kimchi"]),
    ],
)
def test_bots_are_named_by_the_shortest_path_that_tells_them_apart(
    tmp_path: Path, paths: list[str], names: list[str]
) -> None:
    specs = bots_from_env_files([tmp_path / p for p in paths], None)
    assert [s.name for s in specs] == names


def test_the_table_and_fleet_json_show_each_bots_env_file(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """Finding 17: ``x/bot`` and ``y/bot`` were ``bot-env.live`` and ``bot-env.live-2``."""
    workspace.init_repo()
    for folder in ("x/bot", "y/bot"):
        write_bot(workspace, sim, folder)
    args = ("--env-file", "x/bot/.env.live", "--env-file", "y/bot/.env.live")
    result = workspace.run("preflight", *args, "--only", "env_file")
    assert result.code == 0, result.text
    rows = {line.split()[0]: line.split()[-1] for line in result.out.splitlines()[1:3]}
    assert rows == {"x-bot": "x/bot/.env.live", "y-bot": "y/bot/.env.live"}
    profiles = read_fleet(workspace)["profiles"]
    shown = {p["name"]: p["env_file"] for p in profiles}  # type: ignore[attr-defined]
    assert shown == {
        "x-bot": str(workspace.root / "x/bot/.env.live"),
        "y-bot": str(workspace.root / "y/bot/.env.live"),
    }


def plan_result(workspace: Workspace, bot: str) -> dict[str, object]:
    data = read_fleet(workspace)
    [folder] = (workspace.root / "logs" / "evidence").glob("fleet_*")
    [profile] = [p for p in data["profiles"] if p["name"] == bot]  # type: ignore[attr-defined]
    result = json.loads((folder / profile["bundle"] / "result.json").read_text())
    [plan] = [c for c in result["checks"] if c["id"] == "plan"]
    return plan  # type: ignore[no-any-return]


def test_a_bots_plan_the_env_file_overrides_is_a_warning(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """Finding 6: ``[bots.plan]`` 600/700 under an env file saying 100/50 was a silent PASS
    of the env file's plan. Now ``plan`` WARNs, naming each value and the fix."""
    workspace.init_repo()
    env = write_bot(workspace, sim, "kimchi")  # `golive sim --write-env`: with plan keys
    (workspace.root / "fleet.toml").write_text(
        '[[bots]]\nname = "kimchi"\nenv_file = "kimchi/.env.live"\n'
        "[bots.plan]\nseed_usdt = 700\nmax_notional_usdt = 600\n"
        'pairs = ["XRP", "ETH"]\nleverage = 1\n'  # equal to the env file's: not named
    )
    result = workspace.run("preflight", "--fleet", "fleet.toml", "--only", "env_file,plan")
    assert result.code == 0, result.text
    plan = plan_result(workspace, "kimchi")
    assert (plan["status"], plan["reason"]) == ("WARN", "plan.shadowed")
    assert "MAX_NOTIONAL_USDT=100 instead of [plan] max_notional_usdt = 600" in str(plan["message"])
    assert "SEED_USDT=50 instead of [plan] seed_usdt = 700" in str(plan["message"])
    assert f"Remove SEED_USDT, MAX_NOTIONAL_USDT from {env}" in str(plan["next_action"])
    shadowed = plan["details"]["shadowed"]  # type: ignore[index]
    assert [(s["env"], s["used"], s["given"]) for s in shadowed] == [
        ("SEED_USDT", "50", "700"),
        ("MAX_NOTIONAL_USDT", "100", "600"),
    ]
    assert read_fleet(workspace)["profiles"][0]["warned"] == ["plan"]  # type: ignore[index]
    args = ("--fleet", "fleet.toml", "--only", "env_file,plan", "--strict")
    strict = workspace.run("preflight", *args)
    assert strict.code == 1, strict.text


def test_golive_toml_plan_overridden_by_the_env_file_speaks_korean(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    workspace.init_repo()
    write_bot(workspace, sim, ".")
    with (workspace.root / "golive.toml").open("a") as toml:
        toml.write("[plan]\nmax_notional_usdt = 600\n")
    result = workspace.run("preflight", "--env", "live", "--only", "env_file,plan", "--json")
    assert result.code == 0, result.text
    [plan] = [c for c in json.loads(result.out)["checks"] if c["id"] == "plan"]
    assert (plan["status"], plan["reason"]) == ("WARN", "plan.shadowed")
    korean = workspace.run(
        "preflight", "--env", "live", "--only", "env_file,plan", "--json", "--lang", "ko"
    )
    [plan] = [c for c in json.loads(korean.out)["checks"] if c["id"] == "plan"]
    assert plan["message"].startswith("env 파일이 [plan] / [bots.plan] 값을 덮어씁니다: ")
    assert "[plan] max_notional_usdt = 600 대신 MAX_NOTIONAL_USDT=100" in plan["message"]
    flagged = workspace.run(  # a flag over both is the operator's choice: no warning
        "preflight", "--env", "live", "--only", "env_file,plan", "--max-notional", "150", "--json"
    )
    assert flagged.code == 0, flagged.text
    [plan] = [c for c in json.loads(flagged.out)["checks"] if c["id"] == "plan"]
    assert plan["status"] == "PASS", plan


def readme_fleet_file() -> str:
    section = README.read_text().split("## A fleet of bots", 1)[1]
    found = re.search(r"```toml\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found.group(1)


def test_the_readme_fleet_example_works_as_written(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """Its env files carry keys only (as the README says), so each bot's plan is its
    ``[bots.plan]``: every plan PASSes with exactly the values the example gives."""
    workspace.init_repo()
    text = readme_fleet_file()
    keys = {k: v for k, v in env_values(sim, "live").items() if k not in HEALTHY_PLAN}
    bots = tomllib.loads(text)["bots"]
    for bot in bots:
        write_bot(workspace, sim, str(Path(bot["env_file"]).parent))
        workspace.write_env(bot["env_file"], keys)
    (workspace.root / "fleet.toml").write_text(text)
    result = workspace.run("preflight", "--fleet", "fleet.toml", "--only", "env_file,plan")
    assert result.code == 0, result.text
    for bot in bots:
        plan = plan_result(workspace, bot["name"])
        assert plan["status"] == "PASS", plan
        values = plan["details"]["plan"]["values"]  # type: ignore[index]
        for name in ("seed_usdt", "max_notional_usdt"):
            assert Decimal(values[name]) == Decimal(str(bot["plan"][name])), (bot, name)
