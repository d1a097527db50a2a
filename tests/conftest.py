"""Suite-wide fixtures: the network guard, hypothesis profiles, the simulator and helpers."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

pytest_plugins = [
    "tests.support.network_guard",
    "tests.support.workspace",
    "tests.support.simulator",
    "tests.support.faults",
    "tests.support.invariants",
    "tests.support.redis_server",
]

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
