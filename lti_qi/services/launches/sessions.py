"""Record what a valid launch tells lti-qi, and resolve the session it opens.

A launch's user, course, link and membership are kept in lti-qi's own tables, upserted in
one transaction (one statement each, safe when two tabs launch at once). A cohort launches
the same course again and again, so the upserts are skipped when nothing they would write
has changed within the hour: a digest of the identity is kept in the shared cache.

The session a launch opens lives in the shared cache for ``session_lifetime_hours``, so
every worker and machine can serve it and a page view costs one cache read, not a query.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from lti_qi.domain.course import Role
from lti_qi.errors import Forbidden
from lti_qi.extensions import cache, db
from lti_qi.lti.launch import Launch
from lti_qi.models import Context, LinkLaunch, Membership, ResourceLink, User
from lti_qi.models.base import Base, utc_now
from lti_qi.services.base import upserts
from lti_qi.services.base.actors import Actor

SESSION_PREFIX = "launch-session:"
IDENTITY_PREFIX = "launch-identity:"
IDENTITY_TTL_SECONDS = 3600


@dataclass(frozen=True)
class _Identity:
    user_id: int
    context_id: int
    resource_link_id: int | None


def record_launch(launch: Launch, *, lifetime_hours: int, now: datetime | None = None) -> Actor:
    """Store the launch's user, course, link and membership; open a session; return its actor.

    The session's token is ``actor.token``.
    """
    now = now or utc_now()
    identity = _store_identity(launch, now)
    token = secrets.token_urlsafe(24)
    actor = Actor(
        token=token,
        user_id=identity.user_id,
        display_name=_display_name(launch, identity.user_id),
        context_id=identity.context_id,
        context_title=launch.context_title or launch.context_label or "This course",
        resource_link_id=identity.resource_link_id,
        platform_id=launch.platform_id,
        deployment_id=launch.deployment_id,
        roles=launch.roles,
        message_type=launch.message_type,
        return_url=launch.return_url,
        deep_linking_settings=dict(launch.deep_linking_settings or {}) or None,
        administers_organisation=launch.administers_organisation,
    )
    cache.set(SESSION_PREFIX + token, _serialise(actor), timeout=lifetime_hours * 3600)
    return actor


def resolve_session(token: str) -> Actor:
    """Return the actor of a launch session.

    Raises:
        Forbidden: when the session does not exist or has expired.
    """
    stored = cache.get(SESSION_PREFIX + token)
    if stored is None:
        raise Forbidden(
            "Your lti-qi session has expired.",
            hint="Go back to your course and open lti-qi again from there.",
        )
    return _deserialise(stored)


def person_of_sessions(tokens: list[str]) -> User:
    """Return the person of the newest of ``tokens`` that is still a live launch session.

    Raises:
        Forbidden: when none is (this browser has not launched lti-qi, or long ago).
    """
    for token in reversed(tokens):
        try:
            actor = resolve_session(token)
        except Forbidden:
            continue
        return db.session.get_one(User, actor.user_id)
    raise Forbidden(
        "lti-qi does not know who you are yet.",
        hint="Open lti-qi once from any course in your own LMS, then open the invitation "
        "link again in the same browser.",
    )


def end_session(token: str) -> None:
    """Forget a launch session."""
    cache.delete(SESSION_PREFIX + token)


def _store_identity(launch: Launch, now: datetime) -> _Identity:
    digest = _identity_digest(launch, now)
    key = IDENTITY_PREFIX + hashlib.sha256(_identity_key(launch).encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None and cached["digest"] == digest:
        return _Identity(**cached["ids"])
    identity = _upsert_identity(launch, now)
    cache.set(key, {"digest": digest, "ids": asdict(identity)}, timeout=IDENTITY_TTL_SECONDS)
    return identity


def _upsert_identity(launch: Launch, now: datetime) -> _Identity:
    user_id = _upsert_user(launch, now)
    context_id = _upsert_context(launch)
    link_id = _upsert_resource_link(launch, context_id) if launch.resource_link_id else None
    if link_id is not None:
        _upsert(
            LinkLaunch, {"user_id": user_id, "resource_link_id": link_id}, {"last_launch_at": now}
        )
    membership = {"roles": sorted(launch.roles), "lti_roles": list(launch.lti_roles)}
    _upsert(
        Membership,
        {"user_id": user_id, "context_id": context_id},
        {**membership, "last_launch_at": now, "is_active": True},
    )
    db.session.flush()
    return _Identity(user_id, context_id, link_id)


def _identity_key(launch: Launch) -> str:
    return "\n".join(
        (
            launch.issuer,
            launch.sub,
            launch.deployment_id,
            launch.context_id or "",
            launch.resource_link_id or "",
        )
    )


def _identity_digest(launch: Launch, now: datetime) -> str:
    """Digest of everything the upserts write, plus the hour (so last-launch times stay fresh)."""
    fields = (
        launch.name,
        launch.given_name,
        launch.family_name,
        launch.email,
        launch.context_label,
        launch.context_title,
        launch.memberships_url,
        launch.resource_link_title,
        launch.platform_id,
        sorted(launch.custom.items()),
        launch.ags,
        sorted(launch.roles),
        launch.lti_roles,
        now.strftime("%Y%m%d%H"),
    )
    return hashlib.sha256(repr(fields).encode()).hexdigest()


def _display_name(launch: Launch, user_id: int) -> str:
    full_name = " ".join(part for part in (launch.given_name, launch.family_name) if part)
    return launch.name or full_name or f"Participant {user_id}"


def _serialise(actor: Actor) -> str:
    return json.dumps({**asdict(actor), "roles": sorted(actor.roles)})


def _deserialise(stored: str) -> Actor:
    fields = json.loads(stored)
    return Actor(**{**fields, "roles": frozenset(Role(role) for role in fields["roles"])})


def _upsert_user(launch: Launch, now: datetime) -> int:
    shared = {
        "name": launch.name,
        "given_name": launch.given_name,
        "family_name": launch.family_name,
        "email": launch.email,
    }
    values = {key: value for key, value in shared.items() if value is not None}
    keys = {"issuer": launch.issuer, "sub": launch.sub}
    return _upsert(User, keys, {**values, "last_launch_at": now})


def _upsert_context(launch: Launch) -> int:
    """Upsert the course; a launch without one gets a course of its own link (or user)."""
    link = launch.resource_link_id
    synthetic_id = f"link:{link}" if link else f"user:{launch.sub}"
    keys = {
        "issuer": launch.issuer,
        "deployment_id": launch.deployment_id,
        "lti_context_id": launch.context_id or synthetic_id,
    }
    values: dict[str, Any] = {
        "platform_id": launch.platform_id,
        "is_synthetic": launch.context_id is None,
        "label": launch.context_label,
        "title": launch.context_title,
    }
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
    statement = upserts.insert(model).values(**keys, **values)
    statement = statement.on_conflict_do_update(index_elements=list(keys), set_=values)
    returning = statement.returning(model.id)  # type: ignore[attr-defined]
    return int(db.session.execute(returning).scalar_one())


def open_guest_session(
    user: User, context: Context, roles: frozenset[Role], *, lifetime_hours: int
) -> str:
    """Open a session for someone in a course they did not launch from (an invited mentor)."""
    token = secrets.token_urlsafe(24)
    actor = Actor(
        token=token,
        user_id=user.id,
        display_name=user.display_name,
        context_id=context.id,
        context_title=context.display_title,
        resource_link_id=None,
        platform_id=context.platform_id,
        deployment_id=context.deployment_id,
        roles=roles,
        message_type="GuestMentor",
    )
    cache.set(SESSION_PREFIX + token, _serialise(actor), timeout=lifetime_hours * 3600)
    return token
