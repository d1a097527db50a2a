"""A secret that holds golive's own file words (a field of result.json, a tag of junit.xml,
a key of environment.json) or is one of its words (a check id): the run still writes its
evidence and keeps its verdict; the bundle's leak scan and the redactor agree on what
golive may show of its own."""

from __future__ import annotations

import json

import pytest

from tests.support.workspace import VALID_SECRETS, Workspace

LOCAL_CHECKS = "env_file,required_keys,read_only,git_safety"


@pytest.mark.parametrize(
    "password",
    [
        "myplatform_2026",  # environment.json "platform"
        "Q1_finished_at_9",  # result.json "finished_at"
        "xx_selection_x",  # result.json "selection"
        "golive_preflight_live",  # result.json schema id "golive.preflight/v2"
        "Testsuite9x",  # junit.xml <testsuite>
        "open_exposure",  # a check id, the whole password
    ],
)
def test_a_password_made_of_golive_words_keeps_the_verdict_and_the_bundle(
    workspace: Workspace, password: str
) -> None:
    workspace.init_repo()
    dsn = f"postgresql://postgres:{password}@127.0.0.1:5432/postgres"
    workspace.write_env(".env.live", {**VALID_SECRETS, "POSTGRES_DSN": dsn})
    result = workspace.run("preflight", "--env", "live", "--only", LOCAL_CHECKS)
    assert result.code == 0, result.text
    assert "refusing to write evidence" not in result.text
    [bundle] = workspace.bundles()
    data = json.loads((bundle / "result.json").read_text())
    assert data["verdict"] == "PARTIAL"
    assert {"started_at", "finished_at", "selection"} <= set(data)


def test_every_word_golive_writes_around_its_reports_is_one_of_its_own(
    workspace: Workspace,
) -> None:
    """The field names of result.json (outside a check's details), junit.xml's tags and
    attributes, environment.json's keys and dependencies: never redacted, so they must be
    public words, or a secret holding one makes the bundle's leak scan refuse the run."""
    from xml.etree import ElementTree

    from golive.masking import is_own_words

    workspace.init_repo()
    workspace.write_env(".env.live", VALID_SECRETS)
    assert workspace.run("preflight", "--env", "live", "--only", LOCAL_CHECKS).code == 0
    [bundle] = workspace.bundles()
    result = json.loads((bundle / "result.json").read_text())
    words = {"golive.preflight/v2", *result, *result["selection"], *result["summary"]}
    for check in result["checks"]:
        words |= set(check)
    for element in ElementTree.parse(bundle / "junit.xml").iter():
        words |= {element.tag, *element.attrib}
    environment = json.loads((bundle / "environment.json").read_text())
    words |= {*environment, *environment["git"], *environment["dependencies"]}
    words |= {environment["executable"], environment["platform"]}
    assert sorted(w for w in words if not is_own_words(w)) == []


def test_env_validate_says_a_secret_of_golive_words_cannot_be_masked(
    workspace: Workspace,
) -> None:
    workspace.init_repo()
    values = {**VALID_SECRETS, "WEBHOOK_SECRET": "binance_api_restrictions"}
    workspace.write_env(".env.live", values)
    result = workspace.run("env", "validate", "--env", "live", "--format", "json")
    assert result.code == 1, result.text
    [found] = [f for f in json.loads(result.out)["findings"] if f["key"] == "WEBHOOK_SECRET"]
    assert (found["severity"], found["code"]) == ("error", "weak_secret")
    assert "golive's own words" in found["message"]


def test_a_password_sharing_the_env_files_folder_keeps_the_bundle(workspace: Workspace) -> None:
    """result.json names the env file's path as it is: a password holding its folder's name
    (``arbitrage-bot-pg9`` for ``arbitrage-bot/.env.live``) made every run exit 2."""
    workspace.init_repo()
    (workspace.root / "arbitrage-bot").mkdir()
    dsn = "postgresql://postgres:arbitrage-bot-pg9@127.0.0.1:5432/postgres"
    workspace.write_env("arbitrage-bot/.env.live", {**VALID_SECRETS, "POSTGRES_DSN": dsn})
    result = workspace.run(
        "preflight",
        "--env",
        "live",
        "--env-file",
        "arbitrage-bot/.env.live",
        "--only",
        LOCAL_CHECKS,
    )
    assert result.code == 0, result.text
    [bundle] = workspace.bundles()
    data = json.loads((bundle / "result.json").read_text())
    assert data["env_file"].endswith("arbitrage-bot/.env.live")
    assert "arbitrage-bot-pg9" not in result.text


def test_passwords_holding_the_bots_names_keep_the_fleets_evidence(workspace: Workspace) -> None:
    """fleet.json names each bot as it is: ``kimchi-1-Pg-s3cret`` for bot ``kimchi-1`` made
    the fleet exit 2 with no evidence, and the console said ``****`` for the bots."""
    workspace.init_repo()
    args = []
    for bot in ("kimchi-1", "kimchi-2"):
        (workspace.root / bot).mkdir()
        dsn = f"postgresql://postgres:{bot}-Pg-s3cret@127.0.0.1:5432/postgres"
        workspace.write_env(f"{bot}/.env.live", {**VALID_SECRETS, "POSTGRES_DSN": dsn})
        args += ["--env-file", f"{bot}/.env.live"]
    result = workspace.run("preflight", *args, "--only", LOCAL_CHECKS)
    assert result.code == 0, result.text
    assert "kimchi-1" in result.out
    assert "kimchi-2" in result.out
    assert "Pg-s3cret" not in result.text
    [folder] = (workspace.root / "logs" / "evidence").glob("fleet_*")
    fleet = json.loads((folder / "fleet.json").read_text())
    assert [p["name"] for p in fleet["profiles"]] == ["kimchi-1", "kimchi-2"]
