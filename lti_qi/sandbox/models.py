"""The sandbox LMS's own tables (in its own database): its key, tools, courses, people, grades."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lti_qi.sandbox.database import Base, CreatedAtMixin


class SandboxKey(CreatedAtMixin, Base):
    """The sandbox platform's signing key (a test platform: stored in the clear)."""

    __tablename__ = "sandbox_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<SandboxKey {self.kid}>"


class SandboxTool(CreatedAtMixin, Base):
    """A tool registered in the sandbox platform (lti-qi itself, or one registered dynamically)."""

    __tablename__ = "sandbox_tools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[str] = mapped_column(String(100), unique=True)
    deployment_id: Mapped[str] = mapped_column(String(100))
    login_url: Mapped[str] = mapped_column(String(1000))
    redirect_uris: Mapped[list[str]] = mapped_column(JSON)
    jwks_url: Mapped[str] = mapped_column(String(1000))
    target_link_uri: Mapped[str] = mapped_column(String(1000))
    deep_link_url: Mapped[str | None] = mapped_column(String(1000))
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)

    def __repr__(self) -> str:
        return f"<SandboxTool {self.client_id}>"


class SandboxCourse(CreatedAtMixin, Base):
    """A course in the sandbox LMS."""

    __tablename__ = "sandbox_courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    lti_id: Mapped[str] = mapped_column(String(100), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))

    def __repr__(self) -> str:
        return f"<SandboxCourse {self.lti_id}>"


class SandboxPerson(CreatedAtMixin, Base):
    """Someone enrolled in a sandbox course, with the LTI roles the platform sends for them."""

    __tablename__ = "sandbox_people"
    __table_args__ = (UniqueConstraint("course_id", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("sandbox_courses.id", ondelete="CASCADE"))
    sub: Mapped[str] = mapped_column(String(100))
    given_name: Mapped[str | None] = mapped_column(String(100))
    family_name: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON)

    @property
    def name(self) -> str | None:
        """Return the full name, or None when the person has no name."""
        return " ".join(p for p in (self.given_name, self.family_name) if p) or None

    def __repr__(self) -> str:
        return f"<SandboxPerson {self.sub} course={self.course_id}>"


class SandboxLink(CreatedAtMixin, Base):
    """A placement of a tool in a sandbox course (made by hand or by deep linking)."""

    __tablename__ = "sandbox_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("sandbox_courses.id", ondelete="CASCADE"))
    tool_id: Mapped[int] = mapped_column(ForeignKey("sandbox_tools.id", ondelete="CASCADE"))
    lti_id: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(1000))
    custom: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    line_item_id: Mapped[int | None] = mapped_column(ForeignKey("sandbox_line_items.id"))

    def __repr__(self) -> str:
        return f"<SandboxLink {self.lti_id} {self.title!r}>"


class SandboxLineItem(CreatedAtMixin, Base):
    """A gradebook column (AGS line item) in a sandbox course."""

    __tablename__ = "sandbox_line_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("sandbox_courses.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(300))
    score_maximum: Mapped[float]
    resource_id: Mapped[str | None] = mapped_column(String(255))
    tag: Mapped[str | None] = mapped_column(String(255))
    resource_link_id: Mapped[str | None] = mapped_column(String(100))
    extra: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<SandboxLineItem {self.id} {self.label!r}>"


class SandboxScore(CreatedAtMixin, Base):
    """A score the tool posted to a line item (every one is kept, newest wins)."""

    __tablename__ = "sandbox_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_item_id: Mapped[int] = mapped_column(
        ForeignKey("sandbox_line_items.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(String(100))
    score_given: Mapped[float | None]
    score_maximum: Mapped[float | None]
    activity_progress: Mapped[str] = mapped_column(String(20))
    grading_progress: Mapped[str] = mapped_column(String(20))
    timestamp: Mapped[datetime]
    comment: Mapped[str | None] = mapped_column(Text)
    body: Mapped[dict[str, object]] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<SandboxScore item={self.line_item_id} user={self.user_id} {self.score_given}>"
