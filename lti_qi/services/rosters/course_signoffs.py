"""Stages waiting for sign-off in a course, for its designers' overview.

Designers decide on the review page every reviewer uses (``reviews.decide``: the rubric,
the thread, one decision per submission, and never on their own project); this module lists
what is waiting in the course, with each project's current mentor where it has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from lti_qi.domain.course import Module, SignoffStatus, Stage
from lti_qi.extensions import db
from lti_qi.models import Project, ProjectMember, StageSignoff, User
from lti_qi.services.content import course_settings
from lti_qi.services.rosters import class_queries

PENDING_LIMIT = 200


@dataclass(frozen=True)
class PendingSignoff:
    """A stage a project submitted, waiting for a decision."""

    project_id: int
    project_title: str
    module: Module
    stage: Stage
    submitted_by: str
    submitted_at: datetime | None


def pending_signoffs(context_id: int, *, limit: int = PENDING_LIMIT) -> list[PendingSignoff]:
    """Return the course's submitted stages not yet decided, oldest first (one query)."""
    pathway = course_settings.pathway(context_id)
    query = (
        select(StageSignoff, Project, User)
        .join(Project, Project.id == StageSignoff.project_id)
        .outerjoin(User, User.id == StageSignoff.submitted_by)
        .where(
            StageSignoff.status == SignoffStatus.SUBMITTED,
            StageSignoff.item_id.in_(class_queries.stage_ids(pathway)),
            Project.id.in_(_course_projects(context_id)),
        )
        .order_by(StageSignoff.submitted_at, StageSignoff.id)
        .limit(limit)
    )
    stages = {stage.id: (module, stage) for module in pathway.modules for stage in module.stages}
    return [
        PendingSignoff(
            project_id=project.id,
            project_title=project.title,
            module=stages[signoff.item_id][0],
            stage=stages[signoff.item_id][1],
            submitted_by=user.display_name if user else "",
            submitted_at=signoff.submitted_at,
        )
        for signoff, project, user in db.session.execute(query)
    ]


def _course_projects(context_id: int) -> Select[int]:
    """Projects with at least one member working from this course."""
    return select(ProjectMember.project_id).where(ProjectMember.context_id == context_id)
