"""SIGINT / SIGTERM at any moment of a golive process: 130 / 143, one line, no traceback.

Each test runs a real child, ``python -m golive`` or the ``golive`` console script, with
``tests/support/signal_hook`` on ``PYTHONPATH``: its ``sitecustomize`` makes the child send
itself the signal at a named moment (an import starting, a file of the bundle being opened
or renamed, a function being called, the interpreter exiting), so start-up and the bundle
write are hit every time, not by luck of timing. A fixed set of delays, counted from the
moment golive handles signals (the hook's ready file), covers the moments in between.

What must hold (docs/reliability.md, "Interrupted runs"):

- before the checks end: exit 130 / 143 and one line, ``golive: interrupted`` / ``terminated``;
- after the checks ended: the bundle is finished whole and the result shown, then 130 / 143
  with one line saying so;
- once the exit code is settled (interpreter exit): the signal is ignored, the verdict's code;
- never a traceback, a negative status (death by signal), a secret, or a leftover.

The instant before golive's own code runs (the interpreter, ``site``, the console script's
``import re``, runpy) belongs to Python and is documented, not tested here.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from golive import messages
from tests.hardening.support import (
    assert_complete_bundle,
    assert_no_debris,
    live_workspace,
    read_result,
)
from tests.support.workspace import CliResult, leaked_slices, secret_parts

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

HOOK = Path(__file__).parents[1] / "support" / "signal_hook"
CODES = {"SIGINT": 130, "SIGTERM": 143}
LOCAL = ("preflight", "--env", "live", "--only", "env_file,required_keys")
FINISH_WITHIN_S = 120.0


def program(entry: str) -> list[str]:
    """``python -m golive``, or the console script installed beside this interpreter."""
    if entry == "module":
        return [sys.executable, "-m", "golive"]
    script = Path(sys.executable).with_name("golive")
    assert script.is_file(), "golive's console script is not installed beside python"
    return [str(script)]


def child_env(workspace: Workspace, signame: str, at: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GOLIVE_LANG")}
    tmp = workspace.root.parent / "tmp"  # golive demo's workspace goes here: leftovers show
    tmp.mkdir(exist_ok=True)
    path = [str(HOOK), *filter(None, [os.environ.get("PYTHONPATH")])]
    env.update(
        PYTHONPATH=os.pathsep.join(path),
        TMPDIR=str(tmp),
        GOLIVE_TEST_SIGNAL=signame,
        GOLIVE_TEST_SIGNAL_AT=at,
        **extra,
    )
    return env


def golive(workspace: Workspace, entry: str, signame: str, at: str, *args: str) -> CliResult:
    """Run golive to its end with the signal sent at ``at``; the result is kept for the
    suite-wide leak scan."""
    proc = subprocess.run(
        [*program(entry), *args],
        cwd=workspace.root,
        env=child_env(workspace, signame, at),
        capture_output=True,
        text=True,
        timeout=FINISH_WITHIN_S,
        check=False,
    )
    result = CliResult(proc.returncode, proc.stdout, proc.stderr)
    workspace.results.append(result)
    return result


def said(key: str, **fields: str) -> str:
    return f"golive: {messages.text(key, 'en', **fields)}"


def stopped_line(signame: str) -> str:
    return said("cli.interrupted" if signame == "SIGINT" else "cli.terminated")


def assert_clean(workspace: Workspace, result: CliResult) -> None:
    """No traceback, no death by signal, no secret, no half bundle nor staging folder."""
    assert "Traceback" not in result.text, result.text
    assert result.code >= 0, result.text
    secrets = {k: v for values in workspace.written for k, v in secret_parts(values).items()}
    assert leaked_slices(result.text, secrets) == []
    assert_no_debris(workspace.root / "logs" / "evidence")
    for bundle in workspace.bundles():
        assert_complete_bundle(bundle)
    assert list((workspace.root.parent / "tmp").iterdir()) == []  # no golive-demo-* left


# -- start-up: an import starting, before any check ---------------------------------------

START_UP = [
    # python -m golive: golive.cli is imported inside __main__'s guard
    ("module", "SIGINT", "golive.cli"),
    ("module", "SIGINT", "golive.engine.signals"),
    ("module", "SIGINT", "typer"),
    ("module", "SIGINT", "pydantic"),
    ("module", "SIGINT", "golive.envfiles.read"),
    ("module", "SIGINT", "golive.engine.preflight"),
    ("module", "SIGINT", "rich.live"),
    ("module", "SIGTERM", "golive.commands"),  # SIGTERM has golive's handler from here on
    ("module", "SIGTERM", "typer"),
    ("module", "SIGTERM", "golive.config"),
    ("module", "SIGTERM", "golive.report.bundle"),
    # the console script: its wrapper imports golive.cli itself, golive's code starts after
    ("script", "SIGINT", "golive.engine"),
    ("script", "SIGINT", "typer"),
    ("script", "SIGINT", "golive.engine.preflight"),
    ("script", "SIGTERM", "golive.commands"),
    ("script", "SIGTERM", "pydantic"),
]


@pytest.mark.parametrize(("entry", "signame", "module"), START_UP)
def test_a_signal_during_start_up_is_one_line_and_130_or_143(
    workspace: Workspace, sim: RunningSimulator, entry: str, signame: str, module: str
) -> None:
    live_workspace(workspace, sim)

    result = golive(workspace, entry, signame, f"import:{module}", *LOCAL)

    assert_clean(workspace, result)
    assert result.code == CODES[signame], result.text
    assert result.err.splitlines() == [stopped_line(signame)]
    assert workspace.bundles() == []


@pytest.mark.parametrize(
    ("entry", "signame", "module"),
    [
        ("module", "SIGINT", "typer"),
        ("script", "SIGTERM", "golive.engine.preflight"),
        ("module", "SIGTERM", "golive.report.bundle"),
    ],
)
def test_a_signal_handled_inside_a_finalizer_still_stops_golive(
    workspace: Workspace, sim: RunningSimulator, entry: str, signame: str, module: str
) -> None:
    """Python may run the handler inside a weakref callback or ``__del__``: the exception it
    raises there is "ignored" (a traceback) and the signal lost, unless golive sends it again."""
    live_workspace(workspace, sim)

    result = golive(workspace, entry, signame, f"finalizer:{module}", *LOCAL)

    assert_clean(workspace, result)
    assert result.code == CODES[signame], result.text
    assert result.err.splitlines() == [stopped_line(signame)]
    assert workspace.bundles() == []


# -- during the run: cancelled, the finished checks kept, INTERRUPTED -----------------------

DURING_RUN = [
    ("SIGINT", "audit:socket.__new__:"),  # the run's event loop being built (its self-pipe)
    ("SIGTERM", "audit:socket.__new__:"),
    ("SIGINT", "call:golive.engine.runner:run"),  # the checks starting
    ("SIGTERM", "call:golive.engine.runner:_redact_outcome"),  # a first check done
]


@pytest.mark.parametrize(("signame", "at"), DURING_RUN)
def test_a_signal_during_the_run_gives_an_interrupted_bundle(
    workspace: Workspace, sim: RunningSimulator, signame: str, at: str
) -> None:
    live_workspace(workspace, sim)

    result = golive(workspace, "module", signame, at, *LOCAL)

    assert_clean(workspace, result)
    assert result.code == CODES[signame], result.text
    assert result.err.splitlines() == [stopped_line(signame)]
    [bundle] = workspace.bundles()
    assert read_result(bundle)["verdict"] == "INTERRUPTED"


# -- after the checks: the bundle is finished, the result shown, then 130 / 143 -------------

CLOSING = [
    ("module", "SIGINT", "audit:open:.result.json.tmp", ()),  # the bundle's first file
    ("module", "SIGTERM", "audit:open:.junit.xml.tmp", ()),
    ("module", "SIGINT", "audit:os.rename:.staging_", ()),  # the bundle put in place
    ("script", "SIGTERM", "audit:os.rename:.staging_", ()),
    ("module", "SIGTERM", "call:golive.report.console:finish", ()),  # the result being shown
    ("script", "SIGINT", "call:golive.report.result_json:render_stdout_json", ("--json",)),
]


@pytest.mark.parametrize(("entry", "signame", "at", "extra"), CLOSING)
def test_a_signal_after_the_checks_leaves_a_whole_bundle_and_says_so(
    workspace: Workspace,
    sim: RunningSimulator,
    entry: str,
    signame: str,
    at: str,
    extra: tuple[str, ...],
) -> None:
    live_workspace(workspace, sim)

    result = golive(workspace, entry, signame, at, *LOCAL, *extra)

    assert_clean(workspace, result)
    code = CODES[signame]
    assert result.code == code, result.text
    last = said("cli.signal_after_checks", signal=signame, code=str(code), result="0")
    assert result.err.splitlines()[-1] == last
    [bundle] = workspace.bundles()
    assert read_result(bundle)["verdict"] == "PARTIAL"  # the whole run, not INTERRUPTED
    assert bundle.name in result.text  # the result named it


@pytest.mark.parametrize(
    ("entry", "at"),
    [("module", "exit"), ("script", "exit"), ("module", "call:golive.cli:_settle")],
)
def test_a_signal_once_the_exit_code_is_settled_is_ignored(
    workspace: Workspace, sim: RunningSimulator, entry: str, at: str
) -> None:
    """The run is over and shown: a signal now cannot make it a death by signal (-2/-15)."""
    live_workspace(workspace, sim)

    result = golive(workspace, entry, "SIGINT", at, *LOCAL)

    assert_clean(workspace, result)
    assert result.code == 0, result.text
    assert result.err == ""
    [bundle] = workspace.bundles()
    assert read_result(bundle)["verdict"] == "PARTIAL"


def test_a_second_signal_while_the_bundle_is_written_leaves_none(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    """The first signal after the checks is held; a second one stops a write that hangs."""
    live_workspace(workspace, sim)
    at = "audit:open:.result.json.tmp;audit:open:.detail.txt.tmp"

    result = golive(workspace, "module", "SIGINT", at, *LOCAL)

    assert_clean(workspace, result)
    assert result.code == 130, result.text
    assert result.err.splitlines() == [stopped_line("SIGINT")]
    assert workspace.bundles() == []


# -- a fixed set of delays, counted from the moment golive handles signals ------------------

DELAYS_MS = (0, 2, 5, 10, 20, 40, 80, 160, 320, 640)


@pytest.mark.parametrize("delay_ms", DELAYS_MS)
def test_a_signal_at_a_fixed_delay_ends_cleanly(
    workspace: Workspace, sim: RunningSimulator, delay_ms: int
) -> None:
    live_workspace(workspace, sim)
    signame = "SIGINT" if DELAYS_MS.index(delay_ms) % 2 == 0 else "SIGTERM"
    ready = workspace.root.parent / "golive-ready"
    child = subprocess.Popen(
        [*program("module"), *LOCAL[:-1], "env_file,required_keys,upbit,telegram"],
        cwd=workspace.root,
        env=child_env(workspace, signame, "", GOLIVE_TEST_SIGNAL_READY=str(ready)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + FINISH_WITHIN_S
    while not ready.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "golive never started"
        time.sleep(0.001)
    time.sleep(delay_ms / 1000)
    child.send_signal(getattr(signal, signame))
    out, err = child.communicate(timeout=FINISH_WITHIN_S)
    result = CliResult(child.returncode, out, err)
    workspace.results.append(result)

    assert_clean(workspace, result)
    assert result.code in (CODES[signame], 0), result.text  # 0: it came once all was settled
    if result.code == 0:
        assert err == ""
    else:
        after = said(
            "cli.signal_after_checks", signal=signame, code=str(CODES[signame]), result="0"
        )
        assert err.splitlines() in ([stopped_line(signame)], [after])


# -- the other commands -------------------------------------------------------------------

SERVE = ("serve", "--env", "live", "--port", "0", "--interval", "3600")
OTHERS = [
    # a plain command: 130 / 143 and one line
    (("env", "validate", "--env", "live"), "SIGINT", "import:golive.envfiles.lint", "stopped"),
    (("env", "validate", "--env", "live"), "SIGTERM", "import:golive.envfiles.lint", "stopped"),
    (("git-safety", "--env", "live"), "SIGTERM", "import:golive.git.facts", "stopped"),
    # the simulator and the server: 130 / 143 before they serve; once serving, a signal is
    # how they stop (exit 0)
    (("sim", "--port", "0"), "SIGTERM", "import:uvicorn", "stopped"),
    (("sim", "--port", "0"), "SIGINT", "call:golive.sim.server:start_simulator", "stops"),
    (SERVE, "SIGINT", "import:golive.serve.scheduler", "stopped"),
    (SERVE, "SIGTERM", "call:golive.serve.scheduler:run_forever", "stops"),
    # the demo: its own simulator and temporary workspace, both gone whatever the moment
    (("demo",), "SIGINT", "import:rich.live", "stopped"),
    (("demo",), "SIGTERM", "call:golive.engine.preflight:run_preflight", "stopped"),
    (("demo",), "SIGINT", "audit:os.rename:.staging_", "after_checks"),
]


@pytest.mark.parametrize(("args", "signame", "at", "expect"), OTHERS)
def test_every_command_ends_a_signal_cleanly(
    workspace: Workspace,
    sim: RunningSimulator,
    args: tuple[str, ...],
    signame: str,
    at: str,
    expect: str,
) -> None:
    live_workspace(workspace, sim)

    result = golive(workspace, "module", signame, at, *args)

    assert_clean(workspace, result)
    if expect == "stops":  # golive sim says so on stdout, golive serve on stderr
        assert result.code == 0, result.text
        assert "stopped" in [line.rpartition(": ")[2] for line in result.text.splitlines()]
        assert "interrupted" not in result.err
        return
    last = result.err.splitlines()[-1]
    assert result.code == CODES[signame], result.text
    if expect == "stopped":
        assert last == stopped_line(signame)
        return
    [bundle] = workspace.bundles()
    verdict_code = {"READY": "0", "PARTIAL": "0", "NOT_READY": "1"}[read_result(bundle)["verdict"]]
    code = str(CODES[signame])
    assert last == said("cli.signal_after_checks", signal=signame, code=code, result=verdict_code)
