"""INSERT ... ON CONFLICT for the database in use (PostgreSQL or SQLite).

Rows that concurrent requests may create at the same moment (a course's settings, a
person, a membership) are written with one statement that cannot fail on a duplicate key.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from lti_qi.extensions import db


def insert(model: type[Any]) -> Any:
    """Return an INSERT for ``model`` that supports ``on_conflict_do_update/nothing``."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)
