"""What lti-qi tells an LMS gradebook about a learner's module: AGS 2.0 score documents.

AGS 2.0 section 3.4: every score carries ``activityProgress`` (Initialized, Started,
InProgress, Submitted, Completed) and ``gradingProgress`` (NotReady, Pending,
PendingManual, FullyGraded, Failed). lti-qi maps a module's state onto them:

============================  ===================  ==================
module state                  activityProgress     gradingProgress
============================  ===================  ==================
nothing started               Initialized          NotReady
started, nothing done         Started              Pending
some work done                InProgress           Pending
a stage awaits sign-off       Submitted            PendingManual
every stage complete          Completed            FullyGraded
============================  ===================  ==================

The module score is out of 100 (the rule in ``lti_qi.domain.course.progress``); the CPD column's
maximum is the module's CPD hours and its score is those hours once the module is complete,
0 before. Scores of 0 are sent too: older Open edX releases dropped them (xblock-lti-consumer
issue 695), which lti-qi's own CPD report does not depend on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from lti_qi.domain.course.cpd import course_cpd_hours
from lti_qi.domain.course.pathway import Activity
from lti_qi.domain.course.progress import (
    LearnerRecord,
    ModuleSummary,
    PathwaySummary,
    StageState,
    StageSummary,
)

SCORE_MAXIMUM = 100.0
ONE_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class Progress:
    """A module's state as AGS progress words."""

    activity: str
    grading: str


def module_progress(summary: ModuleSummary, started: bool) -> Progress:
    """Map a module's state onto AGS activity and grading progress (see the table above)."""
    return progress_words(
        is_complete=summary.is_complete,
        is_awaiting=any(stage.state is StageState.AWAITING_SIGNOFF for stage in summary.stages),
        has_work=summary.completion > 0,
        started=started,
    )


def progress_words(
    *, is_complete: bool, is_awaiting: bool, has_work: bool, started: bool
) -> Progress:
    """Return the AGS progress words for a module, a stage or a pathway (the table above)."""
    if is_complete:
        return Progress("Completed", "FullyGraded")
    if is_awaiting:
        return Progress("Submitted", "PendingManual")
    if has_work:
        return Progress("InProgress", "Pending")
    return Progress("Started", "Pending") if started else Progress("Initialized", "NotReady")


def submission_times(
    activities: Iterable[Activity], record: LearnerRecord
) -> dict[str, str] | None:
    """Return AGS 2.0's ``submission`` times for work handed in: first start, last finish.

    ``None`` until every activity is finished (nothing has been submitted yet).
    """
    ids = [activity.id for activity in activities]
    if not ids or any(activity_id not in record.completed_at for activity_id in ids):
        return None
    started = min(record.started_at.get(i, record.completed_at[i]) for i in ids)
    submitted = max(record.completed_at[i] for i in ids)
    return {"startedAt": iso(min(started, submitted)), "submittedAt": iso(submitted)}


def score_document(
    summary: ModuleSummary,
    *,
    user_id: str,
    started: bool,
    timestamp: datetime,
    carry_cpd: bool,
    maximum: float = SCORE_MAXIMUM,
    submission: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """Return the AGS score for a module's score column (the module score, out of ``maximum``).

    ``submission`` (from ``submission_times``) is added where the learner has handed the
    module in; platforms that do not know AGS 2.0's submission times ignore it.
    """
    document = _document(
        user_id,
        scaled(summary.score / SCORE_MAXIMUM, maximum),
        maximum,
        module_progress(summary, started),
        timestamp,
        module_comment(summary, include_cpd=carry_cpd),
    )
    return document | ({"submission": dict(submission)} if submission else {})


def cpd_document(
    summary: ModuleSummary, *, user_id: str, started: bool, timestamp: datetime
) -> dict[str, object]:
    """Return the AGS score for a module's CPD column (hours earned out of the module's hours)."""
    hours = summary.module.cpd_hours
    return _document(
        user_id,
        hours if summary.is_complete else 0.0,
        hours,
        module_progress(summary, started),
        timestamp,
        f"CPD: {hours:g} hours on completing “{summary.module.title}”.",
    )


def stage_document(
    stage: StageSummary,
    *,
    user_id: str,
    started: bool,
    timestamp: datetime,
    maximum: float = SCORE_MAXIMUM,
) -> dict[str, object]:
    """Return the AGS score for one stage's column: the share of its activities done."""
    total = len(stage.stage.activities)
    is_complete = stage.state is StageState.COMPLETE
    share = 1.0 if is_complete else stage.done / total if total else 0.0
    progress = progress_words(
        is_complete=is_complete,
        is_awaiting=stage.state is StageState.AWAITING_SIGNOFF,
        has_work=stage.done > 0,
        started=started,
    )
    comment = f"“{stage.stage.title}”: {stage.done} of {total} activities done."
    return _document(user_id, scaled(share, maximum), maximum, progress, timestamp, comment)


def pathway_document(
    summary: PathwaySummary,
    *,
    user_id: str,
    started: bool,
    timestamp: datetime,
    maximum: float = SCORE_MAXIMUM,
) -> dict[str, object]:
    """Return the AGS score for a whole-pathway column: completion out of ``maximum``."""
    progress = progress_words(
        is_complete=all(module.is_complete for module in summary.modules),
        is_awaiting=any(
            s.state is StageState.AWAITING_SIGNOFF for m in summary.modules for s in m.stages
        ),
        has_work=started,  # a pathway has no "started, nothing done": any start is progress
        started=started,
    )
    hours = course_cpd_hours(m.module for m in summary.modules if m.is_complete)
    comment = f"Pathway {summary.completion:.0%} complete; CPD earned {hours:g} hours."
    return _document(
        user_id, scaled(summary.completion, maximum), maximum, progress, timestamp, comment
    )


def module_comment(summary: ModuleSummary, *, include_cpd: bool) -> str:
    """Say in one line where the learner stands (plain text, as AGS comments are)."""
    parts = [
        f"“{summary.module.title}”: {round(summary.completion * 100)}% complete",
        f"score {summary.score:g} (pass mark {summary.pass_mark})",
    ]
    if include_cpd:
        earned = summary.module.cpd_hours if summary.is_complete else 0
        parts.append(f"CPD {earned:g} of {summary.module.cpd_hours:g} hours")
    return "; ".join(parts) + "."


def scaled(share: float, maximum: float) -> float:
    """Return ``share`` (0 to 1) of ``maximum``, to two decimal places."""
    return round(share * maximum, 2)


def _document(
    user_id: str,
    given: float,
    maximum: float,
    progress: Progress,
    timestamp: datetime,
    comment: str,
) -> dict[str, object]:
    return {
        "userId": user_id,
        "scoreGiven": given,
        "scoreMaximum": maximum,
        "activityProgress": progress.activity,
        "gradingProgress": progress.grading,
        "timestamp": iso(timestamp),
        "comment": comment,
    }


def next_timestamp(now: datetime, last: datetime | None) -> datetime:
    """Return a timestamp strictly after the last one sent for the same column and learner."""
    return now if last is None or now > last else last + ONE_MICROSECOND


def iso(moment: datetime) -> str:
    """Format a timestamp as AGS wants it: ISO 8601 with sub-second precision and a zone."""
    return moment.isoformat(timespec="microseconds")


def same_score(first: Mapping[str, object], second: Mapping[str, object]) -> bool:
    """Whether two score documents say the same thing (ignoring their timestamps)."""
    return {k: v for k, v in first.items() if k != "timestamp"} == {
        k: v for k, v in second.items() if k != "timestamp"
    }
