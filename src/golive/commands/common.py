"""What several commands share: loading settings, the profile, the redactor, the language."""

from __future__ import annotations

from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from golive.defaults import PROFILES
from golive.messages import MessageError, message

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from golive.config import Settings
    from golive.engine.preflight import Selection
    from golive.envfiles.profile import Profile
    from golive.envfiles.read import EnvFile
    from golive.masking import Redactor
    from golive.model import Check
    from golive.report.prometheus import ProfileRun


class UsageError(MessageError):
    """Bad usage found by golive itself (not by the argument parser)."""


_ACTIVE_REDACTOR: ContextVar[Redactor | None] = ContextVar("golive_redactor", default=None)


def activate(redactor: Redactor) -> None:
    """Make ``redactor`` the one :func:`scrub` uses (a fleet's combined redactor)."""
    _ACTIVE_REDACTOR.set(redactor)


def scrub(text: str) -> str:
    """Mask ``text`` with the redactor of the profile loaded in this command, if any."""
    redactor = _ACTIVE_REDACTOR.get()
    return redactor.redact(text) if redactor is not None else text


def split_ids(values: list[str] | None) -> list[str] | None:
    """``--only a,b --only c`` -> ``[a, b, c]``."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def choose_checks(
    only: list[str] | None, skip: list[str] | None, prove_order_permission: bool = False
) -> tuple[tuple[Check, ...], Selection]:
    """The registry after ``--only`` / ``--skip``, and the selection the verdict records.

    Opt-in checks join the run's registry when their flag or ``--only`` names them, so
    the counts and the "not run" list cover them then; without them a complete run is
    every check of the default registry (an opt-in check left out does not make a run
    PARTIAL). An id is known when any check has it, opt-in ones included: ``--skip
    order_permission`` without the flag is no usage error and changes nothing.
    """
    from golive.checks import OPT_IN_MODULES, all_checks, select_checks
    from golive.engine.preflight import Selection

    only_ids, skip_ids = split_ids(only), split_ids(skip)
    opt_in = prove_order_permission or bool(set(only_ids or ()) & set(OPT_IN_MODULES))
    registered = all_checks(opt_in=opt_in)
    checks = select_checks(registered, only_ids, skip_ids, known=all_checks(opt_in=True))
    _refuse_flagless_opt_in(checks, prove_order_permission)
    selection = Selection(
        only=tuple(only_ids or ()),
        skip=tuple(skip_ids or ()),
        registered=tuple(c.id for c in registered),
        selected=tuple(c.id for c in checks),
    )
    return checks, selection


def _refuse_flagless_opt_in(checks: tuple[Check, ...], prove_order_permission: bool) -> None:
    """A selection of only opt-in checks whose flag is missing could only SKIP: exit 2 now."""
    from golive.checks import OPT_IN_FLAGS

    given = {"--prove-order-permission"} if prove_order_permission else set()
    flagless = [c.id for c in checks if c.id in OPT_IN_FLAGS and OPT_IN_FLAGS[c.id] not in given]
    if flagless and len(flagless) == len(checks):
        first = flagless[0]
        raise UsageError(message("usage.needs_flag", check=first, flag=OPT_IN_FLAGS[first]))


def infer_profile(env: str | None, env_file: Path | None) -> str:
    """``--env`` wins; else the ``.env.<profile>`` suffix or ``ARBITRAGE_ENV`` of ``--env-file``."""
    return _inferred(env, env_file)[0]


def _inferred(env: str | None, env_file: Path | None) -> tuple[str, EnvFile | None]:
    """The profile's name, and the env file when it had to be read to tell (not read twice)."""
    if env is not None:
        return env, None
    if env_file is None:
        raise UsageError(message("usage.no_profile"))
    suffix = env_file.name.rsplit(".", 1)[-1]
    if env_file.name.startswith(".env.") and suffix in PROFILES:
        return suffix, None
    from golive.envfiles.read import read_env_file

    parsed = read_env_file(env_file)
    declared = parsed.values.get("ARBITRAGE_ENV", "")
    if declared in PROFILES:
        return declared, parsed
    raise UsageError(message("usage.profile_of", path=str(env_file)))


def key_files(profile: Profile) -> dict[str, str]:
    """Secrets in files the profile names (the Binance private key file), for the redactor."""
    from golive.binance_key import PATH_KEY, KeyProblemError, private_pem

    if not profile.get(PATH_KEY).strip():
        return {}
    try:
        pem = private_pem(profile.values, profile.env_file.parent)
    except KeyProblemError:
        return {}
    return {PATH_KEY: pem.decode("ascii", "replace")} if pem else {}


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    profile: Profile
    redactor: Redactor
    lang: str


def load(
    env: str | None,
    env_file: Path | None,
    *,
    lang: str | None,
    config: Path | None,
    cwd: Path,
) -> Loaded:
    """Settings, profile and redactor; every failure is a one-line usage error."""
    from golive.config import load_settings
    from golive.envfiles.profile import load_profile
    from golive.masking import Redactor

    settings = load_settings(cwd, config)
    language = chosen_lang(lang)
    name, parsed = _inferred(env, env_file)
    profile = load_profile(name, env_file, cwd, parsed)
    shown = (str(profile.env_file), str(cwd))  # in every report: a secret sharing a folder
    redactor = Redactor.from_values(profile.values, files=key_files(profile), public=shown)
    _ACTIVE_REDACTOR.set(redactor)
    return Loaded(settings=settings, profile=profile, redactor=redactor, lang=language)


def chosen_lang(lang: str | None) -> str:
    """``--lang``, else ``GOLIVE_LANG``, else the locale; an unsupported ``--lang`` is exit 2."""
    from golive.messages.lang import SUPPORTED, resolve_lang

    try:
        return resolve_lang(lang)
    except ValueError as exc:
        said = message("usage.bad_lang", value=repr(lang), choices=", ".join(SUPPORTED))
        raise UsageError(said) from exc


def fallback_lang(lang: str | None) -> str:
    """The language to say something in even when ``--lang`` is unsupported: then the
    environment's (``GOLIVE_LANG``, the locale), so the error about it is readable."""
    from golive.messages.lang import resolve_lang

    try:
        return resolve_lang(lang)
    except ValueError:
        return resolve_lang(None)


def check_metrics_path(path: Path | None, lang: str | None) -> Path | None:
    """``--prometheus PATH``, made absolute; a directory or a missing folder is a usage error."""
    from golive import messages

    if path is None:
        return None
    target = path.absolute()
    language = fallback_lang(lang)
    if target.is_dir():
        raise UsageError(messages.text("metrics.path_is_dir", language, path=str(target)))
    if not target.parent.is_dir():
        raise UsageError(messages.text("metrics.no_folder", language, path=str(target.parent)))
    return target


@contextmanager
def not_ready_on_error(path: Path | None, profile: str | None) -> Iterator[None]:
    """Any error out of the block (exit 2: the run could not happen or its evidence could not
    be written) rewrites ``path`` with ``golive_ready`` 0, never leaving an earlier 1 behind."""
    try:
        yield
    except Exception:
        if path is not None:
            mark_not_ready(path, [profile] if profile else [])
        raise


def profile_hint(env: str | None, env_files: Sequence[Path]) -> str | None:
    """The profile a run would be labelled with, when it can be told without failing."""
    if env is not None or len(env_files) != 1:
        return env
    with suppress(Exception):  # the run itself reports why the file cannot be read
        return infer_profile(None, env_files[0])
    return None


def mark_not_ready(path: Path, profiles: Sequence[str]) -> None:
    """Rewrite the textfile atomically: every ``golive_ready`` 0 (and one for ``profiles``),
    the rest as it was, so ``golive_last_run_timestamp_seconds`` keeps the last completed run's
    time. A file that cannot be written is left: the error being raised says more."""
    from golive.report.prometheus import not_ready, read_textfile, write_textfile

    with suppress(OSError):
        write_textfile(path, not_ready(read_textfile(path), profiles))


def write_metrics(path: Path, runs: Sequence[ProfileRun], lang: str = "en") -> None:
    """The node_exporter textfile for ``runs``; an OS error is one line, exit 2."""
    from golive import messages
    from golive.report.bundle import EvidenceError
    from golive.report.prometheus import run_families, write_textfile

    try:
        write_textfile(path, run_families(runs))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        text = messages.text("metrics.write_failed", lang, path=str(path), reason=reason)
        raise EvidenceError(text) from exc
