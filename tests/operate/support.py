"""Helpers for the operations tests: env files for the simulator, metrics parsing, a server."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
from prometheus_client.parser import text_string_to_metric_families

from golive.sim.envwrite import env_values

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from prometheus_client.samples import Sample

    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

WAIT_S = 90.0
"""How long a test waits for a state the server must reach (a bound, not a speed claim)."""


def write_bot(workspace: Workspace, sim: RunningSimulator, folder: str, **overrides: str) -> Path:
    """``<folder>/.env.live`` for ``sim`` (``overrides`` replace values), mode 0600."""
    (workspace.root / folder).mkdir(parents=True, exist_ok=True)
    workspace.allow_hosts(urlsplit(sim.base_url).hostname or "127.0.0.1")
    return workspace.write_env(f"{folder}/.env.live", {**env_values(sim, "live"), **overrides})


def samples(text: str) -> list[Sample]:
    """Every sample of a text exposition, parsed by prometheus_client's own parser."""
    return [s for family in text_string_to_metric_families(text) for s in family.samples]


def value(text: str, name: str, **labels: str) -> float | None:
    """The one sample ``name`` whose labels include ``labels``; None when there is none."""
    found = [
        s.value
        for s in samples(text)
        if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    ]
    assert len(found) <= 1, (name, labels, found)
    return found[0] if found else None


class ServeProcess:
    """``python -m golive serve ...`` as a child process; its stderr read line by line."""

    def __init__(self, workspace: Workspace, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "golive", "serve", *args],
            cwd=workspace.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.url = self._wait_url()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.put(line)

    def _wait_url(self) -> str:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.proc.poll() is None, f"serve exited {self.proc.returncode}: {self.log}"
                continue
            self.log.append(line)
            if "listening on " in line:
                return line.split("listening on ", 1)[1].split()[0]
        raise AssertionError(f"serve did not start: {self.log}")

    def drain(self) -> list[str]:
        while not self.lines.empty():
            self.log.append(self.lines.get_nowait())
        return self.log

    def get(self, path: str) -> httpx.Response:
        return httpx.get(self.url + path, timeout=10.0)

    def wait_for(self, what: str, condition: Callable[[], Any]) -> Any:
        """Poll ``condition`` until it returns something truthy (bounded by WAIT_S)."""
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            assert self.proc.poll() is None, f"serve exited: {self.drain()}"
            time.sleep(0.2)
        raise AssertionError(f"{what}: not reached; log: {self.drain()}")

    def readyz(self) -> tuple[int, Mapping[str, Any]]:
        answer = self.get("/readyz")
        return answer.status_code, json.loads(answer.text)

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        self.proc.send_signal(signum)
        code = self.proc.wait(timeout=WAIT_S)
        self._reader.join(timeout=5)
        out = self.proc.stdout.read() if self.proc.stdout else ""
        return code, out + "".join(self.drain())

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
