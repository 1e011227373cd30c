"""Expert mentors invited by link: a designer sends it, the expert confirms, and mentors.

A designer creates an invitation for their course; whoever opens the link within
``INVITE_DAYS`` days sees the course and who invited them, and on accepting becomes one of
the course's mentors (``mentoring.course_mentors``), whatever roles their own LMS gives them.
The designer is told in their inbox.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

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


def invite_details(token: str, *, now: datetime | None = None) -> InviteDetails:
    """Return the course an invitation is for and who sent it.

    Raises:
        NotFound: when the link is unknown or has expired.
    """
    invite = _live_invite(token, now)
    course = db.session.get_one(Context, invite.context_id)
    sender = db.session.get_one(User, invite.created_by)
    return InviteDetails(course.display_title, sender.display_name, invite.expires_at)


def accept_invite(token: str, user_id: int, *, now: datetime | None = None) -> Context:
    """Make the person a mentor in the invite's course; returns that course.

    Raises:
        NotFound: when the link is unknown or has expired.
    """
    invite = _live_invite(token, now)
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


def _live_invite(token: str, now: datetime | None) -> MentorInvite:
    invite = db.session.get(MentorInvite, token)
    if invite is None or invite.expires_at <= (now or utc_now()):
        raise NotFound(
            "This mentor invitation has expired or does not exist.",
            hint="Ask the course designer who sent it for a new link.",
        )
    return invite
