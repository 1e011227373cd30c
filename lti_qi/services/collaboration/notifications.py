"""Tell people what needs them: an in-tool inbox, and optionally email.

``notify`` adds to the caller's unit of work (it does not commit), so a notification exists
exactly when the action that caused it does. Email is queued in the same transaction and sent
later by the outbox dispatcher (``email_outbox`` beside this module), so a slow or broken
mail server never holds up a review or a submission.

A notification's ``link`` is a path under the launch (``/s/<launch>/``), such as
``community/projects/12``: the inbox puts it after the launch the person is using, so it
works from any course they open lti-qi from. An email cannot know that launch, so emails
carry no link: they say to open lti-qi from the course instead.
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from lti_qi import after_commit
from lti_qi.domain.course import Stage
from lti_qi.extensions import cache, db
from lti_qi.models import EmailMessage, Notification, Project, User
from lti_qi.models.base import utc_now
from lti_qi.services.content import course_settings
from lti_qi.settings import get_settings

INBOX_PAGE = 50
EMAIL_FOOTER = "Open lti-qi from your course to see it."
TEAMS_LINK = "mentoring/teams"
ASSIGNMENTS_LINK = "mentoring/assignments"
# Every page shows the unread count, so it is cached; a new message or reading them clears
# it once committed, and the lifetime bounds a count cached by a read that raced a change.
UNREAD_CACHE_SECONDS = 120


def notify(
    user_id: int, text: str, link: str | None = None, *, email_subject: str | None = None
) -> None:
    """Queue an inbox message (and an email, when email is on and the person shared one).

    Args:
        user_id: who is told.
        text: one sentence saying what happened (never clinical or personal free text).
        link: the page it is about, as a path under the launch (see the module docstring).
        email_subject: also email it, with this subject; the email leaves the link out.
    """
    db.session.add(Notification(user_id=user_id, text=text[:500], link=link))
    _recount_after_commit(user_id)
    if email_subject and get_settings().smtp_host:
        address = db.session.scalar(select(User.email).where(User.id == user_id))
        if address:
            body = f"{text}\n\n{EMAIL_FOOTER}"
            db.session.add(EmailMessage(to_address=address, subject=email_subject[:300], body=body))


def project_link(project_id: int) -> str:
    """Return the inbox link to a project's community page."""
    return f"community/projects/{project_id}"


def stage_review_link(project_id: int, stage_slug: str) -> str:
    """Return the inbox link to a stage's work and review thread."""
    return f"mentoring/projects/{project_id}/stages/{stage_slug}"


def module_stage(project: Project, stage: Stage) -> str:
    """Name a stage with its module (stage titles such as "Apply" repeat in every module)."""
    located = course_settings.pathway(project.context_id).locate_stage(stage.slug)
    return f"“{stage.title}” in “{located[0].title}”" if located else f"“{stage.title}”"


def stage_name(project: Project, stage: Stage) -> str:
    """Name a stage with its module and project: “Apply” in “Aims” (project “Falls”)."""
    return f"{module_stage(project, stage)} (project “{project.title}”)"


def unread_count(user_id: int) -> int:
    """Return how many inbox messages the person has not read."""
    cached = cache.get(_unread_key(user_id))
    if cached is not None:
        return int(cached)
    query = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
    count = int(db.session.scalar(query) or 0)
    cache.set(_unread_key(user_id), count, timeout=UNREAD_CACHE_SECONDS)
    return count


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
    _recount_after_commit(user_id)


def _recount_after_commit(user_id: int) -> None:
    after_commit.call(("unread", user_id), lambda: cache.delete(_unread_key(user_id)))


def _unread_key(user_id: int) -> str:
    return f"unread:{user_id}"
