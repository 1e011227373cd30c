"""The sandbox LMS's own database: its declarative base, metadata and Flask-SQLAlchemy instance.

The sandbox keeps its tables apart from lti-qi's, exactly as a real LMS keeps its own
database: a SQLite file in the instance folder by default. Being a development and test
fixture, never deployed, it creates its tables with ``metadata.create_all`` on start and has
no migrations.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Dialect, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp kept in UTC and read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store aware datetimes in UTC."""
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Mark values read from SQLite as UTC."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Base class of the sandbox's models, on the sandbox's own metadata."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime()}


class CreatedAtMixin:
    """Adds a ``created_at`` column set when the row is inserted."""

    created_at: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC))


db = SQLAlchemy(metadata=Base.metadata, session_options={"expire_on_commit": False})
