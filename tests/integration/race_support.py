"""Several actors on one complaint at the same moment, for real, on PostgreSQL.

`race` holds the complaint's row lock on a connection of its own, starts every contender in its
own thread (so on its own database connection), waits until PostgreSQL shows all of them blocked
on that lock, then lets go. Every contender is then inside its transaction, past everything it
read before the lock, at the same moment: the outcome cannot depend on one finishing before the
other started, and none of them can slip through without meeting the others.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import connection, transaction

DEADLINE_S = 30.0


def race(complaint_pk: int, contenders: dict[str, Callable[[], object]]) -> dict[str, object]:
    """Run the contenders against each other; each one's return value, or what it raised."""
    from complaints.models import Complaint

    held, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def gate() -> None:
        try:
            with transaction.atomic():
                Complaint.objects.select_for_update().get(pk=complaint_pk)
                held.set()
                release.wait(DEADLINE_S)
        finally:
            connection.close()

    def contender(name: str, work: Callable[[], object]) -> None:
        try:
            results[name] = work()
        except Exception as exc:  # reported to the test, which asserts on it
            results[name] = exc
        finally:
            connection.close()

    gatekeeper = threading.Thread(target=gate)
    gatekeeper.start()
    assert held.wait(DEADLINE_S), "the test could not take the row lock"
    threads = [threading.Thread(target=contender, args=item) for item in contenders.items()]
    for thread in threads:
        thread.start()
    try:
        _wait_until_waiting_on_locks(len(contenders), results)
    finally:
        release.set()
        gatekeeper.join(DEADLINE_S)
        for thread in threads:
            thread.join(DEADLINE_S)
    assert not any(thread.is_alive() for thread in threads), "a contender never finished"
    return results


def _wait_until_waiting_on_locks(count: int, results: dict) -> None:
    """Poll pg_stat_activity (a condition with a deadline, not a sleep) until `count` sessions
    of this database wait on a lock."""
    stop = time.monotonic() + DEADLINE_S
    while time.monotonic() < stop:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                           "current_database() AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0] >= count:
                return
        if results:  # a contender finished without waiting: it never met the others
            break
    raise AssertionError(f"not every contender waited for the row lock: {results}")
