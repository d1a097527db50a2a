"""The trading plan: what the bot will trade, resolved from flags, the env file and ``[plan]``.

Each setting comes from, highest first: a command-line flag, its env key in the
profile's env file, ``[plan]`` in ``golive.toml``, then its default. Values are
parsed here and nowhere else (``golive env validate`` and the ``plan`` check use
the same parsers); a value that does not parse is a :class:`PlanProblem`, never
an exception. Judging the plan (positive amounts, loss below seed, kill switch)
is the ``plan`` check's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from golive.config import PlanSettings
    from golive.messages import Message
    from golive.model import CheckContext


VALUE_TEXTS: Mapping[str, str] = {
    "bad_pairs": "plan.value.bad_pairs",
    "duplicate_pair": "plan.value.duplicate_pair",
    "not_a_number": "plan.value.not_a_number",
    "bad_leverage": "plan.value.bad_leverage",
    "bad_margin_type": "plan.value.bad_margin_type",
    "bad_position_mode": "plan.value.bad_position_mode",
    "not_a_boolean": "plan.value.not_a_boolean",
}
"""Problem code -> the catalog key of what was expected."""


def expected_text(code: str, lang: str) -> str:
    """What a value with problem ``code`` should have been, in ``lang``."""
    from golive import messages

    return messages.text(VALUE_TEXTS[code], lang)


class PlanValueError(ValueError):
    """A plan value that does not parse; ``code`` names why (a catalog key suffix)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Pair:
    """One planned pair: Upbit ``KRW-<BASE>`` spot and Binance ``<BASE>USDT`` perpetual."""

    upbit: str
    binance: str

    @property
    def base(self) -> str:
        return self.upbit.partition("-")[2]

    @property
    def shown(self) -> str:
        return f"{self.upbit}/{self.binance}"


_BASE = re.compile(r"[A-Z0-9]{1,20}")
_UPBIT_MARKET = re.compile(r"KRW-[A-Z0-9]{1,20}")
_BINANCE_SYMBOL = re.compile(r"[A-Z0-9]{1,20}USDT")
_TRUE, _FALSE = frozenset({"true", "1", "yes"}), frozenset({"false", "0", "no"})
MAX_LEVERAGE = 125
MARGIN_TYPES = ("ISOLATED", "CROSSED")
POSITION_MODES = ("one_way", "hedge")


def parse_pairs(raw: str) -> tuple[Pair, ...]:
    """``BTC,ETH`` (base assets) -> pairs; each base in upper case, no duplicates."""
    bases = [part.strip().upper() for part in raw.split(",")]
    if not raw.strip() or any(not _BASE.fullmatch(b) for b in bases):
        raise PlanValueError("bad_pairs")
    if len(set(bases)) != len(bases):
        raise PlanValueError("duplicate_pair")
    return tuple(Pair(f"KRW-{b}", f"{b}USDT") for b in bases)


def explicit_pair(upbit: str, binance: str) -> Pair:
    """One ``[[plan.pair]]`` entry, checked for the two venues' shapes."""
    pair = Pair(upbit.strip().upper(), binance.strip().upper())
    if not _UPBIT_MARKET.fullmatch(pair.upbit) or not _BINANCE_SYMBOL.fullmatch(pair.binance):
        raise PlanValueError("bad_pairs")
    return pair


def parse_amount(raw: str) -> Decimal:
    """A USDT amount: a finite decimal number (its sign is judged by the ``plan`` check)."""
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise PlanValueError("not_a_number") from None
    if not value.is_finite():
        raise PlanValueError("not_a_number")
    return value


def parse_leverage(raw: str) -> int:
    """An integer leverage from 1 to 125 (Binance's largest bracket)."""
    text = raw.strip()
    digits = text.isascii() and text.isdigit() and len(text) <= 3  # '²'.isdigit() is true
    if not digits or not 1 <= int(text) <= MAX_LEVERAGE:
        raise PlanValueError("bad_leverage")
    return int(text)


def parse_margin_type(raw: str) -> str:
    value = raw.strip().upper()
    if value not in MARGIN_TYPES:
        raise PlanValueError("bad_margin_type")
    return value


def parse_position_mode(raw: str) -> str:
    value = raw.strip().lower().replace("-", "_")
    if value not in POSITION_MODES:
        raise PlanValueError("bad_position_mode")
    return value


def parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in _TRUE | _FALSE:
        raise PlanValueError("not_a_boolean")
    return value in _TRUE


@dataclass(frozen=True)
class PlanKey:
    """One setting of the plan: where it can come from and how it parses."""

    name: str
    env: str | None
    flag: str | None
    parse: Callable[[str], object]
    default: object = None


PLAN_KEYS: tuple[PlanKey, ...] = (
    PlanKey("pairs", "TRADING_PAIRS", "--pairs", parse_pairs),
    PlanKey("seed_usdt", "SEED_USDT", "--seed", parse_amount),
    PlanKey("max_notional_usdt", "MAX_NOTIONAL_USDT", "--max-notional", parse_amount),
    PlanKey("leverage", "FUTURES_LEVERAGE", None, parse_leverage, 1),
    PlanKey("margin_type", "FUTURES_MARGIN_TYPE", None, parse_margin_type, "ISOLATED"),
    PlanKey("position_mode", "FUTURES_POSITION_MODE", None, parse_position_mode, "one_way"),
    PlanKey("multi_assets_margin", None, None, parse_bool, False),
    PlanKey(
        "kill_switch_daily_loss_usdt",
        "KILL_SWITCH_DAILY_LOSS_USDT",
        "--kill-switch-loss",
        parse_amount,
    ),
    PlanKey("kill_switch_max_notional_usdt", "KILL_SWITCH_MAX_NOTIONAL_USDT", None, parse_amount),
)
"""Every setting, in the order the README's "Trading plan" table lists them."""

PLAN_ENV_KEYS: Mapping[str, PlanKey] = {k.env: k for k in PLAN_KEYS if k.env}
SOURCE_FLAG, SOURCE_ENV, SOURCE_TOML, SOURCE_DEFAULT = "flag", "env", "golive.toml", "default"


@dataclass(frozen=True)
class PlanProblem:
    """A plan value that did not parse: which setting, from where, why, and the raw value."""

    setting: str
    source: str
    origin: str
    code: str
    value: str

    def as_detail(self) -> dict[str, str]:
        return {
            "setting": self.setting,
            "source": self.source,
            "origin": self.origin,
            "code": self.code,
            "value": self.value,
        }


@dataclass(frozen=True)
class TradingPlan:
    """The resolved plan: a value per setting, where each came from, what did not parse."""

    values: Mapping[str, object]
    sources: Mapping[str, str]
    problems: tuple[PlanProblem, ...] = ()
    origins: Mapping[str, str] = field(default_factory=dict)

    def given(self, name: str) -> bool:
        return self.sources.get(name, SOURCE_DEFAULT) != SOURCE_DEFAULT

    @property
    def present(self) -> bool:
        """Whether anything of a plan was given (defaults alone are no plan)."""
        return any(self.given(k.name) for k in PLAN_KEYS) or bool(self.problems)

    @property
    def pairs(self) -> tuple[Pair, ...]:
        value = self.values.get("pairs")
        return value if isinstance(value, tuple) else ()

    def amount(self, name: str) -> Decimal | None:
        value = self.values.get(name)
        return value if isinstance(value, Decimal) else None

    @property
    def leverage(self) -> int:
        value = self.values.get("leverage")
        return value if isinstance(value, int) and not isinstance(value, bool) else 1

    def text(self, name: str) -> str:
        return str(self.values.get(name, ""))

    @property
    def multi_assets_margin(self) -> bool:
        return self.values.get("multi_assets_margin") is True

    def as_detail(self) -> dict[str, object]:
        """The plan as ``details["plan"]`` shows it: plain JSON values and their sources."""
        shown: dict[str, object] = {}
        for key in PLAN_KEYS:
            value = self.values.get(key.name)
            if key.name == "pairs":
                value = [p.shown for p in self.pairs] or None
            elif isinstance(value, Decimal):
                value = format(value, "f")
            shown[key.name] = value
        return {"values": shown, "sources": dict(self.sources)}


def toml_raw(settings: PlanSettings) -> dict[str, str]:
    """``[plan]`` as strings for the shared parsers (explicit pairs are handled apart)."""
    raw: dict[str, object | None] = {
        "pairs": ",".join(settings.pairs) if settings.pairs is not None else None,
        "seed_usdt": settings.seed_usdt,
        "max_notional_usdt": settings.max_notional_usdt,
        "leverage": settings.leverage,
        "margin_type": settings.margin_type,
        "position_mode": settings.position_mode,
        "multi_assets_margin": settings.multi_assets_margin,
        "kill_switch_daily_loss_usdt": settings.kill_switch.daily_loss_usdt,
        "kill_switch_max_notional_usdt": settings.kill_switch.max_notional_usdt,
    }
    return {
        k: str(v).lower() if isinstance(v, bool) else str(v)
        for k, v in raw.items()
        if v is not None
    }


def _explicit_pairs(settings: PlanSettings) -> tuple[Pair, ...]:
    return tuple(explicit_pair(p.upbit, p.binance) for p in settings.pair or ())


def _candidates(
    key: PlanKey, flags: Mapping[str, str], values: Mapping[str, str], toml: Mapping[str, str]
) -> list[tuple[str, str, str]]:
    """(source, origin, raw) for one setting, highest precedence first."""
    found: list[tuple[str, str, str]] = []
    if key.flag and key.name in flags:
        found.append((SOURCE_FLAG, key.flag, flags[key.name]))
    if key.env and key.env in values and values[key.env].strip():
        found.append((SOURCE_ENV, key.env, values[key.env]))
    if key.name in toml:
        found.append((SOURCE_TOML, f"[plan] {key.name}", toml[key.name]))
    return found


def resolve_plan(
    settings: PlanSettings, values: Mapping[str, str], flags: Mapping[str, str] | None = None
) -> TradingPlan:
    """The plan from ``flags`` (setting name -> raw text), env ``values`` and ``[plan]``."""
    toml, flags = toml_raw(settings), flags or {}
    resolved: dict[str, object] = {}
    sources: dict[str, str] = {}
    origins: dict[str, str] = {}
    problems: list[PlanProblem] = []
    for key in PLAN_KEYS:
        found = _candidates(key, flags, values, toml)
        resolved[key.name], sources[key.name] = key.default, SOURCE_DEFAULT
        if not found:
            continue
        source, origin, raw = found[0]
        sources[key.name], origins[key.name] = source, origin
        try:
            resolved[key.name] = key.parse(raw)
        except PlanValueError as exc:
            resolved[key.name] = None
            problems.append(PlanProblem(key.name, source, origin, exc.code, raw))
    _add_explicit_pairs(settings, resolved, sources, origins, problems)
    return TradingPlan(resolved, sources, tuple(problems), origins)


def _add_explicit_pairs(
    settings: PlanSettings,
    resolved: dict[str, object],
    sources: dict[str, str],
    origins: dict[str, str],
    problems: list[PlanProblem],
) -> None:
    """``[[plan.pair]]`` entries join the pairs when the pairs come from ``golive.toml``."""
    if not settings.pair or sources["pairs"] not in (SOURCE_TOML, SOURCE_DEFAULT):
        return
    try:
        explicit = _explicit_pairs(settings)
    except PlanValueError as exc:
        raw = ", ".join(f"{p.upbit}/{p.binance}" for p in settings.pair)
        problems.append(PlanProblem("pairs", SOURCE_TOML, "[[plan.pair]]", exc.code, raw))
        return
    current = resolved["pairs"] if isinstance(resolved["pairs"], tuple) else ()
    merged = tuple(dict.fromkeys((*current, *explicit)))
    resolved["pairs"], sources["pairs"] = merged, SOURCE_TOML
    origins["pairs"] = origins.get("pairs", "[[plan.pair]]")


def flag_problems(flags: Mapping[str, str]) -> list[PlanProblem]:
    """Flags that do not parse (the CLI turns the first into a usage error, exit 2)."""
    problems = []
    for key in PLAN_KEYS:
        if key.flag is None or key.name not in flags:
            continue
        try:
            key.parse(flags[key.name])
        except PlanValueError as exc:
            problems.append(PlanProblem(key.name, SOURCE_FLAG, key.flag, exc.code, flags[key.name]))
    return problems


def env_value_problem(env_key: str) -> Callable[[str], Message | None]:
    """For ``golive env validate``: a plan key's value parsed as the plan parses it."""
    from golive import messages

    parse = PLAN_ENV_KEYS[env_key].parse

    def problem(value: str) -> Message | None:
        try:
            parse(value)
        except PlanValueError as exc:
            return messages.message("plan.lint", why=messages.message(VALUE_TEXTS[exc.code]))
        return None

    return problem


def plan_of(ctx: CheckContext) -> TradingPlan:
    """The run's plan: the context's flags over its env file over its settings."""
    return resolve_plan(ctx.settings.plan, ctx.profile.values, ctx.plan_flags)
