"""Who may see a project in the community space, talk in its discussion, and what they write.

A project exists for people in its home course, for its members in the course they work on
it from, and for its reviewers (its mentor, or a designer of its home course); for anyone
else it is not found. Its discussion is for its team and its reviewers only.
"""

from __future__ import annotations

from sqlalchemy import select

from lti_qi.errors import Forbidden, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import Project, ProjectMember
from lti_qi.services.base.actors import Actor
from lti_qi.services.mentoring import mentor_assignments


def visible_project(actor: Actor, project_id: int, *, to_discuss: bool = False) -> Project:
    """Return a project the person may see (and, ``to_discuss``, talk in), or refuse.

    Raises:
        NotFound: when the project is not visible to the person.
        Forbidden: when ``to_discuss`` and the person is neither on its team nor a reviewer.
    """
    project = db.session.get(Project, project_id)
    is_member = project is not None and own_project_id(actor) == project.id
    is_reviewer = project is not None and mentor_assignments.is_reviewer_of(actor, project)
    if project is None or not (project.context_id == actor.context_id or is_member or is_reviewer):
        raise NotFound(
            "That project is not part of your course.",
            hint="Open Community to see the projects of the course you launched from.",
        )
    if to_discuss and not (is_member or is_reviewer):
        raise Forbidden(
            "Only the project's team and its mentor can read and write in its discussion.",
            hint="Ask to join the team from the project's community page.",
        )
    return project


def own_project_id(actor: Actor) -> int | None:
    """Return the id of the project the person works on in this course, if any."""
    query = select(ProjectMember.project_id).where(
        ProjectMember.user_id == actor.user_id, ProjectMember.context_id == actor.context_id
    )
    return db.session.scalar(query)


def checked_text(text: str, limit: int, *, required: bool) -> str:
    """Return a message's text without surrounding space.

    Raises:
        InvalidInput: when it is ``required`` but empty, or longer than ``limit``.
    """
    text = text.strip()
    if required and not text:
        raise InvalidInput("Write a message first.")
    if len(text) > limit:
        raise InvalidInput(f"Keep it under {limit:,} characters (this has {len(text):,}).")
    return text
