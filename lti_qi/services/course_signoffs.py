"""Stages waiting for sign-off in a course, and a designer's decision on them.

Until the mentoring feature gives every project a mentor, a course's designers sign off
stages (or ask for changes). The decision itself is ``learning.decide_stage``: it refuses
anyone who works on the project, so nobody signs off their own work. This module finds the
course's pending stages and makes sure a decision stays inside the course: the project must
have a member working from it, and the stage must belong to the pathway the course uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from lti_qi.domain.pathway import Module, Stage
from lti_qi.domain.progress import SignoffStatus
from lti_qi.errors import NotFound
from lti_qi.extensions import db
from lti_qi.models import Project, ProjectMember, StageSignoff, User
from lti_qi.services import class_queries, content, learning

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
    pathway = content.pathway(content.course_setting(context_id).pack_slug)
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


def decide_signoff(
    context_id: int, decider_id: int, project_id: int, stage_slug: str, *, approve: bool, note: str
) -> StageSignoff:
    """Sign off a course project's submitted stage, or ask for changes.

    Raises:
        NotFound: when the project has nobody in this course, or the stage is not in its
            pathway.
        Forbidden: when the decider works on the project (from ``learning.decide_stage``).
        InvalidInput: when the stage was not submitted, or changes are asked without a note.
    """
    member_here = _course_projects(context_id).where(ProjectMember.project_id == project_id)
    if db.session.scalar(member_here.limit(1)) is None:
        raise NotFound("That project has nobody in this course.")
    pathway = content.pathway(content.course_setting(context_id).pack_slug)
    located = pathway.locate_stage(stage_slug)
    if located is None:
        raise NotFound("That stage is not part of this course's pathway.")
    return learning.decide_stage(project_id, located[1], decider_id, approve=approve, note=note)


def _course_projects(context_id: int) -> Select[int]:
    """Projects with at least one member working from this course."""
    return select(ProjectMember.project_id).where(ProjectMember.context_id == context_id)
