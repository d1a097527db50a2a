"""The Typer application: one small module per command, assembled here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class Command(Protocol):
    """The part of a click command the entry point uses."""

    def main(
        self,
        args: Sequence[str] | None = ...,
        prog_name: str | None = ...,
        complete_var: str | None = ...,
        standalone_mode: bool = ...,
        windows_expand_args: bool = ...,
        **extra: Any,
    ) -> Any: ...


def build_command() -> Command:
    """Build the ``golive`` command tree (Typer imported only now)."""
    import typer

    from golive.commands import (
        checks_cmd,
        demo_cmd,
        env_cmd,
        gitsafety_cmd,
        preflight_cmd,
        serve_cmd,
        sim_cmd,
    )

    app = typer.Typer(
        name="golive",
        help="Decide whether a live trading bot may go live: a read-only preflight with evidence.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.command("preflight")(preflight_cmd.preflight)
    app.command("serve")(serve_cmd.serve)
    app.command("checks")(checks_cmd.list_checks)
    app.command("git-safety")(gitsafety_cmd.git_safety)
    app.command("sim")(sim_cmd.sim)
    app.command("demo")(demo_cmd.demo)
    env_app = typer.Typer(help="Env file tools.", no_args_is_help=True)
    env_app.command("validate")(env_cmd.validate)
    app.add_typer(env_app, name="env")

    @app.callback()
    def _root(
        version: bool = typer.Option(False, "--version", "-V", help="Print the version and exit."),
    ) -> None:
        """golive: the go-live gate."""

    return typer.main.get_command(app)
