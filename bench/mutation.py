"""Mutation testing of the safety core: the guard, the redactor, the error classifier.

    python bench/mutation.py [--only guard|masking|errors ...] [--max-children N]
                             [--keep DIR] [--survivors]

Each target of ``[[tool.mutmut.targets]]`` in ``pyproject.toml`` is mutated against its
own test folder only: the script copies the project into a scratch directory per
target, writes that target's ``only_mutate`` and test selection over the shared
``[tool.mutmut]`` settings, and runs ``mutmut run`` there (mutmut 3 works in
``./mutants`` of the directory it runs in, so the working tree is never touched).

Prints, per target: mutants, killed, survived, the equivalent mutants listed in
``docs/mutation.md`` and the score (killed / (mutants - equivalents)), with the wall
time; then every surviving mutant that is not listed as equivalent. Exit code 0 when
every target reaches its ``min_score``, 1 when one does not, 2 when mutmut could not run.
It is slow (minutes per target on two cores), so it is not part of ``.ci/run``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "mutation.md"
COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "mutants",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "build",
    "dist",
    "*.egg-info",
    "logs",
)
KILLED = frozenset({"killed", "timeout", "caught by type check"})
"""mutmut statuses where the tests noticed the mutant (a hang is noticed too)."""
NOT_RUN = frozenset({"skipped"})
_RESULT_LINE = re.compile(r"^\s+(\S+): (.+)$")
_EQUIVALENT_ROW = re.compile(r"^\|\s*`([^`]+__mutmut_\d+)`\s*\|")


@dataclass(frozen=True)
class Target:
    name: str
    mutate: list[str]
    tests: list[str]
    min_score: float
    import_time: list[str]
    """Functions that run when their module is imported: mutmut switches a mutant on only
    after that, and ties no test to them, so their survivors are run again here, each in a
    fresh pytest over the whole test folder."""


@dataclass(frozen=True)
class Score:
    target: Target
    statuses: dict[str, str]
    equivalent: frozenset[str]
    wall_s: float

    @property
    def counted(self) -> dict[str, str]:
        return {name: s for name, s in self.statuses.items() if s not in NOT_RUN}

    @property
    def killed(self) -> int:
        return sum(status in KILLED for status in self.counted.values())

    @property
    def survivors(self) -> list[str]:
        return sorted(name for name, status in self.counted.items() if status not in KILLED)

    @property
    def listed(self) -> int:
        return sum(name in self.equivalent for name in self.survivors)

    @property
    def score(self) -> float:
        considered = len(self.counted) - self.listed
        return self.killed / considered if considered else 1.0

    @property
    def unexplained(self) -> list[str]:
        return [name for name in self.survivors if name not in self.equivalent]


def load_config() -> tuple[dict[str, Any], list[Target]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    shared = {key: value for key, value in config.items() if key != "targets"}
    targets = [
        Target(
            t["name"],
            list(t["mutate"]),
            list(t["tests"]),
            float(t["min_score"]),
            list(t.get("import_time", [])),
        )
        for t in config["targets"]
    ]
    return shared, targets


def equivalents() -> frozenset[str]:
    """Mutant names in the first column of the tables of docs/mutation.md."""
    if not DOC.exists():
        return frozenset()
    rows = (_EQUIVALENT_ROW.match(line) for line in DOC.read_text("utf-8").splitlines())
    return frozenset(row.group(1) for row in rows if row)


def mutmut_block(shared: dict[str, Any], target: Target) -> str:
    """``[tool.mutmut]`` for one target (JSON scalars and string lists are valid TOML)."""
    settings = {
        **shared,
        "only_mutate": target.mutate,
        "pytest_add_cli_args_test_selection": target.tests,
    }
    lines = [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    return "[tool.mutmut]\n" + "\n".join(lines) + "\n"


def without_mutmut_tables(text: str) -> str:
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("["):
            skipping = line.lstrip("[").startswith("tool.mutmut")
        if not skipping:
            kept.append(line)
    return "".join(kept)


def prepare(scratch: Path, shared: dict[str, Any], target: Target) -> Path:
    workdir = scratch / target.name
    shutil.copytree(ROOT, workdir, ignore=COPY_IGNORE)
    pyproject = workdir / "pyproject.toml"
    text = without_mutmut_tables(pyproject.read_text("utf-8"))
    pyproject.write_text(text.rstrip("\n") + "\n\n" + mutmut_block(shared, target), "utf-8")
    return workdir


def mutmut(workdir: Path, *args: str, log: Path) -> str:
    command = [sys.executable, "-m", "mutmut", *args]
    done = subprocess.run(command, cwd=workdir, capture_output=True, text=True, check=False)
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(command)}\n{done.stdout}\n{done.stderr}\n")
    if done.returncode != 0:
        raise RuntimeError(f"mutmut {args[0]} failed for {workdir.name}: see {log}")
    return done.stdout


def run_target(scratch: Path, shared: dict[str, Any], target: Target, children: int) -> Score:
    workdir = prepare(scratch, shared, target)
    log = scratch / f"{target.name}.log"
    started = time.monotonic()
    mutmut(workdir, "run", "--max-children", str(children), log=log)
    statuses = {}
    for line in mutmut(workdir, "results", "--all", "true", log=log).splitlines():
        found = _RESULT_LINE.match(line)
        if found:
            statuses[found.group(1)] = found.group(2).strip()
    for name in sorted(statuses):
        if statuses[name] not in KILLED and name.startswith(tuple(target.import_time)):
            statuses[name] = rerun_fresh(workdir, target, name, log)
    return Score(target, statuses, equivalents(), time.monotonic() - started)


def rerun_fresh(workdir: Path, target: Target, name: str, log: Path) -> str:
    """Run the target's tests in a new interpreter with mutant ``name`` on from the start."""
    env = {**os.environ, "MUTANT_UNDER_TEST": name, "PYTHONPATH": "src"}
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]
    done = subprocess.run(
        [*command, *target.tests],
        cwd=workdir / "mutants",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ MUTANT_UNDER_TEST={name} pytest: exit {done.returncode}\n")
    return "killed" if done.returncode in (1, 2) else "survived"  # failed, or broke collection


def report(scores: list[Score], show_survivors: bool) -> str:
    head = f"{'target':8} {'mutants':>7} {'killed':>6} {'survived':>8} {'equiv.':>6} "
    head += f"{'score':>7} {'min':>5} {'wall':>8}"
    lines = [head]
    for s in scores:
        lines.append(
            f"{s.target.name:8} {len(s.counted):7} {s.killed:6} {len(s.survivors):8} "
            f"{s.listed:6} {s.score:7.1%} {s.target.min_score:5.0%} {s.wall_s:7.0f}s"
        )
    for s in scores:
        if show_survivors or s.score < s.target.min_score:
            lines.append(f"\n{s.target.name}: survivors not listed as equivalent")
            lines += [f"  {name}" for name in s.unexplained] or ["  (none)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="TARGET")
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="scratch directory to keep (default: removed)")
    parser.add_argument("--survivors", action="store_true", help="list every unexplained survivor")
    args = parser.parse_args(argv)
    shared, targets = load_config()
    chosen = [t for t in targets if not args.only or t.name in args.only]
    if args.only and len(chosen) != len(args.only):
        parser.error(f"--only takes {', '.join(t.name for t in targets)}")
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="golive-mutation-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        scores = [run_target(scratch, shared, t, args.max_children) for t in chosen]
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    print(report(scores, args.survivors))
    return 0 if all(s.score >= s.target.min_score for s in scores) else 1


if __name__ == "__main__":
    raise SystemExit(main())
