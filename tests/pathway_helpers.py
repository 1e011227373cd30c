"""Helpers that move a learner along the pathway straight in the database (inside an app context).

For tests that start part-way along (the team worksheet, the write-up): the earlier modules
are finished with ``cpd_helpers.finish_module``, a stage's activities with ``finish_stage``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.extensions import db
from lti_qi.models import Context, User, Worksheet
from lti_qi.models.base import utc_now
from lti_qi.services.base import projects
from lti_qi.services.content import pathways

from cpd_helpers import add_completed_progress, finish_module


def ids(person: str, course: str) -> tuple[int, int]:
    """Return the user id of ``person`` (a sandbox sub) and the id of ``course`` (its label)."""
    user = db.session.scalar(select(User.id).where(User.sub == person))
    context = db.session.scalar(select(Context.id).where(Context.label == course))
    assert user is not None, f"{person} has not launched lti-qi yet"
    assert context is not None, f"nobody has launched lti-qi from {course} yet"
    return user, context


def finish_stage(user_id: int, context_id: int, stage_slug: str) -> None:
    """Complete every activity of one stage (knowledge checks at 100%)."""
    course = pathways.pathway(pathways.course_setting(context_id).pack_slug)
    located = course.locate_stage(stage_slug)
    assert located is not None, stage_slug
    now = utc_now()
    add_completed_progress(user_id, context_id, located[1].activities, started=now, finished=now)
    db.session.commit()


def open_stage(learner: tuple[str, str], modules: tuple[str, ...], learn_stage: str) -> int:
    """Finish ``modules`` and then ``learn_stage`` for ``learner``; return their project's id."""
    user, context = ids(*learner)
    mentor, _ = ids("mentor-dan", learner[1])
    for module in modules:
        finish_module(user, context, module, mentor_id=mentor)
    finish_stage(user, context, learn_stage)
    return projects.project_for(user, context).id


def save_worksheet(project_id: int, kind: WorksheetKind, data: dict[str, Any]) -> None:
    """Save a worksheet of the project as a learner's Save draft would."""
    db.session.add(Worksheet(project_id=project_id, kind=kind, version=1, data=data))
    db.session.commit()
