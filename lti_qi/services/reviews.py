"""The review cycle: a submitted stage reaches its mentor, who comments and decides.

A learner (or team) submits a stage; it joins the review queue of the project's mentor (and
of the course's designers), oldest first, with how long it has waited. The mentor comments
on worksheet sections, scores the rubric where it applies, and approves (signing the stage
off) or asks for changes (saying what); the learner answers in the same thread and
resubmits. Two reviewers, or a resubmission racing a review, cannot both win: a decision
names the submission round it was made on, and only the first decision on a round counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, update
from sqlalchemy.orm import aliased

from lti_qi.domain import rubric
from lti_qi.domain.pathway import Module, Pathway, Stage
from lti_qi.domain.progress import SignoffStatus
from lti_qi.domain.roles import Role
from lti_qi.errors import Conflict, Forbidden, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import (
    Context,
    CourseSetting,
    MentorAssignment,
    Project,
    ReviewEntry,
    StageSignoff,
    User,
    Worksheet,
    WorksheetRevision,
)
from lti_qi.models.base import utc_now
from lti_qi.services import (
    content,
    mentoring,
    notifications,
    peer_review,
    progress_events,
    projects,
)
from lti_qi.services.launches import Actor

RUBRIC_WORKSHEETS = frozenset({"aim_statement", "measures_plan", "driver_diagram", "pdsa_log"})
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


@dataclass(frozen=True)
class ThreadEntry:
    """A review entry, the name to show for its author, and the replies to it."""

    entry: ReviewEntry
    author: str
    replies: tuple[ThreadEntry, ...] = ()


def review_queue(
    actor: Actor, filters: QueueFilters | None = None, *, now: datetime | None = None
) -> ReviewQueue:
    """Return the submitted stages this person reviews, oldest first, with the course's pool.

    One query, whatever the queue's length: the stages of the projects they mentor (in any
    course), and in the course they launched from, every project's (designers) or the
    unassigned ones' (mentors).
    """
    filters, now = filters or QueueFilters(), now or utc_now()
    rows = db.session.execute(_queue_query(actor))
    everything = [item for row in rows if (item := _queue_item(actor, row, now)) is not None]
    return ReviewQueue(
        items=[item for item in everything if _matches(item, filters)],
        courses=_choices((item.course_id, item.course_title) for item in everything),
        projects=_project_choices(everything),
        stages=_choices((item.stage.slug, item.stage.title) for item in everything),
    )


QueueRow = tuple[StageSignoff, Project, Context, CourseSetting | None, int | None]


def _queue_query(actor: Actor) -> Select[StageSignoff, Project, Context, CourseSetting, int]:
    current = aliased(MentorAssignment)
    in_course = Project.context_id == actor.context_id
    if actor.has_role(Role.DESIGNER, Role.ADMINISTRATOR):
        course_scope: ColumnElement[bool] = in_course
    elif actor.has_role(Role.MENTOR):
        course_scope = and_(in_course, current.id.is_(None))
    else:
        course_scope = false()
    return (
        select(StageSignoff, Project, Context, CourseSetting, current.mentor_id)
        .join(Project, Project.id == StageSignoff.project_id)
        .join(Context, Context.id == Project.context_id)
        .outerjoin(CourseSetting, CourseSetting.context_id == Project.context_id)
        .outerjoin(current, and_(current.project_id == Project.id, current.ended_at.is_(None)))
        .where(
            StageSignoff.status == SignoffStatus.SUBMITTED,
            or_(current.mentor_id == actor.user_id, course_scope),
        )
        .order_by(StageSignoff.submitted_at, StageSignoff.id)
    )


def _queue_item(actor: Actor, row: QueueRow, now: datetime) -> QueueItem | None:
    signoff, project, course, setting, mentor_id = row
    setting = setting or content.course_setting(project.context_id)
    located = content.pathway(setting.pack_slug).locate_stage_by_id(signoff.item_id)
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
    allowed = projects.is_member(project.id, actor.user_id) or mentoring.is_reviewer_of(
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
        InvalidInput: when the comment is empty.
    """
    body = body.strip()
    if not body:
        raise InvalidInput("Write something before sending the comment.")
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
    _tell_the_other_side(project, stage, actor, is_member, f"New comment on “{stage.title}”")
    db.session.commit()
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
    mentoring.require_reviewer(actor, project)
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
    for member_id, _ in projects.member_user_ids(project.id):
        notifications.notify(
            member_id,
            f"Your mentor reviewed “{stage.title}”: it {word}.",
            link,
            email_subject=f"Review: {stage.title} {word}",
        )
    db.session.flush()
    for member_id, context_id in projects.member_user_ids(project.id):
        progress_events.progress_changed(member_id, context_id)
    db.session.commit()
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
        db.session.rollback()
        raise Conflict(
            "This stage was decided by someone else, or resubmitted, after you opened it.",
            hint="Reload the page to see the latest submission and review.",
        )


def _tell_the_other_side(
    project: Project, stage: Stage, actor: Actor, is_member: bool, text: str
) -> None:
    recipients = (
        {mentoring.current_mentor_id(project.id)}
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
    return content.pathway(content.course_setting(project.context_id).pack_slug)
