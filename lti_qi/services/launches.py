"""Record what a valid launch tells lti-qi, and resolve the session it opens.

One launch is one unit of work: the user, the course, the link and the membership are
upserted (a single statement each, safe when two tabs launch at once) and a launch session
is opened, in one transaction. Later requests are authorised by that session only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from lti_qi.domain.roles import Role
from lti_qi.errors import Forbidden
from lti_qi.extensions import db
from lti_qi.lti.launch import Launch
from lti_qi.models import Context, LaunchSession, Membership, ResourceLink, User
from lti_qi.models.base import Base, utc_now


@dataclass(frozen=True)
class Actor:
    """The person using lti-qi in this request, in the course their launch opened."""

    token: str
    user_id: int
    display_name: str
    context_id: int
    context_title: str
    resource_link_id: int | None
    platform_id: int
    roles: frozenset[Role]
    message_type: str

    def has_role(self, *roles: Role) -> bool:
        """Whether the person holds any of ``roles`` in this course."""
        return any(role in self.roles for role in roles)


def record_launch(launch: Launch, *, lifetime_hours: int, now: datetime | None = None) -> str:
    """Store the launch's user, course, link and membership; open a session; return its token."""
    now = now or utc_now()
    user_id = _upsert_user(launch, now)
    context_id = _upsert_context(launch)
    link_id = _upsert_resource_link(launch, context_id) if launch.resource_link_id else None
    _upsert(
        Membership,
        {"user_id": user_id, "context_id": context_id},
        {"roles": sorted(launch.roles), "lti_roles": list(launch.lti_roles), "last_launch_at": now},
    )
    token = secrets.token_urlsafe(24)
    db.session.add(
        _launch_session(token, launch, user_id, context_id, link_id, now, lifetime_hours)
    )
    db.session.commit()
    return token


def resolve_session(token: str, *, now: datetime | None = None) -> Actor:
    """Return the actor of a launch session.

    Raises:
        Forbidden: when the session does not exist or has expired.
    """
    row = db.session.execute(
        select(LaunchSession, User, Context)
        .join(User, User.id == LaunchSession.user_id)
        .join(Context, Context.id == LaunchSession.context_id)
        .where(LaunchSession.token == token)
    ).one_or_none()
    if row is None or row[0].expires_at <= (now or utc_now()):
        raise Forbidden(
            "Your lti-qi session has expired.",
            hint="Go back to your course and open lti-qi again from there.",
        )
    session, user, context = row
    return Actor(
        token=session.token,
        user_id=user.id,
        display_name=user.display_name,
        context_id=context.id,
        context_title=context.display_title,
        resource_link_id=session.resource_link_id,
        platform_id=session.platform_id,
        roles=frozenset(Role(role) for role in session.roles),
        message_type=session.message_type,
    )


def purge_expired_sessions(*, now: datetime | None = None) -> int:
    """Delete expired launch sessions; returns how many were removed."""
    result = db.session.execute(
        delete(LaunchSession).where(LaunchSession.expires_at <= (now or utc_now()))
    )
    db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _launch_session(
    token: str,
    launch: Launch,
    user_id: int,
    context_id: int,
    link_id: int | None,
    now: datetime,
    lifetime_hours: int,
) -> LaunchSession:
    return LaunchSession(
        token=token,
        user_id=user_id,
        context_id=context_id,
        resource_link_id=link_id,
        platform_id=launch.platform_id,
        deployment_id=launch.deployment_id,
        message_type=launch.message_type,
        roles=sorted(launch.roles),
        return_url=launch.return_url,
        deep_linking_settings=dict(launch.deep_linking_settings or {}) or None,
        created_at=now,
        expires_at=now + timedelta(hours=lifetime_hours),
    )


def _upsert_user(launch: Launch, now: datetime) -> int:
    shared = {
        "name": launch.name,
        "given_name": launch.given_name,
        "family_name": launch.family_name,
        "email": launch.email,
    }
    values = {key: value for key, value in shared.items() if value is not None}
    return _upsert(
        User, {"issuer": launch.issuer, "sub": launch.sub}, {**values, "last_launch_at": now}
    )


def _upsert_context(launch: Launch) -> int:
    """Upsert the course; a launch without one gets a course of its own link (or user)."""
    synthetic_id = (
        f"link:{launch.resource_link_id}" if launch.resource_link_id else f"user:{launch.sub}"
    )
    keys = {
        "issuer": launch.issuer,
        "deployment_id": launch.deployment_id,
        "lti_context_id": launch.context_id or synthetic_id,
    }
    values: dict[str, Any] = {
        "platform_id": launch.platform_id,
        "is_synthetic": launch.context_id is None,
    }
    values |= {"label": launch.context_label, "title": launch.context_title}
    if launch.memberships_url:
        values["memberships_url"] = launch.memberships_url
    return _upsert(Context, keys, values)


def _upsert_resource_link(launch: Launch, context_id: int) -> int:
    values: dict[str, Any] = {
        "platform_id": launch.platform_id,
        "title": launch.resource_link_title,
        "custom": dict(launch.custom),
    }
    if launch.ags is not None:
        values |= {
            "ags_lineitems_url": launch.ags.lineitems_url,
            "ags_lineitem_url": launch.ags.lineitem_url,
            "ags_scopes": list(launch.ags.scopes),
        }
    keys = {"context_id": context_id, "lti_resource_link_id": launch.resource_link_id}
    return _upsert(ResourceLink, keys, values)


def _upsert(model: type[Base], keys: dict[str, Any], values: dict[str, Any]) -> int:
    """Insert or update one row by its unique key in one statement; return its id."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(**keys, **values)
    statement = statement.on_conflict_do_update(index_elements=list(keys), set_=values)
    return int(db.session.execute(statement.returning(model.id)).scalar_one())  # type: ignore[attr-defined]
