"""Digits that are not ASCII digits: ``'²'.isdigit()`` is true, yet ``int('²')`` raises.

Found by hypothesis on ``FUTURES_LEVERAGE='²'``; the same test stood in three more places
that read numbers from an env file or from a venue's answer headers. Each must judge the
value, never crash the check.
"""

from __future__ import annotations

import pytest

from golive.checks.postgres import target_of as postgres_target
from golive.checks.redis import target_of as redis_target
from golive.exchanges.ratelimit import parse
from golive.plan import PlanValueError, parse_leverage

ODD = ["²", "¹⁰", "٣", "1²", "9" * 5000]


@pytest.mark.parametrize("raw", ODD)
def test_an_odd_leverage_is_a_plan_error(raw: str) -> None:
    with pytest.raises(PlanValueError):
        parse_leverage(raw)


@pytest.mark.parametrize("raw", ODD)
def test_an_odd_used_weight_header_is_ignored(raw: str) -> None:
    assert parse("binance", {"X-MBX-USED-WEIGHT-1M": raw}) is None
    assert parse("binance", {"X-MBX-USED-WEIGHT-1M": "17"}) is not None


@pytest.mark.parametrize("raw", ODD)
def test_an_odd_redis_database_is_not_a_crash(raw: str) -> None:
    assert redis_target(f"redis://127.0.0.1:6379/{raw}")["database"] == 0


@pytest.mark.parametrize("raw", ODD)
def test_an_odd_postgres_port_is_kept_as_text(raw: str) -> None:
    assert postgres_target({"host": "127.0.0.1", "port": raw})["port"] == raw


@pytest.mark.parametrize("value", ["POSTGRES", "password", "ChangeMe"])
def test_a_well_known_password_as_a_secret_is_a_weak_secret(value: str) -> None:
    """golive does not hunt dictionary words in free text (they are ordinary words there), so
    a secret that is one cannot be kept out of output: it is a finding, not a silent gap."""
    from golive.envfiles.urls import weak_secret_problem

    problem = weak_secret_problem("SOME_SECRET", value)
    assert problem is not None
    assert weak_secret_problem("SOME_SECRET", value + "-x9Qz") is None
