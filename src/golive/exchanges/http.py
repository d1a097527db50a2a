"""The one client factory: every HTTP client of a preflight is built here, guarded and signed.

A :class:`ClientFactory` lives for one run. It knows each venue's base URL
(production by default, ``<VENUE>_BASE_URL`` from the profile's values to
override), builds the venue's ``httpx.Auth`` from the profile's credentials and
hands out clients from :func:`golive.guard.guarded_async_client`, which never
passes ``mounts=`` or ``proxy=`` and ignores proxy variables from the process
environment. A proxy named in the profile's own ``HTTPS_PROXY`` goes on the
inner transport, so the preflight leaves through the same egress as the bot.

It also shares reads between checks of the same run (:meth:`ClientFactory.shared`):
``binance`` and ``binance_api_restrictions`` both need the key's
``apiRestrictions`` and get one request between them. And it remembers, per
venue, a 429 or 418 for the rest of the run (:mod:`golive.exchanges.backoff`),
so concurrent checks back off together instead of earning an IP ban. The runs of
a fleet pass one :class:`~golive.exchanges.backoff.VenueStates` to their
factories, so profiles that reach the same venue through the same IP (Binance
limits per IP) or with the same account (Upbit, Telegram) share that memory.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import importlib
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from golive import __version__, messages
from golive.binance_key import signer_for
from golive.envfiles.base_urls import closed_gates
from golive.exchanges.backoff import BackoffTransport, BurstLimit, VenueStates
from golive.exchanges.binance import BinanceAuth
from golive.exchanges.upbit import UpbitAuth
from golive.guard import guarded_async_client
from golive.model import SystemClock

if TYPE_CHECKING:
    from pathlib import Path

    import httpx

    from golive.binance_key import Signer
    from golive.config import Settings
    from golive.model import Clock

T = TypeVar("T")

AuthBuilder = Callable[["ClientFactory"], "httpx.Auth | None"]


def _binance_auth(factory: ClientFactory) -> httpx.Auth:
    """HMAC, Ed25519 or RSA as the profile's key is (raises ``KeyProblemError`` when unusable)."""
    clock = factory.clock
    return BinanceAuth(
        factory.values.get("BINANCE_API_KEY", ""),
        factory.binance_signer(),
        recv_window_ms=factory.settings.thresholds.recv_window_ms,
        now_ms=lambda: int(clock.now().timestamp() * 1000),
    )


def _upbit_auth(factory: ClientFactory) -> httpx.Auth:
    values = factory.values
    return UpbitAuth(values.get("UPBIT_ACCESS_KEY", ""), values.get("UPBIT_SECRET_KEY", ""))


def _no_auth(factory: ClientFactory) -> None:
    return None


@dataclass(frozen=True)
class VenueSpec:
    base_url_key: str
    default_base_url: str
    auth: AuthBuilder
    account_key: str | None = None
    """The value that names the rate-limited account; ``None``: limited per IP only."""


VENUES: Mapping[str, VenueSpec] = {
    "binance": VenueSpec("BINANCE_BASE_URL", "https://api.binance.com", _binance_auth),
    "binance_futures": VenueSpec(
        "BINANCE_FUTURES_BASE_URL", "https://fapi.binance.com", _binance_auth
    ),
    "upbit": VenueSpec("UPBIT_BASE_URL", "https://api.upbit.com", _upbit_auth, "UPBIT_ACCESS_KEY"),
    "telegram": VenueSpec(
        "TELEGRAM_BASE_URL", "https://api.telegram.org", _no_auth, "TELEGRAM_BOT_TOKEN"
    ),
}
"""venue -> where it lives and how its requests are signed."""

PROXY_KEY = "HTTPS_PROXY"


class GatedVenueError(RuntimeError):
    """A client was asked for a venue whose base URL may not receive its credentials."""

    def __init__(self, venue: str, variable: str) -> None:
        super().__init__(messages.text("exchanges.gated", "en", venue=venue, variable=variable))
        self.venue = venue
        self.variable = variable


class ClientFactory:
    """Builds guarded, signed clients for one run and shares reads between its checks."""

    def __init__(
        self,
        values: Mapping[str, str],
        settings: Settings,
        *,
        clock: Clock | None = None,
        proxy: str | None = None,
        key_base: Path | None = None,
        venues: VenueStates | None = None,
        order_tests: bool = False,
        profile: str = "live",
    ) -> None:
        self._gates = closed_gates(values, profile, frozenset(settings.allowed_hosts))
        """Venues whose base URL fails the credential policy (``golive.envfiles.base_urls``): no
        client is built for them. A factory not told its profile judges as ``live``."""
        self._order_tests = order_tests
        """``--prove-order-permission``: clients asked for order tests may send them."""
        self.values = values
        self.settings = settings
        self.clock = clock or SystemClock()
        self._proxy = proxy
        self._key_base = key_base
        self._signer: Signer | None = None
        self._shared: dict[str, asyncio.Future[Any]] = {}
        self._venues = venues if venues is not None else VenueStates()
        self._tls: ssl.SSLContext | None = None
        if not all(_plain_http(self.base_url(venue)) for venue in VENUES):
            self._tls_context()  # now, before any check runs: it costs ~15 ms of CPU
        _import_transport()

    def _tls_context(self) -> ssl.SSLContext:
        """One TLS context per run (per fleet: the venue states hold it); loading the CA
        bundle costs ~13 ms per client otherwise."""
        if self._tls is None:
            self._tls = self._venues.tls_context()
        return self._tls

    def _verify(self, base_url: str) -> ssl.SSLContext:
        """The TLS context of a client for ``base_url``: the run's CA-verifying one, unless
        the origin is plain ``http`` (a local simulator), whose client never makes a TLS
        connection (the guard keeps it on its origin) and gets a context that trusts no
        certificate authority: the CA bundle is not loaded for it."""
        return _trusting_nothing() if _plain_http(base_url) else self._tls_context()

    @classmethod
    def from_values(
        cls,
        values: Mapping[str, str],
        settings: Settings,
        *,
        clock: Clock | None = None,
        key_base: Path | None = None,
        venues: VenueStates | None = None,
        order_tests: bool = False,
        profile: str = "live",
    ) -> ClientFactory:
        """The factory for a profile's values; its ``HTTPS_PROXY``, if any, is used.

        ``key_base`` is where a relative ``BINANCE_PRIVATE_KEY_PATH`` is read from;
        ``venues`` is shared by the factories of a fleet (see the module docstring);
        ``order_tests`` is ``--prove-order-permission``; ``profile`` the profile's name
        (the credential policy judges base URLs by it).
        """
        proxy = values.get(PROXY_KEY) or None
        return cls(
            values,
            settings,
            clock=clock,
            proxy=proxy,
            key_base=key_base,
            venues=venues,
            order_tests=order_tests,
            profile=profile,
        )

    def base_url(self, venue: str) -> str:
        spec = VENUES[venue]
        return (self.values.get(spec.base_url_key) or spec.default_base_url).rstrip("/")

    def binance_signer(self) -> Signer:
        """The Binance key, loaded once per run; raises ``KeyProblemError`` when unusable."""
        if self._signer is None:
            self._signer = signer_for(self.values, self._key_base)
        return self._signer

    def venue_egress(self, venue: str) -> tuple[str, ...]:
        """Where the venue sees this client's requests come from: the venue, where it is
        reached and the proxy. Blocks kept between runs are kept per egress
        (:mod:`golive.exchanges.blocks`): Upbit does not say whether it blocked the IP or
        the account."""
        return (venue, self.base_url(venue), self._proxy or "")

    def venue_identity(self, venue: str) -> tuple[str, ...]:
        """Who the venue counts this client's requests against: its egress and, for
        per-account limits, a digest of the account."""
        spec = VENUES[venue]
        account = self.values.get(spec.account_key, "") if spec.account_key else ""
        digest = hashlib.sha256(account.encode()).hexdigest()[:16] if account else ""
        return (*self.venue_egress(venue), digest)

    def __call__(
        self,
        venue: str,
        *,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
        order_tests: bool = False,
    ) -> httpx.AsyncClient:
        """A guarded client for ``venue``; ``transport`` replaces the wire (tests, self-test).

        A venue whose base URL fails the credential policy gets no client on the real
        wire (:class:`GatedVenueError`, before anything is signed or sent: the runner
        never starts a check that needs it, this is the second lock); a replaced wire
        sends nothing anywhere and is still built (``read_only``'s self-test).

        The real wire is a :class:`BackoffTransport`, and signing there waits for its
        place in the venue's first burst (:class:`BurstLimit`); both share the venue's
        backoff with every other client of the run.
        """
        spec = VENUES[venue]
        base_url = self.base_url(venue)
        if transport is None and venue in self._gates:
            raise GatedVenueError(venue, self._gates[venue].variable)
        backoff = self._venues.backoff(self.venue_identity(venue), self.venue_egress(venue))
        auth = spec.auth(self)
        if auth is not None and transport is None:
            auth = BurstLimit(auth, backoff)
        return guarded_async_client(
            venue,
            base_url=base_url,
            auth=auth,
            headers={"User-Agent": f"golive/{__version__} (read-only preflight)"},
            timeout=timeout,
            transport=transport
            or BackoffTransport(
                backoff,
                proxy=self._proxy,
                verify=self._verify(base_url),
                max_body=self.settings.max_body_bytes,
            ),
            allow_order_tests=order_tests and self._order_tests,
        )

    async def shared(self, key: str, fetch: Callable[[], Awaitable[T]]) -> T:
        """Run ``fetch`` once per run for ``key``; every caller gets its result (or its error).

        The fetch runs as its own task, so a check cancelled by its timeout does
        not cancel the answer another check is waiting for.
        """
        future = self._shared.get(key)
        if future is None:
            future = asyncio.ensure_future(fetch())
            future.add_done_callback(_retrieve)
            self._shared[key] = future
        return cast("T", await asyncio.shield(future))


TRANSPORT_MODULES = ("httpcore", "h11", "anyio", "anyio._backends._asyncio")
"""What httpx loads only at a run's first request (about 70 modules): imported with the
factory, before the timed phase, not in the middle of the first round trips."""


def _import_transport() -> None:
    for module in TRANSPORT_MODULES:
        importlib.import_module(module)


def _plain_http(url: str) -> bool:
    return url[:7].lower() == "http://"


@functools.cache
def _trusting_nothing() -> ssl.SSLContext:
    """A client context with verification on (``CERT_REQUIRED``, host names checked) and no
    certificate authority: every TLS handshake made with it fails."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _retrieve(future: asyncio.Future[Any]) -> None:
    """Mark the outcome as seen, so an error nobody awaited is not logged at exit."""
    if not future.cancelled():
        future.exception()
