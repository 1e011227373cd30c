"""The review cycle: a submitted stage reaches its mentor, who comments and decides.

A learner (or team) submits a stage; it joins the review queue of the project's mentor (and
of the course's designers, see ``review_queue``). The mentor comments on worksheet sections,
scores the rubric where it applies, and approves (signing the stage off) or asks for changes
(saying what); the learner answers in the same thread and resubmits. Two reviewers, or a
resubmission racing a review, cannot both win: a decision names the submission round it was
made on, and only the first decision on a round counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from lti_qi.domain.course import Module, Pathway, SignoffStatus, Stage, rubric
from lti_qi.errors import Conflict, Forbidden, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import (
    Project,
    ReviewEntry,
    StageSignoff,
    User,
    Worksheet,
    WorksheetRevision,
)
from lti_qi.models.base import utc_now
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor
from lti_qi.services.collaboration import notifications
from lti_qi.services.content import course_settings
from lti_qi.services.curriculum import progress_events
from lti_qi.services.mentoring import mentor_assignments, peer_review

ANCHOR_LENGTH = 200
"""The longest worksheet section name a comment can point at (the column's length)."""
RUBRIC_WORKSHEETS = frozenset({"aim_statement", "measures_plan", "driver_diagram", "pdsa_log"})


@dataclass(frozen=True)
class ThreadEntry:
    """A review entry, the name to show for its author, and the replies to it."""

    entry: ReviewEntry
    author: str
    replies: tuple[ThreadEntry, ...] = ()


def review_target(actor: Actor, project_id: int, stage_slug: str) -> tuple[Project, Module, Stage]:
    """Return the project and stage a reviewer (or a member) opens.

    Raises:
        NotFound: when there is no such project or stage.
        Forbidden: when the person is neither a member nor a reviewer of the project.
    """
    project = db.session.get(Project, project_id)
    if project is None:
        raise NotFound("That project does not exist.")
    located = _pathway(project).locate_stage(stage_slug)
    if located is None:
        raise NotFound("That stage is not part of this project's pathway.")
    allowed = projects.is_member(project.id, actor.user_id) or mentor_assignments.is_reviewer_of(
        actor, project
    )
    if not (allowed or peer_review.may_peer_review(actor, project, located[1])):
        raise Forbidden("Only the project's team and its mentor can see its reviews.")
    return project, located[0], located[1]


def thread(project_id: int, stage: Stage) -> list[ThreadEntry]:
    """Return the stage's review thread, oldest first, replies under what they answer."""
    rows = db.session.execute(
        select(ReviewEntry, User)
        .join(User, User.id == ReviewEntry.author_id)
        .where(ReviewEntry.project_id == project_id, ReviewEntry.item_id == stage.id)
        .order_by(ReviewEntry.created_at, ReviewEntry.id)
    ).all()
    replies: dict[int, list[ThreadEntry]] = {}
    for entry, user in rows:
        if entry.parent_id:
            replies.setdefault(entry.parent_id, []).append(
                ThreadEntry(entry, _shown_name(entry, user))
            )
    return [
        ThreadEntry(entry, _shown_name(entry, user), tuple(replies.get(entry.id, ())))
        for entry, user in rows
        if not entry.parent_id
    ]


def _shown_name(entry: ReviewEntry, user: User) -> str:
    return "A peer" if entry.is_anonymous else user.display_name


def signoff_of(project_id: int, stage: Stage) -> StageSignoff | None:
    """Return the stage's sign-off record (None before its first submission)."""
    query = select(StageSignoff).where(
        StageSignoff.project_id == project_id, StageSignoff.item_id == stage.id
    )
    return db.session.scalar(query)


def uses_rubric(stage: Stage) -> bool:
    """Whether the stage holds an aim, measures, driver diagram or PDSA worksheet."""
    return any(
        activity.config.get("worksheet") in RUBRIC_WORKSHEETS for activity in stage.activities
    )


def changes_since_last_decision(project_id: int, stage: Stage) -> dict[str, list[str]]:
    """Return, per worksheet of the stage, the fields changed since the last decision on it."""
    last = db.session.scalar(
        select(ReviewEntry.created_at)
        .where(
            ReviewEntry.project_id == project_id,
            ReviewEntry.item_id == stage.id,
            ReviewEntry.kind == "decision",
        )
        .order_by(ReviewEntry.created_at.desc())
        .limit(1)
    )
    kinds = [str(a.config["worksheet"]) for a in stage.activities if a.config.get("worksheet")]
    return {kind: _changed_fields(project_id, kind, last) for kind in kinds}


def comment(
    actor: Actor,
    project: Project,
    stage: Stage,
    body: str,
    *,
    anchor: str | None = None,
    parent_id: int | None = None,
) -> ReviewEntry:
    """Add a comment (on a worksheet section, with ``anchor``) or a reply to the stage's thread.

    Raises:
        InvalidInput: when the comment is empty, or points at no section a worksheet has.
    """
    body = body.strip()
    if not body:
        raise InvalidInput("Write something before sending the comment.")
    if anchor and len(anchor) > ANCHOR_LENGTH:
        raise InvalidInput("The comment points at no section of the worksheet: reload the page.")
    is_member = projects.is_member(project.id, actor.user_id)
    kind = "reply" if parent_id else "comment"
    entry = ReviewEntry(
        project_id=project.id,
        item_id=stage.id,
        author_id=actor.user_id,
        kind=kind,
        body=body[:20000],
        anchor=(anchor or None),
        parent_id=_parent(project.id, stage, parent_id),
    )
    db.session.add(entry)
    name = notifications.stage_name(project, stage)
    _tell_the_other_side(project, stage, actor, is_member, f"New comment on {name}")
    db.session.flush()
    return entry


def decide(
    actor: Actor,
    project: Project,
    stage: Stage,
    *,
    approve: bool,
    note: str,
    seen_round: int,
    rubric_answers: Mapping[str, object] | None = None,
) -> ReviewEntry:
    """Sign the stage off, or ask for changes, on the submission the reviewer saw.

    Raises:
        Forbidden: when the reviewer is on the project's team, or may not review it.
        InvalidInput: when changes are asked for without saying what.
        Conflict: when the stage was already decided, or resubmitted since it was opened.
    """
    mentor_assignments.require_reviewer(actor, project)
    if projects.is_member(project.id, actor.user_id):
        raise Forbidden("A stage cannot be signed off by a member of its own project.")
    if not approve and not note.strip():
        raise InvalidInput("Say what needs to change, so the team knows what to do next.")
    _claim_decision(project.id, stage, actor.user_id, approve, note, seen_round)
    scores = rubric.score_from_answers(rubric_answers or {}) if rubric_answers else None
    entry = ReviewEntry(
        project_id=project.id,
        item_id=stage.id,
        author_id=actor.user_id,
        kind="decision",
        decision="approve" if approve else "changes",
        body=note.strip(),
        review_round=seen_round,
        rubric=sorted(scores.met) if scores else None,
    )
    db.session.add(entry)
    word = "signed off" if approve else "needs changes"
    link = notifications.stage_review_link(project.id, stage.slug)
    name = notifications.stage_name(project, stage)
    for member_id, _ in projects.member_user_ids(project.id):
        notifications.notify(
            member_id,
            f"Your mentor reviewed {name}: it {word}.",
            link,
            email_subject=f"Review: {name} {word}",
        )
    db.session.flush()
    for member_id, context_id in projects.member_user_ids(project.id):
        progress_events.progress_changed(member_id, context_id)
    return entry


def _claim_decision(
    project_id: int, stage: Stage, decider_id: int, approve: bool, note: str, seen_round: int
) -> None:
    """Record the decision only if the stage is still submitted in the round the reviewer saw."""
    status = SignoffStatus.SIGNED_OFF if approve else SignoffStatus.CHANGES_REQUESTED
    result = db.session.execute(
        update(StageSignoff)
        .where(
            StageSignoff.project_id == project_id,
            StageSignoff.item_id == stage.id,
            StageSignoff.status == SignoffStatus.SUBMITTED,
            StageSignoff.review_round == seen_round,
        )
        .values(
            status=status, decided_by=decider_id, decided_at=utc_now(), note=note.strip() or None
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(
            "This stage was decided by someone else, or resubmitted, after you opened it.",
            hint="Reload the page to see the latest submission and review.",
        )


def _tell_the_other_side(
    project: Project, stage: Stage, actor: Actor, is_member: bool, text: str
) -> None:
    recipients = (
        {mentor_assignments.current_mentor_id(project.id)}
        if is_member
        else {uid for uid, _ in projects.member_user_ids(project.id)}
    )
    link = notifications.stage_review_link(project.id, stage.slug)
    for user_id in recipients - {None, actor.user_id}:
        notifications.notify(int(user_id), text, link)  # type: ignore[arg-type]


def _parent(project_id: int, stage: Stage, parent_id: int | None) -> int | None:
    if parent_id is None:
        return None
    parent = db.session.get(ReviewEntry, parent_id)
    if parent is None or parent.project_id != project_id or parent.item_id != stage.id:
        raise NotFound("The comment you are replying to is not in this thread.")
    return parent.id


def _changed_fields(project_id: int, kind: str, since: datetime | None) -> list[str]:
    worksheet = db.session.scalar(
        select(Worksheet).where(Worksheet.project_id == project_id, Worksheet.kind == kind)
    )
    if worksheet is None:
        return []
    if since is None:
        return sorted(worksheet.data)
    earlier = (
        db.session.scalar(
            select(WorksheetRevision.data)
            .where(
                WorksheetRevision.worksheet_id == worksheet.id, WorksheetRevision.saved_at <= since
            )
            .order_by(WorksheetRevision.version.desc())
            .limit(1)
        )
        or {}
    )
    keys = set(earlier) | set(worksheet.data)
    return sorted(key for key in keys if earlier.get(key) != worksheet.data.get(key))


def _pathway(project: Project) -> Pathway:
    return course_settings.pathway(project.context_id)
