"""The shape of each venue credential: its length and alphabet, as the venues issue them.

:data:`KEY_SHAPES` holds one row per exchange key; :data:`TOKEN_ERRORS` and
:data:`TOKEN_WARNINGS` the rules for a Telegram bot token. A value of another
shape is refused by the venue (Binance -2014 ``API-key format invalid.``, Upbit
``invalid_access_key`` / ``jwt_verification``, Telegram 401/404), so ``env validate``
says so before anything is sent. Each problem states what is wrong (the length
found and expected, or the character class) and where to copy the key again; it
never quotes the value.

Sources (each row below names its own):

* SPOTDOCS: ``binance/binance-spot-api-docs`` @a5e0bc3 (2026-07-21).
* TGSRV: ``tdlib/telegram-bot-api`` @01a3679, ``telegram-bot-api/ClientManager.cpp``.
* ccxt 4.5.90 and python-binance 1.0.37 check no key shape (ccxt's
  ``check_required_credentials`` only asks that a credential be non-empty), so a
  wrong-length key first shows up as the venue's refusal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from golive.messages import Message, message

Problem = Message | None
"""What is wrong with a value (a catalogue message that never quotes it), or None."""

_ALNUM = re.compile(r"[A-Za-z0-9]*", re.ASCII)
_TOKEN_ALPHABET = re.compile(r"[A-Za-z0-9_-]*", re.ASCII)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


@dataclass(frozen=True)
class KeyShape:
    """What an issued key looks like; the three ``str`` fields are catalogue keys."""

    length: int
    alphabet: re.Pattern[str]
    alphabet_said: str
    what: str
    fix: str


KEY_SHAPES: Mapping[str, KeyShape] = {
    # Binance API key, 64 [A-Za-z0-9] for HMAC, Ed25519 and RSA keys alike. Documented by
    # example, not in words: every example key in SPOTDOCS is that shape (rest-api.md
    # "SIGNED Endpoint Examples": the HMAC, RSA and Ed25519 `apiKey`; faqs/api_key_types.md
    # "Sample HMAC key"), and another shape is -2014 BAD_API_KEY_FMT "API-key format
    # invalid." (errors.md); ccxt/binance-trade-bot#11: a -2014 was a copy-paste error,
    # fixed by copying the key again. The simulator refuses the same (sim/auth.py).
    "BINANCE_API_KEY": KeyShape(
        64, _ALNUM, "lint.shape.alnum", "lint.shape.binance_api_key", "lint.shape.fix_binance_key"
    ),
    # Binance HMAC secret key, 64 [A-Za-z0-9]: SPOTDOCS rest-api.md "HMAC Keys" example
    # `secretKey`. Only an HMAC secret has this shape: a PEM private key (Ed25519, RSA) in
    # BINANCE_API_SECRET is judged by keyforms.py instead, and with BINANCE_PRIVATE_KEY_PATH
    # the secret signs nothing, so lint.py does not apply this row then.
    "BINANCE_API_SECRET": KeyShape(
        64, _ALNUM, "lint.shape.alnum", "lint.shape.binance_secret", "lint.shape.fix_binance_secret"
    ),
    # Upbit access key, 40 [A-Za-z0-9]: observed, not documented (docs.upbit.com/kr/reference/
    # auth and /kr/docs/api-key give no length or alphabet). Observed: the `access_key` in
    # the JWT payload quoted in ccxt/ccxt#6094, and the access keys of two key pairs
    # leaked into public GitHub code as literal `pyupbit.Upbit(access, secret)` arguments
    # (found with the code search; not quoted here): all 40 letters and digits.
    "UPBIT_ACCESS_KEY": KeyShape(
        40, _ALNUM, "lint.shape.alnum", "lint.shape.upbit_access", "lint.shape.fix_upbit_access"
    ),
    # Upbit secret key, 40 [A-Za-z0-9]: observed, not documented (same pages; the secret is
    # shown once, when the key is issued). Observed: the secret keys of the same two leaked
    # `pyupbit.Upbit(access, secret)` pairs, all 40 letters and digits. The simulator issues
    # the same shape (sim/accounts.py).
    "UPBIT_SECRET_KEY": KeyShape(
        40, _ALNUM, "lint.shape.alnum", "lint.shape.upbit_secret", "lint.shape.fix_upbit_secret"
    ),
}


def shape_problem(key: str, value: str) -> Problem:
    """The value is not the shape the venue issues ``key`` in: which way, never the value."""
    shape = KEY_SHAPES.get(key)
    if shape is None:
        return None
    said: dict[str, str | Message] = {
        "what": message(shape.what),
        "expected": str(shape.length),
        "alphabet": message(shape.alphabet_said),
        "fix": message(shape.fix),
    }
    if not shape.alphabet.fullmatch(value):
        return message("lint.shape.alphabet", **said)
    if len(value) != shape.length:
        return message("lint.shape.length", found=str(len(value)), **said)
    return None


# --- Telegram bot token: `<bot id>:<secret>` ------------------------------------------

TOKEN_SECRET_LENGTH = 35
"""Observed, not documented: tokens Telegram issues have a 35-character secret (the real
token quoted in mxssl/tg-captcha-bot#6; secretlint/secretlint#1532: `:A` + 34 characters in
every token GitHub secret scanning flagged). Telegram's own examples have 34
(core.telegram.org/bots/api "Authorizing your bot": `123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11`),
and its maintainers say the format may change without notice (tdlib/telegram-bot-api#300):
another length is a warning, not an error."""
TOKEN_SECRET_MIN = 30
"""Below this the secret is cut short, not a new format: golive's margin under the
observed 35 (the docs' 34 passes; NousResearch/hermes-agent#713 redacts from 30)."""
TOKEN_MAX_LENGTH = 80
BOT_ID_LIMIT = 1 << 54
"""TGSRV ClientManager.cpp: a token longer than 80, starting with `0` or without `:` is
401 "invalid token specified", and so is a bot id <= 0 or >= 2**54."""


@dataclass(frozen=True)
class TokenParts:
    whole: str
    bot_id: str
    colon: bool
    secret: str


def token_parts(value: str) -> TokenParts:
    bot_id, colon, secret = value.partition(":")
    return TokenParts(value, bot_id, bool(colon), secret)


def _id_too_large(token: TokenParts) -> bool:
    # compare the length first: int() refuses strings past 4300 digits
    return len(token.bot_id) > len(str(BOT_ID_LIMIT)) or int(token.bot_id) >= BOT_ID_LIMIT


TokenRule = tuple[Callable[[TokenParts], bool], str]
"""(what makes the token wrong, catalogue key of the clause saying so), checked in order."""

TOKEN_ERRORS: tuple[TokenRule, ...] = (
    (lambda t: not t.colon, "lint.token.no_colon"),  # TGSRV: no ':' is 401
    (lambda t: not _DIGITS.fullmatch(t.bot_id), "lint.token.id_not_digits"),  # TGSRV: int id
    (lambda t: t.bot_id.startswith("0"), "lint.token.id_zero"),  # TGSRV: leading '0' is 401
    (_id_too_large, "lint.token.id_too_large"),  # TGSRV: id >= 2**54 is 401
    (lambda t: len(t.whole) > TOKEN_MAX_LENGTH, "lint.token.too_long"),  # TGSRV: > 80 is 401
    # [A-Za-z0-9_-]: the URL-safe base64 alphabet every issued token uses (observed, not
    # documented; tdlib/telegram-bot-api#300 lists the same and no other)
    (lambda t: not _TOKEN_ALPHABET.fullmatch(t.secret), "lint.token.alphabet"),
    (lambda t: len(t.secret) < TOKEN_SECRET_MIN, "lint.token.short"),
)
TOKEN_WARNINGS: tuple[TokenRule, ...] = (
    (lambda t: len(t.secret) != TOKEN_SECRET_LENGTH, "lint.token.unusual_length"),
)


def _first(rules: tuple[TokenRule, ...], value: str) -> Problem:
    token = token_parts(value)
    for wrong, said in rules:
        if wrong(token):
            return message(
                said,
                found=str(len(token.secret)),
                expected=str(TOKEN_SECRET_LENGTH),
                fix=message("lint.token.fix"),
            )
    return None


def token_problem(value: str) -> Problem:
    """A token Telegram refuses whatever its secret: an error."""
    return _first(TOKEN_ERRORS, value)


def token_unusual(value: str) -> Problem:
    """A well-formed token unlike every token Telegram has issued: a warning."""
    return None if token_problem(value) else _first(TOKEN_WARNINGS, value)
