"""``env_isolation``: base URLs, keys shared with sibling env files, evidence dir, committed files.

Real env files and real ``git init`` repositories in a temporary workspace; the
check runs with a real :class:`CheckContext` built from the loaded profile.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from typing import TYPE_CHECKING

import pytest

from golive.checks import all_checks, env_isolation
from golive.config import Settings
from golive.envfiles.isolation import looks_like_env_file
from golive.envfiles.profile import load_profile
from golive.masking import Redactor
from golive.model import CheckContext, ErrorType, Outcome, Status, SystemClock
from tests.checks.support import everything
from tests.support.workspace import VALID_SECRETS, Workspace, leaked_slices, secret_parts

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

LIVE = {"ARBITRAGE_ENV": "live", **VALID_SECRETS}
PAPER_KEYS = {
    "UPBIT_ACCESS_KEY": "PaperUpbitAccess" + "p1" * 10,
    "UPBIT_SECRET_KEY": "PaperUpbitSecret" + "p2" * 10,
    "BINANCE_API_KEY": "PaperBinanceKey0" + "p3" * 10,
    "BINANCE_API_SECRET": "PaperBinanceSecr" + "p4" * 10,
}
PAPER = {**LIVE, "ARBITRAGE_ENV": "paper", **PAPER_KEYS}
SECRETS = secret_parts(VALID_SECRETS)


def context(
    workspace: Workspace,
    profile: str = "live",
    *,
    env_file: Path | None = None,
    settings: Settings | None = None,
    lang: str = "en",
    timeout: float = 5.0,
) -> CheckContext:
    loaded = load_profile(profile, env_file, workspace.root)
    return CheckContext(
        profile=loaded,
        settings=settings or Settings(),
        redactor=Redactor.from_values(loaded.values),
        clock=SystemClock(),
        http=None,
        lang=lang,
        cwd=workspace.root,
        timeout=timeout,
    )


async def check(
    workspace: Workspace,
    values: Mapping[str, str],
    profile: str = "live",
    *,
    lang: str = "en",
    timeout: float = 5.0,
) -> Outcome:
    """Write ``.env.<profile>``, run the check on it, and make sure nothing secret came out."""
    workspace.write_env(f".env.{profile}", values)
    outcome = await env_isolation.run(context(workspace, profile, lang=lang, timeout=timeout))
    assert leaked_slices(everything(outcome), SECRETS) == []
    return outcome


def problems(outcome: Outcome) -> list[tuple[str, str]]:
    return [(p["rule"], p["status"]) for p in outcome.details["problems"]]


def test_registered_right_after_git_safety_and_needs_the_env_file() -> None:
    ids = [c.id for c in all_checks()]
    assert ids[ids.index("git_safety") + 1] == "env_isolation"
    assert env_isolation.CHECK.requires == ("env_file",)


# -- base URLs ----------------------------------------------------------------------

PRODUCTION = [
    ("BINANCE_BASE_URL", "https://api.binance.com"),
    ("BINANCE_BASE_URL", "https://api1.binance.com/"),
    ("BINANCE_BASE_URL", "https://api4.binance.com"),
    ("BINANCE_BASE_URL", "https://API-GCP.binance.com"),
    ("BINANCE_FUTURES_BASE_URL", "https://fapi.binance.com"),
    ("UPBIT_BASE_URL", "https://api.upbit.com"),
    ("TELEGRAM_BASE_URL", "https://api.telegram.org."),
]


@pytest.mark.parametrize(("variable", "url"), PRODUCTION)
async def test_production_host_passes(workspace: Workspace, variable: str, url: str) -> None:
    outcome = await check(workspace, {**LIVE, variable: url})
    assert outcome.status is Status.PASS, outcome.message
    assert outcome.details["base_urls"][variable]["kind"] == "production"


async def test_empty_override_means_the_production_default(workspace: Workspace) -> None:
    outcome = await check(workspace, {**LIVE, "BINANCE_BASE_URL": ""})
    assert outcome.status is Status.PASS
    assert outcome.details["base_urls"] == {}


LIVE_OFF_PRODUCTION = [
    ("BINANCE_BASE_URL", "https://testnet.binance.vision", "a testnet"),
    ("BINANCE_FUTURES_BASE_URL", "https://testnet.binancefuture.com", "a testnet"),
    ("BINANCE_BASE_URL", "https://demo-api.binance.com", "a testnet"),
    ("BINANCE_FUTURES_BASE_URL", "https://demo-fapi.binance.com", "a testnet"),
    ("UPBIT_BASE_URL", "http://127.0.0.1:8765", "local simulator"),
    ("TELEGRAM_BASE_URL", "https://localhost:8443", "local simulator"),
    ("UPBIT_BASE_URL", "http://sim.localhost:8080", "local simulator"),
    ("UPBIT_BASE_URL", "http://127.8.9.10", "local simulator"),
    ("BINANCE_BASE_URL", "http://[::1]:9000", "local simulator"),
    ("UPBIT_BASE_URL", "https://upbit-proxy.internal.example", "not Upbit's production origin"),
    ("BINANCE_FUTURES_BASE_URL", "https://api.binance.com", "production origin"),
    ("BINANCE_BASE_URL", "https://api.binance.com.evil.example", "production origin"),
    ("BINANCE_BASE_URL", "https://api.binance.com:8443", "production origin"),
]


@pytest.mark.parametrize(("variable", "url", "words"), LIVE_OFF_PRODUCTION)
async def test_live_override_off_production_fails_naming_the_variable(
    workspace: Workspace, variable: str, url: str, words: str
) -> None:
    outcome = await check(workspace, {**LIVE, variable: url})
    assert outcome.status is Status.FAIL
    assert outcome.reason == "env.non_production_host"
    assert outcome.error_type is ErrorType.PERMISSION_DENIED
    assert variable in outcome.message
    assert words in outcome.message
    assert outcome.hint
    assert variable in outcome.hint
    assert outcome.next_action
    assert "allowed_hosts" in outcome.next_action
    assert outcome.details["problems"][0]["variable"] == variable


@pytest.mark.parametrize(
    ("allowed", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8765"),
        ("127.0.0.1:8765", "http://127.0.0.1:8765"),
        ("proxy.corp.example", "https://proxy.corp.example"),
    ],
)
async def test_an_allowed_host_passes_in_live(workspace: Workspace, allowed: str, url: str) -> None:
    workspace.write_env(".env.live", {**LIVE, "UPBIT_BASE_URL": url})
    ctx = context(workspace, settings=Settings(allowed_hosts=[allowed.upper()]))
    outcome = await env_isolation.run(ctx)
    assert outcome.status is Status.PASS, outcome.message
    assert outcome.details["base_urls"]["UPBIT_BASE_URL"]["allowed"] is True
    assert "UPBIT_BASE_URL on allowed_hosts" in outcome.message


async def test_an_unknown_host_warns_outside_live(workspace: Workspace) -> None:
    values = {**PAPER, "BINANCE_BASE_URL": "https://api.binance.com.evil.example"}
    outcome = await check(workspace, values, "paper")
    assert outcome.status is Status.WARN
    assert outcome.reason == "env.non_production_base_url"


INSECURE = [
    ("BINANCE_BASE_URL", "http://api.binance.com"),
    ("UPBIT_BASE_URL", "http://10.0.0.5:8080"),
    ("TELEGRAM_BASE_URL", "http://relay.example.net"),
]


@pytest.mark.parametrize("profile", ["live", "paper", "local_dev"])
@pytest.mark.parametrize(("variable", "url"), INSECURE)
async def test_plain_http_to_a_remote_host_fails_in_every_profile(
    workspace: Workspace, profile: str, variable: str, url: str
) -> None:
    outcome = await check(workspace, {**PAPER, variable: url}, profile)
    assert outcome.status is Status.FAIL
    assert outcome.reason == "env.insecure_base_url"
    assert outcome.error_type is ErrorType.NETWORK_ERROR
    assert variable in outcome.message
    assert "in clear" in outcome.message


MALFORMED = [
    "api.binance.com",
    "ftp://api.binance.com",
    "https://",
    "https://api.binance.com:99999",
    "https://api.binance.com:port",
    "https://[::1",
    "https://api.binance.com /api",
]


@pytest.mark.parametrize("profile", ["live", "paper"])
@pytest.mark.parametrize("url", MALFORMED)
async def test_malformed_base_url_fails(workspace: Workspace, profile: str, url: str) -> None:
    outcome = await check(workspace, {**PAPER, "BINANCE_BASE_URL": url}, profile)
    assert outcome.status is Status.FAIL
    assert outcome.reason == "env.bad_base_url"
    assert outcome.error_type is ErrorType.NETWORK_ERROR
    assert "BINANCE_BASE_URL is not a usable base URL" in outcome.message
    assert "error" in outcome.details["base_urls"]["BINANCE_BASE_URL"]


@pytest.mark.parametrize("profile", ["paper", "local_dev"])
@pytest.mark.parametrize(
    "url",
    [
        "https://testnet.binance.vision",
        "https://demo-api.binance.com",
        "http://127.0.0.1:8765",
        "http://localhost:8765",
    ],
)
async def test_test_venues_are_expected_outside_live(
    workspace: Workspace, profile: str, url: str
) -> None:
    outcome = await check(workspace, {**PAPER, "BINANCE_BASE_URL": url}, profile)
    assert outcome.status is Status.PASS, outcome.message


async def test_every_problem_is_listed_fail_first(workspace: Workspace) -> None:
    values = {
        **LIVE,
        "BINANCE_BASE_URL": "https://testnet.binance.vision",
        "UPBIT_BASE_URL": "http://upbit.example.net",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:9",
    }
    outcome = await check(workspace, values)
    assert outcome.status is Status.FAIL
    assert outcome.reason == "env.insecure_base_url"
    assert problems(outcome) == [
        ("env.insecure_base_url", "FAIL"),
        ("env.non_production_host", "FAIL"),
        ("env.non_production_host", "FAIL"),
        ("env.non_production_host", "FAIL"),
    ]
    message = outcome.message
    assert message.index("UPBIT_BASE_URL uses http://") < message.index("BINANCE_BASE_URL")
    assert "TELEGRAM_BASE_URL points at a local simulator (127.0.0.1:9)" in message
    assert "upbit.example.net: not Upbit's production origin https://api.upbit.com" in message


async def test_korean_texts(workspace: Workspace) -> None:
    values = {**LIVE, "BINANCE_BASE_URL": "http://binance.example.net"}
    outcome = await check(workspace, values, lang="ko")
    assert outcome.status is Status.FAIL
    assert "BINANCE_BASE_URL 값이 binance.example.net에 http://로 접속합니다" in outcome.message
    assert outcome.hint is not None
    assert "평문" in outcome.hint
    assert outcome.next_action is not None
    assert "https://" in outcome.next_action


# -- exchange keys shared with a sibling env file ---------------------------------------


@pytest.mark.parametrize("sibling", [".env.paper", ".env.local_dev"])
async def test_live_keys_in_a_paper_or_dev_file_warn(workspace: Workspace, sibling: str) -> None:
    shared = {k: LIVE[k] for k in ("BINANCE_API_KEY", "BINANCE_API_SECRET")}
    workspace.write_env(sibling, {**PAPER, **shared})
    outcome = await check(workspace, LIVE)
    assert outcome.status is Status.WARN
    assert outcome.reason == "env.shared_exchange_key"
    assert f"BINANCE_API_KEY, BINANCE_API_SECRET same as in {sibling}" in outcome.message
    assert "UPBIT" not in outcome.message
    [problem] = outcome.details["problems"]
    assert problem["variables"] == ["BINANCE_API_KEY", "BINANCE_API_SECRET"]
    assert problem["path"] == str(workspace.root / sibling)
    assert sibling in (outcome.hint or "")


async def test_each_sibling_with_a_live_key_is_named(workspace: Workspace) -> None:
    workspace.write_env(".env.paper", {**PAPER, "UPBIT_SECRET_KEY": LIVE["UPBIT_SECRET_KEY"]})
    workspace.write_env(".env.local_dev", {"UPBIT_ACCESS_KEY": LIVE["UPBIT_ACCESS_KEY"]})
    outcome = await check(workspace, LIVE)
    assert "UPBIT_SECRET_KEY same as in .env.paper" in outcome.message
    assert "UPBIT_ACCESS_KEY same as in .env.local_dev" in outcome.message
    assert ".env.paper, .env.local_dev" in (outcome.hint or "")


async def test_a_live_key_under_another_name_is_still_found(workspace: Workspace) -> None:
    workspace.write_env(".env.paper", {**PAPER, "BINANCE_API_SECRET": LIVE["BINANCE_API_KEY"]})
    outcome = await check(workspace, LIVE)
    assert outcome.reason == "env.shared_exchange_key"
    assert "BINANCE_API_KEY same as in .env.paper" in outcome.message


@pytest.mark.parametrize("profile", ["paper", "local_dev"])
async def test_a_paper_run_with_live_keys_warns(workspace: Workspace, profile: str) -> None:
    workspace.write_env(".env.live", LIVE)
    values = {**PAPER, "ARBITRAGE_ENV": profile, "UPBIT_ACCESS_KEY": LIVE["UPBIT_ACCESS_KEY"]}
    outcome = await check(workspace, values, profile)
    assert outcome.status is Status.WARN
    assert outcome.reason == "env.shared_exchange_key"
    assert "UPBIT_ACCESS_KEY same as in .env.live" in outcome.message


async def test_own_keys_per_profile_pass(workspace: Workspace) -> None:
    workspace.write_env(".env.paper", PAPER)
    workspace.write_env(".env.local_dev", {"POSTGRES_DSN": LIVE["POSTGRES_DSN"]})
    outcome = await check(workspace, LIVE)
    assert outcome.status is Status.PASS, outcome.message
    states = [s["state"] for s in outcome.details["siblings"]]
    assert states == ["compared", "compared"]
    assert "2 sibling env file(s) compared" in outcome.message


async def test_placeholders_are_not_keys(workspace: Workspace) -> None:
    workspace.write_env(".env.live", {**LIVE, "BINANCE_API_KEY": "x"})
    workspace.write_env(".env.paper", {**PAPER, "BINANCE_API_KEY": "x"})
    outcome = await env_isolation.run(context(workspace))
    assert outcome.status is Status.PASS, outcome.message


async def test_unreadable_sibling_is_a_note(workspace: Workspace) -> None:
    (workspace.root / ".env.paper").write_bytes(b"BINANCE_API_KEY=\x00\xff\n")
    (workspace.root / ".env.local_dev").mkdir()
    outcome = await check(workspace, LIVE)
    assert outcome.status is Status.PASS
    states = [s["state"] for s in outcome.details["siblings"]]
    assert states == ["unreadable", "unreadable"]
    notes = outcome.details["notes"]
    assert any(".env.paper" in n and "NUL" in n for n in notes)
    assert any(".env.local_dev" in n and "directory" in n for n in notes)


async def test_the_loaded_file_is_not_its_own_sibling(workspace: Workspace) -> None:
    path = workspace.write_env(".env.paper", LIVE)
    outcome = await env_isolation.run(context(workspace, env_file=path))
    assert outcome.status is Status.PASS, outcome.message
    assert outcome.details["siblings"][0]["state"] == "same_file"


async def test_siblings_are_looked_for_next_to_the_env_file(workspace: Workspace) -> None:
    folder = workspace.root / "deploy"
    folder.mkdir()
    workspace.write_env("deploy/.env.paper", LIVE)
    workspace.write_env(".env.paper", PAPER)
    live = workspace.write_env("deploy/live.env", LIVE)
    outcome = await env_isolation.run(context(workspace, env_file=live))
    assert outcome.reason == "env.shared_exchange_key"
    assert outcome.details["problems"][0]["path"] == str(folder / ".env.paper")


# -- the evidence directory -----------------------------------------------------------


async def test_env_file_inside_the_evidence_dir_fails(workspace: Workspace) -> None:
    folder = workspace.root / "logs" / "evidence" / "preflight_live_1"
    folder.mkdir(parents=True)
    path = workspace.write_env("logs/evidence/preflight_live_1/.env.live", LIVE)
    outcome = await env_isolation.run(context(workspace, env_file=path))
    assert outcome.status is Status.FAIL
    assert outcome.reason == "env.in_evidence_dir"
    assert outcome.error_type is ErrorType.UNKNOWN
    assert f"inside the evidence directory {workspace.root / 'logs' / 'evidence'}" in (
        outcome.message
    )
    assert leaked_slices(everything(outcome), SECRETS) == []


async def test_configured_evidence_dir_and_symlinks_are_followed(workspace: Workspace) -> None:
    (workspace.root / "audit" / "bundles").mkdir(parents=True)
    (workspace.root / "config").symlink_to(workspace.root / "audit" / "bundles")
    path = workspace.write_env("config/.env.live", LIVE)
    settings = Settings(evidence_dir="audit/bundles")
    outcome = await env_isolation.run(context(workspace, env_file=path, settings=settings))
    assert outcome.reason == "env.in_evidence_dir"


async def test_any_folder_named_like_the_evidence_dir_fails(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "elsewhere" / "evidence"
    folder.mkdir(parents=True)
    path = folder / ".env.live"
    path.write_text("\n".join(f"{k}={v!r}" for k, v in PAPER_KEYS.items()) + "\n")
    outcome = await env_isolation.run(context(workspace, env_file=path))
    assert outcome.reason == "env.in_evidence_dir"


async def test_env_file_next_to_the_evidence_dir_passes(workspace: Workspace) -> None:
    (workspace.root / "logs" / "evidence").mkdir(parents=True)
    outcome = await check(workspace, LIVE)
    assert outcome.status is Status.PASS, outcome.message
    assert outcome.details["evidence_dir"] == str(workspace.root / "logs" / "evidence")


# -- env files committed elsewhere ---------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".env", True),
        (".env.prod", True),
        ("config/.env.live", True),
        ("deploy/prod.env", True),
        ("DEPLOY/PROD.ENV", True),
        (".env.example", False),
        (".env.live.example", False),
        ("config/.env.sample", False),
        ("prod.env.template", False),
        (".envrc", False),
        ("env.py", False),
        ("environment.yml", False),
        ("docs/dotenv.md", False),
    ],
)
def test_env_file_names(path: str, expected: bool) -> None:
    assert looks_like_env_file(path) is expected


def commit(workspace: Workspace, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        target = workspace.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        workspace.git("add", "-f", name)
    workspace.git("commit", "-q", "-m", "add files")


async def test_committed_env_files_elsewhere_fail(workspace: Workspace) -> None:
    workspace.init_repo()
    commit(
        workspace,
        {
            "config/.env.prod": "BINANCE_API_KEY=old\n",
            "deploy/prod.env": "X=1\n",
            ".env.live.example": "BINANCE_API_KEY=your_key\n",
            "src/app.py": "print('hi')\n",
        },
    )
    outcome = await check(workspace, LIVE)
    assert outcome.status is Status.FAIL
    assert outcome.reason == "env.committed_elsewhere"
    assert outcome.error_type is ErrorType.UNKNOWN
    assert "other env files are committed to git: config/.env.prod, deploy/prod.env" in (
        outcome.message
    )
    assert outcome.details["committed_env_files"] == ["config/.env.prod", "deploy/prod.env"]
    assert outcome.details["problems"][0]["paths"] == ["config/.env.prod", "deploy/prod.env"]
    assert "git rm --cached" in (outcome.next_action or "")


async def test_staged_env_file_counts_and_the_loaded_file_is_git_safetys(
    workspace: Workspace,
) -> None:
    workspace.init_repo(ignore="logs/\n")
    workspace.write_env(".env.live", LIVE)
    workspace.write_env(".env.paper", PAPER)
    workspace.git("add", ".env.live", ".env.paper")
    outcome = await env_isolation.run(context(workspace))
    assert outcome.details["committed_env_files"] == [".env.paper"]


async def test_many_committed_files_are_summed_up(workspace: Workspace) -> None:
    workspace.init_repo()
    commit(workspace, {f"envs/.env.s{i}": "A=1\n" for i in range(8)})
    outcome = await check(workspace, LIVE)
    assert "envs/.env.s4 (+3)" in outcome.message
    assert len(outcome.details["committed_env_files"]) == 8


async def test_clean_repository_passes(workspace: Workspace) -> None:
    workspace.init_repo()
    commit(workspace, {".env.live.example": "BINANCE_API_KEY=your_key\n"})
    outcome = await check(workspace, LIVE)
    assert outcome.status is Status.PASS, outcome.message
    assert outcome.details["repo_root"] == str(workspace.root)
    assert "2 tracked file(s)" in outcome.message


async def test_outside_a_repository_there_is_nothing_to_say(workspace: Workspace) -> None:
    outcome = await check(workspace, LIVE)
    assert outcome.status is Status.PASS
    assert outcome.details["repo_root"] is None
    assert outcome.details["notes"] == []


async def test_without_git_the_rule_is_a_note(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.init_repo()
    commit(workspace, {"config/.env.prod": "A=1\n"})
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    outcome = await check(workspace, LIVE)
    assert outcome.status is Status.PASS
    assert outcome.details["notes"] == [
        "committed env files not checked: git is not installed or not on PATH"
    ]


def hanging_git(tmp_path: Path) -> Path:
    """A ``git`` whose ``ls-files`` records its process id and never answers (the rest is git)."""
    real = shutil.which("git")
    assert real is not None
    folder = tmp_path / "slow-bin"
    folder.mkdir()
    script = folder / "git"
    script.write_text(
        "#!/bin/sh\n"
        # the subcommand follows golive's hardened options (--no-pager, -c ...)
        f'case " $* " in *" ls-files "*) ;; *) exec "{real}" "$@" ;; esac\n'
        f'echo $$ > "{tmp_path}/git.pid"\n'
        "exec sleep 60\n"
    )
    script.chmod(0o755)
    return folder


def assert_gone(pid: int) -> None:
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


async def test_slow_git_is_killed_and_noted(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.init_repo()
    monkeypatch.setenv("PATH", f"{hanging_git(tmp_path)}:{os.environ['PATH']}")
    outcome = await check(workspace, {**LIVE, "BINANCE_BASE_URL": "http://x.example"}, timeout=0.5)
    assert outcome.reason == "env.insecure_base_url"  # the other rules still report
    assert outcome.details["notes"] == ["committed env files not checked: git took over 0.4 s"]
    assert_gone(int((tmp_path / "git.pid").read_text()))


async def test_cancelled_check_leaves_no_git_behind(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.init_repo()
    monkeypatch.setenv("PATH", f"{hanging_git(tmp_path)}:{os.environ['PATH']}")
    workspace.write_env(".env.live", LIVE)
    task = asyncio.create_task(env_isolation.run(context(workspace, timeout=30)))
    pid_file = tmp_path / "git.pid"
    while not pid_file.exists() or not pid_file.read_text().strip():
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert_gone(int(pid_file.read_text()))


# -- through the CLI -------------------------------------------------------------------

ONLY = ("preflight", "--env", "live", "--only", "env_file,env_isolation")


def evidence_text(root: Path) -> str:
    folder = root / "logs" / "evidence"
    return "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())


def test_preflight_ready_with_isolated_env(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", LIVE)
    workspace.write_env(".env.paper", PAPER)
    result = workspace.run(*ONLY)
    assert result.code == 0, result.text
    assert "env_isolation" in result.out


def test_preflight_not_ready_with_http_base_url_and_no_leak(workspace: Workspace) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", {**LIVE, "UPBIT_BASE_URL": "http://upbit.example.net"})
    workspace.write_env(".env.paper", {**PAPER, "UPBIT_SECRET_KEY": LIVE["UPBIT_SECRET_KEY"]})
    result = workspace.run(*ONLY)
    assert result.code == 1, result.text
    assert "UPBIT_BASE_URL uses http://" in result.out
    assert "UPBIT_SECRET_KEY same as in .env.paper" in result.out
    assert leaked_slices(result.text + evidence_text(workspace.root), SECRETS) == []


def test_preflight_simulator_urls_fail_in_live_unless_allowed(workspace: Workspace) -> None:
    workspace.init_repo()
    simulator = "http://127.0.0.1:18080"
    urls = dict.fromkeys(
        ("BINANCE_BASE_URL", "BINANCE_FUTURES_BASE_URL", "UPBIT_BASE_URL", "TELEGRAM_BASE_URL"),
        simulator,
    )
    workspace.write_env(".env.live", {**LIVE, **urls})
    result = workspace.run(*ONLY, "--lang", "ko")
    assert result.code == 1, result.text
    assert "env.non_production_host" in result.out
    assert "로컬 시뮬레이터" in result.out
    workspace.allow_hosts("127.0.0.1")
    allowed = workspace.run(*ONLY, "--lang", "ko")
    assert allowed.code == 0, allowed.text
    assert "allowed_hosts" in allowed.out
    assert leaked_slices(result.text + evidence_text(workspace.root), SECRETS) == []
