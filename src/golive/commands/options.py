"""Option declarations shared by several commands (Typer ``Annotated`` aliases)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

EnvOpt = Annotated[
    str | None,
    typer.Option("--env", help="Profile: live, paper or local_dev (reads .env.<profile>)."),
]
EnvFileOpt = Annotated[
    Path | None,
    typer.Option("--env-file", help="Env file to use instead of .env.<profile>."),
]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="Hint language: en or ko (default: GOLIVE_LANG, then LANG)."),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (default: ./golive.toml or [tool.golive])."),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        help="Per-check timeout in seconds (default 10, at most 600).",
        min=0.1,
        max=600,
    ),
]
