"""Upbit's scopes per profile (walkthrough finding 5), through ``golive preflight``.

README ("Paper profiles"): in ``paper`` the Upbit key needs only View Account (자산조회);
in ``live`` it also needs View Orders (주문조회), which the ``upbit`` check proves with
orders/chance. The simulator's ``upbit.view_account_only`` key answers ``out_of_scope``
on every read that needs View Orders (orders/chance, orders/open).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from golive.sim.envwrite import env_values

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

VIEW_ACCOUNT_ONLY = "upbit.view_account_only"
UPBIT_CHECKS = "upbit,plan,markets,open_exposure"


def run(workspace: Workspace, profile: str, *args: str) -> tuple[int, dict[str, Any]]:
    result = workspace.run("preflight", "--env", profile, "--only", UPBIT_CHECKS, "--json", *args)
    assert "Traceback" not in result.text, result.text
    data = json.loads(result.out)
    return result.code, {c["id"]: c for c in data["checks"]}


def write(workspace: Workspace, sim: RunningSimulator, profile: str) -> None:
    workspace.init_repo()
    workspace.write_env(f".env.{profile}", env_values(sim, profile))
    workspace.allow_hosts("127.0.0.1")


def test_paper_with_view_account_only_is_not_failed_for_order_scopes(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    write(workspace, sim, "paper")
    sim.state.set_scenarios([VIEW_ACCOUNT_ONLY])
    code, found = run(workspace, "paper")
    assert code == 0, {k: (c["status"], c["reason"]) for k, c in found.items()}
    upbit, markets, exposure = found["upbit"], found["markets"], found["open_exposure"]
    assert upbit["status"] == "PASS"
    assert "and order" not in upbit["message"]
    assert "orders not read" in upbit["message"]
    assert "View Account" in upbit["message"]
    assert upbit["details"]["order_view_scope"] is None
    assert markets["status"] == "PASS", markets
    assert "Binance's minimums" in markets["message"]
    assert "주문조회 (View Orders)" in markets["message"]
    assert "/v1/orders/chance" in markets["details"]["not_checked"]
    assert exposure["status"] == "PASS", exposure
    assert "Upbit open orders (orders/open) not read" in exposure["message"]
    assert "/v1/orders/open" in exposure["details"]["not_checked"]


def test_paper_with_every_scope_reads_and_says_it_all(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    write(workspace, sim, "paper")
    code, found = run(workspace, "paper")
    assert code == 0
    assert "not_checked" not in found["markets"]["details"]
    assert "not_checked" not in found["open_exposure"]["details"]
    assert "clears both venues' minimums" in found["markets"]["message"]
    assert "orders not read" in found["upbit"]["message"]  # paper never reads orders/chance


def test_live_with_view_account_only_fails_naming_the_scope_and_where_to_tick_it(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    write(workspace, sim, "live")
    sim.state.set_scenarios([VIEW_ACCOUNT_ONLY])
    for lang, scope, where in (
        ("en", "주문조회 (View Orders)", "Upbit > My Page > Open API Management"),
        ("ko", "주문조회", "업비트 > 마이페이지 > Open API 관리"),
    ):
        code, found = run(workspace, "live", "--lang", lang)
        assert code == 1
        for check in ("upbit", "markets", "open_exposure"):
            failed = found[check]
            assert (failed["status"], failed["reason"]) == ("FAIL", "upbit.out_of_scope")
            assert failed["error_type"] == "permission_denied"
            assert scope in failed["hint"], (lang, check, failed["hint"])
            assert where in failed["next_action"], (lang, check, failed["next_action"])


def test_live_with_every_scope_says_order_conditions_were_read(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    write(workspace, sim, "live")
    code, found = run(workspace, "live")
    assert code == 0
    upbit = found["upbit"]
    assert upbit["details"]["order_view_scope"] is True
    assert "order conditions (orders/chance" in upbit["message"]
