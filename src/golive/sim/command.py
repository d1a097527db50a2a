"""``golive sim``: serve the simulator until Ctrl-C or SIGTERM.

:func:`run_sim` is the CLI entry; :func:`serve` does the work with an explicit
stop event and output streams, so it can run in a test thread.
"""

from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

from golive.sim.binance_keys import BinanceKeyType
from golive.sim.scenarios import UnknownScenarioError, validate_scenarios
from golive.sim.state import SimConfig
from golive.sim.venues import Venue

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from types import FrameType

    from golive.sim.server import RunningSimulator

PROG = "golive sim"
DEFAULT_HOST = "127.0.0.1"


class SimUsageError(ValueError):
    """Bad flags; reported as one line with exit code 2."""


@dataclass(frozen=True)
class EnvRequest:
    """What ``--write-env`` writes besides the simulator's own values."""

    profile: str
    postgres_dsn: str | None
    redis_url: str | None
    force: bool = False


def sim_config(
    *,
    host: str | None,
    port: int,
    scenarios: list[str],
    latency_ms: int,
    clock_offset_ms: int,
    binance_key_type: str = "hmac",
    binance_testnet: bool = False,
    lang: str | None = None,
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
        raise SimUsageError(exc.in_lang(said_in(lang))) from exc
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


def said_in(lang: str | None) -> str:
    """``lang`` (``golive sim --lang``, already checked), else ``GOLIVE_LANG``, else the locale."""
    from golive.messages.lang import resolve_lang

    return resolve_lang(None) if lang is None else lang


def _listening(sim: RunningSimulator, lang: str) -> str:
    """The address actually bound; a wildcard bind also names the URL clients here use."""
    from golive import messages

    port = sim.base_url.rsplit(":", 1)[-1]
    bound = f"[{sim.host}]" if ":" in sim.host else sim.host
    if sim.base_url == f"http://{bound}:{port}":
        return messages.text("sim.listening", lang, url=sim.base_url)
    return messages.text(
        "sim.listening_all", lang, bound=f"http://{bound}:{port}", url=sim.base_url
    )


def print_scenarios(out: TextIO | None = None, lang: str | None = None) -> int:
    """``golive sim --list-scenarios``: one line per scenario (name, what it plays), exit 0."""
    from golive.sim.scenarios import SCENARIOS, describe_scenario

    language = said_in(lang)
    width = max(map(len, SCENARIOS))
    for name in SCENARIOS:
        print(f"{name:<{width}}  {describe_scenario(name, language)}", file=out or sys.stdout)
    return 0


def _check_profile(profile: str) -> None:
    from golive.config import PROFILES

    if profile not in PROFILES:
        raise SimUsageError(f"--profile must be one of {', '.join(PROFILES)}, got {profile!r}")


def _write_env(
    sim: RunningSimulator, write_env: Path, env: EnvRequest, out: TextIO, lang: str
) -> None:
    from golive import messages
    from golive.sim.envwrite import EnvWriteRefusedError, env_values, write_env_file_keeping

    values = env_values(sim, env.profile, env.postgres_dsn, env.redis_url)
    try:
        backup = write_env_file_keeping(write_env, values, sim.base_url, force=env.force, lang=lang)
    except EnvWriteRefusedError as exc:
        raise SimUsageError(str(exc)) from exc
    except OSError as exc:
        why = exc.strerror or str(exc)
        said = messages.text("sim.write_env.cannot_write", lang, path=str(write_env), why=why)
        raise SimUsageError(said) from exc
    if backup is not None:
        moved = messages.text("sim.write_env.moved", lang, path=str(write_env), backup=str(backup))
        print(f"{PROG}: {moved}", file=out)
    written = messages.text("sim.write_env.written", lang, profile=env.profile, path=str(write_env))
    print(f"{PROG}: {written}", file=out)
    if env.profile == "live":  # else env_isolation FAILs env.non_production_host on its URLs
        host = urlsplit(sim.base_url).hostname or sim.base_url
        print(f"{PROG}: {messages.text('sim.write_env.live_hosts', lang, host=host)}", file=out)


def serve(
    config: SimConfig,
    *,
    write_env: Path | None,
    profile: str,
    postgres_dsn: str | None,
    redis_url: str | None,
    stop: threading.Event,
    out: TextIO,
    force: bool = False,
    lang: str | None = None,
) -> int:
    """Start, announce, write the env file, wait for ``stop``, shut down. Raises on failure."""
    from golive import messages
    from golive.sim.envwrite import EnvWriteRefusedError, check_target
    from golive.sim.server import start_simulator  # starlette and uvicorn load here

    lang = said_in(lang)
    env = EnvRequest(profile, postgres_dsn, redis_url, force)
    if write_env is not None:
        try:  # refuse before serving: the file is left untouched
            check_target(write_env, force=force, lang=lang)
        except EnvWriteRefusedError as exc:
            raise SimUsageError(str(exc)) from exc
    with start_simulator(config) as sim:
        print(f"{PROG}: {_listening(sim, lang)}", file=out, flush=True)
        names = ", ".join(sim.state.describe_scenarios())
        print(f"{PROG}: {messages.text('sim.scenarios', lang, names=names)}", file=out)
        if write_env is not None:
            _write_env(sim, write_env, env, out, lang)
        kind = config.binance_key_type.value
        print(f"{PROG}: {messages.text('sim.key_type', lang, kind=kind)}", file=out)
        print(f"{PROG}: {messages.text('sim.stop_how', lang)}", file=out, flush=True)
        stop.wait()
    print(f"{PROG}: {messages.text('sim.stopped', lang)}", file=out, flush=True)
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
    force: bool = False,
    lang: str | None = None,
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
            lang=lang,
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
                force=force,
                lang=lang,
            )
    except (SimUsageError, NonLoopbackHostError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        from golive import messages

        where, why = f"{host or DEFAULT_HOST}:{port}", exc.strerror or str(exc)
        said = messages.text("sim.cannot_serve", said_in(lang), where=where, why=why)
        print(f"{PROG}: {said}", file=sys.stderr)
        return 1
