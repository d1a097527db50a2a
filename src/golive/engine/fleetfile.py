"""The fleet file: a TOML list of bots, each a name, a profile, an env file and plan overrides.

    [[bots]]
    name = "kimchi-1"                      # unique; [A-Za-z0-9_.-], 1-64 characters
    env_file = "bots/kimchi-1/.env.live"   # relative to the fleet file's folder
    profile = "live"                       # optional: else from the env file (as --env-file)
    [bots.plan]                            # optional: merged over [plan] of golive.toml
    max_notional_usdt = 50

A bad file is a :class:`~golive.config.ConfigError` naming the file and the
entry; the CLI turns it into exit code 2.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from golive.config import PROFILES, ConfigError
from golive.messages import message

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class _Bot(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=NAME_PATTERN)
    env_file: Path
    profile: str | None = None
    plan: dict[str, Any] = Field(default_factory=dict)

    @field_validator("profile")
    @classmethod
    def _known_profile(cls, value: str | None) -> str | None:
        if value is not None and value not in PROFILES:
            raise ValueError(f"unknown profile {value!r} (expected one of {', '.join(PROFILES)})")
        return value


class _FleetFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bots: list[_Bot] = Field(min_length=1)

    @field_validator("bots")
    @classmethod
    def _unique_names(cls, bots: list[_Bot]) -> list[_Bot]:
        seen: set[str] = set()
        for bot in bots:
            if bot.name in seen:
                raise ValueError(f"bot name {bot.name!r} is used twice")
            seen.add(bot.name)
        return bots


@dataclass(frozen=True)
class BotSpec:
    """One bot of a fleet, before its env file is read."""

    name: str
    env_file: Path
    profile: str | None = None
    plan: dict[str, Any] = field(default_factory=dict)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "(top level)"
    return f"{where}: {err['msg']}"


def read_fleet_file(path: Path) -> list[BotSpec]:
    """The bots of ``path``; env files relative to the fleet file's folder."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(message("config.toml.invalid", path=str(path), why=str(exc))) from exc
    except OSError as exc:
        why = str(exc.strerror or exc)
        raise ConfigError(message("config.cannot_read", path=str(path), why=why)) from exc
    try:
        parsed = _FleetFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_first_error(exc)}") from exc
    base = path.parent
    return [
        BotSpec(b.name, b.env_file if b.env_file.is_absolute() else base / b.env_file,
                b.profile, dict(b.plan))
        for b in parsed.bots
    ]  # fmt: skip


def _clean(*parts: str) -> str:
    name = "-".join(_UNSAFE.sub("_", p) for p in parts if p and p not in (".", ".."))
    return name.lstrip("-_.")[-60:].lstrip("-_.") or "bot"


Label = tuple[str, ...]
Labels = dict[tuple[bool, int], Label]


def _labels(path: Path) -> Labels:
    """``path``'s candidate names by (with the file name, depth), shortest first: its folder,
    more of the folders above it, then (folders that never tell it apart) those and the file."""
    folders = path.absolute().parent.parts[1:] or ("bot",)
    tails = {depth: folders[-depth:] for depth in range(1, len(folders) + 1)}
    return {
        **{(False, depth): tail for depth, tail in tails.items()},
        **{(True, depth): (*tail, path.name.lstrip(".")) for depth, tail in tails.items()},
    }


def _distinct(mine: Labels, others: list[Labels]) -> Label:
    """The first of ``mine`` that no other path has at the same place (else the longest)."""
    for place, label in mine.items():
        if all(other.get(place) != label for other in others):
            return label
    return list(mine.values())[-1]


def _default_names(paths: Sequence[Path]) -> list[str]:
    """Each file's folder name (``bots/kimchi-1/.env.live`` -> ``kimchi-1``); where folder
    names repeat, the shortest path suffix that tells the files apart (``x/bot/.env.live``,
    ``y/bot/.env.live`` -> ``x-bot``, ``y-bot``; one folder's files -> ``bots-env.live``,
    ``bots-env.paper``); then a counter."""
    labels = [_labels(p) for p in paths]
    names = [
        _clean(*_distinct(mine, labels[:i] + labels[i + 1 :])) for i, mine in enumerate(labels)
    ]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return unique


def repeated_env_file(paths: Sequence[Path]) -> Path | None:
    """The first env file listed twice (the same file by another path counts), if any."""
    seen: set[Path] = set()
    for path in paths:
        real = path.resolve()
        if real in seen:
            return path
        seen.add(real)
    return None


def bots_from_env_files(paths: Sequence[Path], profile: str | None) -> list[BotSpec]:
    """``--env-file A --env-file B``: one bot per file, named after its folder (see above)."""
    return [
        BotSpec(name, path, profile)
        for name, path in zip(_default_names(paths), paths, strict=True)
    ]
