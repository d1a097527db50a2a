"""``golive sim``: serve the exchange simulator until Ctrl-C or SIGTERM."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from golive.commands.options import ForceOpt, LangOpt, ProfileOpt, ScenarioOpt

HostOpt = Annotated[
    str | None,
    typer.Option(
        "--host",
        metavar="HOST",
        help="Bind address (default 127.0.0.1; non-loopback only if given).",
    ),
]
PortOpt = Annotated[
    int, typer.Option("--port", metavar="N", help="Port; 0 picks a free one.", min=0)
]
LatencyOpt = Annotated[
    int, typer.Option("--latency-ms", metavar="MS", help="Delay every answer by N ms.", min=0)
]
ClockOffsetOpt = Annotated[
    int,
    typer.Option("--clock-offset-ms", metavar="MS", help="Server clock offset for clock_skew."),
]
WriteEnvOpt = Annotated[
    Path | None,
    typer.Option(
        "--write-env",
        metavar="PATH",
        help="Write a ready env file (mode 0600) for the simulator.",
    ),
]
PostgresOpt = Annotated[
    str | None,
    typer.Option("--postgres-dsn", metavar="DSN", help="POSTGRES_DSN for the written env file."),
]
RedisOpt = Annotated[
    str | None,
    typer.Option("--redis-url", metavar="URL", help="REDIS_URL for the written env file."),
]
KeyTypeOpt = Annotated[
    str,
    typer.Option(
        "--binance-key-type",
        metavar="hmac|ed25519|rsa",
        help="Binance key the simulator issues: hmac, ed25519 or rsa (PEM in --write-env).",
    ),
]
TestnetOpt = Annotated[
    bool,
    typer.Option(
        "--binance-testnet",
        help="Play the Binance Spot Test Network (/api only, no /sapi); "
        "--write-env adds BINANCE_TESTNET=true.",
    ),
]
ListOpt = Annotated[
    bool,
    typer.Option("--list-scenarios", help="Print every scenario, one line each, and exit."),
]


def sim(
    host: HostOpt = None,
    port: PortOpt = 0,
    scenario: ScenarioOpt = None,
    latency_ms: LatencyOpt = 0,
    clock_offset_ms: ClockOffsetOpt = 0,
    write_env: WriteEnvOpt = None,
    profile: ProfileOpt = "live",
    postgres_dsn: PostgresOpt = None,
    redis_url: RedisOpt = None,
    binance_key_type: KeyTypeOpt = "hmac",
    binance_testnet: TestnetOpt = False,
    force: ForceOpt = False,
    list_scenarios: ListOpt = False,
    lang: LangOpt = None,
) -> int:
    """Serve a local Binance + Upbit + Telegram simulator with fault scenarios."""
    from golive.commands.common import chosen_lang
    from golive.sim.command import print_scenarios, run_sim

    language = chosen_lang(lang)
    if list_scenarios:
        return print_scenarios(lang=language)
    return run_sim(
        host=host,
        port=port,
        scenarios=list(scenario or []),
        latency_ms=latency_ms,
        clock_offset_ms=clock_offset_ms,
        write_env=write_env,
        profile=profile,
        postgres_dsn=postgres_dsn,
        redis_url=redis_url,
        binance_key_type=binance_key_type,
        binance_testnet=binance_testnet,
        force=force,
        lang=language,
    )
