"""Tell people what needs them: an in-tool inbox, and optionally email.

``notify`` adds to the caller's unit of work (it does not commit), so a notification exists
exactly when the action that caused it does. Email is queued in the same transaction and sent
later by the outbox dispatcher (``lti_qi.services.email_outbox``), so a slow or broken mail
server never holds up a review or a submission.
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from lti_qi.extensions import db
from lti_qi.models import EmailMessage, Notification, User
from lti_qi.models.base import utc_now
from lti_qi.settings import get_settings

INBOX_PAGE = 50


def notify(
    user_id: int, text: str, link: str | None = None, *, email_subject: str | None = None
) -> None:
    """Queue an inbox message (and an email, when email is on and the person shared one)."""
    db.session.add(Notification(user_id=user_id, text=text[:500], link=link))
    if email_subject and get_settings().smtp_host:
        address = db.session.scalar(select(User.email).where(User.id == user_id))
        if address:
            body = f"{text}\n\nOpen lti-qi from your course to see it." + (
                f"\n{link}" if link else ""
            )
            db.session.add(EmailMessage(to_address=address, subject=email_subject[:300], body=body))


def unread_count(user_id: int) -> int:
    """Return how many inbox messages the person has not read."""
    query = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
    return int(db.session.scalar(query) or 0)


def inbox(user_id: int, *, page: int = 1) -> list[Notification]:
    """Return the person's messages, newest first."""
    query = (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset((max(page, 1) - 1) * INBOX_PAGE)
        .limit(INBOX_PAGE)
    )
    return list(db.session.scalars(query))


def mark_all_read(user_id: int) -> None:
    """Mark every message of the person as read."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utc_now())
    )
    db.session.commit()
