"""Projects and teams: every learner has one project per course, alone or shared.

A learner's first visit gives them a project of their own. Sharing it makes it a team: the
owner hands out an invite code (``collaboration.team_invites``), and anyone who launches lti-qi
from a course of the same organisation can join with it. Joining moves the learner's membership
from their own project to the team's; their own earlier work stays in the old project, and
their requests waiting to join other teams lapse (as when a team accepts one of them).

A project is made only for learners. Course staff (mentors, designers and administrators
without the learner role) may look at the learner pages, but no project is made for them, so
none appears in the community list or in mentors' and designers' counts; a staff member who
wants to work on a project joins a team with its invite code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from lti_qi import transaction
from lti_qi.domain.course import Role
from lti_qi.domain.worksheets import tidy_text
from lti_qi.errors import Forbidden, InvalidInput
from lti_qi.extensions import db
from lti_qi.models import (
    JoinRequest,
    JoinRequestStatus,
    MemberRole,
    Project,
    ProjectMember,
    User,
)
from lti_qi.models.base import utc_now
from lti_qi.services.base.actors import Actor


@dataclass(frozen=True)
class Member:
    """A project member as shown to the team."""

    user_id: int
    display_name: str
    role: MemberRole
    is_other_course: bool


def is_learner(actor: Actor) -> bool:
    """Whether the person takes this course as a learner (a project is made only for learners)."""
    return actor.has_role(Role.LEARNER)


def can_work(actor: Actor) -> bool:
    """Whether the person may work on the learner pages: learners, and staff on a team."""
    return is_learner(actor) or find_project(actor.user_id, actor.context_id) is not None


def require_can_work(actor: Actor) -> None:
    """Refuse work on the learner pages to course staff who work on no project here.

    Raises:
        Forbidden: when the person is course staff and on no team in this course.
    """
    if not can_work(actor):
        raise Forbidden(
            "The learner pages are read-only for course staff, so nothing was saved.",
            hint="To work on a team's project, join it with its invite code on Project & team. "
            "Designers can try every activity in Preview; mentors follow projects from Reviews.",
        )


def own_project(actor: Actor) -> Project:
    """Return the person's project in this course (a learner's is made on first use).

    Raises:
        Forbidden: when the person is course staff and on no team in this course.
    """
    require_can_work(actor)
    return project_for(actor.user_id, actor.context_id)


def find_project(user_id: int, context_id: int) -> Project | None:
    """Return the person's project in this course, if they have one (never creates one)."""
    query = (
        select(Project)
        .join(ProjectMember, ProjectMember.project_id == Project.id)
        .where(ProjectMember.user_id == user_id, ProjectMember.context_id == context_id)
    )
    return db.session.scalar(query)


def project_for(user_id: int, context_id: int) -> Project:
    """Return the learner's project in this course, creating their own on first use."""
    found = find_project(user_id, context_id)
    if found is not None:
        return found
    project = Project(context_id=context_id, title="My QI project", created_by=user_id)
    try:
        with transaction.savepoint():
            db.session.add(project)
            db.session.flush()
            db.session.add(
                ProjectMember(
                    project_id=project.id,
                    user_id=user_id,
                    context_id=context_id,
                    role=MemberRole.OWNER,
                )
            )
    except IntegrityError:  # a second tab created it at the same moment
        return project_for(user_id, context_id)
    return project


def members(project_id: int, viewer_context_id: int) -> list[Member]:
    """Return a project's members, owners first."""
    rows = db.session.execute(
        select(ProjectMember, User)
        .join(User, User.id == ProjectMember.user_id)
        .where(ProjectMember.project_id == project_id)
        .order_by(ProjectMember.role.desc(), ProjectMember.joined_at)
    )
    return [
        Member(user.id, user.display_name, member.role, member.context_id != viewer_context_id)
        for member, user in rows
    ]


def titles(project_ids: Iterable[int]) -> dict[int, str]:
    """Return the titles of several projects by id."""
    query = select(Project.id, Project.title).where(Project.id.in_(list(project_ids)))
    return {project_id: title for project_id, title in db.session.execute(query)}


def member_count(project_id: int) -> int:
    """Return how many people work on a project."""
    query = (
        select(func.count())
        .select_from(ProjectMember)
        .where(ProjectMember.project_id == project_id)
    )
    return int(db.session.scalar(query) or 0)


def rename_project(project: Project, user_id: int, title: str) -> Project:
    """Give a project a new title (any member may).

    Raises:
        InvalidInput: when the title is empty or too long.
    """
    title = tidy_text(title, one_line=True)
    if not 3 <= len(title) <= 200:
        raise InvalidInput("A project title needs 3 to 200 characters.")
    _require_member(project.id, user_id)
    project.title = title
    db.session.flush()
    return project


def move_membership(user_id: int, context_id: int, project_id: int) -> None:
    """Make the person a member of the project from this course, leaving their team there.

    Their earlier project keeps its work, and their requests waiting to join other teams lapse
    (``cancel_join_requests``) in the same unit of work; never commits.
    """
    membership = _membership(user_id, context_id)
    if membership is None:
        membership = ProjectMember(user_id=user_id, context_id=context_id)
        db.session.add(membership)
    membership.project_id, membership.role = project_id, MemberRole.MEMBER
    membership.joined_at = utc_now()
    cancel_join_requests(user_id, context_id)


def cancel_join_requests(user_id: int, context_id: int) -> None:
    """Cancel the person's requests waiting in this course (their team changed); never commits."""
    db.session.execute(
        update(JoinRequest)
        .where(
            JoinRequest.user_id == user_id,
            JoinRequest.context_id == context_id,
            JoinRequest.status == JoinRequestStatus.PENDING,
        )
        .values(status=JoinRequestStatus.CANCELLED)
    )


def is_member(project_id: int, user_id: int) -> bool:
    """Whether the person works on the project."""
    query = select(ProjectMember.id).where(
        ProjectMember.project_id == project_id, ProjectMember.user_id == user_id
    )
    return db.session.scalar(query) is not None


def member_user_ids(project_id: int) -> list[tuple[int, int]]:
    """Return (user id, their course id) for every member of a project."""
    query = select(ProjectMember.user_id, ProjectMember.context_id).where(
        ProjectMember.project_id == project_id
    )
    return [(user_id, context_id) for user_id, context_id in db.session.execute(query)]


def _membership(user_id: int, context_id: int) -> ProjectMember | None:
    query = select(ProjectMember).where(
        ProjectMember.user_id == user_id, ProjectMember.context_id == context_id
    )
    return db.session.scalar(query)


def _require_member(project_id: int, user_id: int) -> None:
    if not is_member(project_id, user_id):
        raise Forbidden("Only the project's team can change it.")
