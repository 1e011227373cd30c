"""A learner working through their pathway: opening, reading, answering, reflecting, submitting.

Every function is scoped to the actor's own user and course (and their project for shared
work). What a page offers is checked again here: work in a locked stage, or in an activity
whose prerequisite activities are unfinished, is refused; each action completes only its own
kind of activity (a knowledge check is answered, never just marked done); and course staff on
no team may look but not act (no project is made for them). Time spent adds up the gaps
between a learner's actions on an activity while each gap is shorter than ``ACTIVE_GAP``
(docs/progress.md). Each call is one unit of work and commits once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from lti_qi.domain import checks
from lti_qi.domain.checks import CheckResult
from lti_qi.domain.pathway import Activity, Module, Pathway, Stage
from lti_qi.domain.progress import (
    DONE,
    ActivityStatus,
    LearnerRecord,
    PathwaySummary,
    SignoffStatus,
    StageState,
    StageSummary,
    summarise,
)
from lti_qi.domain.worksheet_cleaning import tidy_text
from lti_qi.errors import Conflict, Forbidden, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import (
    ActivityProgress,
    CheckAttempt,
    ModuleFeedback,
    Project,
    Reflection,
    StageSignoff,
)
from lti_qi.models.base import utc_now
from lti_qi.services import content, mentoring, notifications, progress_events, projects
from lti_qi.services.launches import Actor
from lti_qi.services.records import learner_record

ACTIVE_GAP = timedelta(minutes=10)
MAX_REFLECTION_CHARACTERS = 20_000
STAFF_PROJECT_TITLE = "No project (you are course staff)"
HOW_TO_COMPLETE = {
    "reading": "read it, then choose “I've read this: continue”",
    "knowledge_check": "answer its questions, then choose “Check my answers”",
    "worksheet": "fill it in, then submit it",
    "evidence": "add a file or a link on its page",
    "reflection": "write your reflection, then choose “Finish and continue”",
}


@dataclass(frozen=True)
class LearnerView:
    """A learner's pathway, project and progress, as every learner page needs them.

    For course staff on no team the project is an unsaved placeholder and the pages are
    read-only (``is_read_only``).
    """

    pathway: Pathway
    project: Project
    record: LearnerRecord
    summary: PathwaySummary
    is_read_only: bool = False

    def stage_summary(self, stage: Stage) -> StageSummary:
        """Return the learner's summary of one stage."""
        for module in self.summary.modules:
            for summary in module.stages:
                if summary.stage.id == stage.id:
                    return summary
        raise NotFound("That stage is not part of this pathway.")

    def waiting_for(self, activity: Activity) -> tuple[Activity, ...]:
        """Return the activity's prerequisite activities that the learner has not done yet."""
        located = (self.pathway.locate(slug) for slug in activity.prerequisites)
        return tuple(
            found[2]
            for found in located
            if found is not None and self.record.statuses.get(found[2].id) not in DONE
        )


class StaleReflection(Conflict):
    """The reflection was saved elsewhere (another tab) since this copy was loaded."""

    def __init__(self, current: Reflection | None, mine: str):
        super().__init__(
            "Your reflection was saved somewhere else (another tab or window) after you opened it.",
            hint="Compare the two versions below, keep what you want in yours, and save again.",
        )
        self.current = current
        self.mine = mine


@dataclass(frozen=True)
class ReflectionOutcome:
    """What saving a reflection did: the text to show, and why finishing was refused if it was."""

    text: str
    is_finished: bool
    problem: str | None = None


def learner_view(actor: Actor) -> LearnerView:
    """Load everything a learner page shows, in a fixed handful of queries.

    A learner's project is made on their first visit; course staff never get one made.
    """
    setting = content.course_setting(actor.context_id)
    pathway = content.pathway(setting.pack_slug)
    project: Project | None
    if projects.is_learner(actor):
        project = projects.project_for(actor.user_id, actor.context_id)
    else:
        project = projects.find_project(actor.user_id, actor.context_id)
    if project is None:
        placeholder = Project(context_id=actor.context_id, title=STAFF_PROJECT_TITLE)
        record = LearnerRecord()
        summary = summarise(pathway, record, setting.pass_marks)
        return LearnerView(pathway, placeholder, record, summary, is_read_only=True)
    record = learner_record(actor.user_id, actor.context_id, project.id)
    return LearnerView(pathway, project, record, summarise(pathway, record, setting.pass_marks))


def find_activity(view: LearnerView, slug: str) -> tuple[Module, Stage, Activity]:
    """Return an activity of the learner's pathway that is open to them.

    Raises:
        NotFound: when the pathway has no such activity.
        Forbidden: when its stage is still locked, or an activity it builds on is not done.
    """
    located = view.pathway.locate(slug)
    if located is None:
        raise NotFound("That activity is not part of this course's pathway.")
    _require_open(view.stage_summary(located[1]))
    _require_prerequisites(view, located[2])
    return located


def require_kind(activity: Activity, *kinds: str) -> None:
    """Refuse an action that does not complete this kind of activity.

    Raises:
        InvalidInput: saying how the activity is completed instead.
    """
    if activity.kind not in kinds:
        how = HOW_TO_COMPLETE.get(activity.kind, "use the buttons on its page")
        raise InvalidInput(
            f"That action does not apply to “{activity.title}”. To complete it, {how}.",
            hint="Open the activity from your pathway and use the buttons on its page.",
        )


def open_activity(actor: Actor, activity: Activity, *, now: datetime | None = None) -> None:
    """Note that the learner is working on an activity (nothing is noted for staff on no team)."""
    if not projects.can_work(actor):
        return
    row = _worked_on(actor, activity, now)
    if row.status == ActivityStatus.NOT_STARTED:
        row.status = ActivityStatus.IN_PROGRESS
        db.session.flush()
        progress_events.progress_changed(actor.user_id, actor.context_id, may_complete=False)
    db.session.commit()


def note_work(actor: Actor, activity: Activity) -> None:
    """Count the learner's active time on an activity, in the caller's unit of work."""
    _worked_on(actor, activity, None)


def mark_done(actor: Actor, activity: Activity) -> None:
    """Mark a reading (or an optional evidence step) as done.

    Raises:
        Forbidden: when the person is course staff on no team.
        InvalidInput: for any other kind of activity, or evidence that is required.
    """
    projects.require_can_work(actor)
    require_kind(activity, "reading", "evidence")
    if activity.kind == "evidence" and activity.config.get("required"):
        raise InvalidInput("This step needs evidence: add a file or a link first.")
    _mark_complete(_worked_on(actor, activity, None))
    _queue_for([(actor.user_id, actor.context_id)])
    db.session.commit()


def answer_check(
    actor: Actor, activity: Activity, answers: Mapping[str, Sequence[str]]
) -> CheckResult:
    """Mark a knowledge check, keep the attempt, and keep the learner's best score.

    Raises:
        Forbidden: when the person is course staff on no team.
        InvalidInput: when it is not a knowledge check, naming the questions left unanswered.
    """
    projects.require_can_work(actor)
    require_kind(activity, "knowledge_check")
    questions = activity.config.get("questions", [])
    missing = checks.unanswered(questions, answers)
    if missing:
        numbers = ", ".join(str(number) for number in missing)
        raise InvalidInput(
            f"Answer every question before checking: question {numbers} has no answer."
        )
    result = checks.mark_check(questions, answers)
    _keep_attempt(actor, activity, answers, result.score)
    row = _mark_complete(_worked_on(actor, activity, None))
    row.score = max(row.score or 0.0, result.score)
    row.attempts += 1
    _queue_for([(actor.user_id, actor.context_id)])
    db.session.commit()
    return result


def reflection_text(actor: Actor, activity: Activity) -> Reflection | None:
    """Return the learner's saved reflection for an activity, if any."""
    return db.session.scalar(_reflection_query(actor, activity))


def save_reflection(
    actor: Actor, activity: Activity, text: str, *, finish: bool, base_version: int
) -> ReflectionOutcome:
    """Save a reflection as a draft, or finish it once it reaches the minimum length.

    The text is saved even when finishing is refused (the outcome says why), so nothing typed
    is lost; only text over the length limit is not saved (the page shows it again).

    Raises:
        Forbidden: when the person is course staff on no team.
        InvalidInput: when the activity is not a reflection.
        StaleReflection: when it was saved since ``base_version`` with other text.
    """
    projects.require_can_work(actor)
    require_kind(activity, "reflection")
    text = tidy_text(text, one_line=False)
    if len(text) > MAX_REFLECTION_CHARACTERS:
        return ReflectionOutcome(text, is_finished=False, problem=_too_long(text))
    _write_reflection(actor, activity, text, base_version)
    row = _worked_on(actor, activity, None)
    problem = _finish_problem(activity, text) if finish else None
    if finish and problem is None:
        _mark_complete(row)
        _queue_for([(actor.user_id, actor.context_id)])
    _commit_reflection(actor, activity, text)
    return ReflectionOutcome(text, is_finished=finish and problem is None, problem=problem)


def complete_for_team(project_id: int, activity: Activity) -> None:
    """Mark a shared activity (evidence) complete for every member of the project."""
    members = projects.member_user_ids(project_id)
    for user_id, context_id in members:
        _mark_complete(_progress_row(user_id, context_id, activity.id))
    _queue_for(members)


def mark_submitted_for_team(project_id: int, activity: Activity) -> None:
    """Mark a project's worksheet activity submitted for every member (in their own course)."""
    members = projects.member_user_ids(project_id)
    for user_id, context_id in members:
        row = _progress_row(user_id, context_id, activity.id)
        if row.status != ActivityStatus.COMPLETE:
            row.status = ActivityStatus.SUBMITTED
            row.completed_at = row.completed_at or utc_now()
    _queue_for(members)


def submit_stage(actor: Actor, view: LearnerView, stage: Stage) -> StageSignoff:
    """Send a finished stage to the project's mentor for sign-off.

    Raises:
        Forbidden: when the person is course staff on no team.
        InvalidInput: when the stage does not need sign-off or still has unfinished work.
    """
    projects.require_can_work(actor)
    summary = view.stage_summary(stage)
    _require_open(summary)
    if not summary.ready_to_submit:
        raise InvalidInput(
            "This stage can be submitted once every activity in it is done.",
            hint="Finish the activities marked 'not started' or 'in progress', then submit.",
        )
    signoff = _signoff_row(view.project.id, stage.id)
    signoff.status, signoff.submitted_by = SignoffStatus.SUBMITTED, actor.user_id
    signoff.submitted_at, signoff.review_round = utc_now(), (signoff.review_round or 0) + 1
    mentor_id = mentoring.current_mentor_id(view.project.id)
    if mentor_id is not None:
        text = f"“{view.project.title}” submitted “{stage.title}” for your review."
        link = notifications.stage_review_link(view.project.id, stage.slug)
        notifications.notify(mentor_id, text, link, email_subject=f"Review waiting: {stage.title}")
    _queue_for(projects.member_user_ids(view.project.id))
    db.session.commit()
    return signoff


def feedback_module(view: LearnerView, slug: str) -> Module:
    """Return a module the learner may give feedback on: one they have completed.

    Raises:
        NotFound: when the pathway has no such module.
        Forbidden: when the learner has not completed it yet.
    """
    summary = next((m for m in view.summary.modules if m.module.slug == slug), None)
    if summary is None:
        raise NotFound("That module is not part of this course's pathway.")
    if not summary.is_complete:
        raise Forbidden(
            f"You can give feedback on “{summary.module.title}” once you have completed it.",
            hint="Finish its stages (with your mentor's sign-off where it is needed), then "
            "open the survey from the module page.",
        )
    return summary.module


def leave_feedback(
    actor: Actor, view: LearnerView, module: Module, rating: int, comment: str
) -> ModuleFeedback:
    """Record (or update) the learner's rating and comment on a module they have completed.

    Raises:
        Forbidden: when the person is course staff on no team, or the module is not complete.
        InvalidInput: when the rating is not from 1 to 5.
    """
    projects.require_can_work(actor)
    feedback_module(view, module.slug)
    if not 1 <= rating <= 5:
        raise InvalidInput("Choose a rating from 1 (poor) to 5 (excellent).")
    query = select(ModuleFeedback).where(
        ModuleFeedback.user_id == actor.user_id,
        ModuleFeedback.context_id == actor.context_id,
        ModuleFeedback.item_id == module.id,
    )
    feedback = db.session.scalar(query) or ModuleFeedback(
        user_id=actor.user_id, context_id=actor.context_id, item_id=module.id
    )
    feedback.rating, feedback.comment = rating, tidy_text(comment, one_line=False) or None
    db.session.add(feedback)
    db.session.commit()
    return feedback


def _queue_for(learners: Sequence[tuple[int, int]]) -> None:
    """Queue the learners' scores and CPD records, in this unit of work (``progress_events``)."""
    db.session.flush()
    for user_id, context_id in learners:
        progress_events.progress_changed(user_id, context_id)


def _require_open(summary: StageSummary) -> None:
    if summary.state is StageState.LOCKED:
        raise Forbidden(
            f"“{summary.stage.title}” is not open yet.",
            hint="Finish the earlier stages first (and have them signed off where a mentor must).",
        )


def _require_prerequisites(view: LearnerView, activity: Activity) -> None:
    waiting = view.waiting_for(activity)
    if waiting:
        names = " and ".join(f"“{earlier.title}”" for earlier in waiting)
        raise Forbidden(
            f"“{activity.title}” opens once you have finished {names}.",
            hint="Open the module page and finish that first: this activity builds on it.",
        )


def _keep_attempt(
    actor: Actor, activity: Activity, answers: Mapping[str, Sequence[str]], score: float
) -> None:
    answered = {key: list(value) for key, value in answers.items()}
    db.session.add(
        CheckAttempt(
            user_id=actor.user_id,
            context_id=actor.context_id,
            item_id=activity.id,
            answers=answered,
            score=score,
        )
    )


def _worked_on(actor: Actor, activity: Activity, now: datetime | None) -> ActivityProgress:
    """Return the actor's progress row, counting the gap since their last action if short."""
    now = now or utc_now()
    row = _progress_row(actor.user_id, actor.context_id, activity.id)
    gap = now - row.updated_at
    if timedelta(0) < gap < ACTIVE_GAP:
        row.time_spent_seconds += int(gap.total_seconds())
    row.updated_at = max(row.updated_at, now)
    return row


def _mark_complete(row: ActivityProgress) -> ActivityProgress:
    if row.status != ActivityStatus.COMPLETE:
        row.status, row.completed_at = ActivityStatus.COMPLETE, utc_now()
    return row


def _progress_row(user_id: int, context_id: int, item_id: int) -> ActivityProgress:
    query = select(ActivityProgress).where(
        ActivityProgress.user_id == user_id,
        ActivityProgress.context_id == context_id,
        ActivityProgress.item_id == item_id,
    )
    row = db.session.scalar(query)
    if row is None:
        row = ActivityProgress(
            user_id=user_id,
            context_id=context_id,
            item_id=item_id,
            status=ActivityStatus.NOT_STARTED,
            attempts=0,
            time_spent_seconds=0,
            started_at=utc_now(),
            updated_at=utc_now(),
        )
        db.session.add(row)
    return row


def _signoff_row(project_id: int, item_id: int) -> StageSignoff:
    query = select(StageSignoff).where(
        StageSignoff.project_id == project_id, StageSignoff.item_id == item_id
    )
    signoff = db.session.scalar(query)
    if signoff is None:
        signoff = StageSignoff(
            project_id=project_id, item_id=item_id, status=SignoffStatus.SUBMITTED
        )
        db.session.add(signoff)
    return signoff


def _too_long(text: str) -> str:
    return (
        f"Your reflection has {len(text):,} characters; the most it can keep is "
        f"{MAX_REFLECTION_CHARACTERS:,}. Shorten it, then save again: it was not saved yet."
    )


def _finish_problem(activity: Activity, text: str) -> str | None:
    """Say why a reflection cannot be finished yet (too few words), or None if it can."""
    minimum = max(int(activity.config.get("min_words") or 0), 1)
    words = len(text.split())
    if words >= minimum:
        return None
    return (
        f"Your reflection has {words} words; write at least {minimum} to finish it. "
        "Your draft is saved."
    )


def _write_reflection(actor: Actor, activity: Activity, text: str, base_version: int) -> None:
    """Save new text over the version the learner started from, never over a newer one."""
    saved = reflection_text(actor, activity)
    if saved is None:
        db.session.add(_first_reflection(actor, activity, text))
        return
    if saved.text == text:
        return
    if saved.version != base_version:
        raise StaleReflection(saved, text)
    changed = db.session.execute(
        update(Reflection)
        .where(Reflection.id == saved.id, Reflection.version == base_version)
        .values(text=text, version=base_version + 1, updated_at=utc_now())
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]  # another tab saved meanwhile
        db.session.rollback()
        raise StaleReflection(reflection_text(actor, activity), text)


def _first_reflection(actor: Actor, activity: Activity, text: str) -> Reflection:
    return Reflection(
        user_id=actor.user_id,
        context_id=actor.context_id,
        item_id=activity.id,
        text=text,
        version=1,
        updated_at=utc_now(),
    )


def _commit_reflection(actor: Actor, activity: Activity, text: str) -> None:
    """Commit; if another tab saved the first version at the same moment, report it as stale."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise StaleReflection(reflection_text(actor, activity), text) from error


def _reflection_query(actor: Actor, activity: Activity) -> Select[Reflection]:
    return select(Reflection).where(
        Reflection.user_id == actor.user_id,
        Reflection.context_id == actor.context_id,
        Reflection.item_id == activity.id,
    )
