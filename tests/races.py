"""Races forced, not left to chance: writers that all pass their reads before any of them writes.

On PostgreSQL a SHARE lock on the table holds every writer back (readers go on), so each call
passes its checks before any writes; the lock is released once all of them are waiting.
"""

import threading
import time
from collections.abc import Callable

from flask import Flask
from sqlalchemy import text

from lti_qi.errors import Conflict
from lti_qi.extensions import db
from lti_qi.transaction import unit_of_work


def at_once(app: Flask, table: str, calls: list[Callable[[], object]]) -> list[str]:
    """Run ``calls`` in threads that all pass their reads before any writes ``table``."""
    outcomes: list[str] = []

    def run(call: Callable[[], object]) -> None:
        with app.app_context(), unit_of_work():
            try:
                call()
                outcomes.append("done")
            except Conflict:
                outcomes.append("conflict")
            except Exception as error:  # a thread's boundary: the assertion shows it
                outcomes.append(repr(error))

    with app.app_context(), db.engine.connect() as holder:
        holder.execute(text(f"LOCK TABLE {table} IN SHARE MODE"))
        threads = [threading.Thread(target=run, args=(call,)) for call in calls]
        for thread in threads:
            thread.start()
        _wait_for_writers(table, len(calls))
        holder.rollback()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def _wait_for_writers(table: str, count: int) -> None:
    waiting = text(
        "SELECT count(*) FROM pg_locks WHERE relation = CAST(:t AS regclass) AND NOT granted"
    )
    deadline = time.monotonic() + 15
    with db.engine.connect() as watcher:
        while watcher.execute(waiting, {"t": table}).scalar() < count:
            assert time.monotonic() < deadline, f"{count} writers never queued on {table}"
            time.sleep(0.02)
            watcher.rollback()
