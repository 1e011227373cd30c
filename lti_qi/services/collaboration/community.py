"""A course's community space: its projects to browse, and each project's page.

Learners see the projects whose home is their course (and their own team, wherever its home
is), with the aim and the furthest stage where any member has started work; a project's page
shows its team to all, its requests to join (``join_requests``) to its team, and its
worksheets and discussion (``discussions``) to its team and its reviewers (its mentor, or a
designer of its home course). Who sees what is decided in ``community_access``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select

from lti_qi.domain.course import ActivityStatus, Module, Pathway, Stage
from lti_qi.domain.worksheets import WorksheetKind, check_aim
from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, Project, ProjectMember, StageSignoff, Worksheet
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor
from lti_qi.services.collaboration import community_access, discussions, join_requests
from lti_qi.services.content import course_settings
from lti_qi.services.mentoring import mentor_assignments


@dataclass(frozen=True)
class ReachedStage:
    """The furthest stage a team has started work in, and its sign-off status if it has one."""

    module: Module
    stage: Stage
    signoff: str | None


@dataclass(frozen=True)
class ProjectCard:
    """A project as the community list shows it."""

    project_id: int
    title: str
    aim: str | None
    reached: ReachedStage | None
    member_count: int
    is_mine: bool
    has_my_request: bool


@dataclass(frozen=True)
class WorksheetEntry:
    """One of the project's worksheets, and the activity that opens it (for members)."""

    kind: WorksheetKind
    version: int
    updated_at: datetime
    is_submitted: bool
    activity_slug: str | None


@dataclass(frozen=True)
class ProjectPage:
    """A project's page: its summary and team for all; its work and talk for its people."""

    card: ProjectCard
    members: list[projects.Member]
    can_discuss: bool
    can_ask_to_join: bool
    my_request_id: int | None
    requests: list[discussions.Post]
    worksheets: list[WorksheetEntry]
    posts: list[discussions.Post]


def course_projects(actor: Actor, *, today: date | None = None) -> list[ProjectCard]:
    """Return the course's projects that have people on them, the viewer's own first."""
    own = community_access.own_project_id(actor)
    counts = (
        select(ProjectMember.project_id, func.count().label("members"))
        .group_by(ProjectMember.project_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Project, counts.c.members)
        .join(counts, counts.c.project_id == Project.id)
        .where(or_(Project.context_id == actor.context_id, Project.id.in_([own] if own else [])))
        .order_by(Project.title, Project.id)
    ).all()
    cards = _cards(actor, [(project, int(members)) for project, members in rows], own, today)
    return sorted(cards, key=lambda card: not card.is_mine)


def project_page(actor: Actor, project_id: int, *, today: date | None = None) -> ProjectPage:
    """Return what a project's community page shows this person."""
    project = community_access.visible_project(actor, project_id)
    is_member = community_access.own_project_id(actor) == project.id
    can_discuss = is_member or mentor_assignments.is_reviewer_of(actor, project)
    members = projects.members(project.id, actor.context_id)
    card = _cards(actor, [(project, len(members))], project.id if is_member else None, today)[0]
    pending = join_requests.my_pending_request(actor)
    may_ask = join_requests.may_ask_to_join(actor, project) and not projects.is_member(
        project.id, actor.user_id
    )
    return ProjectPage(
        card=card,
        members=members,
        can_discuss=can_discuss,
        can_ask_to_join=may_ask and pending is None,
        my_request_id=pending.id if pending and pending.project_id == project.id else None,
        requests=join_requests.pending_requests(project.id) if is_member else [],
        worksheets=_worksheets(actor, project.id, is_member) if can_discuss else [],
        posts=discussions.posts(actor, project.id) if can_discuss else [],
    )


def _cards(
    actor: Actor, rows: list[tuple[Project, int]], own: int | None, today: date | None
) -> list[ProjectCard]:
    ids = [project.id for project, _ in rows]
    aims = _aim_sentences(ids, today or date.today())
    stages = _furthest_stages(_pathway(actor), ids)
    pending = join_requests.my_pending_request(actor)
    return [
        ProjectCard(
            project.id,
            project.title,
            aims.get(project.id),
            stages.get(project.id),
            count,
            is_mine=project.id == own,
            has_my_request=pending is not None and pending.project_id == project.id,
        )
        for project, count in rows
    ]


def _aim_sentences(project_ids: list[int], today: date) -> dict[int, str]:
    rows = db.session.execute(
        select(Worksheet.project_id, Worksheet.data).where(
            Worksheet.project_id.in_(project_ids), Worksheet.kind == WorksheetKind.AIM_STATEMENT
        )
    )
    return {
        project_id: check_aim(data, today=today).sentence
        for project_id, data in rows
        if any(str(value).strip() for value in (data or {}).values() if value)
    }


def _furthest_stages(pathway: Pathway, project_ids: list[int]) -> dict[int, ReachedStage]:
    """Find each team's furthest stage with work started or sent for sign-off."""
    order = [(module, stage) for module in pathway.modules for stage in module.stages]
    if not project_ids or not order:
        return {}
    index_of = {stage.id: index for index, (_, stage) in enumerate(order)}
    reached = _started_positions(order, project_ids)
    signoffs = {
        (project_id, stage_id): str(status)
        for project_id, stage_id, status in db.session.execute(
            select(StageSignoff.project_id, StageSignoff.item_id, StageSignoff.status).where(
                StageSignoff.project_id.in_(project_ids), StageSignoff.item_id.in_(list(index_of))
            )
        )
    }
    for project_id, stage_id in signoffs:
        reached[project_id] = max(reached.get(project_id, 0), index_of[stage_id])
    return {
        project_id: ReachedStage(*order[index], signoffs.get((project_id, order[index][1].id)))
        for project_id, index in reached.items()
    }


def _started_positions(order: list[tuple[Module, Stage]], project_ids: list[int]) -> dict[int, int]:
    """Return each team's furthest stage (its index in ``order``) where a member started work."""
    position = {
        activity.id: index
        for index, (_, stage) in enumerate(order)
        for activity in stage.activities
    }
    if not position:
        return {}
    members_progress = and_(
        ActivityProgress.user_id == ProjectMember.user_id,
        ActivityProgress.context_id == ProjectMember.context_id,
        ActivityProgress.item_id.in_(list(position)),
        ActivityProgress.status != ActivityStatus.NOT_STARTED,
    )
    query = (
        select(ProjectMember.project_id, func.max(case(position, value=ActivityProgress.item_id)))
        .join(ActivityProgress, members_progress)
        .where(ProjectMember.project_id.in_(project_ids))
        .group_by(ProjectMember.project_id)
    )
    return {project_id: int(index) for project_id, index in db.session.execute(query)}


def _worksheets(actor: Actor, project_id: int, is_member: bool) -> list[WorksheetEntry]:
    slugs = {a.config.get("worksheet"): a.slug for a in _pathway(actor).activities()}
    rows = db.session.scalars(select(Worksheet).where(Worksheet.project_id == project_id))
    kinds = list(WorksheetKind)
    return [
        WorksheetEntry(
            kind=row.kind,
            version=row.version,
            updated_at=row.updated_at,
            is_submitted=row.submitted_version == row.version,
            activity_slug=slugs.get(row.kind.value) if is_member else None,
        )
        for row in sorted(rows, key=lambda row: kinds.index(row.kind))
    ]


def _pathway(actor: Actor) -> Pathway:
    return course_settings.pathway(actor.context_id)
