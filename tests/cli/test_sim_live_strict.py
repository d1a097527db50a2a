"""A live env file written by ``golive sim --write-env`` is READY under ``--strict``.

``READ_ONLY_ENFORCED`` is the bot's own switch: ``true`` in a live file is a WARN
(the bot could not trade), so a simulator file that wrote it made every rehearsal
fail ``--strict``. The simulator writes ``false`` for live and keeps ``true`` for
paper and local_dev, where the ``read_only`` check expects it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest
from dotenv import dotenv_values

from tests.messages.test_korean_output import english_found
from tests.verdict.support import check, only_bundle, statuses

HANGUL = re.compile(r"[\uac00-\ud7a3]")

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.support.redis_server import RedisServer
    from tests.support.workspace import Workspace


@contextmanager
def sim_serving(root: Path, *args: str, lang: str = "en") -> Iterator[str]:
    """``golive sim ARGS`` in a child, serving until the block ends; yields what it printed."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
    env["GOLIVE_LANG"] = lang
    with (root.parent / "sim.err").open("w") as errors:
        proc = subprocess.Popen(
            [sys.executable, "-m", "golive", "sim", *args],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        assert proc.stdout is not None
        said = []
        try:
            for line in proc.stdout:
                said.append(line)
                if "SIGTERM" in line:  # "Ctrl-C or SIGTERM stops it", in either language
                    break
            yield "".join(said)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=30)


def test_a_sim_written_live_file_is_ready_under_strict(
    workspace: Workspace, persistent_redis: RedisServer
) -> None:
    workspace.init_repo()
    workspace.allow_hosts("127.0.0.1")  # the simulator, as its own output advises
    url = persistent_redis.url()
    with sim_serving(workspace.root, "--write-env", ".env.live", "--redis-url", url) as said:
        assert "env file for profile live" in said, said
        result = workspace.run("preflight", "--env", "live", "--strict")
    assert result.code == 0, result.text
    data = only_bundle(workspace)
    assert (data["verdict"], data["strict"], data["complete"]) == ("READY", True, True)
    assert set(statuses(data).values()) == {"PASS"}, statuses(data)
    assert check(data, "read_only")["details"]["env_read_only_enforced"] == "false"


@pytest.mark.parametrize(("profile", "expected"), [("paper", "true"), ("local_dev", "true")])
def test_paper_and_local_dev_files_keep_the_bot_read_only(
    workspace: Workspace, profile: str, expected: str
) -> None:
    name = f".env.{profile}"
    with sim_serving(workspace.root, "--write-env", name, "--profile", profile):
        pass
    values = dotenv_values(workspace.root / name)
    assert (values["ARBITRAGE_ENV"], values["READ_ONLY_ENFORCED"]) == (profile, expected)


def test_the_simulator_speaks_korean(workspace: Workspace) -> None:
    with sim_serving(workspace.root, "--write-env", ".env.live", lang="ko") as said:
        pass
    lines = said.splitlines()
    assert len(lines) == 6, said  # up to "Ctrl-C or SIGTERM stops it"
    assert all(line.startswith("golive sim: ") for line in lines), said
    assert all(HANGUL.search(line) for line in lines), said
    assert english_found(said) == []
    assert "live 프로필용 env 파일: .env.live" in said
