"""Who mentors which project: assignment by designers, claiming from the pool.

A course's mentors are the people its LMS gives the Mentor, Instructor or Teaching Assistant
role, plus experts a designer invited by link (``mentor_invites``). A designer assigns a
mentor to a project (a reassignment ends the earlier assignment and keeps it in the history),
or mentors claim unassigned projects from the course's pool when the course allows it. Every
check here is scoped to the course, whatever the page already checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from lti_qi import transaction
from lti_qi.domain.course import Role
from lti_qi.errors import Conflict, Forbidden, NotFound
from lti_qi.extensions import db
from lti_qi.models import (
    CourseMentor,
    Membership,
    MentorAssignment,
    Project,
    ProjectMember,
    User,
)
from lti_qi.models.base import utc_now
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor
from lti_qi.services.collaboration import notifications
from lti_qi.services.content import course_settings


@dataclass(frozen=True)
class Mentor:
    """Someone who may mentor in a course."""

    user_id: int
    display_name: str
    is_invited_expert: bool


def is_reviewer_of(actor: Actor, project: Project) -> bool:
    """Whether the person may review the project: its designer (in its course) or its mentor."""
    if actor.context_id == project.context_id and actor.has_role(Role.DESIGNER, Role.ADMINISTRATOR):
        return True
    return current_mentor_id(project.id) == actor.user_id


def require_reviewer(actor: Actor, project: Project) -> None:
    """Refuse anyone who may not review the project.

    Raises:
        Forbidden: when the person is neither its mentor nor a designer of its course.
    """
    if not is_reviewer_of(actor, project):
        raise Forbidden(
            "Only the project's mentor, or a course designer, can review it.",
            hint="If you should mentor this project, ask a course designer to assign you.",
        )


def current_mentor_id(project_id: int) -> int | None:
    """Return the user id of the project's current mentor, if it has one."""
    query = select(MentorAssignment.mentor_id).where(
        MentorAssignment.project_id == project_id, MentorAssignment.ended_at.is_(None)
    )
    return db.session.scalar(query)


def course_mentors(context_id: int) -> list[Mentor]:
    """Return everyone who may mentor in a course (by LMS role, or invited), by name."""
    by_role = db.session.execute(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.context_id == context_id)
        .add_columns(Membership.roles)
    )
    mentors = {
        user.id: Mentor(user.id, user.display_name, False)
        for user, roles in by_role
        if _mentors(roles)
    }
    invited = db.session.scalars(
        select(User)
        .join(CourseMentor, CourseMentor.user_id == User.id)
        .where(CourseMentor.context_id == context_id)
    )
    mentors |= {
        user.id: Mentor(user.id, user.display_name, True)
        for user in invited
        if user.id not in mentors
    }
    return sorted(mentors.values(), key=lambda mentor: mentor.display_name.casefold())


@dataclass(frozen=True)
class CourseProject:
    """A project of the course, with its current mentor, for the assignments page."""

    project_id: int
    title: str
    members: int
    mentor_id: int | None
    mentor_name: str | None


def course_projects(context_id: int) -> list[CourseProject]:
    """Return the course's projects with their member counts and current mentors."""
    counts = dict(
        db.session.execute(
            select(ProjectMember.project_id, func.count())
            .join(Project, Project.id == ProjectMember.project_id)
            .where(Project.context_id == context_id)
            .group_by(ProjectMember.project_id)
        ).all()
    )
    current = dict(
        db.session.execute(
            select(MentorAssignment.project_id, User)
            .join(User, User.id == MentorAssignment.mentor_id)
            .join(Project, Project.id == MentorAssignment.project_id)
            .where(Project.context_id == context_id, MentorAssignment.ended_at.is_(None))
        ).all()
    )
    rows = db.session.scalars(
        select(Project).where(Project.context_id == context_id).order_by(Project.title)
    )
    return [
        CourseProject(
            p.id,
            p.title,
            counts.get(p.id, 0),
            current[p.id].id if p.id in current else None,
            current[p.id].display_name if p.id in current else None,
        )
        for p in rows
    ]


def assign_mentor(actor: Actor, project_id: int, mentor_id: int) -> MentorAssignment:
    """Make someone the project's mentor (ending any current assignment, which is kept).

    Raises:
        NotFound: when the project is not in the designer's course.
        Forbidden: when the person may not mentor in this course, or is on the project's team.
        Conflict: when someone else gave the project a mentor at the same moment.
    """
    project = _course_project(actor, project_id)
    if mentor_id not in {mentor.user_id for mentor in course_mentors(project.context_id)}:
        raise Forbidden(
            "That person is not a mentor in this course.", hint="Invite them as a mentor first."
        )
    if projects.is_member(project.id, mentor_id):
        raise Forbidden("A project's mentor cannot be a member of its team.")
    db.session.execute(
        update(MentorAssignment)
        .where(MentorAssignment.project_id == project.id, MentorAssignment.ended_at.is_(None))
        .values(ended_at=utc_now())
    )
    return _start_assignment(
        project,
        mentor_id,
        actor.user_id,
        via="designer",
        clash=Conflict(
            "Someone else changed this project's mentor at the same moment.",
            hint="Reload the page to see who mentors it now, then assign again if you need to.",
        ),
    )


def claim_project(actor: Actor, project_id: int) -> MentorAssignment:
    """Let a mentor take an unassigned project from the course's pool.

    Raises:
        Forbidden: when the course does not let mentors claim, or the mentor is on the team.
        Conflict: when another mentor claimed it first.
    """
    project = _course_project(actor, project_id)
    if not course_settings.current(project.context_id).mentors_may_claim:
        raise Forbidden("In this course a designer assigns mentors; projects cannot be claimed.")
    if projects.is_member(project.id, actor.user_id):
        raise Forbidden("You cannot mentor a project you are a member of.")
    taken = Conflict(
        "Another mentor has just taken this project.", hint="Choose another from the pool."
    )
    if current_mentor_id(project.id) is not None:
        raise taken
    return _start_assignment(project, actor.user_id, actor.user_id, via="claim", clash=taken)


def assignment_history(project_id: int) -> list[tuple[MentorAssignment, str]]:
    """Return the project's mentors over time, newest first, with their names."""
    rows = db.session.execute(
        select(MentorAssignment, User.name, User.given_name, User.id)
        .join(User, User.id == MentorAssignment.mentor_id)
        .where(MentorAssignment.project_id == project_id)
        .order_by(MentorAssignment.created_at.desc(), MentorAssignment.id.desc())
    )
    return [
        (assignment, name or given or f"Participant {user_id}")
        for assignment, name, given, user_id in rows
    ]


def assigned_project_ids(mentor_id: int) -> list[int]:
    """Return the ids of the projects a mentor currently looks after (in any course)."""
    query = select(MentorAssignment.project_id).where(
        MentorAssignment.mentor_id == mentor_id, MentorAssignment.ended_at.is_(None)
    )
    return list(db.session.scalars(query))


def _start_assignment(
    project: Project, mentor_id: int, by_user_id: int, *, via: str, clash: Conflict
) -> MentorAssignment:
    """Add the project's current assignment; ``clash`` is raised if another one won the race.

    The unique index on current assignments refuses a second one, whichever request checked
    first, so two people acting at the same moment never leave a project two mentors.
    """
    assignment = MentorAssignment(
        project_id=project.id, mentor_id=mentor_id, assigned_by=by_user_id, via=via
    )
    try:
        with transaction.savepoint():
            db.session.add(assignment)
    except IntegrityError:
        raise clash from None
    notifications.notify(
        mentor_id,
        f"You are now the mentor of “{project.title}”.",
        notifications.TEAMS_LINK,
        email_subject="New project to mentor",
    )
    for member_id, _ in projects.member_user_ids(project.id):
        notifications.notify(
            member_id,
            f"Your project “{project.title}” has a new mentor.",
            notifications.project_link(project.id),
        )
    return assignment


def _course_project(actor: Actor, project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None or project.context_id != actor.context_id:
        raise NotFound("That project is not in this course.")
    return project


def _mentors(roles: list[str]) -> bool:
    return bool({Role.MENTOR.value, Role.DESIGNER.value} & set(roles))
