"""Who administers what: one course, or every course of an organisation.

An administrator of a course (``Role.ADMINISTRATOR`` from ``membership#Administrator``, which
Open edX sends for every course instructor) sees and acts on that course only. The whole
organisation (``registry.organisation_ids``) is theirs only when the LMS named them an
institution or system Administrator (``Actor.administers_organisation``) or an operator
granted it (``lti-qi admins grant``; the grant is read on every request, so a revocation
takes effect at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, select, true

from lti_qi.errors import Forbidden, NotFound
from lti_qi.extensions import db
from lti_qi.models import Context, OrganisationAdministrator, Platform, ResourceLink, User
from lti_qi.services.base import upserts
from lti_qi.services.base.actors import Actor
from lti_qi.services.platforms import registry


@dataclass(frozen=True)
class AdminScope:
    """The courses an administrator sees: the organisation's, or one course among them."""

    platform_ids: frozenset[int]
    context_id: int | None = None  # None: every course of the organisation

    def covers_course(self) -> ColumnElement[bool]:
        """A condition on ``Context``: the course is one this administrator sees."""
        return Context.platform_id.in_(self.platform_ids) & self._course(Context.id)

    def covers_link(self) -> ColumnElement[bool]:
        """A condition on ``ResourceLink``: the link is in a course this administrator sees."""
        return ResourceLink.platform_id.in_(self.platform_ids) & self._course(
            ResourceLink.context_id
        )

    def _course(self, column: Any) -> ColumnElement[bool]:
        return true() if self.context_id is None else column == self.context_id


def scope_for(actor: Actor) -> AdminScope:
    """Return what an administrator sees from this launch.

    Raises:
        Forbidden: when the launch came from no known registration.
    """
    if actor.platform_id is None:
        raise Forbidden(
            "Administration needs a launch from a registered LMS.",
            hint="Open lti-qi from your LMS as an administrator.",
        )
    organisation = registry.organisation_ids(actor.platform_id)
    if administers_organisation(actor):
        return AdminScope(organisation)
    return AdminScope(organisation, actor.context_id)


def administers_organisation(actor: Actor) -> bool:
    """Whether this person administers every course of their organisation (role or grant)."""
    if actor.platform_id is None:
        return False
    if actor.administers_organisation:
        return True
    query = select(OrganisationAdministrator.id).where(
        OrganisationAdministrator.user_id == actor.user_id,
        OrganisationAdministrator.platform_id.in_(registry.organisation_ids(actor.platform_id)),
    )
    return db.session.scalar(query.limit(1)) is not None


def grant(platform_id: int, sub: str) -> User:
    """Make the person with ``sub`` at this platform an administrator of its organisation.

    Raises:
        NotFound: when the platform is unknown or the person has never launched from it.
    """
    user = _person(platform_id, sub)
    key = {"platform_id": platform_id, "user_id": user.id}
    upserts.row_for(OrganisationAdministrator, key, {})
    return user


def revoke(platform_id: int, sub: str) -> bool:
    """Withdraw a grant; whether there was one."""
    user = _person(platform_id, sub)
    removed = db.session.execute(
        delete(OrganisationAdministrator).where(
            OrganisationAdministrator.platform_id == platform_id,
            OrganisationAdministrator.user_id == user.id,
        )
    )
    return bool(removed.rowcount)  # type: ignore[attr-defined]


def grants() -> list[tuple[Platform, User]]:
    """Every grant, by platform then person."""
    query = (
        select(Platform, User)
        .join(OrganisationAdministrator, OrganisationAdministrator.platform_id == Platform.id)
        .join(User, User.id == OrganisationAdministrator.user_id)
        .order_by(Platform.id, User.sub)
    )
    return [(platform, user) for platform, user in db.session.execute(query)]


def _person(platform_id: int, sub: str) -> User:
    platform = db.session.get(Platform, platform_id)
    if platform is None:
        raise NotFound(f"There is no platform {platform_id}.", hint="See `lti-qi platform list`.")
    user = db.session.scalar(select(User).where(User.issuer == platform.issuer, User.sub == sub))
    if user is None:
        raise NotFound(
            f"Nobody with LMS id {sub!r} has launched lti-qi from platform {platform_id}.",
            hint="They open lti-qi once from their LMS; then grant again.",
        )
    return user
