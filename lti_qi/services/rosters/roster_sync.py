"""Course rosters from the LMS (LTI Names and Role Provisioning Services 2.0).

Designers and mentors need everyone in the course, not only those who have launched lti-qi:
learners who never opened it appear in class progress as not started, and can be put in
teams and given mentors. A launch stores the course's ``context_memberships_url``; a sync
reads every page of members (``lti.nrps``), with the resource-link filter (``rlid``) for a
course lti-qi made for one link, and upserts people and memberships in batches. People the
roster no longer lists, or lists as inactive, become inactive in the course; people who
launched but are not in the roster (test students, say) are left alone.

Syncs run on demand (a designer's button) and in the background (``lti-qi worker``: each
course at most every ``roster_refresh_hours``). Several workers never sync one course at
once: a sync starts by claiming the course with a guarded update. An LMS without NRPS
(no memberships URL) is simply never synced: lti-qi works from launched users alone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests
from sqlalchemy import func, or_, select, update

from lti_qi.errors import InvalidInput
from lti_qi.extensions import db
from lti_qi.lti import flow, nrps, registrations, roles
from lti_qi.lti.connector import ServiceError, service_connector
from lti_qi.models import Context, Membership, ResourceLink, User
from lti_qi.models.base import utc_now
from lti_qi.services.base import upserts

logger = logging.getLogger(__name__)

BATCH = 500
# Why a sync can fail and be retried later; anything else is a bug.
SYNC_ERRORS = (InvalidInput, ServiceError, requests.RequestException)


@dataclass(frozen=True)
class RosterSync:
    """What one sync did."""

    members: int
    pages: int
    deactivated: int


def claim_due_course(*, refresh: timedelta, now: datetime) -> int | None:
    """Claim one course whose roster is older than ``refresh`` (a worker job); its id or None."""
    due = (
        select(Context.id)
        .where(Context.memberships_url.is_not(None))
        .where(or_(Context.roster_synced_at.is_(None), Context.roster_synced_at < now - refresh))
        .order_by(Context.roster_synced_at.is_not(None), Context.roster_synced_at, Context.id)
        .limit(1)
    )
    context_id = db.session.scalar(due)
    if context_id is None or not _claim(context_id, now, refresh):
        return None
    return context_id


def request_sync(context_id: int) -> None:
    """Make the course due for a sync now (the worker picks it up within seconds)."""
    db.session.execute(
        update(Context).where(Context.id == context_id).values(roster_synced_at=None)
    )


def sync_roster(
    context_id: int, *, now: datetime | None = None, http: requests.Session | None = None
) -> RosterSync:
    """Read the course's whole roster from its LMS and store it.

    Raises:
        InvalidInput: when the LMS offers no roster for this course or its registration is
            gone or disabled.
        ServiceError: when the LMS refuses (the response says why).
    """
    now = now or utc_now()
    course = db.session.get_one(Context, context_id)
    members = pages = 0
    for page in _member_pages(course, http):
        pages += 1
        members += _store(course, page, now)
    deactivated = _deactivate_missing(course.id, now)
    course.roster_synced_at, course.roster_error = now, None
    logger.info("roster of course %s: %d members, %d pages", course.id, members, pages)
    return RosterSync(members, pages, deactivated)


def _member_pages(course: Context, http: requests.Session | None) -> Iterator[list[dict[str, Any]]]:
    record = registrations.find_by_id(course.platform_id or 0)
    if not course.memberships_url:
        raise InvalidInput("This LMS offers no course roster (Names and Role Provisioning).")
    if record is None or not record.is_active:
        raise InvalidInput("The LMS registration for this course is missing or disabled.")
    # A link of this course through this registration: Open edX's token URL names one.
    link_id = db.session.scalar(
        select(ResourceLink.lti_resource_link_id)
        .where(ResourceLink.context_id == course.id, ResourceLink.platform_id == record.id)
        .order_by(ResourceLink.id)
        .limit(1)
    )
    connector = service_connector(
        record,
        http or flow.runtime().http,
        deployment_id=course.deployment_id,
        resource_link_id=link_id,
    )
    rlid = link_id if course.is_synthetic else None
    return nrps.member_pages(connector, course.memberships_url, resource_link_id=rlid)


def _store(course: Context, members: list[dict[str, Any]], now: datetime) -> int:
    for batch in _batches(members, BATCH):
        user_ids = _upsert_users(course.issuer, batch)
        _upsert_memberships(course.id, batch, user_ids, now)
    return len(members)


def _upsert_users(issuer: str, members: list[dict[str, Any]]) -> dict[str, int]:
    """Insert new people; fill in names and emails the roster shares (never blank them)."""
    rows = {str(member["user_id"]): _person(issuer, member) for member in members}
    statement = upserts.insert(User).values(list(rows.values()))
    shared = ("name", "given_name", "family_name", "email")
    statement = statement.on_conflict_do_update(
        index_elements=["issuer", "sub"],
        set_={
            column: func.coalesce(statement.excluded[column], getattr(User, column))
            for column in shared
        },
    )
    db.session.execute(statement)
    found = db.session.execute(
        select(User.sub, User.id).where(User.issuer == issuer, User.sub.in_(list(rows)))
    )
    return {sub: user_id for sub, user_id in found}


def _upsert_memberships(
    context_id: int, members: list[dict[str, Any]], user_ids: Mapping[str, int], now: datetime
) -> None:
    rows = []
    for member in members:
        lti_roles = [role for role in member.get("roles") or [] if isinstance(role, str)]
        rows.append(
            {
                "user_id": user_ids[str(member["user_id"])],
                "context_id": context_id,
                "roles": sorted(roles.map_roles(lti_roles)),
                "lti_roles": lti_roles,
                "is_active": member.get("status", "Active") == "Active",
                "roster_seen_at": now,
                "last_launch_at": None,
                "created_at": now,
            }
        )
    statement = upserts.insert(Membership).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["user_id", "context_id"],
        set_={
            name: statement.excluded[name]
            for name in ("roles", "lti_roles", "is_active", "roster_seen_at")
        },
    )
    db.session.execute(statement)


def _deactivate_missing(context_id: int, now: datetime) -> int:
    """People an earlier roster listed and this one does not have left the course."""
    result = db.session.execute(
        update(Membership)
        .where(
            Membership.context_id == context_id,
            Membership.roster_seen_at.is_not(None),
            Membership.roster_seen_at < now,
            Membership.is_active.is_(True),
        )
        .values(is_active=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _claim(context_id: int, now: datetime, refresh: timedelta) -> bool:
    claimed = db.session.execute(
        update(Context)
        .where(Context.id == context_id)
        .where(or_(Context.roster_synced_at.is_(None), Context.roster_synced_at < now - refresh))
        .values(roster_synced_at=now)
    )
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def record_failure(context_id: int, error: Exception) -> None:
    """Keep why a course's roster could not be read (a worker job of its own)."""
    status = getattr(getattr(error, "response", None), "status_code", None)
    detail = f"HTTP {status} from the LMS" if status else f"{type(error).__name__}: {error}"
    logger.warning("roster sync of course %s failed: %s", context_id, detail)
    db.session.execute(
        update(Context).where(Context.id == context_id).values(roster_error=detail[:500])
    )


def _person(issuer: str, member: Mapping[str, Any]) -> dict[str, Any]:
    def text(key: str) -> str | None:
        value = member.get(key)
        return str(value)[:300] if isinstance(value, str) and value.strip() else None

    return {
        "issuer": issuer,
        "sub": str(member["user_id"]),
        "name": text("name"),
        "given_name": text("given_name"),
        "family_name": text("family_name"),
        "email": text("email"),
        "last_launch_at": None,
    }


def _batches(items: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class RosterStatus:
    """Where a course's roster comes from, for its designers."""

    is_available: bool
    synced_at: datetime | None
    error: str | None


def roster_status(context_id: int) -> RosterStatus:
    """Say whether the course's LMS offers a roster, when it was last read, and any failure."""
    course = db.session.get_one(Context, context_id)
    return RosterStatus(bool(course.memberships_url), course.roster_synced_at, course.roster_error)
