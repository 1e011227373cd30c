"""Expert mentors invited by link: a designer sends it, the expert confirms, and mentors.

A designer creates an invitation for their course; whoever opens the link within
``INVITE_DAYS`` days sees the course and who invited them, and on accepting becomes one of
the course's mentors (``mentoring.course_mentors``), whatever roles their own LMS gives them.
The designer is told in their inbox. An invitation is for one expert: the first to accept it
claims it (they may open it again to come back to the course; for anyone else it no longer
exists), and the designer who sent it may revoke it while it waits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy import select, update

from lti_qi.errors import NotFound
from lti_qi.extensions import db
from lti_qi.models import Context, CourseMentor, MentorInvite, User
from lti_qi.models.base import utc_now
from lti_qi.services.base.actors import Actor
from lti_qi.services.collaboration import notifications

INVITE_DAYS = 30


def create_invite(actor: Actor) -> MentorInvite:
    """Create a link a designer can send to an expert to mentor in this course."""
    invite = MentorInvite(
        token=secrets.token_urlsafe(24),
        context_id=actor.context_id,
        created_by=actor.user_id,
        expires_at=utc_now() + timedelta(days=INVITE_DAYS),
    )
    db.session.add(invite)
    db.session.flush()
    return invite


@dataclass(frozen=True)
class InviteDetails:
    """What an invitation offers, for the page that asks the expert to accept it."""

    course_title: str
    invited_by: str
    expires_at: datetime


def open_invites(actor: Actor) -> list[MentorInvite]:
    """Return the invitations the designer sent for this course that nobody has used yet."""
    query = select(MentorInvite).where(
        MentorInvite.context_id == actor.context_id,
        MentorInvite.created_by == actor.user_id,
        MentorInvite.accepted_by.is_(None),
        MentorInvite.revoked_at.is_(None),
        MentorInvite.expires_at > utc_now(),
    )
    return list(db.session.scalars(query.order_by(MentorInvite.created_at)))


def revoke_invite(actor: Actor, token: str) -> None:
    """Stop an invitation the designer sent for this course from working.

    Raises:
        NotFound: when it is not an invitation this designer sent for this course.
    """
    invite = db.session.get(MentorInvite, token)
    if invite is None or (invite.context_id, invite.created_by) != (
        actor.context_id,
        actor.user_id,
    ):
        raise NotFound("You sent no such invitation in this course.")
    invite.revoked_at = invite.revoked_at or utc_now()
    db.session.flush()


def invite_details(token: str, user_id: int, *, now: datetime | None = None) -> InviteDetails:
    """Return the course an invitation is for and who sent it, as the person may use it.

    Raises:
        NotFound: when the link is unknown, expired, revoked, or someone else accepted it.
    """
    invite = _live_invite(token, user_id, now)
    course = db.session.get_one(Context, invite.context_id)
    sender = db.session.get_one(User, invite.created_by)
    return InviteDetails(course.display_title, sender.display_name, invite.expires_at)


def accept_invite(token: str, user_id: int, *, now: datetime | None = None) -> Context:
    """Make the person a mentor in the invite's course; returns that course.

    Raises:
        NotFound: when the link is unknown, expired, revoked, or someone else accepted it.
    """
    invite = _live_invite(token, user_id, now)
    _claim(invite, user_id)
    exists = select(CourseMentor.id).where(
        CourseMentor.context_id == invite.context_id, CourseMentor.user_id == user_id
    )
    if db.session.scalar(exists) is None:
        db.session.add(
            CourseMentor(
                context_id=invite.context_id, user_id=user_id, invited_by=invite.created_by
            )
        )
        notifications.notify(
            invite.created_by,
            "An expert accepted your mentor invitation.",
            notifications.ASSIGNMENTS_LINK,
        )
        db.session.flush()
    return db.session.get_one(Context, invite.context_id)


def _live_invite(token: str, user_id: int, now: datetime | None) -> MentorInvite:
    invite = db.session.get(MentorInvite, token)
    if (
        invite is None
        or invite.expires_at <= (now or utc_now())
        or invite.revoked_at is not None
        or invite.accepted_by not in (None, user_id)
    ):
        _refuse()
    return invite


def _claim(invite: MentorInvite, user_id: int) -> None:
    """Make the person the invitation's one expert; a guarded update, so one of two wins."""
    claimed = db.session.execute(
        update(MentorInvite)
        .where(MentorInvite.token == invite.token, MentorInvite.accepted_by.is_(None))
        .values(accepted_by=user_id)
    )
    db.session.refresh(invite)
    if claimed.rowcount == 0 and invite.accepted_by != user_id:  # type: ignore[attr-defined]
        _refuse()


def _refuse() -> NoReturn:
    raise NotFound(
        "This mentor invitation has expired, was withdrawn, was used by someone else, or does "
        "not exist.",
        hint="Ask the course designer who sent it for a new link.",
    )
