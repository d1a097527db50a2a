"""Option declarations shared by several commands (Typer ``Annotated`` aliases)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

EnvOpt = Annotated[
    str | None,
    typer.Option("--env", help="Profile: live, paper or local_dev (reads .env.<profile>)."),
]
EnvFileOpt = Annotated[
    Path | None,
    typer.Option("--env-file", help="Env file to use instead of .env.<profile>."),
]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="Hint language: en or ko (default: GOLIVE_LANG, then LANG)."),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (default: ./golive.toml or [tool.golive])."),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        help="Per-check timeout in seconds (default 10, at most 600).",
        min=0.1,
        max=600,
    ),
]
PairsOpt = Annotated[
    str | None,
    typer.Option("--pairs", help="Plan: base assets to trade, e.g. BTC,ETH (TRADING_PAIRS)."),
]
SeedOpt = Annotated[
    str | None, typer.Option("--seed", help="Plan: capital for the run in USDT (SEED_USDT).")
]
MaxNotionalOpt = Annotated[
    str | None,
    typer.Option(
        "--max-notional", help="Plan: largest position per leg in USDT (MAX_NOTIONAL_USDT)."
    ),
]
KillSwitchLossOpt = Annotated[
    str | None,
    typer.Option(
        "--kill-switch-loss",
        help="Plan: kill-switch daily loss in USDT (KILL_SWITCH_DAILY_LOSS_USDT).",
    ),
]
ProveOrderPermissionOpt = Annotated[
    bool,
    typer.Option(
        "--prove-order-permission",
        help="Also send the venues' test-order endpoints (validate an order, create none).",
    ),
]
