"""SQL building blocks for class figures: a course's learners and their progress, grouped.

The class-progress and roster services compose these into a fixed handful of queries per
page, whatever the number of learners. A course's pathway (built once per pack version)
maps each activity to its module and stage; the queries group by that mapping, written as a
``CASE`` on the activity id, so no per-learner query and no join to content rows is needed.

A course's learners are its members holding the learner role: the roles JSON text contains
``"learner"`` (a ``LIKE`` that reads the same on SQLite and PostgreSQL). Everyone else's
progress (a designer who tried the pathway) is left out of every figure.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, String, Subquery, case, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from lti_qi.domain.pathway import Pathway
from lti_qi.domain.progress import DONE, SignoffStatus
from lti_qi.models import ActivityProgress, Membership, ProjectMember, StageSignoff

LEARNER_ROLE_PATTERN = '%"learner"%'


def learner_ids(context_id: int) -> Select[tuple[int]]:
    """Return a query of the ids of the course's members who hold the learner role."""
    return select(Membership.user_id).where(
        Membership.context_id == context_id,
        cast(Membership.roles, String).like(LEARNER_ROLE_PATTERN),
    )


def learner_totals(context_id: int, pathway: Pathway) -> Subquery:
    """Return a subquery of each learner's done count and last activity time in the pathway.

    Columns: ``user_id``, ``done`` (activities submitted or complete), ``last_active``. Only
    learners with at least one progress row appear: join it outer to keep the others.
    """
    return (
        select(
            ActivityProgress.user_id,
            func.sum(done_flag()).label("done"),
            func.max(ActivityProgress.updated_at).label("last_active"),
        )
        .where(
            ActivityProgress.context_id == context_id,
            ActivityProgress.item_id.in_(activity_ids(pathway)),
        )
        .group_by(ActivityProgress.user_id)
        .subquery()
    )


def is_stuck(
    context_id: int,
    pathway: Pathway,
    user_id: ColumnElement[int],
    totals: Subquery,
    *,
    stuck_after_days: int,
    now: datetime,
) -> ColumnElement[bool]:
    """Return the condition: started, not done, and idle too long or sent back for changes."""
    cutoff = now - timedelta(days=stuck_after_days)
    idle = totals.c.last_active < cutoff
    sent_back = user_id.in_(changes_requested(context_id, pathway))
    return (totals.c.done < activity_count(pathway)) & (idle | sent_back)


def changes_requested(context_id: int, pathway: Pathway) -> Select[tuple[int]]:
    """Return a query of the learners whose project has a stage sent back for changes."""
    return (
        select(ProjectMember.user_id)
        .join(StageSignoff, StageSignoff.project_id == ProjectMember.project_id)
        .where(
            ProjectMember.context_id == context_id,
            StageSignoff.status == SignoffStatus.CHANGES_REQUESTED,
            StageSignoff.item_id.in_(stage_ids(pathway)),
        )
    )


def done_flag() -> ColumnElement[int]:
    """Return 1 for a progress row whose activity is done (submitted or complete), else 0."""
    return case((ActivityProgress.status.in_(sorted(DONE)), 1), else_=0)


def position_case(pathway: Pathway, *, by_stage: bool) -> ColumnElement[int]:
    """Return a ``CASE`` giving a progress row its module's (or stage's) pathway position."""
    positions: dict[int, int] = {}
    stage_number = 0
    for module_number, module in enumerate(pathway.modules):
        for stage in module.stages:
            for activity in stage.activities:
                positions[activity.id] = stage_number if by_stage else module_number
            stage_number += 1
    return case(positions, value=ActivityProgress.item_id)


def activity_ids(pathway: Pathway) -> list[int]:
    """Return the ids of every activity of the pathway."""
    return [activity.id for activity in pathway.activities()]


def stage_ids(pathway: Pathway) -> list[int]:
    """Return the ids of every stage of the pathway."""
    return [stage.id for module in pathway.modules for stage in module.stages]


def activity_count(pathway: Pathway) -> int:
    """Return how many activities the pathway has (at least 1, to divide by)."""
    return max(1, sum(1 for _ in pathway.activities()))
