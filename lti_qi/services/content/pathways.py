"""The pathway a course uses: its pack's current version, with the course's own CPD hours.

Pathways are built once per pack version per process; every install bumps a version in the
shared cache (``local_copies``) so all processes pick the new one up. A course is given the
default pack on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select

from lti_qi import local_copies
from lti_qi.domain.course import Pathway, pathway_from_manifest, with_cpd_hours
from lti_qi.errors import NotFound
from lti_qi.extensions import db
from lti_qi.models.base import utc_now
from lti_qi.models.curriculum import ContentItem, ContentPack, CourseSetting
from lti_qi.services.base import upserts
from lti_qi.services.content import packs


@dataclass
class _Pathways:
    """Pathways built since the content last changed, filled as they are asked for."""

    by_slug: dict[str, Pathway] = field(default_factory=dict)
    adapted: dict[tuple[str, tuple[tuple[str, float], ...]], Pathway] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def pathway(pack_slug: str) -> Pathway:
    """Return the pathway of a pack's current version.

    Raises:
        NotFound: when the pack is not installed.
    """
    pathways = _current_pathways()
    found = pathways.by_slug.get(pack_slug)
    if found is None:
        if pack_slug == packs.DEFAULT_PACK and packs.ensure_default_pack():
            pathways = _current_pathways()
        found = _build_pathway(pack_slug)
        with pathways.lock:
            pathways.by_slug[pack_slug] = found
    return found


class PackAndHours(Protocol):
    """What a course's pathway depends on: its pack and the CPD hours it gives modules."""

    @property
    def pack_slug(self) -> str:
        """The slug of the course's pack."""

    @property
    def cpd_hours(self) -> Mapping[str, float]:
        """CPD hours by module slug, where the course differs from its pack."""


def pathway_for(setting: PackAndHours) -> Pathway:
    """Return the pathway a course teaches: its pack's, with the course's own CPD hours."""
    base = pathway(setting.pack_slug)
    if not setting.cpd_hours:
        return base
    key = (setting.pack_slug, tuple(sorted(setting.cpd_hours.items())))
    pathways = _current_pathways()
    found = pathways.adapted.get(key)
    if found is None or found.pack_version != base.pack_version:
        found = with_cpd_hours(base, setting.cpd_hours)
        with pathways.lock:
            pathways.adapted[key] = found
    return found


def course_setting(context_id: int) -> CourseSetting:
    """Return a course's content settings, giving it the default pack on first use."""
    setting = db.session.get(CourseSetting, context_id)
    if setting is None:
        # Two first requests from a course can arrive together: the second one's insert
        # does nothing, and both read the same row.
        new = {"context_id": context_id, "pack_slug": _default_slug()}
        defaults = {"pass_marks": {}, "cpd_hours": {}, "updated_at": utc_now()}
        db.session.execute(
            upserts.insert(CourseSetting).values(**new, **defaults).on_conflict_do_nothing()
        )
        setting = db.session.get_one(CourseSetting, context_id)
    return setting


def worksheet_activity_slug(context_id: int, worksheet_kind: str) -> str | None:
    """Return the slug of the course's activity holding a worksheet kind, if it has one."""
    course = pathway(course_setting(context_id).pack_slug)
    return next(
        (a.slug for a in course.activities() if a.config.get("worksheet") == worksheet_kind), None
    )


def _default_slug() -> str:
    if packs.current_pack(packs.DEFAULT_PACK) is not None:
        return packs.DEFAULT_PACK
    first = db.session.scalar(
        select(ContentPack.slug).where(ContentPack.is_current.is_(True)).limit(1)
    )
    if first is None:
        raise NotFound(
            "No course content is installed yet.",
            hint="Ask your lti-qi administrator to run `lti-qi content load` "
            "(see docs/content-packs.md).",
        )
    return first


def _build_pathway(pack_slug: str) -> Pathway:
    pack = packs.current_pack(pack_slug)
    if pack is None:
        raise NotFound(f"The content pack {pack_slug!r} is not installed.")
    rows = db.session.execute(
        select(ContentItem.slug, ContentItem.id).where(ContentItem.pack_slug == pack_slug)
    )
    return pathway_from_manifest(
        pack.manifest, {slug: item_id for slug, item_id in rows}, pack_id=pack.id
    )


def _current_pathways() -> _Pathways:
    return local_copies.current("pathways", _Pathways)
