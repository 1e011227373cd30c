"""A learner working through their pathway: opening, reading, answering, reflecting, submitting.

Every function is scoped to the actor's own user and course (and their project for shared
work). Stage gating is enforced here, whatever a page offers: work in a locked stage is
refused. Each call is one unit of work and commits once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from lti_qi.domain import checks
from lti_qi.domain.checks import CheckResult
from lti_qi.domain.pathway import Activity, Module, Pathway, Stage
from lti_qi.domain.progress import (
    ActivityStatus,
    LearnerRecord,
    PathwaySummary,
    SignoffStatus,
    StageState,
    StageSummary,
    summarise,
)
from lti_qi.errors import Forbidden, InvalidInput, NotFound
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


@dataclass(frozen=True)
class LearnerView:
    """A learner's pathway, project and progress, as every learner page needs them."""

    pathway: Pathway
    project: Project
    record: LearnerRecord
    summary: PathwaySummary

    def stage_summary(self, stage: Stage) -> StageSummary:
        """Return the learner's summary of one stage."""
        for module in self.summary.modules:
            for summary in module.stages:
                if summary.stage.id == stage.id:
                    return summary
        raise NotFound("That stage is not part of this pathway.")


def learner_view(actor: Actor) -> LearnerView:
    """Load everything a learner page shows, in a fixed handful of queries."""
    setting = content.course_setting(actor.context_id)
    pathway = content.pathway(setting.pack_slug)
    project = projects.project_for(actor.user_id, actor.context_id)
    record = learner_record(actor.user_id, actor.context_id, project.id)
    return LearnerView(pathway, project, record, summarise(pathway, record, setting.pass_marks))


def find_activity(view: LearnerView, slug: str) -> tuple[Module, Stage, Activity]:
    """Return an activity of the learner's pathway that is open to them.

    Raises:
        NotFound: when the pathway has no such activity.
        Forbidden: when its stage is still locked.
    """
    located = view.pathway.locate(slug)
    if located is None:
        raise NotFound("That activity is not part of this course's pathway.")
    _require_open(view.stage_summary(located[1]))
    return located


def open_activity(actor: Actor, activity: Activity, *, now: datetime | None = None) -> None:
    """Note that the learner is working on an activity (and count the time since last time)."""
    now = now or utc_now()
    row = _progress_row(actor.user_id, actor.context_id, activity.id)
    if row.status == ActivityStatus.NOT_STARTED:
        row.status = ActivityStatus.IN_PROGRESS
        db.session.flush()
        progress_events.progress_changed(actor.user_id, actor.context_id, may_complete=False)
    elif now - row.updated_at < ACTIVE_GAP:
        row.time_spent_seconds += int((now - row.updated_at).total_seconds())
    row.updated_at = now
    db.session.commit()


def mark_done(actor: Actor, activity: Activity) -> None:
    """Mark a reading (or an optional evidence step) as done."""
    if activity.kind == "evidence" and activity.config.get("required"):
        raise InvalidInput("This step needs evidence: add a file or a link first.")
    _complete(actor.user_id, actor.context_id, activity.id)
    _queue_for([(actor.user_id, actor.context_id)])
    db.session.commit()


def answer_check(
    actor: Actor, activity: Activity, answers: Mapping[str, Sequence[str]]
) -> CheckResult:
    """Mark a knowledge check, keep the attempt, and keep the learner's best score.

    Raises:
        InvalidInput: naming the questions left unanswered.
    """
    questions = activity.config.get("questions", [])
    missing = checks.unanswered(questions, answers)
    if missing:
        numbers = ", ".join(str(number) for number in missing)
        raise InvalidInput(
            f"Answer every question before checking: question {numbers} has no answer."
        )
    result = checks.mark_check(questions, answers)
    db.session.add(
        CheckAttempt(
            user_id=actor.user_id,
            context_id=actor.context_id,
            item_id=activity.id,
            answers={key: list(value) for key, value in answers.items()},
            score=result.score,
        )
    )
    row = _complete(actor.user_id, actor.context_id, activity.id)
    row.score = max(row.score or 0.0, result.score)
    row.attempts += 1
    _queue_for([(actor.user_id, actor.context_id)])
    db.session.commit()
    return result


def reflection_text(actor: Actor, activity: Activity) -> Reflection | None:
    """Return the learner's saved reflection for an activity, if any."""
    return db.session.scalar(_reflection_query(actor, activity))


def save_reflection(actor: Actor, activity: Activity, text: str, *, finish: bool) -> Reflection:
    """Save a reflection as a draft, or finish it (it must reach the minimum length).

    Raises:
        InvalidInput: when finishing and the text is shorter than the activity asks.
    """
    text = text.strip()
    minimum = int(activity.config.get("min_words") or 0)
    words = len(text.split())
    if finish and words < max(minimum, 1):
        raise InvalidInput(
            f"Your reflection has {words} words; write at least {max(minimum, 1)} to finish it."
        )
    reflection = reflection_text(actor, activity) or Reflection(
        user_id=actor.user_id, context_id=actor.context_id, item_id=activity.id, text="", version=0
    )
    if reflection.text != text:
        reflection.text, reflection.version, reflection.updated_at = (
            text,
            reflection.version + 1,
            utc_now(),
        )
    db.session.add(reflection)
    if finish:
        _complete(actor.user_id, actor.context_id, activity.id)
        _queue_for([(actor.user_id, actor.context_id)])
    db.session.commit()
    return reflection


def complete_for_team(project_id: int, activity: Activity) -> None:
    """Mark a shared activity (evidence) complete for every member of the project."""
    members = projects.member_user_ids(project_id)
    for user_id, context_id in members:
        _complete(user_id, context_id, activity.id)
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
        InvalidInput: when the stage does not need sign-off or still has unfinished work.
    """
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
        notifications.notify(mentor_id, text, email_subject=f"Review waiting: {stage.title}")
    _queue_for(projects.member_user_ids(view.project.id))
    db.session.commit()
    return signoff


def decide_stage(
    project_id: int, stage: Stage, decider_id: int, *, approve: bool, note: str
) -> StageSignoff:
    """Sign a submitted stage off, or ask for changes (with what to change).

    Raises:
        InvalidInput: when the stage was not submitted, or changes are asked without saying what.
        Forbidden: when the decider is a member of the project (nobody signs off their own work).
    """
    if projects.is_member(project_id, decider_id):
        raise Forbidden("A stage cannot be signed off by a member of its own project.")
    signoff = _signoff_row(project_id, stage.id)
    if signoff.status != SignoffStatus.SUBMITTED:
        raise InvalidInput("Only a submitted stage can be signed off or sent back.")
    if not approve and not note.strip():
        raise InvalidInput("Say what needs to change, so the learner knows what to do next.")
    signoff.status = SignoffStatus.SIGNED_OFF if approve else SignoffStatus.CHANGES_REQUESTED
    signoff.decided_by, signoff.decided_at, signoff.note = (
        decider_id,
        utc_now(),
        note.strip() or None,
    )
    _queue_for(projects.member_user_ids(project_id))
    db.session.commit()
    return signoff


def leave_feedback(actor: Actor, module: Module, rating: int, comment: str) -> ModuleFeedback:
    """Record (or update) the learner's end-of-module rating and comment."""
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
    feedback.rating, feedback.comment = rating, comment.strip() or None
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


def _complete(user_id: int, context_id: int, item_id: int) -> ActivityProgress:
    row = _progress_row(user_id, context_id, item_id)
    if row.status != ActivityStatus.COMPLETE:
        row.status, row.completed_at = ActivityStatus.COMPLETE, utc_now()
    row.updated_at = utc_now()
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


def _reflection_query(actor: Actor, activity: Activity):  # type: ignore[no-untyped-def]
    return select(Reflection).where(
        Reflection.user_id == actor.user_id,
        Reflection.context_id == actor.context_id,
        Reflection.item_id == activity.id,
    )
