"""Which rate-limit budget of a venue a request spends: the unit golive backs off from.

After a 429 golive sends nothing more to the budget that refused, and only to it
(:mod:`golive.exchanges.backoff`); after a 418 (a ban of the IP or account) nothing
more to the venue at all. The budgets are the venues' own, as documented:

* **Binance spot host** (``binance``: ``/api`` and ``/sapi``). "/api/* and /sapi/*
  apply rate limits differently": all ``/api`` endpoints "share 6,000 per minute per
  IP", while "each IP-limited endpoint [of /sapi] has an independent 12,000 per
  minute; each UID-limited endpoint an independent 180,000 per minute", and a /sapi
  429 is "always 429 -- the 418 IP-ban escalation does not apply" (developers.binance.com/
  docs/products/caas/basics/4.rate-limits). So ``/api`` is one budget and every
  ``/sapi`` path is a budget of its own: a /sapi 429 stops that endpoint only, and
  the spot reads go on. A 418 stops the whole host: the docs do not say whether an
  IP banned on /api may still use /sapi, and a banned IP should send nothing.
* **Binance USDⓈ-M futures** (``binance_futures``, ``fapi.binance.com``) is a venue
  of its own: its limits are its own (developers.binance.com/docs/derivatives/
  usds-margined-futures/general-info, "LIMITS": 2,400 weight per minute per IP in
  ``/fapi/v1/exchangeInfo`` ``rateLimits``, reported in its own
  ``X-MBX-USED-WEIGHT-1M``), so a spot 429 or 418 does not stop it, nor it the spot
  host. Within /fapi, one budget.
* **Upbit**: one budget. Its per-second groups are counted apart, but a client that
  keeps sending after 429 gets the requests of its whole IP or account blocked with
  418 (docs.upbit.com/kr/docs/rate-limits, in translation), and the docs do not say
  whether going on in another group counts as keeping on: golive does not find out.
* **Telegram**: one budget (flood control per bot).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

BAN_STATUS: Final = 418
"""A ban of the IP or account: it closes every budget of the venue."""
VENUE_WIDE: Final = "*"
"""The budget name of a whole venue: what a 418 closes, and a venue's only budget."""
API_BUDGET: Final = "/api"
SAPI_SEGMENT: Final = "sapi"


def _binance(path: str) -> str:
    """``/sapi/...`` paths are their own budgets (a base URL may put a prefix before them)."""
    return path if SAPI_SEGMENT in path.split("/") else API_BUDGET


BUDGETS: Final[Mapping[str, Callable[[str], str]]] = {"binance": _binance}
"""venue -> the budget of a request path; venues not listed have one budget."""


def budget_of(venue: str, path: str) -> str:
    """The budget a request to ``path`` on ``venue`` spends."""
    split = BUDGETS.get(venue)
    return VENUE_WIDE if split is None else split(path)
