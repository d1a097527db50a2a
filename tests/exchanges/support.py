"""Helpers for the exchange and check tests: a real CheckContext pointed at the simulator."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from golive.config import Settings
from golive.envfiles.profile import Profile
from golive.exchanges.http import ClientFactory
from golive.masking import Redactor
from golive.model import CheckContext, SystemClock
from golive.sim.envwrite import env_values
from tests.checks.support import everything

if TYPE_CHECKING:
    from golive.model import Clock, Outcome
    from golive.sim.server import RunningSimulator


def sim_context(
    sim: RunningSimulator,
    *,
    timeout: float = 5.0,
    lang: str = "en",
    settings: Settings | None = None,
    clock: Clock | None = None,
    **overrides: str,
) -> CheckContext:
    """The context the runner would build for a live profile whose env file points at ``sim``."""
    values = {**env_values(sim), **overrides}
    settings = settings or Settings()
    if not settings.allowed_hosts:  # as an operator allows the simulator (golive.toml)
        settings = settings.model_copy(update={"allowed_hosts": [sim.host]})
    clock = clock or SystemClock()
    return CheckContext(
        profile=Profile(name="live", env_file=Path(".env.live"), values=values),
        settings=settings,
        redactor=Redactor.from_values(values),
        clock=clock,
        http=ClientFactory.from_values(values, settings, clock=clock),
        lang=lang,
        timeout=timeout,
    )


def secrets_of(sim: RunningSimulator) -> list[str]:
    creds = sim.state.credentials
    token = creds.telegram_bot_token
    return [
        creds.binance_api_key,
        creds.binance_api_secret,
        creds.upbit_access_key,
        creds.upbit_secret_key,
        token,
        token.split(":", 1)[1],
    ]


def assert_clean(outcome: Outcome, sim: RunningSimulator) -> None:
    """No secret and no signature in the outcome; no mutating request in the simulator's log."""
    text = everything(outcome)
    for secret in secrets_of(sim):
        assert secret not in text
    for marker in ("signature=", "Bearer ", "X-MBX-APIKEY", "eyJ"):
        assert marker not in text
    assert sim.state.mutating_requests() == ()


def paths(sim: RunningSimulator) -> list[str]:
    return [f"{r.method} {r.path}" for r in sim.state.requests()]
