"""``golive serve``: run the preflight on a schedule and serve its verdict over HTTP.

The profile is checked once before listening (bad usage is exit 2 at once);
every run then reloads it. The venues' blocks (a 418, a 429) are kept from one run
to the next until the time the venue named (:mod:`golive.exchanges.blocks`), so a
run inside a block sends nothing to it. SIGTERM or SIGINT stop the server cleanly
(exit 0): the listener closes, a run in progress is cancelled and leaves no bundle.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from golive.commands.options import (
    ConfigOpt,
    EnvFileOpt,
    EnvOpt,
    EvidenceDirOpt,
    LangOpt,
    TimeoutOpt,
)
from golive.engine import signals

if TYPE_CHECKING:
    from collections.abc import Iterator

    from golive.commands.common import Loaded
    from golive.engine.preflight import PreflightSetup
    from golive.exchanges.blocks import Blocks
    from golive.model import Check
    from golive.serve.scheduler import Prepare, Scheduler

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 9108
DEFAULT_INTERVAL_S = 300.0


def _listen(host: str, port: int, lang: str) -> socket.socket:
    """Bind before serving: a taken port is one line and exit 2, not a uvicorn traceback."""
    from golive import messages
    from golive.commands.common import UsageError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        where = f"{host}:{port}"
        text = messages.text("serve.cannot_listen", lang, where=where, reason=reason)
        raise UsageError(text) from exc
    sock.setblocking(False)
    return sock


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def preparer(
    first: Loaded,
    env_file: Path | None,
    *,
    checks: tuple[Check, ...],
    lang: str | None,
    config: Path | None,
    timeout: float | None,
    cwd: Path,
    blocks: Blocks,
) -> Prepare:
    """Each run's setup: the profile read again, a fresh back-off that starts with the
    ``blocks`` of earlier runs still on (they are shared by every run of the server)."""
    from golive.commands.common import load
    from golive.commands.preflight_cmd import build_setup
    from golive.exchanges.backoff import VenueStates

    def prepare() -> PreflightSetup:
        loaded = load(first.profile.name, env_file, lang=lang, config=config, cwd=cwd)
        venues = VenueStates(blocks)
        return build_setup(loaded, checks, timeout=timeout, serial=False, cwd=cwd, venues=venues)

    return prepare


def _log(line: str) -> None:
    sys.stderr.write(f"golive serve: {line}\n")
    sys.stderr.flush()


async def _serve(
    scheduler: Scheduler, sock: socket.socket, run_signals: signals.Cancelling
) -> None:
    import uvicorn

    from golive.serve.app import build_app

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:  # signals are ours (below)
            yield

    config = uvicorn.Config(
        build_app(scheduler), log_level="warning", access_log=False, lifespan="off"
    )
    server = Server(config)
    loop = asyncio.get_running_loop()

    def stop() -> None:
        server.should_exit = True
        scheduler.stop()

    run_signals.attach(loop, stop)
    runs = asyncio.create_task(scheduler.run_forever(), name="golive-serve-runs")
    try:
        await server.serve(sockets=[sock])
    finally:
        scheduler.stop()
        await asyncio.gather(runs, return_exceptions=True)
        run_signals.detach()


IntervalOpt = Annotated[
    float,
    typer.Option(
        "--interval", metavar="SECONDS", help="Seconds between runs (jittered by 10 %).", min=1.0
    ),
]
HostOpt = Annotated[
    str,
    typer.Option("--host", metavar="HOST", help="Address to listen on (default loopback only)."),
]
PortOpt = Annotated[
    int,
    typer.Option(
        "--port", metavar="PORT", help="Port to listen on (0: any free port).", min=0, max=65535
    ),
]
KeepOpt = Annotated[
    int,
    typer.Option(
        "--keep", metavar="N", help="Bundles this server keeps; it deletes its older ones.", min=1
    ),
]


def serve(
    env: EnvOpt = None,
    env_file: EnvFileOpt = None,
    interval: IntervalOpt = DEFAULT_INTERVAL_S,
    host: HostOpt = DEFAULT_HOST,
    port: PortOpt = DEFAULT_PORT,
    evidence_dir: EvidenceDirOpt = None,
    keep: KeepOpt = 50,
    lang: LangOpt = None,
    timeout: TimeoutOpt = None,
    config: ConfigOpt = None,
) -> int:
    """Run the preflight now and every interval; serve /metrics, /healthz, /readyz, /result.json."""
    from golive import messages
    from golive.checks import all_checks
    from golive.commands.common import load
    from golive.exchanges.blocks import Blocks
    from golive.serve.retention import Retention
    from golive.serve.scheduler import Scheduler

    cwd = Path.cwd()
    first = load(env, env_file, lang=lang, config=config, cwd=cwd)  # bad usage: exit 2 now
    prepare = preparer(
        first,
        env_file,
        checks=all_checks(),
        lang=lang,
        config=config,
        timeout=timeout,
        cwd=cwd,
        blocks=Blocks(),
    )
    target = cwd / (evidence_dir or Path(first.settings.evidence_dir))
    sock = _listen(host, port, first.lang)
    scheduler = Scheduler(
        prepare,
        label=first.profile.name,
        interval=interval,
        evidence_dir=target,
        retention=Retention(keep),
        lang=first.lang,
        log=_log,
    )
    _log(messages.text("serve.listening", first.lang, url=_url(sock)))
    # a signal stops the server (exit 0); once it has stopped, more are ignored
    with signals.Cancelling(then=signals.ignore) as run_signals:
        asyncio.run(_serve(scheduler, sock, run_signals))
    _log(messages.text("serve.stopped", first.lang))
    return 0
