"""A block time stated in words, as Upbit's 418 states it, read into seconds.

Upbit answers 418 when a client keeps sending after 429, "with the block time
information" (UPRATE, docs.upbit.com/kr/docs/rate-limits, "limits on requests over
the limit"); the global docs add "Please retry after the time indicated in the
error message" (global-docs.upbit.com/docs/request-rate-limit). Neither gives the
message's wording, and Upbit documents no ``Retry-After``. So golive reads
durations out of the message text: a number and a unit of :data:`UNIT_SECONDS`
("120 seconds", "2 minutes 30 seconds", and the Korean units for seconds, minutes
and hours). Parts written next to each other add up; of several durations the
longest counts (the block lasts at least that long).

Anything else is no block time (``None``), never a guess: a negative or signed
number, one written with letters ("1e9") or separators golive does not read
("1,200"), digits outside ASCII, more than 12 digits, more than
:data:`~golive.errors.rules.RETRY_AFTER_MAX` seconds in total, or no duration at
all. One unreadable duration makes the whole text unreadable. The caller's safe
default for ``None`` is "blocked until the run ends", and a hint that says the
block time could not be read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from golive.errors.rules import RETRY_AFTER_MAX

UNIT_SECONDS: Final[Mapping[str, float]] = {
    "milliseconds": 0.001,
    "millisecond": 0.001,
    "ms": 0.001,
    "seconds": 1.0,
    "second": 1.0,
    "secs": 1.0,
    "sec": 1.0,
    "s": 1.0,
    "\ucd08": 1.0,  # cho: seconds
    "minutes": 60.0,
    "minute": 60.0,
    "mins": 60.0,
    "min": 60.0,
    "m": 60.0,
    "\ubd84": 60.0,  # bun: minutes
    "hours": 3600.0,
    "hour": 3600.0,
    "hrs": 3600.0,
    "hr": 3600.0,
    "h": 3600.0,
    "\uc2dc\uac04": 3600.0,  # sigan: hours
}
"""A unit word -> its length in seconds; matched case-insensitively, longest first."""

NUMBER_DIGITS: Final = 12
"""Longer numbers are nobody's block time: the whole duration is then unreadable."""
TEXT_LIMIT: Final = 4000
"""Only the start of a message is read."""

_UNITS = "|".join(re.escape(unit) for unit in sorted(UNIT_SECONDS, key=len, reverse=True))
_CANDIDATE: Final = re.compile(
    r"(?<![0-9a-z.,+\-\u2212])"  # the whole token, never the tail of a longer one
    r"([+\-\u2212]?[0-9a-z.,]*[0-9])\s*"  # what stands for the number: checked below
    rf"({_UNITS})(?![a-z])",
    re.ASCII | re.IGNORECASE,
)
_NUMBER: Final = re.compile(rf"[0-9]{{1,{NUMBER_DIGITS}}}(?:\.[0-9]{{1,6}})?", re.ASCII)
_JOINER: Final = re.compile(r"[\s,]*(?:and\s*)?", re.ASCII | re.IGNORECASE)
"""What may stand between the parts of one duration ("2 minutes, 30 seconds")."""


def stated_seconds(text: object) -> float | None:
    """The longest duration ``text`` states, in seconds, or ``None`` (see the module doc).

    One unreadable duration makes the whole text unreadable: "retry in 5 seconds"
    next to a block time golive cannot read must not pass for a 5-second block.
    """
    if not isinstance(text, str):
        return None
    durations: list[float] = []
    end = -1
    for found in _CANDIDATE.finditer(text[:TEXT_LIMIT]):
        if _NUMBER.fullmatch(found.group(1)) is None:
            return None
        seconds = float(found.group(1)) * UNIT_SECONDS[found.group(2).lower()]
        if end >= 0 and _JOINER.fullmatch(text, end, found.start()) is not None:
            durations[-1] += seconds
        else:
            durations.append(seconds)
        end = found.end()
    longest = max(durations, default=None)
    if longest is None or not 0 <= longest <= RETRY_AFTER_MAX:
        return None
    return longest
