"""What each learner has done, and what they thought of each module.

Activity progress, knowledge-check attempts, reflections, evidence, stage sign-offs and
end-of-module feedback, with the course team's "you said, we did" notes in answer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lti_qi.domain.course import ActivityStatus, SignoffStatus
from lti_qi.models.base import Base, CreatedAtMixin, enum_column_type, utc_now


class ActivityProgress(Base):
    """One learner's state on one activity, in the course they work from."""

    __tablename__ = "activity_progress"
    __table_args__ = (UniqueConstraint("user_id", "context_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    context_id: Mapped[int] = mapped_column(
        ForeignKey("contexts.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"))
    status: Mapped[ActivityStatus] = mapped_column(enum_column_type(ActivityStatus))
    score: Mapped[float | None] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    time_spent_seconds: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(default=utc_now)
    completed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)

    def __repr__(self) -> str:
        return f"<ActivityProgress user={self.user_id} item={self.item_id} {self.status}>"


class CheckAttempt(CreatedAtMixin, Base):
    """One attempt at a knowledge check: the answers given and the mark."""

    __tablename__ = "check_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("contexts.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"))
    answers: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    score: Mapped[float] = mapped_column(Float)

    def __repr__(self) -> str:
        return f"<CheckAttempt user={self.user_id} item={self.item_id} {self.score}>"


class Reflection(Base):
    """A learner's reflective text for an activity (it goes into their CPD record)."""

    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("user_id", "context_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    context_id: Mapped[int] = mapped_column(ForeignKey("contexts.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"))
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)

    def __repr__(self) -> str:
        return f"<Reflection user={self.user_id} item={self.item_id}>"


class Evidence(CreatedAtMixin, Base):
    """A file or link a project attached as evidence for an activity."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000))
    filename: Mapped[str | None] = mapped_column(String(300))
    media_type: Mapped[str | None] = mapped_column(String(100))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"<Evidence project={self.project_id} item={self.item_id} {self.title!r}>"


class StageSignoff(Base):
    """Where a project's stage stands with its mentor: submitted, changes asked, signed off."""

    __tablename__ = "stage_signoffs"
    __table_args__ = (UniqueConstraint("project_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"))
    status: Mapped[SignoffStatus] = mapped_column(enum_column_type(SignoffStatus))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)
    review_round: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<StageSignoff project={self.project_id} item={self.item_id} {self.status}>"


class ModuleFeedback(CreatedAtMixin, Base):
    """A learner's end-of-module rating and comment on the content."""

    __tablename__ = "module_feedback"
    __table_args__ = (UniqueConstraint("user_id", "context_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    context_id: Mapped[int] = mapped_column(
        ForeignKey("contexts.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"))
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<ModuleFeedback user={self.user_id} module={self.item_id} {self.rating}>"


class ModuleNote(CreatedAtMixin, Base):
    """A "you said, we did" note: what the course team changed after the module's survey."""

    __tablename__ = "module_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(
        ForeignKey("contexts.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"))
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    # The designer who published it (the note stays if their account goes).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<ModuleNote {self.id} course={self.context_id} module={self.item_id}>"
