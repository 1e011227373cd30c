"""Count the commits of every request, to keep "one transaction per request" true.

A request served inside another one's application context (the tool calling itself
in-process) shares the outer request's session: its commits count for the outer one. The
sandbox LMS is another application with a database of its own: its commits never count.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, has_app_context, request, request_finished, request_started
from sqlalchemy import event
from sqlalchemy.orm import Session

from lti_qi.web.transaction import OWNS_SESSION

COUNT = "tests.commits"


@contextmanager
def count_commits_per_request(app: Flask) -> Iterator[list[tuple[str, int]]]:
    """Yield a list that collects ``(path, commits)`` for each request that committed twice+."""
    violations: list[tuple[str, int]] = []
    owners: dict[int, dict[str, Any]] = {}  # by thread: the request that owns its session

    def started(sender: Flask, **extra: Any) -> None:
        if request.environ.get(OWNS_SESSION):
            request.environ[COUNT] = 0
            owners[threading.get_ident()] = request.environ

    def committed(session: Session) -> None:
        if session.in_nested_transaction():  # a savepoint released, not a commit
            return
        owner = owners.get(threading.get_ident())
        if owner is not None and has_app_context() and current_app._get_current_object() is app:
            owner[COUNT] += 1

    def finished(sender: Flask, **extra: Any) -> None:
        if owners.get(threading.get_ident()) is request.environ:
            del owners[threading.get_ident()]
            if request.environ[COUNT] > 1:
                violations.append((request.path, request.environ[COUNT]))

    request_started.connect(started, app)
    request_finished.connect(finished, app)
    event.listen(Session, "after_commit", committed)
    try:
        yield violations
    finally:
        event.remove(Session, "after_commit", committed)
        request_started.disconnect(started, app)
        request_finished.disconnect(finished, app)
