"""pytest plugin: two safety invariants, checked after every test and again for the session.

**No mutating request.** Every request any simulator in this process receives is
observed (``SimState.record`` is wrapped; the call goes through unchanged). A
mutating one (an order, a cancel, leverage, position mode, a withdrawal, a
transfer, ``sendMessage``: the simulator's own :func:`golive.sim.venues.is_mutating`)
that arrives while a test runs fails that test. Exempt are the simulator's own
protocol tests under ``tests/sim/``, which send orders on purpose to check the
answers, and tests marked ``@pytest.mark.allow_mutating_requests``.

**No secret shown.** After a test, every secret it loaded (the values of every env
file written with ``workspace.write_env``, plus anything given to
``safety_ledger.note_secrets``) is searched for, whole and as any 8-character
slice (bar slices of env key names), in every evidence bundle under the test's
temporary folders, in every output the workspace's ``run``/``run_subprocess``
returned, and in the test's captured stdout and stderr.

A violation fails the test it happened in and is kept in the session-scoped
``safety_ledger``; if the ledger holds any at the end, the session fails too and
the terminal summary lists them (so a violation in a test that failed anyway, or
whose failure was overlooked, still shows).
"""

from __future__ import annotations

import functools
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

MARK = "allow_mutating_requests"
SIM_PROTOCOL_TESTS = Path(__file__).resolve().parents[1] / "sim"
SECRET_SUFFIXES = ("_KEY", "_SECRET", "_TOKEN", "_PASSWORD", "_PASS", "_PASSPHRASE")
BUNDLE_PREFIXES = ("preflight_", ".staging")
BUNDLE_MARKERS = ("result.json", "SHA256SUMS")
MIN_SECRET_LEN = 8
MAX_SCANNED_FILE = 2_000_000
LEDGER_KEY = pytest.StashKey["SafetyLedger"]()
_ORIGINAL_KEY = pytest.StashKey[Any]()


@dataclass(frozen=True)
class Violation:
    nodeid: str
    kind: str  # "mutating_request" | "secret_leak"
    detail: str

    def line(self) -> str:
        return f"{self.nodeid}: {self.kind}: {self.detail}"


@dataclass(repr=False)
class SafetyLedger:
    """What the suite saw: every violation, and the current test's requests and secrets."""

    violations: list[Violation] = field(default_factory=list)
    tests_checked: int = 0
    requests_seen: int = 0
    mutating: list[str] = field(default_factory=list)
    secrets: list[dict[str, str]] = field(default_factory=list)

    def __repr__(self) -> str:  # pytest shows fixture values in tracebacks: no secrets there
        return (
            f"SafetyLedger({len(self.violations)} violations, {self.tests_checked} tests checked,"
            f" {self.requests_seen} simulator requests seen)"
        )

    def note_secrets(self, values: Mapping[str, str]) -> None:
        """Secrets a test loaded without ``workspace.write_env`` (scanned for after it)."""
        self.secrets.append(dict(values))

    def start_test(self) -> None:
        self.mutating.clear()
        self.secrets.clear()

    def observe(self, venue: Any, method: str, path: str) -> None:
        from golive.sim.venues import is_mutating, mask_path

        self.requests_seen += 1
        if is_mutating(venue, method, path):
            self.mutating.append(f"{method} {mask_path(venue, path)} ({venue})")


def secret_values(values: Mapping[str, str]) -> dict[str, str]:
    """The secret part of env values: keys, secrets, tokens, passwords, URL passwords."""
    found: dict[str, str] = {}
    for key, value in values.items():
        if key.upper().endswith(SECRET_SUFFIXES):
            found[key] = value
        password = _url_password(value)
        if password:
            found[f"{key}:password"] = password
            found[f"{key}:password(decoded)"] = unquote(password)
    return {k: v for k, v in found.items() if len(v) >= MIN_SECRET_LEN}


def _url_password(value: str) -> str | None:
    if "://" not in value:
        return None
    try:
        netloc = urlsplit(value).netloc
    except ValueError:
        return None
    userinfo = netloc.rpartition("@")[0]
    password = userinfo.partition(":")[2]
    return password or None


def _is_bundle(folder: Path) -> bool:
    """A folder golive wrote: a bundle (it has a result or sums file) or a staging folder."""
    if not folder.name.startswith(BUNDLE_PREFIXES) or not folder.is_dir():
        return False
    return folder.name.startswith(".staging") or any(
        (folder / name).exists() for name in BUNDLE_MARKERS
    )


def bundle_files(roots: Iterable[Path]) -> Iterator[Path]:
    """Files golive wrote into evidence bundles (and staging folders) under ``roots``.

    An env file a test placed inside such a folder is the test's input, not evidence.
    """
    seen: set[Path] = set()
    for root in roots:
        if not root.is_dir():
            continue
        for folder in root.rglob("*"):
            if folder in seen or not _is_bundle(folder):
                continue
            seen.add(folder)
            yield from (
                p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".env")
            )


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_SCANNED_FILE:
            return path.read_bytes()[:MAX_SCANNED_FILE].decode("utf-8", "replace")
        return path.read_text("utf-8", errors="replace")
    except OSError:
        return ""


def _leaks(item: pytest.Item, report: pytest.TestReport, ledger: SafetyLedger) -> list[str]:
    workspace = item.funcargs.get("workspace") if hasattr(item, "funcargs") else None
    loaded = list(ledger.secrets) + list(getattr(workspace, "written", []))
    secrets: dict[str, str] = {}
    for values in loaded:
        secrets.update(secret_values(values))
    if not secrets:
        return []
    roots = [Path(r) for r in (getattr(workspace, "root", None), _tmp_path(item)) if r]
    places = {f"captured output ({report.when})": report.capstdout + report.capstderr}
    for number, result in enumerate(getattr(workspace, "results", [])):
        places[f"workspace run #{number + 1}"] = result.text
    for path in bundle_files(roots):
        places[str(path)] = _read(path)
    # key names, and the env files' paths (every report names them as they are)
    paths = list(getattr(workspace, "written_paths", []))
    names = " ".join([*(key for values in loaded for key in values), *paths])
    windows = {key: secret_windows(value, names) for key, value in secrets.items()}
    found = []
    for place, text in places.items():
        keys = [key for key, parts in windows.items() if text and any(w in text for w in parts)]
        found += [f"value of {key} in {place}" for key in keys]
    return found


def secret_windows(value: str, names: str) -> list[str]:
    """Every 8-character slice of ``value``, except slices of env key names and of
    golive's own words (catalogue, file field names, check ids).

    A value such as ``${BINANCE_SECRET}`` shares ``BINANCE_`` with the key names
    every report shows, and ``myplatform_2026`` shares ``platform`` with
    environment.json; that is not a leak.
    """
    from golive.masking.fold import fold
    from golive.masking.public import public_words

    width = MIN_SECRET_LEN
    parts = {value[i : i + width] for i in range(len(value) - width + 1)}
    own = public_words()
    return sorted(part for part in parts if part not in names and fold(part) not in own)


def _tmp_path(item: pytest.Item) -> Path | None:
    funcargs = getattr(item, "funcargs", {})
    value = funcargs.get("tmp_path")
    return value if isinstance(value, Path) else None


def _mutating_exempt(item: pytest.Item) -> bool:
    if item.get_closest_marker(MARK) is not None:
        return True
    return Path(str(item.path)).resolve().is_relative_to(SIM_PROTOCOL_TESTS)


def _fail(report: pytest.TestReport, violations: list[Violation]) -> None:
    text = "\n".join(v.line() for v in violations)
    if report.passed:
        report.outcome = "failed"
        report.longrepr = f"safety invariant violated:\n{text}"
    else:
        report.sections.append(("safety invariants", text))


def _install_observer(ledger: SafetyLedger) -> Any:
    from golive.sim.state import SimState

    original = SimState.record

    @functools.wraps(original)
    def record(self: SimState, venue: Any, method: str, path: str, query: str, status: int) -> None:
        original(self, venue, method, path, query, status)
        ledger.observe(venue, method, path)

    SimState.record = record  # type: ignore[method-assign]
    return original


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARK}: this test sends mutating requests to a simulator on purpose"
    )
    ledger = SafetyLedger()
    config.stash[LEDGER_KEY] = ledger
    config.stash[_ORIGINAL_KEY] = _install_observer(ledger)


def pytest_unconfigure(config: pytest.Config) -> None:
    original = config.stash.get(_ORIGINAL_KEY, None)
    if original is not None:
        from golive.sim.state import SimState

        SimState.record = original  # type: ignore[method-assign]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    item.config.stash[LEDGER_KEY].start_test()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when != "call":
        return report
    ledger = item.config.stash[LEDGER_KEY]
    ledger.tests_checked += 1
    found = []
    if ledger.mutating and not _mutating_exempt(item):
        found += [Violation(item.nodeid, "mutating_request", m) for m in ledger.mutating]
    found += [Violation(item.nodeid, "secret_leak", leak) for leak in _leaks(item, report, ledger)]
    if found:
        ledger.violations += found
        _fail(report, found)
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    ledger = session.config.stash.get(LEDGER_KEY, None)
    if ledger is not None and ledger.violations and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    ledger = config.stash.get(LEDGER_KEY, None)
    if ledger is None or not ledger.violations:
        return
    terminalreporter.section("safety invariants violated", red=True)
    for violation in ledger.violations:
        terminalreporter.line(violation.line())


@pytest.fixture(scope="session")
def safety_ledger(pytestconfig: pytest.Config) -> SafetyLedger:
    """The session's ledger: ``note_secrets(values)`` adds secrets to scan for after a test."""
    return pytestconfig.stash[LEDGER_KEY]
