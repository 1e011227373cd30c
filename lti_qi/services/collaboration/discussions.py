"""A project's discussion: messages between its team and its reviewers.

The team, its mentor and the designers of its home course read and write in it (see
``community_access``); everyone else is refused. Each message tells the rest of the team and
the mentor, in the same unit of work (the request commits it once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import DiscussionMessage, User
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor
from lti_qi.services.collaboration import community_access, notifications
from lti_qi.services.mentoring import mentor_assignments

DISCUSSION_LIMIT = 200
MESSAGE_LENGTH = 10_000


@dataclass(frozen=True)
class Post:
    """A message in a project's discussion, or a request to join it."""

    post_id: int
    author: str
    body: str
    created_at: datetime
    is_mine: bool


def post_message(actor: Actor, project_id: int, body: str) -> DiscussionMessage:
    """Add a message to a project's discussion and tell the rest of the team and the mentor.

    Raises:
        NotFound: when the project is not visible to the person.
        Forbidden: when the person is neither on its team nor one of its reviewers.
        InvalidInput: when the message is empty or too long.
    """
    project = community_access.visible_project(actor, project_id, to_discuss=True)
    text = community_access.checked_text(body, MESSAGE_LENGTH, required=True)
    message = DiscussionMessage(project_id=project.id, author_id=actor.user_id, body=text)
    db.session.add(message)
    mentor_id = mentor_assignments.current_mentor_id(project.id)
    audience = {user_id for user_id, _ in projects.member_user_ids(project.id)}
    audience |= {mentor_id} if mentor_id is not None else set()
    note = f"{actor.display_name} wrote in the discussion of “{project.title}”."
    link, subject = notifications.project_link(project.id), f"New message: {project.title}"
    for user_id in sorted(audience - {actor.user_id}):
        notifications.notify(user_id, note, link, email_subject=subject)
    db.session.flush()
    return message


def posts(actor: Actor, project_id: int) -> list[Post]:
    """Return a project's latest messages, oldest first, for a person already allowed in."""
    rows = db.session.execute(
        select(DiscussionMessage, User)
        .join(User, User.id == DiscussionMessage.author_id)
        .where(DiscussionMessage.project_id == project_id)
        .order_by(DiscussionMessage.created_at.desc(), DiscussionMessage.id.desc())
        .limit(DISCUSSION_LIMIT)
    ).all()
    return [
        Post(
            message.id,
            user.display_name,
            message.body,
            message.created_at,
            user.id == actor.user_id,
        )
        for message, user in reversed(rows)
    ]
