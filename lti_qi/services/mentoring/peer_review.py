"""Peer review: a team asks the other learners of its course for feedback on a stage.

Peers see the stage's work read-only and leave feedback in its review thread, shown as
"A peer" when the course keeps peer review anonymous (the default).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from lti_qi.domain.course import Stage
from lti_qi.errors import Forbidden, InvalidInput
from lti_qi.extensions import db
from lti_qi.models import PeerRequest, Project, ProjectMember, ReviewEntry
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor
from lti_qi.services.collaboration import notifications
from lti_qi.services.content import course_settings


def request_peer_feedback(actor: Actor, project: Project, stage: Stage) -> PeerRequest:
    """Ask the course's other learners for feedback on a stage (one open request per stage)."""
    if not projects.is_member(project.id, actor.user_id):
        raise Forbidden("Only the project's team can ask for feedback on its work.")
    existing = _open_peer_request(project.id, stage)
    if existing is not None:
        return existing
    request = PeerRequest(
        project_id=project.id,
        item_id=stage.id,
        context_id=project.context_id,
        requested_by=actor.user_id,
    )
    db.session.add(request)
    db.session.flush()
    return request


@dataclass(frozen=True)
class OpenRequest:
    """A team's open request for peer feedback, with the stage it is about."""

    project_id: int
    project_title: str
    stage_slug: str
    stage_title: str
    asked_at: datetime


def open_peer_requests(actor: Actor) -> list[OpenRequest]:
    """Return the open requests for feedback in the person's course, except their own team's."""
    own_teams = select(ProjectMember.project_id).where(ProjectMember.user_id == actor.user_id)
    rows = db.session.execute(
        select(PeerRequest, Project)
        .join(Project, Project.id == PeerRequest.project_id)
        .where(
            PeerRequest.context_id == actor.context_id,
            PeerRequest.closed_at.is_(None),
            PeerRequest.project_id.not_in(own_teams),
        )
        .order_by(PeerRequest.created_at, PeerRequest.id)
    )
    course = course_settings.pathway(actor.context_id)
    found = []
    for request, project in rows:
        if located := course.locate_stage_by_id(request.item_id):
            stage = located[1]
            found.append(
                OpenRequest(project.id, project.title, stage.slug, stage.title, request.created_at)
            )
    return found


def give_peer_feedback(actor: Actor, project: Project, stage: Stage, body: str) -> ReviewEntry:
    """Leave peer feedback on a stage whose team asked for it (anonymous if the course says so).

    Raises:
        Forbidden: when nobody asked, the person is on the team, or is in another course.
        InvalidInput: when the feedback is empty.
    """
    if not body.strip():
        raise InvalidInput("Write your feedback before sending it.")
    if not may_peer_review(actor, project, stage):
        raise Forbidden("You can give feedback only where a team in your course has asked for it.")
    anonymous = course_settings.current(project.context_id).peer_review_anonymous
    entry = ReviewEntry(
        project_id=project.id,
        item_id=stage.id,
        author_id=actor.user_id,
        kind="peer",
        body=body.strip()[:20000],
        is_anonymous=anonymous,
    )
    db.session.add(entry)
    link = notifications.stage_review_link(project.id, stage.slug)
    text = f"A peer left feedback on {notifications.stage_name(project, stage)}."
    for member_id, _ in projects.member_user_ids(project.id):
        notifications.notify(member_id, text, link)
    db.session.flush()
    return entry


def _open_peer_request(project_id: int, stage: Stage) -> PeerRequest | None:
    query = select(PeerRequest).where(
        PeerRequest.project_id == project_id,
        PeerRequest.item_id == stage.id,
        PeerRequest.closed_at.is_(None),
    )
    return db.session.scalar(query)


def may_peer_review(actor: Actor, project: Project, stage: Stage) -> bool:
    """Whether the person may see and comment on a stage as a peer."""
    return (
        actor.context_id == project.context_id
        and not projects.is_member(project.id, actor.user_id)
        and _open_peer_request(project.id, stage) is not None
    )
