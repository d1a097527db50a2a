"""The explicit check registry: one module per check, listed here in display order."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from golive.messages import MessageError, message

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.model import Check

# Module names under golive.checks, in the order checks are shown.
CHECK_MODULES: tuple[str, ...] = (
    "env_file",
    "required_keys",
    "read_only",
    "git_safety",
    "env_isolation",
    "plan",
    "upbit",
    "binance_api_restrictions",
    "binance",
    "futures_account",
    "markets",
    "funds",
    "open_exposure",
    "clock_skew",
    "telegram",
    "postgres",
    "redis",
)


OPT_IN_FLAGS: Mapping[str, str] = {"order_permission": "--prove-order-permission"}
"""Checks that run only under their flag (module name -> flag). ``--only`` naming one
selects it, but without its flag it can only SKIP; ``golive checks`` lists them last."""
OPT_IN_MODULES: tuple[str, ...] = tuple(OPT_IN_FLAGS)


def all_checks(*, opt_in: bool = False) -> tuple[Check, ...]:
    """Every registered check, in display order (imports the check modules, not their deps).

    The guard goes first: it loads httpx without httpx's own command-line client
    (click, rich, pygments), which no check needs (see ``golive.guard``). ``opt_in``
    adds the checks of :data:`OPT_IN_MODULES`.
    """
    import_module("golive.guard")
    names = CHECK_MODULES + (OPT_IN_MODULES if opt_in else ())
    return tuple(import_module(f"golive.checks.{name}").CHECK for name in names)


class UnknownCheckError(MessageError):
    """A check id given on the command line that no check has."""


def select_checks(
    checks: tuple[Check, ...],
    only: list[str] | None,
    skip: list[str] | None,
    *,
    known: tuple[Check, ...] | None = None,
) -> tuple[Check, ...]:
    """Apply ``--only`` and ``--skip``; an id no check of ``known`` (default ``checks``)
    has raises :class:`UnknownCheckError`, naming every known id."""
    every = known or checks
    known_set = {c.id for c in every}
    for given in (only or []) + (skip or []):
        if given not in known_set:
            known_ids = ", ".join(c.id for c in every)
            said = message("usage.unknown_check", given=repr(given), known=known_ids)
            raise UnknownCheckError(said)
    if only is not None and not only:
        raise UnknownCheckError(message("usage.only_empty"))
    selected = [c for c in checks if not only or c.id in only]
    chosen = tuple(c for c in selected if c.id not in (skip or []))
    if not chosen:
        raise UnknownCheckError(message("usage.nothing_left"))
    return chosen
