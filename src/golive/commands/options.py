"""Option declarations shared by several commands (Typer ``Annotated`` aliases)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

EnvOpt = Annotated[
    str | None,
    typer.Option(
        "--env",
        metavar="live|paper|local_dev",
        help="Profile: live, paper or local_dev (reads .env.<profile>).",
    ),
]
EnvFileOpt = Annotated[
    Path | None,
    typer.Option("--env-file", metavar="PATH", help="Env file to use instead of .env.<profile>."),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="en|ko",
        help="Hint language: en or ko (default: GOLIVE_LANG, then LANG).",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config", metavar="FILE", help="Settings file (default: ./golive.toml or [tool.golive])."
    ),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        metavar="S",
        help="Per-check timeout in seconds (default 10, at most 600).",
        min=0.1,
        max=600,
    ),
]
OnlyOpt = Annotated[
    list[str] | None,
    typer.Option("--only", metavar="IDS", help="Run only these check ids (comma list)."),
]
SkipOpt = Annotated[
    list[str] | None,
    typer.Option("--skip", metavar="IDS", help="Skip these check ids (comma list)."),
]
EvidenceDirOpt = Annotated[
    Path | None,
    typer.Option("--evidence-dir", metavar="DIR", help="Where bundles go (default logs/evidence)."),
]
JsonOpt = Annotated[
    bool,
    typer.Option(
        "--json", help="Print result.json (+ evidence_dir) to stdout; the report to stderr."
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print the verdict only.")]
SerialOpt = Annotated[bool, typer.Option("--serial", help="Run checks one by one (debugging).")]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Any WARN makes the verdict NOT_READY (exit 1).")
]
PairsOpt = Annotated[
    str | None,
    typer.Option(
        "--pairs",
        metavar="BASES",
        help="Plan: base assets to trade, e.g. BTC,ETH (TRADING_PAIRS).",
    ),
]
SeedOpt = Annotated[
    str | None,
    typer.Option("--seed", metavar="USDT", help="Plan: capital for the run in USDT (SEED_USDT)."),
]
MaxNotionalOpt = Annotated[
    str | None,
    typer.Option(
        "--max-notional",
        metavar="USDT",
        help="Plan: largest position per leg in USDT (MAX_NOTIONAL_USDT).",
    ),
]
KillSwitchLossOpt = Annotated[
    str | None,
    typer.Option(
        "--kill-switch-loss",
        metavar="USDT",
        help="Plan: kill-switch daily loss in USDT (KILL_SWITCH_DAILY_LOSS_USDT).",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Let --write-env replace a file golive did not write (kept as PATH.bak-<UTC>).",
    ),
]
ProfileOpt = Annotated[
    str,
    typer.Option(
        "--profile", metavar="live|paper|local_dev", help="Profile of the written env file."
    ),
]
ScenarioOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--scenario",
        metavar="NAME",
        help="Fault scenario, repeatable (golive sim --list-scenarios lists them).",
    ),
]
ProveOrderPermissionOpt = Annotated[
    bool,
    typer.Option(
        "--prove-order-permission",
        help="Also send the venues' test-order endpoints (validate an order, create none).",
    ),
]
