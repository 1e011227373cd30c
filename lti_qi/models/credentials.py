"""CPD records: what a learner completed, kept as it was when they completed it.

A record is a snapshot (title, learning outcomes, hours, dates, the learner's project, the
course's accreditation statement, the learner's reflection and the mentors' sign-offs), so
that a later content upgrade or a renamed course never changes a certificate already issued.
Each record carries a random ``serial`` that public verification URLs name, and its Open
Badges 3.0 credential, signed as a VC-JWT by the tool's key.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from lti_qi.domain.course import cpd
from lti_qi.models.base import Base, enum_column_type, utc_now


class CpdKind(StrEnum):
    """What a record certifies: one module, or the whole pathway."""

    MODULE = "module"
    PATHWAY = "pathway"


class CpdRecord(Base):
    """One learner's CPD record for a module or the pathway, in one course."""

    __tablename__ = "cpd_records"
    __table_args__ = (
        UniqueConstraint("user_id", "context_id", "module_item_id", "kind"),
        # The constraint above cannot hold the pathway record (its module is NULL, and NULLs
        # never clash): one pathway record per learner and course is kept by this index.
        Index(
            "uq_cpd_records_pathway",
            "user_id",
            "context_id",
            unique=True,
            sqlite_where=text("kind = 'pathway'"),
            postgresql_where=text("kind = 'pathway'"),
        ),
        Index("ix_cpd_records_context_id_completed_at", "context_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("contexts.id", ondelete="CASCADE"))
    module_item_id: Mapped[int | None] = mapped_column(ForeignKey("content_items.id"))
    kind: Mapped[CpdKind] = mapped_column(enum_column_type(CpdKind))
    title: Mapped[str] = mapped_column(String(300))
    organiser: Mapped[str] = mapped_column(String(600))
    hours: Mapped[float] = mapped_column(Float)
    # The learner's QI project, and the accreditation statement the course set ('' for none).
    project_title: Mapped[str] = mapped_column(String(300), default="", server_default="")
    accreditation: Mapped[str] = mapped_column(String(500), default="", server_default="")
    learning_outcomes: Mapped[list[str]] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime]
    completed_at: Mapped[datetime]
    reflection: Mapped[str] = mapped_column(Text, default="")
    signoffs: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    holder_name: Mapped[str] = mapped_column(String(300), default="")
    score: Mapped[float | None] = mapped_column(Float)
    issued_at: Mapped[datetime] = mapped_column(default=utc_now)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(500))
    # The administrator who revoked it (kept if their account goes: the record stays revoked).
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    badge_jwt: Mapped[str] = mapped_column(Text)

    @property
    def is_revoked(self) -> bool:
        """Whether the record was withdrawn (its certificate and badge no longer verify)."""
        return self.revoked_at is not None

    @property
    def accreditation_line(self) -> str:
        """The accreditation the certificate prints: the course's statement, or the default."""
        return cpd.accreditation_line(self.accreditation)

    def __repr__(self) -> str:
        return f"<CpdRecord {self.id} user={self.user_id} {self.kind} {self.serial}>"
