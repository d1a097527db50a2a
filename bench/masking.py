"""The redactor's cost by number of secrets: build, ``redact`` and ``leaks`` over real texts.

    python bench/masking.py [--counts 10 1000 10000] [--reps 5]

Secrets are random 72-character values (``EXTRA_nnnnn_SECRET``, as
``tests/hardening/test_many_secrets.py`` writes them) plus one 64-character Binance
secret; the texts are golive's own catalogues, read from this checkout (``en.json``,
mostly ASCII with a few ``…``; ``ko.json``, Korean) and ``en.json`` holding a middle slice
of the Binance secret every 4 KB. Times are the least CPU time of ``--reps`` calls (the
first call of each kind is dropped: it fills lazy tables); the build's peak is
``tracemalloc``'s, in a second build. ``PYTHONPATH=<other checkout>/src python
bench/masking.py`` measures that checkout's redactor on the same texts. Nothing here is a
test: it prints a table and exits 0.
"""

from __future__ import annotations

import argparse
import random
import string
import time
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING

from golive.masking import Redactor

if TYPE_CHECKING:
    from collections.abc import Callable

BENCH_DIR = Path(__file__).resolve().parent
ALPHABET = string.ascii_letters + string.digits + "-_"
BINANCE = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"


def secrets(count: int) -> dict[str, str]:
    chance = random.Random(11)
    values = {
        f"EXTRA_{i:05d}_SECRET": "".join(chance.choices(ALPHABET, k=72)) for i in range(count)
    }
    return {**values, "BINANCE_API_SECRET": BINANCE}


def texts() -> dict[str, str]:
    """The texts, read from this checkout (the same texts whichever ``golive`` is imported:
    ``PYTHONPATH=<other checkout>/src`` measures another redactor on them)."""
    catalogue = BENCH_DIR.parent / "src" / "golive" / "messages"
    english = (catalogue / "en.json").read_text("utf-8")
    korean = (catalogue / "ko.json").read_text("utf-8")
    salted = "".join(
        english[i : i + 4096] + f" echo {BINANCE[10 + i % 30 : 30 + i % 30]} "
        for i in range(0, len(english), 4096)
    )
    return {"en.json": english, "ko.json": korean, "en.json + slices": salted}


def cpu_ms(call: Callable[[], object], reps: int) -> float:
    """The least CPU time of ``reps`` calls (the machine is shared: the least is the cost)."""
    call()
    samples = []
    for _ in range(reps):
        started = time.process_time()
        call()
        samples.append(time.process_time() - started)
    return min(samples) * 1000


def measure(count: int, reps: int) -> list[str]:
    values = secrets(count)
    started = time.process_time()
    redactor = Redactor.from_values(values)
    build_s = time.process_time() - started
    tracemalloc.start()
    Redactor.from_values(values)
    peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    rows = [f"{count:>6} secrets  build {build_s:6.3f} s  peak {peak_mb:6.1f} MB"]
    lean = getattr(redactor._index, "lean", None)  # absent before the piece index
    if lean is not None:
        rows[0] += "  (lean index)" if lean else "  (full index)"
    for name, text in texts().items():
        redact = cpu_ms(lambda t=text: redactor.redact(t), reps)
        leaks = cpu_ms(lambda t=text: redactor.leaks(t), reps)
        left = BINANCE[12:28] in redactor.redact(text)
        rows.append(
            f"        {name:<17} {len(text) // 1000:>4}k chars  redact {redact:6.1f} ms"
            f"  leaks {leaks:6.1f} ms"
            + (f"  a middle slice left: {'yes' if left else 'no'}" if "slices" in name else "")
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10, 1000, 10_000])
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    for count in args.counts:
        print("\n".join(measure(count, args.reps)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
