"""``[plan]`` values an env file overrides: what the ``plan`` check warns about.

Plan precedence is flags > env file > ``[plan]`` (of ``golive.toml``, merged with a
fleet file's ``[bots.plan]``). An env key that silently wins over a different
``[plan]`` value makes an operator believe the ``[plan]`` was proven when the env
file's value was: each such value is listed. A flag over both is the operator's
own choice, and an equal value changes nothing: neither is listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from golive.plan import PLAN_KEYS, PlanKey, PlanValueError, explicit_pair, toml_raw

if TYPE_CHECKING:
    from collections.abc import Mapping

    from golive.config import PlanSettings


@dataclass(frozen=True)
class Shadowed:
    """One overridden value: the env key and its value used, the ``[plan]`` one not."""

    setting: str
    env: str
    used: str
    origin: str
    given: str

    def as_detail(self) -> dict[str, str]:
        return {
            "setting": self.setting,
            "env": self.env,
            "used": self.used,
            "origin": self.origin,
            "given": self.given,
        }


def _parsed(key: PlanKey, raw: str) -> object:
    try:
        value = key.parse(raw)
    except PlanValueError:
        return raw.strip()
    return frozenset(value) if key.name == "pairs" and isinstance(value, tuple) else value


def _shown(raw: str, value: object) -> str:
    """A value as written, a number without TOML's float tail (``600.0`` -> ``600``)."""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else raw


def _given(key: PlanKey, settings: PlanSettings) -> tuple[str, str, object] | None:
    """``[plan]``'s value of ``key``: (where, as written, parsed); with ``[[plan.pair]]``
    entries joined to the pairs, as the plan would have joined them."""
    raw = toml_raw(settings).get(key.name)
    value = _parsed(key, raw) if raw is not None else None
    if key.name != "pairs" or not settings.pair:
        return None if raw is None else (f"[plan] {key.name}", _shown(raw, value), value)
    try:
        explicit = {explicit_pair(p.upbit, p.binance) for p in settings.pair}
    except PlanValueError:
        return None  # a broken [[plan.pair]] is never used: the env file's pairs are
    pairs = (value if isinstance(value, frozenset) else frozenset()) | explicit
    where = "[[plan.pair]]" if raw is None else "[plan] pairs, [[plan.pair]]"
    return where, ", ".join(sorted(p.shown for p in pairs)), pairs


def shadowed_by_env(
    settings: PlanSettings, values: Mapping[str, str], flags: Mapping[str, str]
) -> list[Shadowed]:
    """Every ``[plan]`` value the env file overrides with a different one, in plan order."""
    found = []
    for key in PLAN_KEYS:
        used = values.get(key.env, "") if key.env else ""
        if key.env is None or key.name in flags or not used.strip():
            continue
        given = _given(key, settings)
        if given is not None and _parsed(key, used) != given[2]:
            found.append(Shadowed(key.name, key.env, used.strip(), given[0], given[1]))
    return found
