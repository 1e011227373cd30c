"""A QI project: the unit of work that worksheets, reviews and sign-offs belong to.

Every learner works in exactly one project per course: their own, or a team's that they
joined with its invite code. A team is a project with several members, who may come from
other courses and other LMSs (each member's progress stays in their own course).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.models.base import Base, CreatedAtMixin, enum_column_type, utc_now


class MemberRole(StrEnum):
    """A member's place in a project."""

    OWNER = "owner"
    MEMBER = "member"


class Project(CreatedAtMixin, Base):
    """A QI project, owned by one learner and shared with a team through its invite code."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(
        ForeignKey("contexts.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    invite_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    invite_expires_at: Mapped[datetime | None]
    invite_needs_approval: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.title!r}>"


class ProjectMember(Base):
    """A person working on a project, and the course they work on it from."""

    __tablename__ = "project_members"
    __table_args__ = (UniqueConstraint("user_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    context_id: Mapped[int] = mapped_column(ForeignKey("contexts.id", ondelete="CASCADE"))
    role: Mapped[MemberRole] = mapped_column(enum_column_type(MemberRole))
    joined_at: Mapped[datetime] = mapped_column(default=utc_now)

    def __repr__(self) -> str:
        return f"<ProjectMember project={self.project_id} user={self.user_id} {self.role}>"


class Worksheet(Base):
    """The current version of one worksheet of a project (one per worksheet kind)."""

    __tablename__ = "worksheets"
    __table_args__ = (UniqueConstraint("project_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[WorksheetKind] = mapped_column(enum_column_type(WorksheetKind))
    data: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    submitted_version: Mapped[int | None] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<Worksheet project={self.project_id} {self.kind} v{self.version}>"


class WorksheetRevision(Base):
    """Every saved version of a worksheet, with who saved it and when."""

    __tablename__ = "worksheet_revisions"
    __table_args__ = (UniqueConstraint("worksheet_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    worksheet_id: Mapped[int] = mapped_column(ForeignKey("worksheets.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, object]] = mapped_column(JSON)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(default=utc_now)
    is_submission: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<WorksheetRevision worksheet={self.worksheet_id} v{self.version}>"
