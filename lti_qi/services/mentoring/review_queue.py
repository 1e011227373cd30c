"""The review queue: the submitted stages a reviewer decides, oldest first, with filters.

A mentor's queue holds the stages of the projects they mentor (in any course) and, in the
course they launched from, the unassigned projects' (the pool, which mentors may claim when
the course allows it); a designer's holds every project's of their course. Each stage shows
how long it has waited against the course's review time, and the queue narrows by course,
team, stage and days waiting; each names the team's members and the project's aim, so a
reviewer can tell one "My QI project" from another. Two queries build it, whatever its length.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.orm import aliased

from lti_qi.domain.course import Module, Role, SignoffStatus, Stage
from lti_qi.domain.worksheets import AimParts, WorksheetKind, compose_aim
from lti_qi.extensions import db
from lti_qi.models import (
    Context,
    CourseSetting,
    MentorAssignment,
    Project,
    ProjectMember,
    StageSignoff,
    User,
    Worksheet,
)
from lti_qi.models.base import utc_now
from lti_qi.services.base.actors import Actor
from lti_qi.services.content import pathways

K = TypeVar("K", int, str)


@dataclass(frozen=True)
class QueueItem:
    """A submitted stage waiting for a decision."""

    project_id: int
    project_title: str
    course_id: int
    course_title: str
    module: Module
    stage: Stage
    submitted_at: datetime
    days_waiting: int
    sla_days: int
    is_overdue: bool
    is_pool: bool
    members: tuple[str, ...] = ()
    aim: str = ""


@dataclass(frozen=True)
class QueueFilters:
    """What a reviewer narrowed the queue to; ``None`` (or 0 days) keeps everything."""

    course_id: int | None = None
    project_id: int | None = None
    stage_slug: str | None = None
    min_days: int = 0


@dataclass(frozen=True)
class ReviewQueue:
    """The stages a reviewer sees (filtered), and the choices the filters offer."""

    items: list[QueueItem]
    courses: list[tuple[int, str]]
    projects: list[tuple[int, str]]
    stages: list[tuple[str, str]]


def review_queue(
    actor: Actor, filters: QueueFilters | None = None, *, now: datetime | None = None
) -> ReviewQueue:
    """Return the submitted stages this person reviews, oldest first, with the course's pool.

    One query, whatever the queue's length: the stages of the projects they mentor (in any
    course), and in the course they launched from, every project's (designers) or the
    unassigned ones' (mentors).
    """
    filters, now = filters or QueueFilters(), now or utc_now()
    rows = db.session.execute(_queue_query(actor)).all()
    members = _members({row[1].id for row in rows})
    everything = [
        item for row in rows if (item := _queue_item(actor, row, now, members)) is not None
    ]
    return ReviewQueue(
        items=[item for item in everything if _matches(item, filters)],
        courses=_choices((item.course_id, item.course_title) for item in everything),
        projects=_project_choices(everything),
        stages=_choices((item.stage.slug, item.stage.title) for item in everything),
    )


QueueRow = tuple[
    StageSignoff, Project, Context, CourseSetting | None, int | None, dict[str, object] | None
]


def _queue_query(
    actor: Actor,
) -> Select[StageSignoff, Project, Context, CourseSetting, int, dict[str, object]]:
    current = aliased(MentorAssignment)
    aim = aliased(Worksheet)
    in_course = Project.context_id == actor.context_id
    if actor.has_role(Role.DESIGNER, Role.ADMINISTRATOR):
        course_scope: ColumnElement[bool] = in_course
    elif actor.has_role(Role.MENTOR):
        course_scope = and_(in_course, current.id.is_(None))
    else:
        course_scope = false()
    return (
        select(StageSignoff, Project, Context, CourseSetting, current.mentor_id, aim.data)
        .join(Project, Project.id == StageSignoff.project_id)
        .join(Context, Context.id == Project.context_id)
        .outerjoin(CourseSetting, CourseSetting.context_id == Project.context_id)
        .outerjoin(current, and_(current.project_id == Project.id, current.ended_at.is_(None)))
        .outerjoin(aim, and_(aim.project_id == Project.id, aim.kind == WorksheetKind.AIM_STATEMENT))
        .where(
            StageSignoff.status == SignoffStatus.SUBMITTED,
            or_(current.mentor_id == actor.user_id, course_scope),
        )
        .order_by(StageSignoff.submitted_at, StageSignoff.id)
    )


def _members(project_ids: set[int]) -> Mapping[int, tuple[str, ...]]:
    """Return each project's members' names, the earliest to join first (one query)."""
    if not project_ids:
        return {}
    rows = db.session.execute(
        select(ProjectMember.project_id, User)
        .join(User, User.id == ProjectMember.user_id)
        .where(ProjectMember.project_id.in_(project_ids))
        .order_by(ProjectMember.joined_at, ProjectMember.id)
    )
    names: defaultdict[int, list[str]] = defaultdict(list)
    for project_id, user in rows:
        names[project_id].append(user.display_name)
    return {project_id: tuple(found) for project_id, found in names.items()}


def _aim_sentence(document: Mapping[str, object] | None) -> str:
    """Return the project's aim as the learner wrote or built it, or "" before it has one."""
    parts = AimParts.from_document(document or {})
    if not (parts.text or parts.measure):
        return ""
    return parts.text or compose_aim(parts)


def _queue_item(
    actor: Actor, row: QueueRow, now: datetime, members: Mapping[int, tuple[str, ...]]
) -> QueueItem | None:
    signoff, project, course, setting, mentor_id, aim = row
    setting = setting or pathways.course_setting(project.context_id)
    located = pathways.pathway_for(setting).locate_stage_by_id(signoff.item_id)
    if located is None:
        return None
    submitted = signoff.submitted_at or now
    waited = (now - submitted).days
    return QueueItem(
        project.id,
        project.title,
        course.id,
        course.display_title,
        located[0],
        located[1],
        submitted,
        waited,
        setting.review_sla_days,
        is_overdue=waited > setting.review_sla_days,
        is_pool=mentor_id is None
        and project.context_id == actor.context_id
        and actor.has_role(Role.MENTOR),
        members=members.get(project.id, ()),
        aim=_aim_sentence(aim),
    )


def _matches(item: QueueItem, filters: QueueFilters) -> bool:
    return (
        filters.course_id in (None, item.course_id)
        and filters.project_id in (None, item.project_id)
        and filters.stage_slug in (None, item.stage.slug)
        and item.days_waiting >= filters.min_days
    )


def _choices(pairs: Iterable[tuple[K, str]]) -> list[tuple[K, str]]:
    """Return distinct (value, label) pairs, by label."""
    return sorted(dict(pairs).items(), key=lambda pair: (pair[1].casefold(), str(pair[0])))


def _project_choices(items: list[QueueItem]) -> list[tuple[int, str]]:
    """Return the teams to filter by, numbered where two share a title ("My QI project")."""
    titles = Counter(title for _, title in _choices((i.project_id, i.project_title) for i in items))
    return _choices(
        (
            i.project_id,
            i.project_title
            if titles[i.project_title] == 1
            else f"{i.project_title} (#{i.project_id})",
        )
        for i in items
    )
