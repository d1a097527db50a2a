"""Everything one simulator run holds: config, accounts, active scenarios, clocks, request log.

The state is shared between the server thread and the caller (tests read the log
and switch scenarios in-process), so every mutation happens under one lock.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING

from golive.sim.accounts import Accounts, SimCredentials
from golive.sim.binance_keys import BinanceKeyType
from golive.sim.book import Book
from golive.sim.scenarios import Fault, describe, scenario_name, validate_scenarios
from golive.sim.venues import Venue, is_mutating, mask_path

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

DEFAULT_SKEW_MS = 10_000
"""How far ``<venue>.clock_skew`` moves a venue's clock when ``clock_offset_ms`` is 0."""
DEFAULT_SLOW_MS = 1_500
LOG_LIMIT = 10_000
RATE_LIMIT_429_ANSWERS = 3
"""Under ``rate_limited``, the request that continues past a 429 for the third time gets 418.

Binance: "418 = IP auto-banned after continuing past 429" (SPOTDOCS "HTTP Return
Codes"); Upbit: continuing after 429 gives 418 (UPRATE). A request continues past
a 429 when the client provably read one before sending it: it comes on a connection
that carried a 429 (HTTP/1.1 answers arrive in order). Requests of a burst, each on
its own connection, did not, and get 429. A client sending one request after another
on one connection gets 429, 429, 429, then 418."""
RETRY_AFTER_429_S = 1
BAN_S = 120


@dataclass(frozen=True)
class SimConfig:
    """How to start a simulator.

    ``clock_offset_ms`` is the offset the ``*.clock_skew`` scenarios apply (positive: the
    simulator's clock runs ahead); 0 means :data:`DEFAULT_SKEW_MS`. ``host`` must be a
    loopback address unless ``allow_non_loopback`` is set.
    """

    host: str = "127.0.0.1"
    port: int = 0
    scenarios: tuple[str, ...] = ()
    latency_ms: int = 0
    clock_offset_ms: int = 0
    slow_ms: int = DEFAULT_SLOW_MS
    credentials: SimCredentials | None = None
    allow_non_loopback: bool = False
    binance_key_type: BinanceKeyType = BinanceKeyType.HMAC
    """The kind of Binance key generated when ``credentials`` is None."""
    binance_testnet: bool = False
    """Play the Spot Test Network: /sapi does not exist (SPOTDOCS testnet/general-info.md)."""


@dataclass(frozen=True)
class RequestRecord:
    """One request that reached a venue. ``status`` 0 means the simulator never answered."""

    method: str
    path: str
    query: str
    venue: Venue
    status: int
    time: float
    mutating: bool

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["venue"] = self.venue.value
        return data


@dataclass(frozen=True)
class Injection:
    """A canned answer for one method + path, served ``times`` times (None: until reset)."""

    method: str
    path: str
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    times: int | None = None


def strip_signature(query: str) -> str:
    """The query without its ``signature`` parameter, everything else as received."""
    return "&".join(p for p in query.split("&") if p and not p.startswith("signature="))


@dataclass
class _Counters:
    refused_peers: dict[Venue, set[str]] = field(default_factory=dict)
    continued: dict[Venue, int] = field(default_factory=dict)
    weights: dict[Venue | str, tuple[int, int]] = field(default_factory=dict)
    remaining: dict[str, tuple[int, int]] = field(default_factory=dict)
    nonces: set[str] = field(default_factory=set)


class SimState:
    """The live state of one simulator run; safe to use from any thread."""

    def __init__(self, config: SimConfig, clock: Callable[[], float] = time.time) -> None:
        self.config = config
        self.clock = clock
        self.credentials = config.credentials or SimCredentials.generate(config.binance_key_type)
        self.accounts = Accounts.from_credentials(self.credentials, int(clock() * 1000))
        self.latency_ms = config.latency_ms
        self.slow_ms = config.slow_ms
        self.clock_offset_ms = config.clock_offset_ms
        self.base_url: str | None = None
        self.stopping = False
        self._lock = threading.RLock()
        self._initial = validate_scenarios(config.scenarios)
        self._active = self._initial
        self._log: deque[RequestRecord] = deque(maxlen=LOG_LIMIT)
        self._injections: dict[tuple[str, str], Injection] = {}
        self._counters = _Counters()
        self._generation = 0
        self._held = 0
        self.book = Book()
        """Control-API overrides of balances, symbol configs and listings."""

    # scenarios
    @property
    def active_scenarios(self) -> tuple[str, ...]:
        return self._active

    def describe_scenarios(self) -> list[str]:
        return describe(self._active)

    def set_scenarios(self, names: Iterable[str]) -> tuple[str, ...]:
        """Replace the active list; raises ``UnknownScenarioError`` and changes nothing then."""
        active = validate_scenarios(names)
        with self._lock:
            self._active = active
            self._counters.refused_peers.clear()
            self._counters.continued.clear()
        return active

    def is_active(self, name: str) -> bool:
        return name in self._active

    def fault(self, venue: Venue, fault: Fault | str) -> bool:
        return scenario_name(venue, str(fault)) in self._active

    def reset(self) -> None:
        """Back to how the run started: initial scenarios, empty log, no injections.

        Answers still in flight (``slow``, latency, ``hang``) belong to the old generation:
        they are released and never reach the new log.
        """
        with self._lock:
            self._generation += 1
            self._active = self._initial
            self._log.clear()
            self._injections.clear()
            self._counters = _Counters()
            self.book = Book()
            self.latency_ms = self.config.latency_ms
            self.slow_ms = self.config.slow_ms
            self.clock_offset_ms = self.config.clock_offset_ms

    def stop(self) -> None:
        """Release every answer in flight and keep them all out of the log."""
        with self._lock:
            self._generation += 1
            self.stopping = True

    @property
    def generation(self) -> int:
        """Bumped by :meth:`reset` and :meth:`stop`; an answer from an older one is stale."""
        return self._generation

    def is_current(self, generation: int) -> bool:
        return generation == self._generation and not self.stopping

    @property
    def held(self) -> int:
        """How many answers are held right now (latency, ``slow``, ``hang``): tests wait on it."""
        return self._held

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """Count an answer as held while the block runs."""
        with self._lock:
            self._held += 1
        try:
            yield
        finally:
            with self._lock:
                self._held -= 1

    # clocks
    def offset_ms(self, venue: Venue) -> int:
        if not self.fault(venue, Fault.CLOCK_SKEW):
            return 0
        return self.clock_offset_ms or DEFAULT_SKEW_MS

    def now_ms(self, venue: Venue) -> int:
        return int(self.clock() * 1000) + self.offset_ms(venue)

    # request log
    def record(self, venue: Venue, method: str, path: str, query: str, status: int) -> None:
        entry = RequestRecord(
            method=method,
            path=mask_path(venue, path),
            query=strip_signature(query),
            venue=venue,
            status=status,
            time=self.clock(),
            mutating=is_mutating(venue, method, path),
        )
        with self._lock:
            self._log.append(entry)

    def record_current(
        self, generation: int, venue: Venue, method: str, path: str, query: str, status: int
    ) -> bool:
        """:meth:`record` unless a reset or stop made ``generation`` stale (then False).

        The check and the append happen under one (re-entrant) lock, so a reset cannot
        slip in between and let a stale answer into the new log.
        """
        with self._lock:
            if not self.is_current(generation):
                return False
            self.record(venue, method, path, query, status)
            return True

    def requests(self) -> tuple[RequestRecord, ...]:
        with self._lock:
            return tuple(self._log)

    def mutating_requests(self) -> tuple[RequestRecord, ...]:
        return tuple(r for r in self.requests() if r.mutating)

    # injections
    def inject(self, injection: Injection) -> None:
        with self._lock:
            self._injections[(injection.method.upper(), injection.path)] = injection

    def take_injection(self, method: str, path: str) -> Injection | None:
        key = (method.upper(), path)
        with self._lock:
            found = self._injections.get(key)
            if found is None or found.times is None:
                return found
            if found.times <= 1:
                del self._injections[key]
            else:
                self._injections[key] = replace(found, times=found.times - 1)
            return found

    def change_book(self, change: Callable[[Book], None]) -> None:
        """Apply one control-API change to the book under the state's lock."""
        with self._lock:
            change(self.book)

    # counters
    def continues_past_refusal(self, venue: Venue, peer: str) -> int:
        """How often ``<venue>.rate_limited`` requests came after a 429 (0: this one did not).

        After means on a connection that had carried a 429: HTTP/1.1 answers come in
        order, so a client sending there again read the 429 first. That holds by
        design, whatever the timing; requests on other connections may have left
        before the 429 reached the client (a burst), and are not counted.
        """
        with self._lock:
            if peer not in self._counters.refused_peers.get(venue, set()):
                return 0
            count = self._counters.continued.get(venue, 0) + 1
            self._counters.continued[venue] = count
            return count

    def refusal_sent(self, venue: Venue, peer: str) -> None:
        """Remember that a 429 goes out on ``peer``'s connection."""
        with self._lock:
            self._counters.refused_peers.setdefault(venue, set()).add(peer)

    def add_weight(self, venue: Venue | str, weight: int) -> int:
        """Add request weight to the current minute; returns the minute's used weight.

        ``venue`` is a venue, or any other budget's name (a /sapi endpoint's own budget).
        """
        minute = int(self.clock() // 60)
        with self._lock:
            start, used = self._counters.weights.get(venue, (minute, 0))
            used = (used if start == minute else 0) + weight
            self._counters.weights[venue] = (minute, used)
            return used

    def take_remaining(self, group: str, per_second: int) -> int:
        """Count one request in an Upbit rate-limit group; returns what is left this second."""
        second = int(self.clock())
        with self._lock:
            start, count = self._counters.remaining.get(group, (second, 0))
            count = (count if start == second else 0) + 1
            self._counters.remaining[group] = (second, count)
        return max(per_second - count, 0)

    def use_nonce(self, nonce: str) -> bool:
        """Remember an Upbit JWT nonce; False when it was used before."""
        with self._lock:
            if nonce in self._counters.nonces:
                return False
            self._counters.nonces.add(nonce)
            return True
