"""The redactor: the one boundary every outgoing string passes.

Secrets are the loaded values of keys ending in ``_KEY``, ``_SECRET``,
``_TOKEN``, ``_PASSWORD`` or ``_PASS`` (or holding such a word elsewhere, so a
typo like ``BINANCE_API_SECRETT`` stays masked), plus the password inside
``POSTGRES_DSN`` / ``REDIS_URL`` (URL and ``key=value`` forms) and inside any
other value that is a URL with ``user:password@``. Each secret is also caught
in its encoded forms (URL-quoted, fully percent-encoded, JSON-escaped, ``repr``,
base64, hex), in any letter case and with invisible characters ignored, because
that is how secrets leak into logs and evidence (:mod:`golive.masking.index` finds
them all in one pass). So is any *piece* of a secret: 8 or more consecutive characters
from anywhere in it (a clipped echo, a slice from the middle), in each of those forms
(8 bytes in base64, at any alignment), unless the piece is made only of golive's own
words (a loaded key name, a catalogue text: ``UPBIT_ACCESS_KEY`` beside the placeholder
``your_access_key``). A secret shorter than 8 characters is not hunted in free
text (it would rewrite unrelated words: ``2026``, ``true``, ``live``); ``env validate``
reports it as ``weak_secret``. Whatever its value, a *secret position* is always
masked: the password of ``scheme://user:password@host`` (up to the last ``@``, as
libpq reads it), ``password=`` in a key=value DSN or a query string, and any JWT.

Display rules: an identifier (an access or API key) of 16+ characters shows as
``abcd…wxyz``; anything else secret shows no character of itself, only
``****`` with its length (and, from 16 characters on, a short SHA-256
fingerprint, so an operator can tell which key is loaded without making a
short password guessable). A DSN password shows as ``****``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from golive.masking.fold import fold
from golive.masking.forms import PIECE_LEN as PIECE_LEN
from golive.masking.forms import encoded_forms as encoded_forms
from golive.masking.index import FormIndex
from golive.masking.positions import MASK, mask_jwts, mask_positions
from golive.masking.public import WELL_KNOWN_PASSWORDS as WELL_KNOWN_PASSWORDS
from golive.masking.public import is_own_words as is_own_words
from golive.masking.public import public_words

SECRET_SUFFIXES: tuple[str, ...] = ("_KEY", "_SECRET", "_TOKEN", "_PASSWORD", "_PASS")
PATH_SUFFIXES: tuple[str, ...] = ("_PATH", "_FILE")
"""A key naming a file (``BINANCE_PRIVATE_KEY_PATH``) holds a path, not a secret: the
file's contents are the secret (``Redactor.from_values(files=...)``), its name is not."""
IDENTIFIER_KEYS: frozenset[str] = frozenset({"UPBIT_ACCESS_KEY", "BINANCE_API_KEY"})
IDENTIFIER_SUFFIXES: tuple[str, ...] = ("_ACCESS_KEY", "_API_KEY")
DSN_KEYS: frozenset[str] = frozenset({"POSTGRES_DSN", "REDIS_URL"})

MIN_SECRET_LEN = 8
"""Shorter secrets are never displayed, but are too ambiguous to hunt in free text:
they are ``weak_secret`` findings, masked only where they stand in a secret position."""
PIECE_MIN_LEN = 4
"""A piece of a strong password cut at an unencoded ``@ # / ?`` is hunted from this length
when it still holds one of those characters (``tP@ss`` of ``S3cr@tP@ss``)."""
RESERVED = "@#/?"
SHOWN_IDENTIFIER_LEN = 16
FINGERPRINT_LEN = 16
NOT_SET = "(not set)"
EMPTY = "(empty)"

_SECRET_WORD = re.compile(
    r"SECRET|TOKEN|PASSW|PASSPHRASE|PRIVATE|CREDENTIAL|APIKEY|(?:^|_)(?:KEY|PASS|PWD)(?:$|_)"
)
"""Catches ``BINANCE_API_SECRETT`` or ``API_KEY_OLD``: a typo must not unmask a secret."""
_KV_PASSWORD = re.compile(r"(?:^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'?|[^\s']\S*)")
_DISPLAY = re.compile(r".{4}….{4}|\*\*\*\*(?: \(\d+ chars(?:, sha256:[0-9a-f]{8})?\))?")
"""What :func:`mask` shows: matches inside these are the masks themselves, not leaks."""
_BACKSLASH_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def is_secret_key(key: str) -> bool:
    """Whether a key's value is a secret: by its suffix, or a word like a typo of one.

    A key ending in ``_PATH`` or ``_FILE`` names a file and is not one."""
    upper = key.upper()
    if upper.endswith(PATH_SUFFIXES):
        return False
    return upper.endswith(SECRET_SUFFIXES) or _SECRET_WORD.search(upper) is not None


def is_identifier_key(key: str) -> bool:
    """Whether a secret key holds an identifier that may be shown as ``abcd…wxyz``."""
    upper = key.upper()
    return upper in IDENTIFIER_KEYS or upper.endswith(IDENTIFIER_SUFFIXES)


def fingerprint(value: str) -> str:
    """The first 8 hex digits of the value's SHA-256: ``printf %s "$V" | sha256sum``."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def mask(value: str, *, identifier: bool = False) -> str:
    """The display form of one secret value."""
    if identifier and len(value) >= SHOWN_IDENTIFIER_LEN:
        return f"{value[:4]}…{value[-4:]}"
    if len(value) >= FINGERPRINT_LEN:
        return f"{MASK} ({len(value)} chars, sha256:{fingerprint(value)})"
    return f"{MASK} ({len(value)} chars)"


def url_passwords(text: str) -> tuple[str, ...]:
    """Passwords in ``scheme://user:password@host`` (as written and decoded) and ``?password=``."""
    if "://" not in text:
        return ()
    found: list[str] = []
    for userinfo in _userinfos(text):
        if ":" in userinfo:
            raw = userinfo.partition(":")[2]
            found += [raw, unquote(raw)]
    query = text.partition("?")[2]
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name.lower() == "password":
            found.append(value)
    for raw in re.findall(r"(?:^|[?&])password=([^&#]*)", query, re.IGNORECASE):
        found.append(raw)
    return _unique(found)


def _userinfos(text: str) -> list[str]:
    """The userinfo as urlsplit sees it, and up to the last ``@`` (unencoded ``/`` or ``#``)."""
    after_scheme = text.partition("://")[2]
    found = [after_scheme.split()[0].rpartition("@")[0]] if after_scheme.strip() else []
    try:
        netloc = urlsplit(text.strip()).netloc
    except ValueError:
        return found
    return [*found, netloc.rpartition("@")[0]]


def kv_passwords(text: str) -> tuple[str, ...]:
    """Passwords in a libpq ``key=value`` DSN, as written and unescaped."""
    found: list[str] = []
    for token in _KV_PASSWORD.findall(text):
        inner = token[1:].removesuffix("'") if token.startswith("'") else token
        found += [inner, _BACKSLASH_ESCAPE.sub(r"\1", inner)]
    return _unique(found)


def dsn_passwords(dsn: str) -> tuple[str, ...]:
    """Every password in a PostgreSQL or Redis DSN, URL or ``key=value`` form."""
    return _unique([*url_passwords(dsn), *kv_passwords(dsn)])


def password_pieces(password: str) -> tuple[str, ...]:
    """The password and the pieces a URL parser may cut it into at an unencoded ``@ # / ?``.

    ``postgresql://u:Sup3r@Secret#Pw9@host`` is misread with host ``Secret#Pw9@host``;
    the pieces are masked too, so an error message about that "host" leaks nothing.
    """
    pieces = [password, *password.split("@"), *re.split(r"[@#/?]", password)]
    for i, char in enumerate(password):
        if char in RESERVED:  # a parser splitting at this one keeps what is on either side
            pieces += [password[:i], password[i + 1 :]]
    return _unique(p for p in pieces if p)


_PEM_BLOCK = re.compile(r"-----BEGIN [^-]+-----(.*?)(?:-----END [^-]+-----|\Z)", re.DOTALL)
_PEM_HEADER = re.compile(r"^[A-Za-z-]+:.*$", re.MULTILINE)
PEM_LINE_MIN = 16
"""Shorter PEM lines (the last line of a body) are left to the joined body and cut pieces."""


def pem_pieces(value: str) -> tuple[str, ...]:
    """The body of each PEM block in ``value``: joined (no line breaks) and line by line.

    A PEM private key leaks as much through one base64 line of its body, or the
    body re-wrapped, as through the whole block.
    """
    pieces: list[str] = []
    for body in _PEM_BLOCK.findall(value.replace("\\n", "\n")):
        lines = [line.strip() for line in _PEM_HEADER.sub("", body).splitlines()]
        lines = [line for line in lines if line]
        pieces.append("".join(lines))
        pieces += [line for line in lines if len(line) >= PEM_LINE_MIN]
    return _unique(pieces)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


class Redactor:
    """Replaces every known secret, in every encoded form, by its display form."""

    def __init__(
        self,
        secrets: Mapping[str, str] | None = None,
        *,
        loaded: Mapping[str, str] | None = None,
        passwords: Iterable[tuple[str, str]] = (),
        public: Iterable[str] = (),
    ) -> None:
        """``secrets``: key to secret value; ``passwords``: (key, password) pairs shown ``****``;
        ``public``: text golive shows as it is (the env file's path, a fleet's bot names):
        a piece of a secret made only of it is no leak, as with key names."""
        secret_map = dict(secrets or {})
        self._loaded = dict(loaded) if loaded is not None else dict(secret_map)
        self._secret_keys = set(secret_map)
        self._names = {*self._loaded, *secret_map, *public}
        self._index = FormIndex(public=self._public_text)
        self._form_ids: dict[str, int] = {}
        self._shown: list[str] = []
        self._owners: list[set[str]] = []
        self._values: dict[str, None] = {}
        self._added: list[tuple[str, str, str, bool]] = []
        for key in sorted(secret_map):
            value = secret_map[key]
            shown = mask(value, identifier=is_identifier_key(key))
            self._add(key, value, shown)
            for piece in pem_pieces(value):
                self._add(key, piece, shown)
        for key, password in passwords:
            if not _huntable(password):
                continue
            self._names.add(key)
            for piece in password_pieces(password):
                self._add(key, piece, MASK, piece=True)
        self._index.build()

    @classmethod
    def from_values(
        cls,
        values: Mapping[str, str],
        *,
        files: Mapping[str, str] | None = None,
        public: Iterable[str] = (),
    ) -> Redactor:
        """The redactor for one profile's loaded values.

        ``files``: secrets read from files the values name (a private key file's
        PEM, keyed by the variable that names the file); masked, never displayed.
        ``public``: text golive shows as it is (see :class:`Redactor`).
        """
        secrets = {k: v for k, v in values.items() if is_secret_key(k)}
        secrets |= {f"{key} (file)": text for key, text in (files or {}).items()}
        passwords = [
            (key, password)
            for key, value in sorted(values.items())
            if not is_secret_key(key)
            for password in (dsn_passwords(value) if key in DSN_KEYS else url_passwords(value))
        ]
        return cls(secrets, loaded=values, passwords=passwords, public=public)

    @classmethod
    def combined(cls, redactors: Iterable[Redactor], public: Iterable[str] = ()) -> Redactor:
        """One redactor that masks whatever any of ``redactors`` masks (a fleet's outputs).
        It displays no key (it loaded none): :meth:`display` says ``(not set)``.
        ``public``: text golive shows as it is (a fleet's bot names)."""
        merged = cls(public=public)
        redactors = list(redactors)
        for redactor in redactors:
            merged._names |= redactor._names
        for redactor in redactors:
            for key, value, shown, piece in redactor._added:
                merged._add(key, value, shown, piece=piece)
            merged._names |= redactor._names
        merged._index.build()
        return merged

    def _add(self, key: str, value: str, shown: str, *, piece: bool = False) -> None:
        self._added.append((key, value, shown, piece))
        if _huntable(value):
            self._values.setdefault(value, None)
            for form in encoded_forms(value):
                self._add_form(form, key, shown)
            self._index.add_pieces(value, self._add_form(value, key, shown))
        elif piece and len(value) >= PIECE_MIN_LEN and any(c in RESERVED for c in value):
            self._add_form(value, key, shown)

    def _add_form(self, form: str, key: str, shown: str) -> int:
        folded = fold(form)
        ident = self._form_ids.get(folded)
        if ident is None:
            ident = self._form_ids[folded] = len(self._shown)
            self._shown.append(shown)
            self._owners.append(set())
            self._index.add(form, ident)
        self._owners[ident].add(key)
        return ident

    def _public_text(self) -> str:
        """Words golive shows as they are (key names, its catalogue): no piece of a secret
        made only of them is masked (``UPBIT_ACCESS_KEY`` beside ``your_access_key``)."""
        return fold("\n".join(sorted(self._names))) + "\n" + public_words()

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Redactor({len(self)} secrets)"

    def secret_values(self) -> tuple[str, ...]:
        """The raw secrets this redactor hunts (8+ characters), longest first."""
        return tuple(sorted(self._values, key=len, reverse=True))

    def display(self, key: str) -> str:
        """The masked display of ``key``'s loaded value."""
        if key not in self._loaded:
            return NOT_SET
        value = self._loaded[key]
        if not value:
            return EMPTY
        if key in self._secret_keys or is_secret_key(key):
            return mask(value, identifier=is_identifier_key(key))
        return self.redact(value)

    def redact(self, text: str) -> str:
        """``text`` with each secret occurrence replaced by its display form, and every
        secret position (:func:`mask_positions`) masked. JWTs go first: one whose payload
        holds a key (base64 at any alignment) is masked whole, not cut by the key's display."""
        text = mask_jwts(text)
        spans = self._index.find(text)
        if spans:
            pieces: list[str] = []
            cursor = 0
            labelled = [(start, end, self._shown[ident]) for start, end, ident in spans]
            for start, end, shown in _merge(labelled):
                pieces += [text[cursor:start], shown]
                cursor = end
            pieces.append(text[cursor:])
            text = "".join(pieces)
        return mask_positions(text)

    def redact_obj(self, obj: Any) -> Any:
        """Redact strings deep inside dicts (keys and values), lists, tuples and sets."""
        if isinstance(obj, str):
            return self.redact(obj)
        if isinstance(obj, Mapping):
            return {self.redact_obj(k): self.redact_obj(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self.redact_obj(item) for item in obj]
        if isinstance(obj, tuple | set | frozenset):
            items = [self.redact_obj(item) for item in obj]
            return type(obj)(*items) if hasattr(obj, "_fields") else type(obj)(items)
        return obj

    def leaks(self, text: str) -> list[str]:
        """Names of the keys whose secret, in any encoded form, appears in ``text``."""
        shown_spans = [(m.start(), m.end()) for m in _DISPLAY.finditer(text)]
        names: set[str] = set()
        for start, end, ident in self._index.find(text):
            if not any(s <= start and end <= e for s, e in shown_spans):
                names |= self._owners[ident]
        return sorted(names)


def is_well_known(value: str) -> bool:
    """A dictionary default (``postgres``, ``changeme``): never hunted as free text."""
    return value.lower() in WELL_KNOWN_PASSWORDS


def _huntable(value: str) -> bool:
    """Long enough to look for in free text, and not a dictionary default."""
    return len(value) >= MIN_SECRET_LEN and not is_well_known(value)


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Merge overlapping spans: a span inside another takes its label; a partial overlap of
    two different secrets shows ``****`` (neither label would be right)."""
    merged: list[tuple[int, int, str]] = []
    for start, end, shown in sorted(spans):
        if not merged or start >= merged[-1][1]:
            merged.append((start, end, shown))
            continue
        last_start, last_end, last_shown = merged[-1]
        if end <= last_end:
            continue
        label = shown if start == last_start or shown == last_shown else MASK
        merged[-1] = (last_start, end, label)
    return merged
