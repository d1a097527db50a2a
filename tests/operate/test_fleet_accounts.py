"""Bots of a fleet on one exchange account are judged together; the same env file twice is
a usage error."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema

from golive.sim.envwrite import HEALTHY_PLAN, env_values
from golive.sim.server import SimConfig, start_simulator
from tests.operate.support import value, write_bot
from tests.operate.test_fleet import fleet_dirs, read_fleet

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

FUNDS = "env_file,plan,funds"
SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "fleet-schema.json").read_text())
BIG_PLAN = (
    '[bots.plan]\npairs = ["ETH", "XRP"]\nseed_usdt = 700\nmax_notional_usdt = 600\n'
    "[bots.plan.kill_switch]\ndaily_loss_usdt = 10\nmax_notional_usdt = 600\n"
)
"""Each bot alone needs about 828,414 KRW on Upbit; the simulator's account holds 1,000,000."""


def keys_only(workspace: Workspace, sim: RunningSimulator, folder: str) -> Path:
    """``<folder>/.env.live`` for ``sim`` without plan keys (the fleet file holds the plan)."""
    write_bot(workspace, sim, folder)  # the folder, and the simulator's host allowed
    values = {k: v for k, v in env_values(sim, "live").items() if k not in HEALTHY_PLAN}
    return workspace.write_env(f"{folder}/.env.live", values)


def fleet_file(workspace: Workspace, *bots: tuple[str, str], plan: str = BIG_PLAN) -> None:
    entries = [f'[[bots]]\nname = "{n}"\nenv_file = "{f}/.env.live"\n{plan}' for n, f in bots]
    (workspace.root / "fleet.toml").write_text("\n".join(entries))


def bundle_check(workspace: Workspace, bot: str, check: str) -> dict[str, object]:
    [folder] = fleet_dirs(workspace)
    [bundle] = folder.glob(f"preflight_{bot}_*")
    result = json.loads((bundle / "result.json").read_text())
    [found] = [c for c in result["checks"] if c["id"] == check]
    return found  # type: ignore[no-any-return]


def test_two_bots_on_one_account_are_not_ready_together(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """Finding 3: each bot's funds PASS against the same 1,000,000 KRW; together they need
    1,656,828 KRW. The fleet is NOT READY and names the bots, the venue and both amounts."""
    workspace.init_repo()
    for folder in ("a", "b"):
        keys_only(workspace, sim, folder)
    fleet_file(workspace, ("a", "a"), ("b", "b"))
    result = workspace.run("preflight", "--fleet", "fleet.toml", "--prometheus", "fleet.prom")
    assert result.code == 1, result.text
    metrics = (workspace.root / "fleet.prom").read_text()
    for bot in ("a", "b"):  # READY alone, blocked together: the alert must see it
        assert value(metrics, "golive_ready", profile=bot) == 0.0
    data = read_fleet(workspace)
    jsonschema.validate(data, SCHEMA)
    assert data["verdict"] == "NOT_READY"
    verdicts = {p["name"]: p["verdict"] for p in data["profiles"]}  # type: ignore[attr-defined]
    assert verdicts == {"a": "READY", "b": "READY"}  # each alone passes
    needs = [bundle_check(workspace, bot, "funds")["details"]["upbit"] for bot in ("a", "b")]  # type: ignore[index]
    assert all(n["available"] == "1000000" for n in needs)
    total = sum(Decimal(n["needed"]) for n in needs)
    assert total > 1_000_000
    [account] = data["accounts"]  # type: ignore[misc]
    assert account["reason"] == "fleet.shared_funds_short"
    assert (account["status"], account["venue"], account["bots"]) == ("FAIL", "upbit", ["a", "b"])
    assert (account["needed"], account["available"]) == (str(total), "1000000")
    assert (account["currency"], account["symbol"]) == ("KRW", None)
    said = f"a, b share one Upbit account: together their plans need {total} KRW there"
    assert said in result.out
    assert "1000000 KRW is free" in result.out
    assert "a, b: the exchange account they share cannot carry their plans together." in result.out
    keys = env_values(sim, "live")
    for text in (result.text, json.dumps(data)):
        assert keys["UPBIT_ACCESS_KEY"] not in text
        assert keys["BINANCE_API_KEY"] not in text


def test_bots_on_different_accounts_are_unaffected(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    workspace.init_repo()
    keys_only(workspace, sim, "a")
    with start_simulator(SimConfig()) as other:
        keys_only(workspace, other, "b")
        fleet_file(workspace, ("a", "a"), ("b", "b"))
        result = workspace.run("preflight", "--fleet", "fleet.toml", "--only", FUNDS)
    assert result.code == 0, result.text
    data = read_fleet(workspace)
    assert (data["verdict"], data["accounts"]) == ("PARTIAL", [])
    for bot in ("a", "b"):
        assert bundle_check(workspace, bot, "funds")["status"] == "PASS"


def test_a_tight_shared_account_warns_and_blocks_under_strict(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """Within 10 % of the summed need is a WARN, as funds judges one bot; --strict blocks."""
    workspace.init_repo()
    files = [write_bot(workspace, sim, folder) for folder in ("one", "two")]
    args = [arg for f in files for arg in ("--env-file", str(f))]
    first = workspace.run("preflight", *args, "--only", FUNDS, "--json")
    assert first.code == 0, first.text
    assert json.loads(first.out)["accounts"] == []  # 1,000,000 KRW carries two 100 USDT plans
    legs = [bundle_check(workspace, bot, "funds")["details"] for bot in ("one", "two")]
    need = sum(Decimal(leg["upbit"]["needed"]) for leg in legs)  # type: ignore[index]
    balance = str(int(need * Decimal("1.05")))
    sim.state.change_book(lambda book: book.upbit_balances.update({"KRW": balance}))
    plain = workspace.run("preflight", *args, "--only", FUNDS, "--json")
    assert plain.code == 0, plain.text  # a WARN: the fleet is PARTIAL (--only), not blocked
    printed = json.loads(plain.out)
    jsonschema.validate(printed, SCHEMA)
    [account] = printed["accounts"]
    assert (account["reason"], account["status"]) == ("fleet.shared_funds_tight", "WARN")
    assert account["available"] == balance
    strict = workspace.run("preflight", *args, "--only", FUNDS, "--strict")
    assert strict.code == 1, strict.text
    assert "blocked by warnings alone: one, two." in strict.out


def test_bots_trading_one_symbol_on_one_futures_account_stay_within_its_cap(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """One account, one symbol, one position: 100 + 100 USDT against a 150 USDT cap."""
    workspace.init_repo()
    files = [write_bot(workspace, sim, folder) for folder in ("one", "two")]
    sim.state.change_book(
        lambda book: book.symbol_configs.update({"ETHUSDT": {"maxNotionalValue": "150"}})
    )
    args = [arg for f in files for arg in ("--env-file", str(f))]
    result = workspace.run("preflight", *args, "--only", "env_file,plan,futures_account")
    assert result.code == 1, result.text
    for bot in ("one", "two"):  # each alone: 100 USDT within 150
        assert bundle_check(workspace, bot, "futures_account")["status"] == "PASS"
    data = read_fleet(workspace)
    jsonschema.validate(data, SCHEMA)
    [account] = data["accounts"]  # type: ignore[misc]
    assert account["reason"] == "fleet.shared_max_notional_above_cap"
    assert (account["venue"], account["symbol"], account["bots"]) == (
        "binance_futures",
        "ETHUSDT",
        ["one", "two"],
    )
    assert (account["needed"], account["available"]) == ("200", "150")
    assert "all trade ETHUSDT" in result.out


def test_the_same_env_file_twice_is_a_usage_error(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    path = write_bot(workspace, sim, "bots/kimchi-1")
    given = "bots/kimchi-1/.env.live"
    cases = [
        ("--env-file", given, "--env-file", given),
        ("--env-file", given, "--env-file", "bots/../bots/kimchi-1/.env.live"),
        ("--env-file", str(path), "--env-file", given),
    ]
    for args in cases:
        result = workspace.run("preflight", *args)
        assert result.code == 2, (args, result.text)
        [line] = [line for line in result.err.splitlines() if line.strip()]
        assert "listed twice" in line, (args, line)
        assert ".env.live" in line, (args, line)
    fleet_file(workspace, ("x", "bots/kimchi-1"), ("y", "bots/kimchi-1"), plan="")
    result = workspace.run("preflight", "--fleet", "fleet.toml", "--lang", "ko")
    assert result.code == 2, result.text
    [line] = [line for line in result.err.splitlines() if line.strip()]
    assert str(path) in line, line
    assert "두 번" in line, line
    assert fleet_dirs(workspace) == []
