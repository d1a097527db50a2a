"""Binance test environments: which base URLs are one, and what they can prove.

SPOTDOCS ``testnet/general-info.md``: the Spot Test Network is
``https://testnet.binance.vision/api`` (and ``api1.testnet.binance.vision``) and
serves **only ``/api``**, no ``/sapi`` ("Can I use the /sapi endpoints on the Spot
Test Network? No"), so ``apiRestrictions`` and ``system/status`` cannot be read
there. SPOTDOCS ``demo-mode/general-info.md``: spot demo mode is
``https://demo-api.binance.com/api`` (``/api`` only as well). FGEN: the USDⓈ-M
futures testnet REST base is now ``https://demo-fapi.binance.com``; the older
``https://testnet.binancefuture.com`` is still what python-binance and ccxt use.

``BINANCE_TESTNET=true`` in the env file says the same for base URLs golive
cannot recognise by host (a local proxy or the simulator in testnet mode).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from golive.defaults import TESTNET_FLAG, TESTNET_PROFILES
from golive.defaults import TESTNET_TRUE_WORDS as TRUE_WORDS

if TYPE_CHECKING:
    from collections.abc import Mapping

SPOT_TESTNET_HOSTS: frozenset[str] = frozenset(
    {"testnet.binance.vision", "api1.testnet.binance.vision", "demo-api.binance.com"}
)
FUTURES_TESTNET_HOSTS: frozenset[str] = frozenset(
    {"demo-fapi.binance.com", "testnet.binancefuture.com"}
)
BASE_URL_KEYS: Mapping[str, str] = {
    "binance": "BINANCE_BASE_URL",
    "binance_futures": "BINANCE_FUTURES_BASE_URL",
}
HOSTS: Mapping[str, frozenset[str]] = {
    "binance": SPOT_TESTNET_HOSTS,
    "binance_futures": FUTURES_TESTNET_HOSTS,
}


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def on_testnet(values: Mapping[str, str], venue: str = "binance") -> bool:
    """Whether ``venue`` (``binance`` spot/wallet or ``binance_futures``) is a test network."""
    if values.get(TESTNET_FLAG, "").strip().lower() in TRUE_WORDS:
        return True
    return _host(values.get(BASE_URL_KEYS[venue], "")) in HOSTS[venue]


__all__ = ["TESTNET_FLAG", "TESTNET_PROFILES", "TRUE_WORDS", "on_testnet", "serves_sapi"]


def serves_sapi(values: Mapping[str, str], profile: str = "paper") -> bool:
    """The spot test network and demo mode serve ``/api`` only (never assumed for ``live``)."""
    return profile not in TESTNET_PROFILES or not on_testnet(values, "binance")
