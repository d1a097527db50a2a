"""Searching ``git cat-file --batch`` output for secret values, in bytes.

:func:`needles` turns secret values into every byte form to look for (the value
and its URL-encoded forms); :class:`Needles` groups them by probe so one
``bytearray.find`` finds them all; :func:`read_records` reads a ``cat-file
--batch`` stream chunk by chunk and returns the :class:`Found` objects. Pure
byte work: no process is started here (see :mod:`golive.git.historyscan`).
"""

from __future__ import annotations

import base64
import re
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias
from urllib.parse import quote

from golive.git.proc import GitError

if TYPE_CHECKING:
    from collections.abc import Iterator

READ_SIZE = 1 << 20
"""Bytes per read of a ``cat-file --batch`` stream."""
_PROBE_SPLIT = re.compile(rb"%[0-9A-Fa-f]{2}|[^A-Za-z0-9_.~-]")
"""What URL-encoding changes: a probe is a run between two of these."""
_MIN_PROBE_LEN = 8


Secrets: TypeAlias = Mapping[str, str] | Iterable[tuple[str, str]]
"""Key name -> value, or (key name, value) pairs when one key has several forms."""


def needles(secrets: Secrets) -> dict[bytes, frozenset[str]]:
    """Every byte string to look for, each with the key names whose value it encodes:
    the value, URL-encoded, hex, and base64 (standard and URL-safe) at all three alignments."""
    pairs = secrets.items() if isinstance(secrets, Mapping) else secrets
    found: dict[bytes, set[str]] = {}
    for key, value in pairs:
        if not value:
            continue
        encoded = quote(value, safe="")
        forms = {value.encode(), encoded.encode(), _lower_hex(encoded).encode()}
        forms |= set(encoded_forms(value.encode("utf-8", "surrogatepass")))
        for form in forms:
            found.setdefault(form, set()).add(key)
    return {needle: frozenset(keys) for needle, keys in found.items()}


def encoded_forms(data: bytes) -> list[bytes]:
    """Hex (both cases) and the base64 runs that encode ``data`` wherever it sits in a longer
    base64 text: at offset 0, 1 or 2 modulo 3, only the characters ``data`` alone decides."""
    forms = [data.hex().encode(), data.hex().upper().encode()]
    for align in range(3):
        start = (8 * align + 5) // 6  # the first character free of the bytes before
        stop = 8 * (align + len(data)) // 6  # the last one free of the bytes after
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            run = encode(bytes(align) + data)[start:stop]
            if len(run) >= _MIN_PROBE_LEN:
                forms.append(run)
    return forms


def _lower_hex(encoded: str) -> str:
    parts = encoded.split("%")
    return parts[0] + "".join("%" + p[:2].lower() + p[2:] for p in parts[1:])


@dataclass(frozen=True)
class _Records:
    """Complete ``cat-file --batch`` records at the head of a buffer.

    ``heads[i]`` is where record ``i``'s header line starts, ``ends[i]`` where its
    content ends; headers are decoded only for the rare record holding a needle.
    """

    consumed: int
    heads: list[int]
    ends: list[int]


def _split_records(buf: bytearray) -> _Records:
    heads: list[int] = []
    ends: list[int] = []
    pos, size = 0, len(buf)
    while (eol := buf.find(b"\n", pos)) >= 0:
        field_ = buf[buf.rfind(b" ", pos, eol) + 1 : eol]
        if field_ == b"missing":
            pos = eol + 1
            continue
        end = eol + 1 + int(field_)
        if end >= size:
            break
        heads.append(pos)
        ends.append(end)
        pos = end + 1
    return _Records(pos, heads, ends)


@dataclass(frozen=True)
class Needles:
    """What to search for: each needle with its key names, and the needles by probe.

    A probe is the longest run of a needle that URL-encoding leaves as it is, so
    a value and its encoded forms share one probe, and one search finds them all.
    """

    keys: Mapping[bytes, frozenset[str]]
    probes: Mapping[bytes, tuple[tuple[int, bytes], ...]]
    anchors: Mapping[bytes, tuple[bytes, ...]] = field(default_factory=dict)
    """Probes by their first :data:`_MIN_PROBE_LEN` bytes (the one-pass scan's index)."""

    @classmethod
    def of(cls, keys: Mapping[bytes, frozenset[str]]) -> Needles:
        probes: dict[bytes, list[tuple[int, bytes]]] = {}
        for needle in keys:
            probe = max(_PROBE_SPLIT.split(needle), key=len)
            probe = probe if len(probe) >= _MIN_PROBE_LEN else needle
            probes.setdefault(probe, []).append((needle.index(probe), needle))
        anchors: dict[bytes, list[bytes]] = {}
        for probe in probes:
            anchors.setdefault(probe[:_MIN_PROBE_LEN], []).append(probe)
        return cls(
            keys,
            {probe: tuple(group) for probe, group in probes.items()},
            {anchor: tuple(group) for anchor, group in anchors.items()},
        )


FIND_LIMIT = 400
"""Up to this many probes, one C-speed ``find`` pass per probe; beyond, one pass over the
bytes looking each 8-byte window up in :attr:`Needles.anchors`: its cost does not grow with
the number of secrets (10,000 keys scan about as fast as 50; the crossover was measured)."""


def _probe_hits(buf: bytearray, upto: int, wanted: Needles) -> Iterator[tuple[int, bytes]]:
    """Each (offset, probe) found in ``buf[:upto]``."""
    if len(wanted.probes) <= FIND_LIMIT:
        for probe in wanted.probes:
            at = buf.find(probe, 0, upto)
            while at >= 0:
                yield at, probe
                at = buf.find(probe, at + 1, upto)
        return
    data, anchors, width = bytes(buf[:upto]), wanted.anchors, _MIN_PROBE_LEN
    for at in range(upto - width + 1):
        group = anchors.get(data[at : at + width])
        if group is not None:
            yield from ((at, probe) for probe in group if data.startswith(probe, at))


def _search(buf: bytearray, records: _Records, wanted: Needles) -> Iterator[tuple[str, str, bytes]]:
    """Each (object id, type, needle) where the needle lies wholly inside one content."""
    upto = records.consumed
    for at, probe in _probe_hits(buf, upto, wanted):
        for offset, needle in wanted.probes[probe]:
            start = at - offset
            if start >= 0 and buf.startswith(needle, start, upto):
                yield from _owner(buf, records, start, start + len(needle), needle)


def _owner(
    buf: bytearray, records: _Records, start: int, end: int, needle: bytes
) -> Iterator[tuple[str, str, bytes]]:
    """The record whose content holds ``buf[start:end]``, if one does."""
    index = bisect_right(records.heads, start) - 1
    if index < 0:
        return
    head = records.heads[index]
    eol = buf.find(b"\n", head)
    if eol < start and end <= records.ends[index]:
        oid, kind, _ = bytes(buf[head:eol]).decode().split(" ")
        yield oid, kind, needle


INFLATE_LIMIT = 8 << 20
"""A gzip or zlib blob is inflated up to this many bytes and searched; past it, the rest is
not searched and the scan says so (``Found.not_inflated``)."""


def _compressed(buf: bytearray, start: int, end: int) -> bool:
    """gzip (``1f 8b``) or zlib (``78`` and a header checksum) content."""
    if end - start < 3:
        return False
    first, second = buf[start], buf[start + 1]
    return (first, second) == (0x1F, 0x8B) or (first == 0x78 and (first << 8 | second) % 31 == 0)


def _inflate(data: bytes) -> tuple[bytes, bool]:
    """The inflated bytes, at most :data:`INFLATE_LIMIT`, and whether there was more."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib, by the header
    try:
        out = inflater.decompress(data, INFLATE_LIMIT + 1)
    except zlib.error:
        return b"", False
    return out[:INFLATE_LIMIT], len(out) > INFLATE_LIMIT


def _search_inflated(buf: bytearray, records: _Records, wanted: Needles, found: Found) -> None:
    """Search the inflated content of every compressed record (a committed ``.gz``)."""
    for head, end in zip(records.heads, records.ends, strict=True):
        eol = buf.find(b"\n", head)
        if not _compressed(buf, eol + 1, end):
            continue
        header = bytes(buf[head:eol])
        inflated, more = _inflate(bytes(buf[eol + 1 : end]))
        if more:
            found.not_inflated.add(header.split(b" ")[0].decode())
        own = bytearray(header + b"\n" + inflated + b"\n")
        for oid, kind, needle in _search(own, _Records(len(own), [0], [len(own) - 1]), wanted):
            found.add(oid, kind, wanted.keys[needle])


@dataclass
class Found:
    """Hit objects by id, with their kind and the key names found in them; compressed
    blobs too large to inflate whole (searched up to :data:`INFLATE_LIMIT`)."""

    kinds: dict[str, str] = field(default_factory=dict)
    keys: dict[str, set[str]] = field(default_factory=dict)
    objects: int = 0
    size: int = 0
    not_inflated: set[str] = field(default_factory=set)

    def add(self, oid: str, kind: str, keys: Iterable[str]) -> None:
        self.kinds[oid] = kind
        self.keys.setdefault(oid, set()).update(keys)

    @classmethod
    def merge(cls, parts: Iterable[Found]) -> Found:
        merged = cls()
        for part in parts:
            for oid, kind in part.kinds.items():
                merged.add(oid, kind, part.keys[oid])
            merged.objects += part.objects
            merged.size += part.size
            merged.not_inflated |= part.not_inflated
        return merged

    def of_kind(self, *kinds: str) -> list[str]:
        return sorted(oid for oid, kind in self.kinds.items() if kind in kinds)


def read_records(read_fd: int, wanted: Needles) -> Found:
    """Blocking: search ``cat-file --batch`` output read from ``read_fd``, then close it."""
    found = Found()
    buf = bytearray()
    with open(read_fd, "rb", buffering=0) as out:
        while chunk := out.read(READ_SIZE):
            buf += chunk
            records = _split_records(buf)
            for oid, kind, needle in _search(buf, records, wanted):
                found.add(oid, kind, wanted.keys[needle])
            _search_inflated(buf, records, wanted, found)
            found.objects += len(records.heads)
            found.size += records.consumed
            del buf[: records.consumed]
    if buf:
        raise GitError(f"git cat-file: output ended inside an object ({len(buf)} bytes left)")
    return found
