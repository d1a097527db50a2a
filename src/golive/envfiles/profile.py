"""A profile: its name, its env file and the values loaded from it.

The caller's ``os.environ`` is never read for values nor modified: a profile's
values come from its env file alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from golive.defaults import PROFILES
from golive.messages import MessageError, message

if TYPE_CHECKING:
    from golive.envfiles.read import EnvFile


class ProfileError(MessageError):
    """Bad usage around profiles (unknown name); the message is one line."""


@dataclass(frozen=True)
class Profile:
    name: str
    env_file: Path
    values: Mapping[str, str] = field(default_factory=dict)
    source: EnvFile | None = None

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key, default)


def env_path_for(name: str, env_file: Path | None, cwd: Path) -> Path:
    """``--env-file`` wins; else ``.env.<profile>`` in ``cwd``."""
    if name not in PROFILES:
        choices = ", ".join(PROFILES)
        raise ProfileError(message("config.profile.unknown", name=repr(name), choices=choices))
    if env_file is not None:
        return env_file if env_file.is_absolute() else cwd / env_file
    return cwd / f".env.{name}"


def load_profile(
    name: str, env_file: Path | None, cwd: Path, parsed: EnvFile | None = None
) -> Profile:
    """Read and parse the profile's env file; raises ``EnvFileError`` when it cannot be read.

    ``parsed`` is that file already read (to tell its profile): it is not read twice.
    """
    from golive.envfiles.read import read_env_file

    path = env_path_for(name, env_file, cwd)
    if parsed is None or parsed.path.resolve() != path.resolve():
        parsed = read_env_file(path)
    return Profile(name=name, env_file=path, values=parsed.values, source=parsed)
