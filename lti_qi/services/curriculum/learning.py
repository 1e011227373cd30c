"""A learner working through their pathway: opening, reading, answering, submitting.

Every function is scoped to the actor's own user and course (and their project for shared
work). What a page offers is checked again here: work in a locked stage, or in an activity
whose prerequisite activities are unfinished, is refused; each action completes only its own
kind of activity (a knowledge check is answered, never just marked done); and course staff on
no team may look but not act (no project is made for them). Time spent and completion are
kept in ``activity_progress``; reflections are in ``reflections``, and the end-of-module
survey in ``module_surveys``. Each call writes in the caller's unit of work (never commits).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lti_qi.domain.course import (
    DONE,
    Activity,
    ActivityStatus,
    CheckResult,
    LearnerRecord,
    Module,
    Pathway,
    PathwaySummary,
    SignoffStatus,
    Stage,
    StageState,
    StageSummary,
    checks,
    summarise,
)
from lti_qi.errors import Conflict, Forbidden, InvalidInput, NotFound, Unprocessable
from lti_qi.extensions import db
from lti_qi.models import CheckAttempt, Project, StageSignoff
from lti_qi.models.base import utc_now
from lti_qi.services.base import projects, records, upserts
from lti_qi.services.base.actors import Actor
from lti_qi.services.collaboration import notifications
from lti_qi.services.content import course_settings, pathways
from lti_qi.services.curriculum import activity_progress, progress_events
from lti_qi.services.mentoring import mentor_assignments

STAFF_PROJECT_TITLE = "No project (you are course staff)"
HOW_TO_COMPLETE = {
    "reading": "read it, then choose “I've read this: continue”",
    "knowledge_check": "answer its questions, then choose “Check my answers”",
    "worksheet": "fill it in, then submit it",
    "evidence": "add a file or a link on its page",
    "reflection": "write your reflection, then choose “Finish and continue”",
}


class UnansweredQuestions(Unprocessable):
    """A knowledge check sent with questions left unanswered; nothing was marked."""

    def __init__(self, missing: list[int]):
        numbers = ", ".join(str(number) for number in missing)
        super().__init__(
            f"Answer every question before checking: question {numbers} has no answer."
        )
        self.missing = missing


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


def learner_view(actor: Actor) -> LearnerView:
    """Load everything a learner page shows, in a fixed handful of queries.

    A learner's project is made on their first visit; course staff never get one made.
    """
    setting = course_settings.current(actor.context_id)
    pathway = pathways.pathway_for(setting)
    found = records.project_and_record(actor.user_id, actor.context_id)
    if found is None and projects.is_learner(actor):
        project = projects.project_for(actor.user_id, actor.context_id)
        found = project, records.learner_record(actor.user_id, actor.context_id, project.id)
    if found is None:
        placeholder = Project(context_id=actor.context_id, title=STAFF_PROJECT_TITLE)
        record = LearnerRecord()
        summary = summarise(pathway, record, setting.pass_marks)
        return LearnerView(pathway, placeholder, record, summary, is_read_only=True)
    project, record = found
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
    row = activity_progress.worked_on(actor, activity, now)
    if row.status == ActivityStatus.NOT_STARTED:
        row.status = ActivityStatus.IN_PROGRESS
        db.session.flush()
        progress_events.progress_changed(actor.user_id, actor.context_id, may_complete=False)


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
    activity_progress.mark_complete(activity_progress.worked_on(actor, activity))
    activity_progress.queue_for([(actor.user_id, actor.context_id)])


def check_questions(actor: Actor, activity: Activity) -> list[dict[str, Any]]:
    """Return a knowledge check's questions with the options in this learner's order."""
    return checks.in_learner_order(activity.config.get("questions", []), actor.user_id)


def answer_check(
    actor: Actor, activity: Activity, answers: Mapping[str, Sequence[str]]
) -> CheckResult:
    """Mark a knowledge check, keep the attempt, and keep the learner's best score.

    Raises:
        Forbidden: when the person is course staff on no team.
        InvalidInput: when it is not a knowledge check.
        UnansweredQuestions: naming the questions left unanswered.
    """
    projects.require_can_work(actor)
    require_kind(activity, "knowledge_check")
    questions = check_questions(actor, activity)
    missing = checks.unanswered(questions, answers)
    if missing:
        raise UnansweredQuestions(missing)
    result = checks.mark_check(questions, answers)
    _keep_attempt(actor, activity, answers, result.score)
    row = activity_progress.mark_complete(activity_progress.worked_on(actor, activity))
    row.score = max(row.score or 0.0, result.score)
    row.attempts += 1
    activity_progress.queue_for([(actor.user_id, actor.context_id)])
    return result


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
    if signoff.status == SignoffStatus.SUBMITTED and signoff.submitted_at is not None:
        raise Conflict(
            "This stage was submitted a moment ago (by you in another tab, or a team member); "
            "it is waiting for review.",
            hint="Reload the page to see the stage as it is now.",
        )
    signoff.status, signoff.submitted_by = SignoffStatus.SUBMITTED, actor.user_id
    signoff.submitted_at, signoff.review_round = utc_now(), (signoff.review_round or 0) + 1
    mentor_id = mentor_assignments.current_mentor_id(view.project.id)
    if mentor_id is not None:
        named = notifications.module_stage(view.project, stage)
        text = f"“{view.project.title}” submitted {named} for your review."
        link = notifications.stage_review_link(view.project.id, stage.slug)
        subject = f"Review waiting: {notifications.stage_name(view.project, stage)}"
        notifications.notify(mentor_id, text, link, email_subject=subject)
    activity_progress.queue_for(projects.member_user_ids(view.project.id))
    db.session.flush()
    return signoff


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


def _signoff_row(project_id: int, item_id: int) -> StageSignoff:
    """Return the stage's sign-off row, locked until this submission commits."""
    key = {"project_id": project_id, "item_id": item_id}
    return upserts.row_for(StageSignoff, key, {"status": SignoffStatus.SUBMITTED}, lock=True)
