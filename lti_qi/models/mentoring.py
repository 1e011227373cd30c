"""Mentoring and collaboration: who mentors which project, reviews, and how people talk.

Assignments keep their history (an ended assignment stays, with when it ended). Reviews are
one thread per project stage: decisions, inline comments on worksheet sections, replies and
peer feedback, all kept. Notifications go to an in-tool inbox, and optionally by email
through an outbox that is retried and never holds up the action that caused it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from lti_qi.models.base import Base, CreatedAtMixin, utc_now


class MentorAssignment(CreatedAtMixin, Base):
    """A mentor looking after a project, from ``created_at`` until ``ended_at``."""

    __tablename__ = "mentor_assignments"
    __table_args__ = (
        # A project has at most one current mentor, even when two designers assign, or two
        # mentors claim it, at the same moment: the second insert fails instead.
        Index(
            "uq_mentor_assignments_current",
            "project_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    via: Mapped[str] = mapped_column(String(20))  # designer | claim
    ended_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<MentorAssignment project={self.project_id} mentor={self.mentor_id}>"


class CourseMentor(CreatedAtMixin, Base):
    """Someone a designer invited to mentor in a course, whatever their LMS role."""

    __tablename__ = "course_mentors"

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(
        ForeignKey("contexts.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    invited_by: Mapped[int] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<CourseMentor context={self.context_id} user={self.user_id}>"


class MentorInvite(CreatedAtMixin, Base):
    """A link a designer shares so an expert can mentor in the course."""

    __tablename__ = "mentor_invites"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("contexts.id", ondelete="CASCADE"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    expires_at: Mapped[datetime]
    accepted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<MentorInvite context={self.context_id}>"


class ReviewEntry(CreatedAtMixin, Base):
    """One entry in a stage's review thread: a decision, a comment, a reply or peer feedback."""

    __tablename__ = "review_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))  # decision | comment | reply | peer
    decision: Mapped[str | None] = mapped_column(String(20))  # approve | changes
    anchor: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_entries.id", ondelete="CASCADE")
    )
    rubric: Mapped[list[str] | None] = mapped_column(JSON)
    review_round: Mapped[int] = mapped_column(Integer, default=0)
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<ReviewEntry project={self.project_id} item={self.item_id} {self.kind}>"


class PeerRequest(CreatedAtMixin, Base):
    """A learner asking course peers for feedback on a stage."""

    __tablename__ = "peer_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"))
    context_id: Mapped[int] = mapped_column(
        ForeignKey("contexts.id", ondelete="CASCADE"), index=True
    )
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<PeerRequest project={self.project_id} item={self.item_id}>"


class Notification(CreatedAtMixin, Base):
    """A message in someone's in-tool inbox."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    link: Mapped[str | None] = mapped_column(String(500))
    read_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<Notification user={self.user_id} {'read' if self.read_at else 'unread'}>"


class EmailMessage(CreatedAtMixin, Base):
    """An email waiting to be sent (or sent): retried with backoff, never blocking the sender."""

    __tablename__ = "email_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))

    def __repr__(self) -> str:
        return f"<EmailMessage {self.id} {'sent' if self.sent_at else 'pending'}>"


class JoinRequestStatus(StrEnum):
    """Where a request to join a project stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"  # the requester joined a team some other way meanwhile


class JoinRequest(CreatedAtMixin, Base):
    """Someone asking to join a project they found in the course's community space."""

    __tablename__ = "join_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    context_id: Mapped[int] = mapped_column(ForeignKey("contexts.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=JoinRequestStatus.PENDING)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<JoinRequest project={self.project_id} user={self.user_id} {self.status}>"


class DiscussionMessage(CreatedAtMixin, Base):
    """A message in a project's discussion, for its members and mentors."""

    __tablename__ = "discussion_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<DiscussionMessage project={self.project_id} author={self.author_id}>"
