"""Installed content: packs, their items (modules, stages, activities) and figures.

A pack's manifest and rendered pages are kept whole, as the validated pack produced them;
``ContentItem`` rows give every module, stage and activity a database id that progress,
submissions and grades refer to. Ids are the pack's stable slugs, so upgrading a pack keeps
every learner's work; an item a new version drops is archived, never deleted.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from lti_qi.models.base import Base, CreatedAtMixin, enum_column_type, utc_now


class ItemKind(StrEnum):
    """The levels of a pathway."""

    MODULE = "module"
    STAGE = "stage"
    ACTIVITY = "activity"


class ContentPack(CreatedAtMixin, Base):
    """One installed version of a content pack; the newest installed version is current."""

    __tablename__ = "content_packs"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64))
    manifest: Mapped[dict[str, object]] = mapped_column(JSON)
    pages: Mapped[dict[str, str]] = mapped_column(JSON)
    is_current: Mapped[bool] = mapped_column(default=True)
    installed_by: Mapped[str] = mapped_column(String(200), default="")
    # the registration whose organisation owns the pack (a designer's upload); None: shared
    # by every organisation (bundled, or installed by an operator). No foreign key: a pack
    # outlives the registration it came from, and stays its organisation's.
    platform_id: Mapped[int | None] = mapped_column(index=True)

    def __repr__(self) -> str:
        return f"<ContentPack {self.slug} {self.version}{' current' if self.is_current else ''}>"


class ContentAsset(Base):
    """A figure shipped in a pack version, served to pages by its path."""

    __tablename__ = "content_assets"
    __table_args__ = (UniqueConstraint("pack_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("content_packs.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"<ContentAsset pack={self.pack_id} {self.path}>"


class ContentItem(CreatedAtMixin, Base):
    """A module, stage or activity of a pack, identified by the pack's stable slug."""

    __tablename__ = "content_items"
    __table_args__ = (UniqueConstraint("pack_slug", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_slug: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(100))
    kind: Mapped[ItemKind] = mapped_column(enum_column_type(ItemKind))
    parent_slug: Mapped[str | None] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    archived_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<ContentItem {self.pack_slug}/{self.slug} {self.kind}>"


class CourseSetting(Base):
    """What a course uses: pack, pass marks, CPD hours and accreditation, set by its designers."""

    __tablename__ = "course_settings"

    context_id: Mapped[int] = mapped_column(
        ForeignKey("contexts.id", ondelete="CASCADE"), primary_key=True
    )
    pack_slug: Mapped[str] = mapped_column(String(100))
    pass_marks: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    # CPD hours the course gives a module, by module slug, where it differs from the pack.
    cpd_hours: Mapped[dict[str, float]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    # The accreditation statement certificates print ('' prints cpd.ACCREDITATION_LINE).
    accreditation: Mapped[str] = mapped_column(String(500), default="", server_default="")
    mentors_may_claim: Mapped[bool] = mapped_column(default=True, server_default=true())
    peer_review_anonymous: Mapped[bool] = mapped_column(default=True, server_default=true())
    review_sla_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    def __repr__(self) -> str:
        return f"<CourseSetting context={self.context_id} {self.pack_slug}>"
