"""Grade and CPD passback: which links a learner used, the LMS's line items, and the outbox.

A score to send is written to ``score_outbox`` in the same transaction as the progress change
that caused it, so it cannot be lost; workers deliver it later and record every attempt.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from lti_qi.models.base import Base, CreatedAtMixin, utc_now


class LinkLaunch(Base):
    """A learner launched lti-qi through this resource link (so their scores go there)."""

    __tablename__ = "link_launches"
    __table_args__ = (UniqueConstraint("user_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    resource_link_id: Mapped[int] = mapped_column(
        ForeignKey("resource_links.id", ondelete="CASCADE"), index=True
    )
    last_launch_at: Mapped[datetime] = mapped_column(default=utc_now)

    def __repr__(self) -> str:
        return f"<LinkLaunch user={self.user_id} link={self.resource_link_id}>"


class LinkSetting(Base):
    """What a link opens and its gradebook maximum, as its course designer chose in lti-qi.

    Used for links whose custom parameters do not say (see ``lti_qi.domain.course.link_targets``).
    """

    __tablename__ = "link_settings"

    resource_link_id: Mapped[int] = mapped_column(
        ForeignKey("resource_links.id", ondelete="CASCADE"), primary_key=True
    )
    target: Mapped[str] = mapped_column(String(200))
    score_maximum: Mapped[float] = mapped_column(default=100.0)
    chosen_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    def __repr__(self) -> str:
        return f"<LinkSetting link={self.resource_link_id} {self.target}>"


class LineItemRecord(CreatedAtMixin, Base):
    """A gradebook column lti-qi posts to: a module's score, or its CPD hours, for one link."""

    __tablename__ = "ags_line_items"
    __table_args__ = (UniqueConstraint("resource_link_id", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_link_id: Mapped[int] = mapped_column(
        ForeignKey("resource_links.id", ondelete="CASCADE")
    )
    module_item_id: Mapped[int | None] = mapped_column(ForeignKey("content_items.id"))
    kind: Mapped[str] = mapped_column(String(16))  # score | cpd | pathway
    resource_id: Mapped[str] = mapped_column(String(255))
    tag: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(300))
    score_maximum: Mapped[float]
    url: Mapped[str | None] = mapped_column(String(1000))
    is_declarative: Mapped[bool] = mapped_column(default=False)
    needs_update: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_error: Mapped[str | None] = mapped_column(String(500))

    def __repr__(self) -> str:
        return f"<LineItemRecord link={self.resource_link_id} {self.resource_id}>"


class ScoreOutbox(CreatedAtMixin, Base):
    """One score waiting to reach (or delivered to) an LMS gradebook."""

    __tablename__ = "score_outbox"
    __table_args__ = (
        Index("ix_score_outbox_due", "state", "next_attempt_at"),
        Index("ix_score_outbox_key", "line_item_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_item_id: Mapped[int] = mapped_column(ForeignKey("ags_line_items.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(
        String(16), default="pending"
    )  # pending sending sent parked superseded
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utc_now)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<ScoreOutbox {self.id} item={self.line_item_id} user={self.user_id} {self.state}>"


class PassbackAttempt(Base):
    """One attempt to deliver a score, with the LMS's answer."""

    __tablename__ = "passback_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(
        ForeignKey("score_outbox.id", ondelete="CASCADE"), index=True
    )
    attempted_at: Mapped[datetime] = mapped_column(default=utc_now)
    worker: Mapped[str] = mapped_column(String(100))
    status_code: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16))  # sent retry parked
    detail: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<PassbackAttempt outbox={self.outbox_id} {self.outcome} {self.status_code}>"
