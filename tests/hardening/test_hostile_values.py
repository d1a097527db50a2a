"""Hostile values (issue 11, points 4, 5, 6, 13): whatever a server answers or a file holds,
the run ends with a verdict and a bundle, bad values are named, and nothing from outside
reaches a terminal or an evidence file raw.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from golive.exchanges.request import _parsed
from golive.sim.state import Injection
from tests.hardening.support import live_workspace, preflight

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

CONTROL = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]} - {"\n"}
FORGED = "\x1b]0;pwned\x07\x1b[2J\r\nPASS  fake"


def get_me(sim: RunningSimulator, username: str) -> None:
    """The simulator's ``getMe`` answers ``username`` (JSON-escaped: surrogates survive)."""
    token = sim.state.credentials.telegram_bot_token
    result = {"id": 1, "is_bot": True, "username": username}
    body = json.dumps({"ok": True, "result": result}).encode()
    sim.state.inject(Injection("GET", f"/bot{token}/getMe", 200, body=body))


def outputs(workspace: Workspace, run_bundle: os.PathLike[str]) -> dict[str, str]:
    from pathlib import Path

    folder = Path(run_bundle)
    files = {p.name: p.read_bytes().decode("utf-8") for p in folder.iterdir()}
    return {"console": workspace.results[-1].text, **files}


def assert_printable(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        raw = sorted({hex(ord(c)) for c in text if c in CONTROL or 0xD800 <= ord(c) <= 0xDFFF})
        assert raw == [], f"{name} holds raw {raw}"


# -- point 4: lone surrogates, invalid bytes -----------------------------------------


def test_a_lone_surrogate_in_an_answer_still_gives_a_verdict_and_a_bundle(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    get_me(sim, "\ud800bot")

    run = preflight(workspace, ("telegram",), "--timeout", "3")

    assert run.data["verdict"] == "PARTIAL"  # --only telegram: passed, not a go-live verdict
    assert run.data["checks"][0]["details"]["bot_username"] == "\\ud800bot"
    assert_printable(outputs(workspace, run.bundle))


def test_an_env_file_path_that_is_not_utf8(workspace: Workspace, sim: RunningSimulator) -> None:
    live_workspace(workspace, sim)
    bad = os.fsencode(workspace.root) + b"/live-\xff.env"
    os.rename(workspace.root / ".env.live", bad)

    result = workspace.run_subprocess(
        "preflight", "--env", "live", "--env-file", os.fsdecode(bad), "--only", "env_file,telegram"
    )

    assert result.code == 0, result.err
    assert "\\udcff" in result.out or "\\xff" in result.out
    [bundle] = workspace.bundles()
    assert "live-\\udcff.env" in json.loads((bundle / "result.json").read_text())["env_file"]


# -- point 13: terminal escapes ------------------------------------------------------


def test_terminal_escapes_in_an_answer_are_shown_escaped(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    get_me(sim, f"bot{FORGED}")

    run = preflight(workspace, ("telegram",), "--timeout", "3")

    texts = outputs(workspace, run.bundle)
    assert_printable(texts)
    for name, text in texts.items():
        assert not any(line.startswith("PASS  fake") for line in text.splitlines()), name
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x0aPASS  fake" in texts["detail.txt"]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(username=st.text(st.characters(exclude_categories=()), max_size=24))
def test_any_text_in_an_answer_gives_a_verdict_and_printable_evidence(
    workspace: Workspace, sim: RunningSimulator, username: str
) -> None:
    """The class: any code point (controls, format characters, lone surrogates) in any field."""
    sim.state.reset()
    if not (workspace.root / ".git").exists():
        live_workspace(workspace, sim)
    get_me(sim, username)

    run = preflight(workspace, ("telegram",), "--timeout", "3")

    assert run.data["verdict"] in ("PARTIAL", "NOT_READY")
    assert_printable(outputs(workspace, run.bundle))


# -- point 5: odd values crash no check ----------------------------------------------

BAD_ENV_VALUES = {
    "port": ({"BINANCE_BASE_URL": "http://127.0.0.1:470210"}, "BINANCE_BASE_URL", "binance"),
    "redis_query": ({"REDIS_URL": "redis://127.0.0.1:6379/0?foo=bar"}, "REDIS_URL", "redis"),
    "proxy_scheme": ({"HTTPS_PROXY": "gopher://127.0.0.1:70"}, "HTTPS_PROXY", "upbit"),
}
GATED = {"port": "env.bad_base_url"}
"""A malformed base URL closes its venue's credential gate: the check is not started and
FAILs with env_isolation's reason (env_isolation is not in this run)."""


@pytest.mark.parametrize("case", list(BAD_ENV_VALUES))
def test_a_bad_env_value_is_a_bad_format_fail_and_a_validate_error(
    workspace: Workspace, sim: RunningSimulator, case: str
) -> None:
    overrides, key, check = BAD_ENV_VALUES[case]
    live_workspace(workspace, sim, **overrides)

    run = preflight(workspace, (check,), "--timeout", "3")
    validated = workspace.run("env", "validate", "--env", "live")

    [result] = run.data["checks"]
    reason = GATED.get(case, "env.bad_format")
    assert (result["status"], result["reason"]) == ("FAIL", reason), result
    assert key in result["message"]
    assert validated.code == 1
    assert f"{key}  bad_format" in validated.out


def test_socks_support_is_a_declared_dependency() -> None:
    """The proxy test below passes wherever socksio happens to be installed; golive itself
    must bring it (``httpx[socks]``), or a bot host without it crashes on ``socks5://``."""
    from importlib import metadata

    httpx_requirements = [r for r in metadata.requires("golive") or [] if r.startswith("httpx")]
    assert any("[socks]" in requirement for requirement in httpx_requirements)


def test_a_socks_proxy_is_used_not_a_crash(workspace: Workspace, sim: RunningSimulator) -> None:
    from tests.support.faults import free_port

    live_workspace(workspace, sim, HTTPS_PROXY=f"socks5://127.0.0.1:{free_port()}")

    run = preflight(workspace, ("telegram",), "--timeout", "3")

    [result] = run.data["checks"]
    assert (result["status"], result["error_type"]) == ("FAIL", "network_error"), result
    assert not result["reason"].startswith("exception."), result


ODD_BODIES = {
    "deeply_nested": b"[" * 100_000 + b"]" * 100_000,
    "4000_digit_server_time": b'{"serverTime": ' + b"9" * 4000 + b"}",
    "infinite_server_time": b'{"serverTime": 1e999}',
    "nan_server_time": b'{"serverTime": NaN}',
}


@pytest.mark.parametrize("case", list(ODD_BODIES))
def test_an_odd_answer_is_malformed_not_a_crash(
    workspace: Workspace, sim: RunningSimulator, case: str
) -> None:
    live_workspace(workspace, sim)
    sim.state.inject(Injection("GET", "/api/v3/time", 200, body=ODD_BODIES[case]))

    run = preflight(workspace, ("clock_skew",), "--timeout", "3")

    [result] = run.data["checks"]
    assert (result["status"], result["reason"]) == ("FAIL", "response.malformed"), result


@given(
    st.binary(max_size=64)
    | st.recursive(st.none(), st.lists, max_leaves=8).map(lambda v: json.dumps(v).encode())
)
def test_the_json_reader_never_raises(body: bytes) -> None:
    """The class: any body, nested lists included, is JSON or ``None``."""
    _parsed(httpx.Response(200, content=body))


@pytest.mark.parametrize("depth", [10, 1000, 100_000])
def test_nesting_depth_never_raises(depth: int) -> None:
    body = b"[" * depth + b"]" * depth
    parsed = _parsed(httpx.Response(200, content=body))
    assert parsed is None or isinstance(parsed, list)


# -- point 6: strict configuration ---------------------------------------------------

BAD_CONFIGS = {
    "golive_toml_not_utf8": ("golive.toml", b"timeout_s = 5\n# \xff\xfe\n", "UTF-8"),
    "pyproject_not_utf8": ("pyproject.toml", b"[tool.golive]\n# \xff\n", "UTF-8"),
    "tool_is_an_integer": ("pyproject.toml", b"tool = 1\n", "[tool] must be a table"),
    "nul_in_evidence_dir": ("golive.toml", b'evidence_dir = "a\\u0000b"\n', "evidence_dir"),
    "bool_as_string": (
        "golive.toml",
        b'[binance_policy]\nforbid_withdrawals = "false"\n',
        "binance_policy.forbid_withdrawals",
    ),
    "bool_as_integer": (
        "golive.toml",
        b"[binance_policy]\nforbid_withdrawals = 0\n",
        "binance_policy.forbid_withdrawals",
    ),
    "timeout_as_bool": ("golive.toml", b"timeout_s = true\n", "timeout_s"),
    "keys_as_string": ("golive.toml", b'[required_keys]\nlive = "A"\n', "required_keys.live"),
}


@pytest.mark.parametrize("case", list(BAD_CONFIGS))
def test_a_bad_configuration_is_exit_2_naming_file_and_key(
    workspace: Workspace, sim: RunningSimulator, case: str
) -> None:
    name, content, named = BAD_CONFIGS[case]
    live_workspace(workspace, sim)
    (workspace.root / "golive.toml").unlink()  # its allowed_hosts would hide pyproject.toml
    (workspace.root / name).write_bytes(content)

    result = workspace.run("preflight", "--env", "live", "--only", "env_file")

    assert result.code == 2, result.text
    [line] = result.err.splitlines()
    assert line.startswith("golive: error: "), line
    assert name in line, line
    assert named in line, line
    assert "internal error" not in line


def test_a_wrong_type_names_the_type_expected_and_given(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    (workspace.root / "golive.toml").write_text('[binance_policy]\nforbid_withdrawals = "false"\n')

    result = workspace.run("preflight", "--env", "live", "--only", "env_file")

    assert "valid boolean" in result.err, result.err
    assert "got a string" in result.err, result.err
