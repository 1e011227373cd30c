"""Asking to join a project's team from the community space, and the team's answer.

Learners ask to join a project whose home is their course (one request at a time); anyone on
the team accepts (the requester's membership from their course moves to the project, as an
invite code does) or declines, and the requester may withdraw while it waits. A request
lapses when the requester joins a team some other way (an invite code, or another team's
acceptance) before it is answered: it is no longer shown, and answering it is refused.
Answers are guarded updates, so two team members answering at once give one answer. Each
call writes in the caller's unit of work, with the notifications it causes (never commits).
"""

from __future__ import annotations

from typing import NoReturn

from sqlalchemy import ColumnElement, and_, delete, select, update

from lti_qi.domain.course import Role
from lti_qi.errors import Conflict, Forbidden, NotFound
from lti_qi.extensions import db
from lti_qi.models import JoinRequest, JoinRequestStatus, MemberRole, Project, ProjectMember, User
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor
from lti_qi.services.collaboration import community_access, notifications
from lti_qi.services.collaboration.discussions import Post

REQUEST_LENGTH = 2_000


class RequestLapsed(Conflict):
    """The requester joined another team since asking, so their request was cancelled."""


def request_to_join(actor: Actor, project_id: int, message: str) -> JoinRequest:
    """Ask a project's team to let the learner join (one request at a time); the team is told.

    Raises:
        NotFound: when the project is not in the learner's course.
        Forbidden: when the person is not a learner, or the project's home is another course.
        Conflict: when they are on the team already, or are waiting for an answer.
    """
    project = community_access.visible_project(actor, project_id)
    if not may_ask_to_join(actor, project):
        raise Forbidden(
            "Only learners can ask to join, and only projects of their own course.",
            hint="To join a team in another course, ask its owner for the invite code.",
        )
    text = community_access.checked_text(message, REQUEST_LENGTH, required=False)
    return file_request(actor, project, text)


def file_request(actor: Actor, project: Project, text: str) -> JoinRequest:
    """Record the person's request to join the project's team, and tell the team.

    Also how an invite code of a team that approves its members asks to join.

    Raises:
        Conflict: when they are on the team already, or are waiting for an answer.
    """
    if projects.is_member(project.id, actor.user_id):
        raise Conflict("You are already on this project's team.")
    if (waiting := my_pending_request(actor)) is not None:
        title = db.session.get_one(Project, waiting.project_id).title
        raise Conflict(
            f"You have already asked to join “{title}”.",
            hint="Wait for that team to answer, or withdraw that request first.",
        )
    projects.cancel_join_requests(actor.user_id, actor.context_id)  # any that lapsed
    join_request = JoinRequest(
        project_id=project.id, user_id=actor.user_id, context_id=actor.context_id, message=text
    )
    db.session.add(join_request)
    note = f"{actor.display_name} asked to join your project “{project.title}”."
    link = notifications.project_link(project.id)
    for user_id, _ in projects.member_user_ids(project.id):
        notifications.notify(user_id, note, link, email_subject="Request to join")
    db.session.flush()
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
    project = community_access.visible_project(actor, join_request.project_id)
    if community_access.own_project_id(actor) != project.id:
        raise Forbidden("Only the project's team can answer requests to join it.")
    answer = JoinRequestStatus.ACCEPTED if accept else JoinRequestStatus.DECLINED
    if not _answer(request_id, answer, actor.user_id):
        _refuse_unanswerable(request_id)
    if accept:
        projects.move_membership(join_request.user_id, join_request.context_id, project.id)
    word = "accepted" if accept else "declined"
    notifications.notify(
        join_request.user_id,
        f"Your request to join “{project.title}” was {word}.",
        notifications.project_link(project.id),
        email_subject=f"Your request to join was {word}",
    )
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
            JoinRequest.status == JoinRequestStatus.PENDING,
        )
    )
    if withdrawn.rowcount != 1:  # type: ignore[attr-defined]
        raise NotFound("You have no such request waiting for an answer.")


def pending_requests(project_id: int) -> list[Post]:
    """Return the live requests to join a project, oldest first."""
    rows = db.session.execute(
        select(JoinRequest, User)
        .join(User, User.id == JoinRequest.user_id)
        .where(JoinRequest.project_id == project_id, _is_live())
        .order_by(JoinRequest.created_at, JoinRequest.id)
    )
    return [
        Post(row.id, user.display_name, row.message, row.created_at, False) for row, user in rows
    ]


def my_pending_request(actor: Actor) -> JoinRequest | None:
    """Return the person's live request to join a team in this course, if they have one."""
    query = select(JoinRequest).where(
        JoinRequest.user_id == actor.user_id,
        JoinRequest.context_id == actor.context_id,
        _is_live(),
    )
    return db.session.scalars(query.limit(1)).first()


def may_ask_to_join(actor: Actor, project: Project) -> bool:
    """Whether the person may ask to join the project: learners, for their own course's."""
    return actor.has_role(Role.LEARNER) and project.context_id == actor.context_id


def _answer(request_id: int, status: JoinRequestStatus, decider_id: int) -> bool:
    """Record the answer only if the request is still live: the first answer wins a race."""
    answered = db.session.execute(
        update(JoinRequest)
        .where(JoinRequest.id == request_id, _is_live())
        .values(status=status, decided_by=decider_id)
        .execution_options(synchronize_session=False)
    )
    return bool(answered.rowcount == 1)  # type: ignore[attr-defined]


def _refuse_unanswerable(request_id: int) -> NoReturn:
    """Say why a request can no longer be answered (cancelling it if it lapsed), and refuse.

    Raises:
        RequestLapsed: when the requester joined another team; the request is cancelled,
            which the caller keeps although it refuses.
        Conflict: when the request was withdrawn or answered already.
    """
    db.session.expire_all()  # read the request as the one who answered first left it
    join_request = db.session.get(JoinRequest, request_id)
    if join_request is None:
        raise Conflict("They withdrew this request before you answered.")
    if join_request.status in (JoinRequestStatus.PENDING, JoinRequestStatus.CANCELLED):
        projects.cancel_join_requests(join_request.user_id, join_request.context_id)
        name = db.session.get_one(User, join_request.user_id).display_name
        raise RequestLapsed(
            f"{name} has joined another team since asking, so this request no longer applies.",
            hint="If they still want to join yours, they can ask again from its community page.",
        )
    raise Conflict("Someone on the team has already answered this request.")


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
    return and_(JoinRequest.status == JoinRequestStatus.PENDING, ~joined_since)
