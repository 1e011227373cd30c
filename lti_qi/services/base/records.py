"""A learner's stored progress, read into the domain's ``LearnerRecord``.

Shared by every service that computes progress (learner pages, mentors' dashboards, grade
passback), so they all read progress the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select

from lti_qi.domain.course import ActivityStatus, LearnerRecord, SignoffStatus
from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, Project, ProjectMember, StageSignoff


def learner_record(user_id: int, context_id: int, project_id: int) -> LearnerRecord:
    """Read a learner's stored progress and their project's sign-offs."""
    signoffs = signoffs_by_project([project_id]).get(project_id, {})
    return record_from(_progress_rows(user_id, context_id), signoffs)


def project_and_record(user_id: int, context_id: int) -> tuple[Project, LearnerRecord] | None:
    """Read a person's project in a course with its sign-offs, and their progress.

    Two queries: the project comes with its sign-offs (a row for each stage that has one).
    Returns None when the person is on no project in the course.
    """
    rows = db.session.execute(
        select(Project, StageSignoff.item_id, StageSignoff.status)
        .join(ProjectMember, ProjectMember.project_id == Project.id)
        .outerjoin(StageSignoff, StageSignoff.project_id == Project.id)
        .where(ProjectMember.user_id == user_id, ProjectMember.context_id == context_id)
    ).all()
    if not rows:
        return None
    signoffs = {item: SignoffStatus(status) for _, item, status in rows if item is not None}
    return rows[0][0], record_from(_progress_rows(user_id, context_id), signoffs)


def signoffs_by_project(project_ids: Sequence[int]) -> dict[int, dict[int, SignoffStatus]]:
    """Return the sign-off state of every stage of several projects, by project."""
    query = select(StageSignoff.project_id, StageSignoff.item_id, StageSignoff.status).where(
        StageSignoff.project_id.in_(project_ids)
    )
    grouped: dict[int, dict[int, SignoffStatus]] = {}
    for project_id, item_id, status in db.session.execute(query):
        grouped.setdefault(project_id, {})[item_id] = SignoffStatus(status)
    return grouped


def _progress_rows(user_id: int, context_id: int) -> Sequence[ActivityProgress]:
    return db.session.scalars(
        select(ActivityProgress).where(
            ActivityProgress.user_id == user_id, ActivityProgress.context_id == context_id
        )
    ).all()


def record_from(
    rows: Sequence[ActivityProgress], signoffs: Mapping[int, SignoffStatus]
) -> LearnerRecord:
    """Build a learner record from their progress rows and their project's sign-offs."""
    latest = max(rows, key=lambda row: row.updated_at, default=None)
    return LearnerRecord(
        statuses={row.item_id: ActivityStatus(row.status) for row in rows},
        scores={row.item_id: row.score for row in rows if row.score is not None},
        signoffs=dict(signoffs),
        time_spent={row.item_id: row.time_spent_seconds for row in rows},
        last_activity_id=latest.item_id if latest else None,
        started_at={row.item_id: row.started_at for row in rows},
        completed_at={row.item_id: row.completed_at for row in rows if row.completed_at},
    )
