"""Queries behind class figures: a course's learners and their progress, aggregated in SQL.

The class-progress and roster services compose these into a fixed handful of queries per
page, whatever the number of learners. The costly work, reading every progress row of the
course, happens in two grouped queries: one per learner (done count, last activity) and one
per learner and stage, tallied per stage (the funnel). A course's pathway (built once per
pack version) maps each activity to its module and stage; queries group by that mapping,
written as a ``CASE`` on the activity id, so no per-learner query and no join to content
rows is needed.

A course's learners are its members holding the learner role. The few members without it
(designers, mentors, administrators: the *staff*) are read first, and every query leaves
them out by id. Filtering the other way (a ``LIKE`` on the roles JSON text in every query)
reads the same on SQLite and PostgreSQL but leaves PostgreSQL's planner guessing that a
course has one learner, and it then joins 2,000 learners by nested loops.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, case, cast, func, not_, select
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement

from lti_qi.domain.course import DONE, Pathway, SignoffStatus
from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, Membership, ProjectMember, StageSignoff, User
from lti_qi.services.content import course_settings, pathways

LEARNER_ROLE_PATTERN = '%"learner"%'


@dataclass(frozen=True)
class CourseScope:
    """A course, the pathway it uses, its pass marks, and its members who are not learners."""

    context_id: int
    pathway: Pathway
    pass_marks: dict[str, int]
    staff_ids: tuple[int, ...]

    def is_learner(self, user_id: QueryableAttribute[int]) -> ColumnElement[bool]:
        """Return the condition that a user id is not one of the course's staff."""
        return user_id.not_in(self.staff_ids)


@dataclass(frozen=True)
class LearnerTotal:
    """One learner's progress over the whole pathway."""

    user_id: int
    done: int
    last_active: datetime


def course_scope(context_id: int) -> CourseScope:
    """Read a course's pathway, pass marks and staff (two queries; the pathway is cached)."""
    setting = course_settings.current(context_id)
    staff = db.session.scalars(
        select(Membership.user_id).where(
            Membership.context_id == context_id,
            not_(cast(Membership.roles, String).like(LEARNER_ROLE_PATTERN)),
        )
    )
    return CourseScope(
        context_id, pathways.pathway_for(setting), dict(setting.pass_marks), tuple(staff)
    )


def learner_ids(scope: CourseScope) -> list[int]:
    """Return the ids of the course's learners (not those the roster says have left)."""
    query = select(Membership.user_id).where(
        Membership.context_id == scope.context_id,
        Membership.is_active.is_(True),
        scope.is_learner(Membership.user_id),
    )
    return list(db.session.scalars(query))


def learner_totals(scope: CourseScope) -> dict[int, LearnerTotal]:
    """Return each learner's done count and last activity time (one query grouped by learner).

    Learners without a progress row (not started) are absent.
    """
    query = (
        select(
            ActivityProgress.user_id,
            func.sum(done_flag()),
            func.max(ActivityProgress.updated_at),
        )
        .where(
            ActivityProgress.context_id == scope.context_id,
            ActivityProgress.item_id.in_(activity_ids(scope.pathway)),
            scope.is_learner(ActivityProgress.user_id),
        )
        .group_by(ActivityProgress.user_id)
    )
    return {
        user_id: LearnerTotal(user_id, int(done), last)
        for user_id, done, last in db.session.execute(query)
    }


def stage_done_tallies(scope: CourseScope) -> dict[int, dict[int, int]]:
    """Return, per stage position, how many learners have each number of its activities done.

    Grouping happens on a subquery's columns: PostgreSQL would not match a ``CASE`` with bound
    parameters in ``GROUP BY`` to the same ``CASE`` in the select list.
    """
    tagged = (
        select(
            ActivityProgress.user_id,
            position_case(scope.pathway, by_stage=True).label("stage"),
        )
        .where(
            ActivityProgress.context_id == scope.context_id,
            ActivityProgress.item_id.in_(activity_ids(scope.pathway)),
            ActivityProgress.status.in_(sorted(DONE)),
            scope.is_learner(ActivityProgress.user_id),
        )
        .subquery()
    )
    per_learner = (
        select(tagged.c.stage, func.count().label("done"))
        .group_by(tagged.c.user_id, tagged.c.stage)
        .subquery()
    )
    query = select(per_learner.c.stage, per_learner.c.done, func.count()).group_by(
        per_learner.c.stage, per_learner.c.done
    )
    tallies: dict[int, dict[int, int]] = {}
    for position, done, learners in db.session.execute(query):
        tallies.setdefault(position, {})[int(done)] = learners
    return tallies


def signoff_counts(scope: CourseScope) -> dict[tuple[int, SignoffStatus], int]:
    """Return how many of the course's learners have each stage in each sign-off state."""
    query = (
        select(StageSignoff.item_id, StageSignoff.status, func.count(ProjectMember.user_id))
        .join(ProjectMember, ProjectMember.project_id == StageSignoff.project_id)
        .where(
            ProjectMember.context_id == scope.context_id,
            scope.is_learner(ProjectMember.user_id),
            StageSignoff.item_id.in_(stage_ids(scope.pathway)),
        )
        .group_by(StageSignoff.item_id, StageSignoff.status)
    )
    return {
        (item_id, SignoffStatus(status)): learners
        for item_id, status, learners in db.session.execute(query)
    }


def changes_requested(scope: CourseScope) -> set[int]:
    """Return the learners whose project has a stage sent back for changes."""
    query = (
        select(ProjectMember.user_id)
        .join(StageSignoff, StageSignoff.project_id == ProjectMember.project_id)
        .where(
            ProjectMember.context_id == scope.context_id,
            StageSignoff.status == SignoffStatus.CHANGES_REQUESTED,
            StageSignoff.item_id.in_(stage_ids(scope.pathway)),
        )
    )
    return set(db.session.scalars(query))


def users_by_id(user_ids: Collection[int]) -> dict[int, User]:
    """Return these users by id (one query)."""
    if not user_ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(user_ids)))}


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
