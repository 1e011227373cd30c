"""A course's community space: its projects to browse and join, and each project's discussion.

Learners see the projects whose home is their course (and their own team, wherever its home
is), with the aim and the furthest stage where any member has started work, and ask to join
one; anyone on the team accepts (the requester's membership from their course moves to the
project, as an invite code does) or declines. A request lapses when the requester joins a
team some other way (an invite code, or another team's acceptance) before it is answered: it
is no longer shown, and answering it is refused. Answers are guarded updates, so two team
members answering at once give one answer. A project's discussion is for its team and its
reviewers (its mentor, or a designer of its home course).

Scoping: a project exists for people in its home course, for its members in the course they
work on it from, and for its reviewers; for anyone else it is not found. Each call is one unit
of work and commits once, with the notifications it causes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NoReturn

from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select, update

from lti_qi.domain.aims import check_aim
from lti_qi.domain.pathway import Module, Pathway, Stage
from lti_qi.domain.progress import ActivityStatus
from lti_qi.domain.roles import Role
from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.errors import Conflict, Forbidden, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import (
    ActivityProgress,
    DiscussionMessage,
    JoinRequest,
    MemberRole,
    Project,
    ProjectMember,
    StageSignoff,
    User,
    Worksheet,
)
from lti_qi.models.base import utc_now
from lti_qi.services import content, mentoring, notifications, projects
from lti_qi.services.launches import Actor

DISCUSSION_LIMIT = 200
MESSAGE_LENGTH = 10_000
REQUEST_LENGTH = 2_000
PENDING, ACCEPTED, DECLINED, CANCELLED = "pending", "accepted", "declined", "cancelled"


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
class Post:
    """A message in a project's discussion, or a request to join it."""

    post_id: int
    author: str
    body: str
    created_at: datetime
    is_mine: bool


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
    requests: list[Post]
    worksheets: list[WorksheetEntry]
    posts: list[Post]


def course_projects(actor: Actor, *, today: date | None = None) -> list[ProjectCard]:
    """Return the course's projects that have people on them, the viewer's own first."""
    own = _own_project_id(actor)
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
    project = _project(actor, project_id)
    is_member = _own_project_id(actor) == project.id
    can_discuss = is_member or mentoring.is_reviewer_of(actor, project)
    members = projects.members(project.id, actor.context_id)
    card = _cards(actor, [(project, len(members))], project.id if is_member else None, today)[0]
    pending = _my_pending_request(actor)
    may_ask = _may_ask_to_join(actor, project) and not projects.is_member(project.id, actor.user_id)
    return ProjectPage(
        card=card,
        members=members,
        can_discuss=can_discuss,
        can_ask_to_join=may_ask and pending is None,
        my_request_id=pending.id if pending and pending.project_id == project.id else None,
        requests=_pending_requests(project.id) if is_member else [],
        worksheets=_worksheets(actor, project.id, is_member) if can_discuss else [],
        posts=_posts(actor, project.id) if can_discuss else [],
    )


def request_to_join(actor: Actor, project_id: int, message: str) -> JoinRequest:
    """Ask a project's team to let the learner join (one request at a time); the team is told.

    Raises:
        NotFound: when the project is not in the learner's course.
        Forbidden: when the person is not a learner, or the project's home is another course.
        Conflict: when they are on the team already, or are waiting for an answer.
    """
    project = _project(actor, project_id)
    if not _may_ask_to_join(actor, project):
        raise Forbidden(
            "Only learners can ask to join, and only projects of their own course.",
            hint="To join a team in another course, ask its owner for the invite code.",
        )
    if projects.is_member(project.id, actor.user_id):
        raise Conflict("You are already on this project's team.")
    if (waiting := _my_pending_request(actor)) is not None:
        title = db.session.get_one(Project, waiting.project_id).title
        raise Conflict(
            f"You have already asked to join “{title}”.",
            hint="Wait for that team to answer, or withdraw that request first.",
        )
    text = _checked_text(message, REQUEST_LENGTH, required=False)
    cancel_join_requests(actor.user_id, actor.context_id)  # any that lapsed
    join_request = JoinRequest(
        project_id=project.id, user_id=actor.user_id, context_id=actor.context_id, message=text
    )
    db.session.add(join_request)
    note = f"{actor.display_name} asked to join your project “{project.title}”."
    link = notifications.project_link(project.id)
    for user_id, _ in projects.member_user_ids(project.id):
        notifications.notify(user_id, note, link, email_subject="Request to join")
    db.session.commit()
    return join_request


def decide_join_request(actor: Actor, request_id: int, *, accept: bool) -> JoinRequest:
    """Accept (the requester joins the team) or decline a request; the requester is told.

    Raises:
        NotFound: when the request is unknown, or its project is not visible to the person.
        Forbidden: when the person is not on the project's team.
        Conflict: when the request was answered or withdrawn, or has lapsed.
    """
    join_request = db.session.get(JoinRequest, request_id)
    if join_request is None:
        raise NotFound("That request to join does not exist.")
    project = _project(actor, join_request.project_id)
    if _own_project_id(actor) != project.id:
        raise Forbidden("Only the project's team can answer requests to join it.")
    if not _answer(request_id, ACCEPTED if accept else DECLINED, actor.user_id):
        _refuse_unanswerable(request_id)
    if accept:
        _move_membership(join_request.user_id, join_request.context_id, project.id)
    word = "accepted" if accept else "declined"
    notifications.notify(
        join_request.user_id,
        f"Your request to join “{project.title}” was {word}.",
        notifications.project_link(project.id),
        email_subject=f"Your request to join was {word}",
    )
    db.session.commit()
    return join_request


def withdraw_join_request(actor: Actor, request_id: int) -> None:
    """Withdraw the learner's own request while it waits for an answer.

    Raises:
        NotFound: when the learner has no such request waiting in this course.
    """
    withdrawn = db.session.execute(
        delete(JoinRequest).where(
            JoinRequest.id == request_id,
            JoinRequest.user_id == actor.user_id,
            JoinRequest.context_id == actor.context_id,
            JoinRequest.status == PENDING,
        )
    )
    if withdrawn.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise NotFound("You have no such request waiting for an answer.")
    db.session.commit()


def cancel_join_requests(user_id: int, context_id: int) -> None:
    """Cancel the person's requests waiting in this course (their team changed); never commits."""
    db.session.execute(
        update(JoinRequest)
        .where(
            JoinRequest.user_id == user_id,
            JoinRequest.context_id == context_id,
            JoinRequest.status == PENDING,
        )
        .values(status=CANCELLED)
    )


def discussion(actor: Actor, project_id: int) -> list[Post]:
    """Return a project's discussion, oldest first (its latest ``DISCUSSION_LIMIT`` messages).

    Raises:
        NotFound: when the project is not visible to the person.
        Forbidden: when the person is neither on its team nor one of its reviewers.
    """
    return _posts(actor, _project(actor, project_id, to_discuss=True).id)


def post_message(actor: Actor, project_id: int, body: str) -> DiscussionMessage:
    """Add a message to a project's discussion and tell the rest of the team and the mentor.

    Raises:
        NotFound: when the project is not visible to the person.
        Forbidden: when the person is neither on its team nor one of its reviewers.
        InvalidInput: when the message is empty or too long.
    """
    project = _project(actor, project_id, to_discuss=True)
    text = _checked_text(body, MESSAGE_LENGTH, required=True)
    message = DiscussionMessage(project_id=project.id, author_id=actor.user_id, body=text)
    db.session.add(message)
    mentor_id = mentoring.current_mentor_id(project.id)
    audience = {user_id for user_id, _ in projects.member_user_ids(project.id)}
    audience |= {mentor_id} if mentor_id is not None else set()
    note = f"{actor.display_name} wrote in the discussion of “{project.title}”."
    link, subject = notifications.project_link(project.id), f"New message: {project.title}"
    for user_id in sorted(audience - {actor.user_id}):
        notifications.notify(user_id, note, link, email_subject=subject)
    db.session.commit()
    return message


def _cards(
    actor: Actor, rows: list[tuple[Project, int]], own: int | None, today: date | None
) -> list[ProjectCard]:
    ids = [project.id for project, _ in rows]
    aims = _aim_sentences(ids, today or date.today())
    stages = _furthest_stages(_pathway(actor), ids)
    pending = _my_pending_request(actor)
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


def _posts(actor: Actor, project_id: int) -> list[Post]:
    rows = db.session.execute(
        select(DiscussionMessage, User)
        .join(User, User.id == DiscussionMessage.author_id)
        .where(DiscussionMessage.project_id == project_id)
        .order_by(DiscussionMessage.created_at.desc(), DiscussionMessage.id.desc())
        .limit(DISCUSSION_LIMIT)
    ).all()
    return [
        Post(
            message.id,
            user.display_name,
            message.body,
            message.created_at,
            user.id == actor.user_id,
        )
        for message, user in reversed(rows)
    ]


def _pending_requests(project_id: int) -> list[Post]:
    rows = db.session.execute(
        select(JoinRequest, User)
        .join(User, User.id == JoinRequest.user_id)
        .where(JoinRequest.project_id == project_id, _is_live())
        .order_by(JoinRequest.created_at, JoinRequest.id)
    )
    return [
        Post(row.id, user.display_name, row.message, row.created_at, False) for row, user in rows
    ]


def _move_membership(user_id: int, context_id: int, project_id: int) -> None:
    """Move the person's membership in this course to the project (as an invite code does)."""
    membership = db.session.scalar(
        select(ProjectMember).where(
            ProjectMember.user_id == user_id, ProjectMember.context_id == context_id
        )
    )
    if membership is None:
        membership = ProjectMember(user_id=user_id, context_id=context_id)
        db.session.add(membership)
    elif membership.project_id == project_id:
        return
    membership.project_id, membership.role = project_id, MemberRole.MEMBER
    membership.joined_at = utc_now()
    cancel_join_requests(user_id, context_id)


def _answer(request_id: int, status: str, decider_id: int) -> bool:
    """Record the answer only if the request is still live: the first answer wins a race."""
    answered = db.session.execute(
        update(JoinRequest)
        .where(JoinRequest.id == request_id, _is_live())
        .values(status=status, decided_by=decider_id)
        .execution_options(synchronize_session=False)
    )
    return bool(answered.rowcount == 1)  # type: ignore[attr-defined]


def _refuse_unanswerable(request_id: int) -> NoReturn:
    """Say why a request can no longer be answered (cancelling it if it lapsed), and refuse."""
    db.session.rollback()
    join_request = db.session.get(JoinRequest, request_id)
    if join_request is None:
        raise Conflict("They withdrew this request before you answered.")
    if join_request.status in (PENDING, CANCELLED):
        cancel_join_requests(join_request.user_id, join_request.context_id)
        db.session.commit()
        name = db.session.get_one(User, join_request.user_id).display_name
        raise Conflict(
            f"{name} has joined another team since asking, so this request no longer applies.",
            hint="If they still want to join yours, they can ask again from its community page.",
        )
    raise Conflict("Someone on the team has already answered this request.")


def _project(actor: Actor, project_id: int, *, to_discuss: bool = False) -> Project:
    """Return a project the person may see (and, ``to_discuss``, talk in), or refuse."""
    project = db.session.get(Project, project_id)
    is_member = project is not None and _own_project_id(actor) == project.id
    is_reviewer = project is not None and mentoring.is_reviewer_of(actor, project)
    if project is None or not (project.context_id == actor.context_id or is_member or is_reviewer):
        raise NotFound(
            "That project is not part of your course.",
            hint="Open Community to see the projects of the course you launched from.",
        )
    if to_discuss and not (is_member or is_reviewer):
        raise Forbidden(
            "Only the project's team and its mentor can read and write in its discussion.",
            hint="Ask to join the team from the project's community page.",
        )
    return project


def _own_project_id(actor: Actor) -> int | None:
    query = select(ProjectMember.project_id).where(
        ProjectMember.user_id == actor.user_id, ProjectMember.context_id == actor.context_id
    )
    return db.session.scalar(query)


def _my_pending_request(actor: Actor) -> JoinRequest | None:
    query = select(JoinRequest).where(
        JoinRequest.user_id == actor.user_id,
        JoinRequest.context_id == actor.context_id,
        _is_live(),
    )
    return db.session.scalars(query.limit(1)).first()


def _is_live() -> ColumnElement[bool]:
    """Waiting for an answer, from someone who has not joined a team since asking."""
    joined_since = (
        select(ProjectMember.id)
        .where(
            ProjectMember.user_id == JoinRequest.user_id,
            ProjectMember.context_id == JoinRequest.context_id,
            ProjectMember.role == MemberRole.MEMBER,
            ProjectMember.joined_at > JoinRequest.created_at,
        )
        .exists()
    )
    return and_(JoinRequest.status == PENDING, ~joined_since)


def _may_ask_to_join(actor: Actor, project: Project) -> bool:
    return actor.has_role(Role.LEARNER) and project.context_id == actor.context_id


def _pathway(actor: Actor) -> Pathway:
    return content.pathway(content.course_setting(actor.context_id).pack_slug)


def _checked_text(text: str, limit: int, *, required: bool) -> str:
    text = text.strip()
    if required and not text:
        raise InvalidInput("Write a message first.")
    if len(text) > limit:
        raise InvalidInput(f"Keep it under {limit:,} characters (this has {len(text):,}).")
    return text
