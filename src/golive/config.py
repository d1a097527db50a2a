"""Settings: golive's defaults, overridable in ``golive.toml`` or ``[tool.golive]``.

``golive.toml`` in the working directory wins over ``[tool.golive]`` in
``pyproject.toml``. A bad file is a :class:`ConfigError` naming the file and
the problem; the CLI turns it into exit code 2.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from golive.defaults import DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUIRED_KEYS, PROFILES
from golive.messages import MessageError, message

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_REQUIRED_KEYS",
    "PROFILES",
    "ConfigError",
    "Settings",
    "load_settings",
]


"""1 MiB decoded: far above any answer a preflight reads (a few KiB at most)."""


class ConfigError(MessageError):
    """A configuration file that cannot be used; the message is one line."""


class _Model(BaseModel):
    """Strict: ``"false"``, ``0`` or ``true`` where another type is due is an error, never
    coerced (a policy switch written as a string must not flip silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Thresholds(_Model):
    """Numbers that turn a measurement into WARN or FAIL."""

    clock_warn_ms: int = Field(1000, ge=0)
    recv_window_ms: int = Field(5000, gt=0, le=60000)
    key_expiry_warn_days: int = Field(30, ge=0)
    trading_authority_warn_days: int = Field(30, ge=0)
    rate_limit_warn_pct: float = Field(80.0, gt=0, le=100)


class BinancePolicy(_Model):
    """What the Binance key's ``apiRestrictions`` must say (True = required state)."""

    forbid_withdrawals: bool = True
    require_reading: bool = True
    require_futures: bool = True
    forbid_internal_transfer: bool = True
    forbid_universal_transfer: bool = True
    warn_without_ip_restriction: bool = True
    warn_spot_and_margin_trading: bool = True
    warn_margin: bool = True
    warn_vanilla_options: bool = True
    warn_portfolio_margin: bool = True
    warn_fix_api_trade: bool = True
    """Least privilege: WARN for rights this bot (USDⓈ-M futures on Binance) never needs."""


class PlanPair(_Model):
    """One explicit pair of ``[[plan.pair]]``: the Upbit market and the Binance symbol."""

    upbit: str
    binance: str


class KillSwitchSettings(_Model):
    """``[plan.kill_switch]``: the limits the bot stops at."""

    daily_loss_usdt: float | None = None
    max_notional_usdt: float | None = None


class PlanSettings(_Model):
    """``[plan]``: what the bot will trade; env keys and flags override it (golive.plan)."""

    pairs: list[str] | None = None
    pair: list[PlanPair] | None = None
    seed_usdt: float | None = None
    max_notional_usdt: float | None = None
    leverage: int | None = None
    margin_type: str | None = None
    position_mode: str | None = None
    multi_assets_margin: bool | None = None
    kill_switch: KillSwitchSettings = Field(default_factory=KillSwitchSettings)


class Settings(_Model):
    """Everything configurable, with the defaults an operator expects."""

    required_keys: dict[str, list[str]] = Field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_REQUIRED_KEYS.items()}
    )
    timeout_s: float = Field(10.0, gt=0, le=600)
    evidence_dir: str = Field("logs/evidence", min_length=1)
    max_body_bytes: int = Field(DEFAULT_MAX_BODY_BYTES, ge=1024, le=64 << 20)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    binance_policy: BinancePolicy = Field(default_factory=BinancePolicy)
    plan: PlanSettings = Field(default_factory=PlanSettings)
    allowed_hosts: list[str] = Field(default_factory=list)
    """Hosts (``host`` or ``host:port``) a live base URL may use besides the production origin."""

    @field_validator("allowed_hosts")
    @classmethod
    def _plain_hosts(cls, value: list[str]) -> list[str]:
        hosts = [host.strip().lower() for host in value]
        for host in hosts:
            if not host or "/" in host or any(ch.isspace() for ch in host):
                raise ValueError(f"{host!r} is not a host name or host:port (no scheme, no path)")
        return hosts

    @field_validator("required_keys")
    @classmethod
    def _merge_profiles(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - set(PROFILES))
        if unknown:
            raise ValueError(
                f"unknown profile {unknown[0]!r} (expected one of {', '.join(PROFILES)})"
            )
        merged = {k: list(v) for k, v in DEFAULT_REQUIRED_KEYS.items()}
        merged.update(value)
        return merged

    @field_validator("evidence_dir")
    @classmethod
    def _printable_path(cls, value: str) -> str:
        if not value.isprintable():
            raise ValueError("must be a path without control characters (NUL, newline, ...)")
        return value

    def required_for(self, profile: str) -> list[str]:
        return list(self.required_keys.get(profile, []))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except UnicodeDecodeError as exc:
        said = message("config.toml.not_utf8", path=str(path), offset=str(exc.start))
        raise ConfigError(said) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(message("config.toml.invalid", path=str(path), why=str(exc))) from exc
    except OSError as exc:
        why = str(exc.strerror or exc)
        raise ConfigError(message("config.cannot_read", path=str(path), why=why)) from exc


def _find_config(cwd: Path) -> tuple[Path, dict[str, Any]] | None:
    golive_toml = cwd / "golive.toml"
    if golive_toml.exists():
        return golive_toml, _read_toml(golive_toml)
    pyproject = cwd / "pyproject.toml"
    if pyproject.exists():
        tool = _read_toml(pyproject).get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(message("config.toml.tool_not_table", path=str(pyproject)))
        table = tool.get("golive")
        if table is not None:
            if not isinstance(table, dict):
                raise ConfigError(message("config.toml.not_table", path=str(pyproject)))
            return pyproject, table
    return None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "(top level)"
    got = type(err.get("input")).__name__ if err["type"].endswith("_type") else None
    return f"{where}: {err['msg']}" + (f" (got {_TOML_TYPES.get(got, got)})" if got else "")


_TOML_TYPES = {
    "str": "a string",
    "int": "an integer",
    "float": "a float",
    "bool": "a boolean",
    "dict": "a table",
    "list": "an array",
}


def _deep_merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in changes.items():
        current = merged.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            merged[key] = _deep_merge(current, value)
        else:
            merged[key] = value
    return merged


def with_overrides(settings: Settings, changes: dict[str, Any], where: str) -> Settings:
    """``settings`` with ``changes`` merged in (tables key by key), validated like a file."""
    if not changes:
        return settings
    data = _deep_merge(settings.model_dump(exclude_unset=True), changes)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{where}: {_first_error(exc)}") from exc


def load_settings(cwd: Path, config_file: Path | None = None) -> Settings:
    """Load settings from ``config_file``, else ``golive.toml``/``pyproject.toml`` in ``cwd``."""
    found = (config_file, _read_toml(config_file)) if config_file else _find_config(cwd)
    if found is None:
        return Settings()
    path, data = found
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_first_error(exc)}") from exc
