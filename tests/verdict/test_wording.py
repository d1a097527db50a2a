"""Words that say what is true (walkthrough 16, 20): a FAIL's steps carry no WARN's text,
the rotate step names only the services whose secrets leaked, READY says what it means
in the profile, several settings are "each", and Korean particles fit the word."""

from __future__ import annotations

from typing import TYPE_CHECKING

from golive.sim.envwrite import env_values
from tests.support.workspace import VALID_SECRETS, Workspace
from tests.verdict.support import check, only_bundle

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator


def do_line(out: str) -> str:
    return next(
        line.strip() for line in out.splitlines() if line.strip().startswith(("do: ", "조치: "))
    )


def test_a_fail_with_a_warning_beside_it_has_no_warning_words_in_its_steps(
    workspace: Workspace,
) -> None:
    """Live, mode 0644, not a git repository: git.file_mode FAIL and git.not_a_repo WARN."""
    workspace.write_env(".env.live", VALID_SECRETS, mode=0o644)
    for lang, warning_words in (("en", ("WARN", "this warning")), ("ko", ("경고",))):
        result = workspace.run("git-safety", "--env", "live", "--lang", lang)
        assert result.code == 1, result.text
        steps = do_line(result.out)
        assert "chmod 600" in steps
        for words in warning_words:
            assert words not in steps, steps


def test_the_rotate_step_names_only_the_services_whose_secrets_leaked(
    workspace: Workspace,
) -> None:
    workspace.init_repo()
    secret = VALID_SECRETS["BINANCE_API_SECRET"]
    (workspace.root / "config.py").write_text(f"SECRET = '{secret}'\n")
    workspace.git("add", "config.py")
    workspace.git("commit", "-q", "-m", "config")
    workspace.write_env(".env.live", VALID_SECRETS)
    result = workspace.run("git-safety", "--env", "live")
    assert result.code == 1, result.text
    steps = do_line(result.out)
    assert "rotate BINANCE_API_SECRET where each was issued (Binance API Management)" in steps
    for elsewhere in ("database", "PostgreSQL", "BotFather", "Upbit", "Redis"):
        assert elsewhere not in steps, steps


def test_a_committed_env_file_rotates_at_every_issuer_of_its_keys(workspace: Workspace) -> None:
    workspace.init_repo(ignore="logs/\n")
    workspace.write_env(".env.live", VALID_SECRETS)
    workspace.git("add", ".env.live")
    workspace.git("commit", "-q", "-m", "oops")
    result = workspace.run("git-safety", "--env", "live", "--lang", "ko")
    assert result.code == 1, result.text
    assert "git이 .env.live 파일을 추적하고 있습니다" in result.out
    assert "이(가)" not in result.out
    steps = do_line(result.out)
    for issuer in ("바이낸스 API 관리", "업비트 Open API 관리", "텔레그램 @BotFather"):
        assert issuer in steps, steps
    assert "PostgreSQL 서버" in steps
    assert "Redis 서버" in steps
    assert "WEBHOOK_SECRET 키를 발급한 서비스" in steps


def test_paper_ready_says_paper_not_go_live(workspace: Workspace, sim: RunningSimulator) -> None:
    workspace.init_repo()
    workspace.write_env(".env.paper", env_values(sim, "paper"))
    result = workspace.run("preflight", "--env", "paper", "--quiet")
    assert result.code == 0, result.text
    head = result.out.splitlines()[0]
    assert head.startswith("READY: "), head
    assert "this bot may paper-trade; going live needs a READY live preflight" in head
    assert "may go live" not in result.out


def test_the_demo_says_it_checked_the_simulator(workspace: Workspace) -> None:
    result = workspace.run("demo")
    assert result.code == 0, result.text
    head = next(line for line in result.out.splitlines() if line.startswith("READY"))
    assert "the demo checked golive's simulator, nothing of yours" in head
    assert "this bot may go live" not in result.out


def test_several_base_urls_are_each_set_to_their_origin(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    workspace.init_repo()
    workspace.write_env(".env.live", env_values(sim, "live"))
    result = workspace.run("preflight", "--env", "live", "--only", "env_file,env_isolation")
    assert result.code == 1, result.text
    action = check(only_bundle(workspace), "env_isolation")["next_action"]
    assert "set each to its venue's production origin" in action
    assert "set it to" not in action


def test_the_demo_names_the_environment_variable_with_the_right_particle(
    workspace: Workspace,
) -> None:
    result = workspace.run(
        "demo", "--lang", "ko",
        "--postgres-dsn", "postgresql://postgres@127.0.0.1:1/postgres",
        "--redis-url", "redis://127.0.0.1:1/0",
    )  # fmt: skip
    assert result.code == 0, result.text
    assert "--postgres-dsn 옵션이나 POSTGRES_DSN 환경 변수로" in result.err
    assert "POSTGRES_DSN로" not in result.text
    assert "건너뜀 postgres(이 환경에는 해당 없음, 판정에 영향 없음)" in result.out
