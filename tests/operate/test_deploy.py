"""The deployment recipes: every YAML file parses, every golive command in them is real.

Each ``golive ...`` command line in ``deploy/`` (Kubernetes containers, the CI
workflow, systemd ``Exec*`` lines, the Dockerfile's ENTRYPOINT and CMD) and in
``.pre-commit-hooks.yaml`` is checked against the real CLI: ``golive <command>
--help`` must exit 0 and list every ``--flag`` the line uses. Docker cannot build
here (no engine), so the Dockerfile is checked statically.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from golive.cli import main

PROJECT = Path(__file__).resolve().parents[2]
DEPLOY = PROJECT / "deploy"
YAML_FILES = [
    *sorted([*DEPLOY.rglob("*.yaml"), *DEPLOY.rglob("*.yml")]),
    PROJECT / ".pre-commit-hooks.yaml",
]
SYSTEMD_FILES = sorted(p for p in (DEPLOY / "systemd").iterdir() if p.is_file())
SUBCOMMANDS = (("env", "validate"), ("git-safety",), ("preflight",), ("serve",), ("checks",))
FLAG = re.compile(r"(--[a-z][a-z0-9-]*)")


@cache
def help_text(command: tuple[str, ...]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*command, "--help"])
    assert code == 0, (command, err.getvalue())
    return out.getvalue()


def split_command(argv: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """``[golive, serve, --env, live]`` -> ``(("serve",), ["--env", "live"])``."""
    rest = argv[1:]
    for command in SUBCOMMANDS:
        if tuple(rest[: len(command)]) == command:
            return command, rest[len(command) :]
    raise AssertionError(f"unknown golive command: {argv}")


def check_command(argv: list[str]) -> None:
    command, args = split_command(argv)
    shown = help_text(command)
    for arg in args:
        flag = arg.split("=", 1)[0]
        if not flag.startswith("--"):
            continue
        assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", shown), (command, flag)


def golive_lines(text: str) -> list[list[str]]:
    """Every ``golive ...`` command in a shell text, up to ``&&``, ``;``, ``|`` or ``>``."""
    found = []
    for piece in re.split(r"&&|;|\|\||\n", text):
        words = shlex.split(piece.replace(">", " > "), comments=False)
        for index, word in enumerate(words):
            if word == "golive" or word.endswith("/golive"):
                tail = words[index:]
                cut = next((i for i, w in enumerate(tail) if w in (">", "|", "2>")), len(tail))
                found.append(["golive", *tail[1:cut]])
                break
    return found


def walk(node: Any) -> list[dict[str, Any]]:
    """Every mapping inside a parsed YAML document."""
    if isinstance(node, dict):
        return [node, *(m for v in node.values() for m in walk(v))]
    if isinstance(node, list):
        return [m for item in node for m in walk(item)]
    return []


def container_commands(doc: Any) -> list[list[str]]:
    """golive command lines of every Kubernetes container (image golive) in ``doc``."""
    lines = []
    for item in walk(doc):
        if "golive" not in str(item.get("image", "")):
            continue
        argv = [*item.get("command", []), *item.get("args", [])]
        if argv[:2] == ["sh", "-c"]:
            lines += golive_lines(" ".join(argv[2:]))
        elif argv and argv[0] not in ("golive", "install"):
            lines.append(["golive", *argv])  # args for the image's ENTRYPOINT ["golive"]
    return lines


def documents(path: Path) -> list[Any]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d is not None]


def kinds(kind: str) -> list[dict[str, Any]]:
    docs = [d for p in (DEPLOY / "kubernetes").glob("*.yaml") for d in documents(p)]
    return [d for d in docs if d.get("kind") == kind]


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = (DEPLOY / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            instruction, _, args = line.strip().partition(" ")
            found.append((instruction.upper(), args.strip()))
    return found


def dockerfile_json(instruction: str) -> list[str]:
    [args] = [a for i, a in dockerfile() if i == instruction]
    value = json.loads(args)
    assert isinstance(value, list)
    return value


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(PROJECT)))
def test_every_yaml_file_parses(path: Path) -> None:
    assert documents(path)


def every_command() -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for path in YAML_FILES:
        name = str(path.relative_to(PROJECT))
        for doc in documents(path):
            found += [(name, argv) for argv in container_commands(doc)]
            for step in walk(doc):
                if isinstance(step.get("run"), str):
                    found += [(name, argv) for argv in golive_lines(step["run"])]
                if isinstance(step.get("entry"), str):
                    found.append((name, [*shlex.split(step["entry"]), *step.get("args", [])]))
    for path in SYSTEMD_FILES:
        for line in path.read_text().splitlines():
            if re.match(r"Exec\w*=", line):
                found += [(path.name, argv) for argv in golive_lines(line.split("=", 1)[1])]
    found.append(("deploy/Dockerfile", ["golive", *dockerfile_json("CMD")]))
    return found


@pytest.mark.parametrize(
    ("where", "argv"), every_command(), ids=lambda v: v if isinstance(v, str) else " ".join(v)
)
def test_every_golive_command_is_accepted_by_the_cli(where: str, argv: list[str]) -> None:
    check_command(argv)


def test_the_recipes_hold_the_commands_they_promise() -> None:
    lines = {" ".join(argv) for _, argv in every_command()}
    assert any(line.startswith("golive serve ") for line in lines)
    assert any("--prometheus" in line for line in lines)
    assert any("--strict --json" in line for line in lines)
    assert any(line.startswith("golive git-safety --staged") for line in lines)


def test_the_checker_itself_rejects_unknown_flags() -> None:
    with pytest.raises(AssertionError):
        check_command(["golive", "serve", "--no-such-flag"])
    with pytest.raises(AssertionError):
        check_command(["golive", "preflight", "--interval", "5"])
    with pytest.raises(AssertionError):
        check_command(["golive", "deploy"])


# -- Kubernetes ---------------------------------------------------------------------------


def test_bot_starts_only_after_the_gate() -> None:
    [bot] = [d for d in kinds("Deployment") if d["metadata"]["name"] == "arb-bot"]
    spec = bot["spec"]["template"]["spec"]
    [gate] = spec["initContainers"]
    [line] = container_commands({"c": gate})
    assert line[:2] == ["golive", "preflight"]
    assert "--env" in line
    assert [c["name"] for c in spec["containers"]] == ["bot"]
    assert spec["securityContext"]["runAsNonRoot"] is True


def test_cronjob_runs_the_preflight_one_at_a_time() -> None:
    [job] = kinds("CronJob")
    assert job["spec"]["concurrencyPolicy"] == "Forbid"
    pod = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    [line] = container_commands(pod)
    assert line[:2] == ["golive", "preflight"]


def test_serve_has_a_service_on_its_port() -> None:
    [serve] = [d for d in kinds("Deployment") if d["metadata"]["name"] == "golive-serve"]
    [container] = serve["spec"]["template"]["spec"]["containers"]
    args = container["args"]
    assert args[0] == "serve"
    port = int(args[args.index("--port") + 1])
    assert args[args.index("--host") + 1] == "0.0.0.0"  # a Service cannot reach loopback
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    [service] = kinds("Service")
    assert service["spec"]["selector"] == serve["spec"]["selector"]["matchLabels"]
    assert [p["port"] for p in service["spec"]["ports"]] == [port]


@pytest.mark.parametrize(
    "path",
    [DEPLOY / "kubernetes" / "prometheus-rule.yaml", DEPLOY / "prometheus" / "golive-rules.yaml"],
)
def test_alert_fires_after_five_minutes_not_ready(path: Path) -> None:
    [doc] = documents(path)
    groups = doc["spec"]["groups"] if "spec" in doc else doc["groups"]
    rules = [r for g in groups for r in g["rules"] if r.get("alert") == "GoliveNotReady"]
    assert [(r["expr"], r["for"]) for r in rules] == [("golive_ready == 0", "5m")]
    every = {r["alert"]: r["expr"] for g in groups for r in g["rules"]}
    # the other two: no run for 15 minutes, and no series at all (absent() fires on nothing)
    assert every["GoliveStale"] == "time() - golive_last_run_timestamp_seconds > 900"
    assert every["GoliveMetricsAbsent"] == "absent(golive_ready)"


# -- systemd ------------------------------------------------------------------------------


def unit(path: Path) -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {}
    current = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            sections.setdefault(current, {})
        else:
            key, _, value = line.partition("=")
            sections[current][key] = value
    return sections


def test_systemd_timer_starts_the_oneshot_preflight() -> None:
    timer = unit(DEPLOY / "systemd" / "golive-preflight.timer")
    service = unit(DEPLOY / "systemd" / "golive-preflight.service")
    assert timer["Timer"]["Unit"] == "golive-preflight.service"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["User"] != "root"
    assert " preflight " in service["Service"]["ExecStart"]
    serve = unit(DEPLOY / "systemd" / "golive-serve.service")
    assert " serve " in serve["Service"]["ExecStart"]
    assert serve["Service"]["User"] != "root"


# -- CI -----------------------------------------------------------------------------------


def test_ci_workflow_publishes_junit_and_keeps_the_bundle() -> None:
    [workflow] = documents(DEPLOY / "ci" / "github-actions.yml")
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = [line for s in steps if isinstance(s.get("run"), str) for line in golive_lines(s["run"])]
    assert runs[0][:6] == ["golive", "preflight", "--env", "live", "--strict", "--json"]
    junit = [s for s in steps if "junit" in str(s.get("with", {}).get("report_paths", ""))]
    assert junit
    assert junit[0]["if"] == "always()"
    assert junit[0]["with"]["report_paths"].endswith("junit.xml")
    kept = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert kept
    assert kept[0]["if"] == "always()"
    assert "evidence/" in kept[0]["with"]["path"]


# -- Dockerfile (static: no Docker engine here) -------------------------------------------


def test_dockerfile_is_multi_stage_non_root_with_an_evidence_volume() -> None:
    steps = dockerfile()
    stages = [a for i, a in steps if i == "FROM"]
    assert len(stages) >= 2
    assert "AS build" in stages[0]
    final = steps[max(i for i, (ins, _) in enumerate(steps) if ins == "FROM") :]
    users = [a for i, a in final if i == "USER"]
    assert users
    assert users[-1].split(":")[0] not in ("root", "0")
    assert any(i == "COPY" and a.startswith("--from=build") for i, a in final)
    workdir = [a for i, a in final if i == "WORKDIR"][-1]
    assert f"{workdir}/logs/evidence" in dockerfile_json("VOLUME")  # the default evidence_dir
    assert dockerfile_json("ENTRYPOINT") == ["golive"]
    assert not any(i == "RUN" and "pip install" in a and "wheel" not in a for i, a in final)
