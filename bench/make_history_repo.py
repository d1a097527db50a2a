"""Generate a git repository with a long history, fast, for the git-safety benchmark.

    python bench/make_history_repo.py PATH [--commits 10000] [--secret NAME=VALUE ...]

The history is one ``main`` branch of small source-file edits written through a
single ``git fast-import`` stream (seconds for 10,000 commits). Each ``--secret``
is planted in ``config/.env.old``, added about a third of the way through the
history and deleted by the next commit, so it survives only in history: the
case the scan must find and ``git log -p | grep`` must also find.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

PLANT_PATH = "config/.env.old"
FILE_COUNT = 40
LINES_PER_FILE = 60
EPOCH = 1_600_000_000
WORDS = [
    "spread",
    "order",
    "book",
    "venue",
    "fill",
    "price",
    "qty",
    "limit",
    "maker",
    "taker",
    "funding",
    "hedge",
    "basis",
    "leg",
    "retry",
    "ticker",
    "depth",
    "slippage",
    "fee",
    "rebate",
    "margin",
    "notional",
]


def git_env(home: Path, path_var: str) -> dict[str, str]:
    return {
        "PATH": path_var,
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "LC_ALL": "C",
    }


@dataclass
class _Tree:
    rng: random.Random
    files: dict[str, list[str]] = field(default_factory=dict)

    def line(self) -> str:
        words = " ".join(self.rng.choice(WORDS) for _ in range(6))
        return f"    total += compute({words!r}, {self.rng.randint(0, 10**6)})\n"

    def seed_files(self) -> list[str]:
        for i in range(FILE_COUNT):
            self.files[f"src/mod_{i:02d}.py"] = [self.line() for _ in range(LINES_PER_FILE)]
        return list(self.files)

    def edit(self) -> str:
        name = self.rng.choice(list(self.files))
        lines = self.files[name]
        lines[self.rng.randrange(len(lines))] = self.line()
        if self.rng.random() < 0.3:
            lines.append(self.line())
        return name


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def _commit(n: int, message: str, changes: Sequence[bytes]) -> bytes:
    head = b"commit refs/heads/main\nmark :%d\n" % n
    who = b"committer Bench <bench@example.invalid> %d +0000\n" % (EPOCH + n * 60)
    return head + who + _data(message.encode()) + b"".join(changes)


def _modify(path: str, content: str) -> bytes:
    return b"M 100644 inline " + path.encode() + b"\n" + _data(content.encode())


def _plant(secrets: Mapping[str, str]) -> str:
    return "".join(f"{name}={value}\n" for name, value in secrets.items())


def stream(commits: int, secrets: Mapping[str, str], seed: int = 0) -> Iterator[bytes]:
    """Yield the fast-import stream: ``commits`` commits on ``refs/heads/main``."""
    tree = _Tree(random.Random(seed))
    first = [_modify(name, "".join(tree.files[name])) for name in tree.seed_files()]
    yield _commit(1, "initial import", first)
    plant_at = max(2, commits // 3) if secrets else -1
    for n in range(2, commits + 1):
        if n == plant_at:
            changes = [_modify(PLANT_PATH, _plant(secrets))]
        elif n == plant_at + 1:
            changes = [b"D " + PLANT_PATH.encode() + b"\n"]
        else:
            name = tree.edit()
            changes = [_modify(name, "".join(tree.files[name]))]
        yield _commit(n, f"change {n}: tune {tree.rng.choice(WORDS)}", changes)


def generate(path: Path, commits: int, secrets: Mapping[str, str], seed: int = 0) -> None:
    """Create a new repository at ``path`` holding ``commits`` commits (>= 1)."""
    if commits < 1:
        raise ValueError("commits must be >= 1")
    env = git_env(path, _path_var())
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], env=env, check=True)
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"],
        cwd=path,
        env=env,
        stdin=subprocess.PIPE,
    )
    assert proc.stdin is not None
    for chunk in stream(commits, secrets, seed):
        proc.stdin.write(chunk)
    proc.stdin.write(b"done\n")
    proc.stdin.close()
    if proc.wait(timeout=600) != 0:
        raise RuntimeError(f"git fast-import failed with exit code {proc.returncode}")
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=path, env=env, check=True)


def _path_var() -> str:
    return os.environ.get("PATH", "/usr/bin:/bin")


def _parse_secret(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--secret", type=_parse_secret, action="append", default=[])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.path.exists() and any(args.path.iterdir()):
        parser.error(f"{args.path} exists and is not empty")
    generate(args.path, args.commits, dict(args.secret), args.seed)
    print(f"{args.path}: {args.commits} commits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
