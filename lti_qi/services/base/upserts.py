"""INSERT ... ON CONFLICT for the database in use (PostgreSQL or SQLite).

Rows that concurrent requests may create at the same moment (a course's settings, a
person, a membership) are written with one statement that cannot fail on a duplicate key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from lti_qi.extensions import db

T = TypeVar("T")


def insert(model: type[Any]) -> Any:
    """Return an INSERT for ``model`` that supports ``on_conflict_do_update/nothing``."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


def row_for(
    model: type[T], key: Mapping[str, Any], defaults: Mapping[str, Any], *, lock: bool = False
) -> T:
    """Return the row of ``model`` with ``key``, creating it with ``defaults`` if there is none.

    Two requests creating the same row at once (two tabs, two team members) both get the one
    row: the second insert does nothing instead of failing on the unique key. With ``lock``,
    the row is locked until the transaction ends (PostgreSQL; SQLite has one writer anyway),
    so a second request reads it only once the first has committed its change.
    """
    query = select(model).filter_by(**key)
    if lock:
        query = query.with_for_update()
    row = db.session.scalars(query).one_or_none()
    if row is None:
        db.session.execute(insert(model).values(**key, **defaults).on_conflict_do_nothing())
        row = db.session.scalars(query).one()
    return row
