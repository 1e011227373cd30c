"""The unit of work: one transaction per request, worker job or CLI command.

Services and get-or-create helpers never commit; they flush when they need an id or a
constraint check, and use a savepoint (``db.session.begin_nested()``) where a race is
expected, so that a lost race undoes only its own statements. The boundary around them
commits once: the web request (:mod:`lti_qi.web.transaction`), a worker job
(:func:`unit_of_work`) and a CLI command (:func:`command_unit`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from flask.cli import with_appcontext

from lti_qi.extensions import db

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit what the block did when it ends normally; roll all of it back if it raises."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


def command_unit(command: Callable[P, R]) -> Callable[P, R]:
    """Run a CLI command in the application context as one unit of work, committed at its end."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with unit_of_work():
            return command(*args, **kwargs)

    return with_appcontext(run)


@contextmanager
def savepoint() -> Iterator[None]:
    """Run the block in a SAVEPOINT: if it raises, only its own statements are undone.

    pysqlite opens a transaction only before a data change, and a SAVEPOINT opened outside
    one becomes the transaction itself (releasing it would commit); so on SQLite the
    transaction is begun explicitly first.
    """
    connection = db.session.connection()
    driver = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite" and not getattr(driver, "in_transaction", True):
        connection.exec_driver_sql("BEGIN")
    with db.session.begin_nested():
        yield
