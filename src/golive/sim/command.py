"""``golive sim``: serve the simulator until Ctrl-C or SIGTERM.

:func:`run_sim` is the CLI entry; :func:`serve` does the work with an explicit
stop event and output streams, so it can run in a test thread.
"""

from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from golive.sim.binance_keys import BinanceKeyType
from golive.sim.scenarios import UnknownScenarioError, validate_scenarios
from golive.sim.state import SimConfig
from golive.sim.venues import Venue

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from types import FrameType

PROG = "golive sim"
DEFAULT_HOST = "127.0.0.1"


class SimUsageError(ValueError):
    """Bad flags; reported as one line with exit code 2."""


def sim_config(
    *,
    host: str | None,
    port: int,
    scenarios: list[str],
    latency_ms: int,
    clock_offset_ms: int,
    binance_key_type: str = "hmac",
    binance_testnet: bool = False,
) -> SimConfig:
    """Flags -> :class:`SimConfig`; ``--clock-offset-ms`` alone skews every venue."""
    if not 0 <= port <= 65535:
        raise SimUsageError(f"--port must be 0..65535, got {port}")
    if latency_ms < 0:
        raise SimUsageError(f"--latency-ms must be >= 0, got {latency_ms}")
    if binance_key_type not in set(BinanceKeyType):
        kinds = "|".join(BinanceKeyType)
        raise SimUsageError(f"--binance-key-type must be {kinds}, got {binance_key_type!r}")
    try:
        active = validate_scenarios(scenarios)
    except UnknownScenarioError as exc:
        raise SimUsageError(str(exc)) from exc
    if clock_offset_ms and not any(name.endswith(".clock_skew") for name in active):
        active += tuple(f"{venue.value}.clock_skew" for venue in Venue)
    return SimConfig(
        host=host or DEFAULT_HOST,
        port=port,
        scenarios=active,
        latency_ms=latency_ms,
        clock_offset_ms=clock_offset_ms,
        allow_non_loopback=host is not None,
        binance_key_type=BinanceKeyType(binance_key_type),
        binance_testnet=binance_testnet,
    )


def _check_profile(profile: str) -> None:
    from golive.config import PROFILES

    if profile not in PROFILES:
        raise SimUsageError(f"--profile must be one of {', '.join(PROFILES)}, got {profile!r}")


def serve(
    config: SimConfig,
    *,
    write_env: Path | None,
    profile: str,
    postgres_dsn: str | None,
    redis_url: str | None,
    stop: threading.Event,
    out: TextIO,
) -> int:
    """Start, announce, write the env file, wait for ``stop``, shut down. Raises on failure."""
    from golive.sim.envwrite import env_values, write_env_file
    from golive.sim.server import start_simulator  # starlette and uvicorn load here

    with start_simulator(config) as sim:
        print(f"{PROG}: listening on {sim.base_url}", file=out, flush=True)
        print(f"{PROG}: scenarios: {', '.join(sim.state.describe_scenarios())}", file=out)
        if write_env is not None:
            values = env_values(sim, profile, postgres_dsn, redis_url)
            try:
                write_env_file(write_env, values, sim.base_url)
            except OSError as exc:
                raise SimUsageError(f"cannot write {write_env}: {exc.strerror or exc}") from exc
            print(f"{PROG}: env file for profile {profile}: {write_env}", file=out)
        print(f"{PROG}: binance key type: {config.binance_key_type.value}", file=out)
        print(f"{PROG}: Ctrl-C or SIGTERM stops it", file=out, flush=True)
        stop.wait()
    print(f"{PROG}: stopped", file=out, flush=True)
    return 0


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set ``stop`` (main thread only); the old handlers come back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_sim(
    *,
    host: str | None,
    port: int,
    scenarios: list[str],
    latency_ms: int,
    clock_offset_ms: int,
    write_env: Path | None,
    profile: str,
    postgres_dsn: str | None,
    redis_url: str | None,
    binance_key_type: str = "hmac",
    binance_testnet: bool = False,
) -> int:
    """Serve until SIGINT/SIGTERM; 0 after a clean stop, 2 on bad usage, 1 if it cannot serve."""
    from golive.sim.server import NonLoopbackHostError

    stop = threading.Event()
    try:
        _check_profile(profile)
        config = sim_config(
            host=host,
            port=port,
            scenarios=scenarios,
            latency_ms=latency_ms,
            clock_offset_ms=clock_offset_ms,
            binance_key_type=binance_key_type,
            binance_testnet=binance_testnet,
        )
        with stop_on_signals(stop):
            return serve(
                config,
                write_env=write_env,
                profile=profile,
                postgres_dsn=postgres_dsn,
                redis_url=redis_url,
                stop=stop,
                out=sys.stdout,
            )
    except (SimUsageError, NonLoopbackHostError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f"{host or DEFAULT_HOST}:{port}"
        print(f"{PROG}: cannot serve on {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
