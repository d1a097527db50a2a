"""``golive sim``: serve the exchange simulator until Ctrl-C or SIGTERM."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

KeyTypeOption = Annotated[
    str,
    typer.Option(
        "--binance-key-type",
        help="Binance key the simulator issues: hmac, ed25519 or rsa (PEM in --write-env).",
    ),
]
TestnetOption = Annotated[
    bool,
    typer.Option(
        "--binance-testnet",
        help="Play the Binance Spot Test Network (/api only, no /sapi); "
        "--write-env adds BINANCE_TESTNET=true.",
    ),
]


def sim(
    host: Annotated[
        str | None,
        typer.Option(
            "--host", help="Bind address (default 127.0.0.1; non-loopback only if given)."
        ),
    ] = None,
    port: Annotated[int, typer.Option("--port", help="Port; 0 picks a free one.", min=0)] = 0,
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", help="Fault scenario, repeatable (see docs/simulator.md)."),
    ] = None,
    latency_ms: Annotated[
        int, typer.Option("--latency-ms", help="Delay every answer by N ms.", min=0)
    ] = 0,
    clock_offset_ms: Annotated[
        int, typer.Option("--clock-offset-ms", help="Server clock offset for clock_skew.")
    ] = 0,
    write_env: Annotated[
        Path | None,
        typer.Option("--write-env", help="Write a ready env file (mode 0600) for the simulator."),
    ] = None,
    profile: Annotated[
        str, typer.Option("--profile", help="Profile of the written env file.")
    ] = "live",
    postgres_dsn: Annotated[
        str | None, typer.Option("--postgres-dsn", help="POSTGRES_DSN for the written env file.")
    ] = None,
    redis_url: Annotated[
        str | None, typer.Option("--redis-url", help="REDIS_URL for the written env file.")
    ] = None,
    binance_key_type: KeyTypeOption = "hmac",
    binance_testnet: TestnetOption = False,
) -> int:
    """Serve a local Binance + Upbit + Telegram simulator with fault scenarios."""
    from golive.sim.command import run_sim

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
    )
