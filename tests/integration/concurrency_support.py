"""Running the same work in several threads at the same moment, as several workers would."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_at_once(work: Callable[[], object], times: int = 2) -> list[BaseException]:
    """Start `work` in `times` threads released together, each on its own database connection
    (closed when it ends); wait for all and return what they raised (empty: none failed)."""
    from django.db import connection

    barrier, failures = threading.Barrier(times), []

    def worker() -> None:
        try:
            barrier.wait()
            work()
        except Exception as exc:  # pragma: no cover - reported to the caller
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures
