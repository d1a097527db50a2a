"""A catalogue is read and parsed once, even when threads ask for it at the same moment."""

from __future__ import annotations

import threading

from golive import messages


def test_threads_asking_at_once_share_one_read() -> None:
    messages._load.cache_clear()
    start = threading.Barrier(8)
    seen: list[int] = []

    def ask() -> None:
        start.wait()
        seen.append(id(messages.catalogue("en")))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(seen)) == 1
    assert messages._load.cache_info().misses == 1
