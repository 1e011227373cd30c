"""People, courses and links as the platforms describe them in launches.

A user is identified by issuer + ``sub``; a course (context) by issuer + deployment + context
id; a resource link by its course + link id. Names and emails are optional: Open edX sends
none unless PII sharing is switched on.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from lti_qi.models.base import Base, CreatedAtMixin, utc_now


class User(CreatedAtMixin, Base):
    """A person as known to one platform issuer."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("issuer", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(500))
    sub: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(300))
    given_name: Mapped[str | None] = mapped_column(String(200))
    family_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    # None: known from an LMS roster only (never launched lti-qi).
    last_launch_at: Mapped[datetime | None] = mapped_column(default=utc_now)

    @property
    def display_name(self) -> str:
        """Return the name to show, falling back to a neutral label when none was shared."""
        full_name = " ".join(part for part in (self.given_name, self.family_name) if part)
        return self.name or full_name or f"Participant {self.id}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.issuer} sub={self.sub}>"


class Context(CreatedAtMixin, Base):
    """A course (LTI context). Launches without a context get one per resource link."""

    __tablename__ = "contexts"
    __table_args__ = (UniqueConstraint("issuer", "deployment_id", "lti_context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int | None] = mapped_column(ForeignKey("platforms.id", ondelete="SET NULL"))
    issuer: Mapped[str] = mapped_column(String(500))
    deployment_id: Mapped[str] = mapped_column(String(255))
    lti_context_id: Mapped[str] = mapped_column(String(255))
    label: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(500))
    is_synthetic: Mapped[bool] = mapped_column(default=False)
    memberships_url: Mapped[str | None] = mapped_column(String(1000))
    roster_synced_at: Mapped[datetime | None]
    roster_error: Mapped[str | None] = mapped_column(String(500))

    @property
    def display_title(self) -> str:
        """Return the course title, label or a neutral fallback."""
        return self.title or self.label or "This course"

    def __repr__(self) -> str:
        return f"<Context {self.id} {self.lti_context_id!r}>"


class ResourceLink(CreatedAtMixin, Base):
    """A placement of lti-qi in a course, with the service endpoints its last launch gave."""

    __tablename__ = "resource_links"
    __table_args__ = (UniqueConstraint("context_id", "lti_resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("contexts.id", ondelete="CASCADE"))
    platform_id: Mapped[int | None] = mapped_column(ForeignKey("platforms.id", ondelete="SET NULL"))
    lti_resource_link_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(500))
    custom: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    ags_lineitems_url: Mapped[str | None] = mapped_column(String(1000))
    ags_lineitem_url: Mapped[str | None] = mapped_column(String(1000))
    ags_scopes: Mapped[list[str]] = mapped_column(JSON, default=list)

    def __repr__(self) -> str:
        return f"<ResourceLink {self.id} {self.lti_resource_link_id!r}>"


class Membership(CreatedAtMixin, Base):
    """A user's roles in a course, as of their latest launch or roster sync."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    context_id: Mapped[int] = mapped_column(ForeignKey("contexts.id", ondelete="CASCADE"))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    lti_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    # None: known from the LMS roster only (never launched lti-qi).
    last_launch_at: Mapped[datetime | None] = mapped_column(default=utc_now)
    # False once the roster says the person left the course (or is inactive in it).
    is_active: Mapped[bool] = mapped_column(default=True, server_default=true())
    roster_seen_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<Membership user={self.user_id} context={self.context_id} {self.roles}>"


class OrganisationAdministrator(CreatedAtMixin, Base):
    """An operator's grant: this person administers every course of the platform's organisation.

    Granted with ``lti-qi admins grant``; it widens what an administrator of one course sees.
    """

    __tablename__ = "organisation_administrators"
    __table_args__ = (UniqueConstraint("platform_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))

    def __repr__(self) -> str:
        return f"<OrganisationAdministrator user={self.user_id} platform={self.platform_id}>"
