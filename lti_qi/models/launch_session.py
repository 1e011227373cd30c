"""A browser's authorisation to use lti-qi after one valid launch.

The session token travels in the page URLs (``/s/<token>/...``) so that two tabs launched
from two courses stay apart, and is honoured only by the browser whose signed cookie lists it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from lti_qi.models.base import Base, CreatedAtMixin


class LaunchSession(CreatedAtMixin, Base):
    """What one launch established: who, in which course, through which link, with which roles."""

    __tablename__ = "launch_sessions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("contexts.id", ondelete="CASCADE"))
    resource_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("resource_links.id", ondelete="CASCADE")
    )
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    deployment_id: Mapped[str] = mapped_column(String(255))
    message_type: Mapped[str] = mapped_column(String(64))
    roles: Mapped[list[str]] = mapped_column(JSON)
    return_url: Mapped[str | None] = mapped_column(String(1000))
    deep_linking_settings: Mapped[dict[str, object] | None] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(index=True)

    def __repr__(self) -> str:
        return f"<LaunchSession user={self.user_id} context={self.context_id} {self.roles}>"
