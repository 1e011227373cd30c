"""Platform registrations: an LMS known by issuer + client id, with its deployments."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_qi.models.base import Base, CreatedAtMixin, enum_column_type


class PlatformStatus(StrEnum):
    """Whether launches from a registration are accepted."""

    ACTIVE = "active"
    PENDING = "pending"  # awaiting an operator's approval (dynamic registration, new client id)
    DISABLED = "disabled"


class RegistrationSource(StrEnum):
    """How a registration came to exist."""

    OPERATOR = "operator"  # `lti-qi platform add` or the admin pages
    DYNAMIC = "dynamic"  # LTI Dynamic Registration from the platform
    CLIENT_APPROVAL = "client_approval"  # a new client id of an issuer that allows them


class Platform(CreatedAtMixin, Base):
    """One registration of lti-qi in an LMS: the (issuer, client id) pair and its endpoints.

    Key set and token URLs may contain ``{resource_link_id}``, which is replaced by the
    launching link's id: Open edX serves a key set and a token endpoint per component.
    """

    __tablename__ = "platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    auth_login_url: Mapped[str] = mapped_column(String(1000))
    auth_token_url: Mapped[str] = mapped_column(String(1000))
    auth_audience: Mapped[str | None] = mapped_column(String(1000))
    key_set_url: Mapped[str | None] = mapped_column(String(1000))
    key_set: Mapped[dict[str, object] | None] = mapped_column(JSON)
    product_family: Mapped[str] = mapped_column(String(50), default="")
    status: Mapped[PlatformStatus] = mapped_column(
        enum_column_type(PlatformStatus), default=PlatformStatus.ACTIVE
    )
    source: Mapped[RegistrationSource] = mapped_column(
        enum_column_type(RegistrationSource), default=RegistrationSource.OPERATOR
    )
    accepts_new_deployments: Mapped[bool] = mapped_column(default=False)
    approves_new_client_ids: Mapped[bool] = mapped_column(default=False)
    registration_details: Mapped[dict[str, object] | None] = mapped_column(JSON)

    deployments: Mapped[list[Deployment]] = relationship(
        back_populates="platform", cascade="all, delete-orphan", order_by="Deployment.id"
    )

    def __repr__(self) -> str:
        return f"<Platform {self.id} {self.issuer} client={self.client_id} {self.status}>"


class Deployment(CreatedAtMixin, Base):
    """A deployment of lti-qi within a platform registration (one client id has many)."""

    __tablename__ = "deployments"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    deployment_id: Mapped[str] = mapped_column(String(255))

    platform: Mapped[Platform] = relationship(back_populates="deployments")

    def __repr__(self) -> str:
        return f"<Deployment {self.id} platform={self.platform_id} {self.deployment_id!r}>"


class RegistrationInvite(CreatedAtMixin, Base):
    """An operator's single-use, expiring link for one LMS to register by Dynamic Registration.

    Only a SHA-256 digest of the token is stored; the operator hands out the link once.
    """

    __tablename__ = "registration_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
