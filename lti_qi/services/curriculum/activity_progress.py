"""A learner's progress row on an activity: the time spent on it, and whether it is done.

Time spent adds up the gaps between a learner's actions on an activity while each gap is
shorter than ``ACTIVE_GAP`` (docs/progress.md). A team's shared work (evidence, worksheets)
is recorded for every member of the project, each in their own course. Nothing here commits:
the caller does, once, with the scores and CPD records that ``queue_for`` adds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from lti_qi.domain.course import Activity, ActivityStatus
from lti_qi.extensions import db
from lti_qi.models import ActivityProgress
from lti_qi.models.base import utc_now
from lti_qi.services.base import projects, upserts
from lti_qi.services.base.actors import Actor
from lti_qi.services.curriculum import progress_events

ACTIVE_GAP = timedelta(minutes=10)


def worked_on(actor: Actor, activity: Activity, now: datetime | None = None) -> ActivityProgress:
    """Return the actor's progress row, counting the gap since their last action if short."""
    now = now or utc_now()
    row = _progress_row(actor.user_id, actor.context_id, activity.id)
    gap = now - row.updated_at
    if timedelta(0) < gap < ACTIVE_GAP:
        row.time_spent_seconds += int(gap.total_seconds())
    row.updated_at = max(row.updated_at, now)
    return row


def note_work(actor: Actor, activity: Activity) -> None:
    """Count the learner's active time on an activity, in the caller's unit of work."""
    worked_on(actor, activity)


def mark_complete(row: ActivityProgress) -> ActivityProgress:
    """Mark a progress row complete, keeping when it was first completed."""
    if row.status != ActivityStatus.COMPLETE:
        row.status, row.completed_at = ActivityStatus.COMPLETE, utc_now()
    return row


def complete_for_team(project_id: int, activity: Activity) -> None:
    """Mark a shared activity (evidence) complete for every member of the project."""
    members = projects.member_user_ids(project_id)
    for user_id, context_id in members:
        mark_complete(_progress_row(user_id, context_id, activity.id))
    queue_for(members)


def mark_submitted_for_team(project_id: int, activity: Activity) -> None:
    """Mark a project's worksheet activity submitted for every member (in their own course)."""
    members = projects.member_user_ids(project_id)
    for user_id, context_id in members:
        row = _progress_row(user_id, context_id, activity.id)
        if row.status != ActivityStatus.COMPLETE:
            row.status = ActivityStatus.SUBMITTED
            row.completed_at = row.completed_at or utc_now()
    queue_for(members)


def queue_for(learners: Sequence[tuple[int, int]]) -> None:
    """Queue the learners' scores and CPD records, in this unit of work (``progress_events``)."""
    db.session.flush()
    for user_id, context_id in learners:
        progress_events.progress_changed(user_id, context_id)


def _progress_row(user_id: int, context_id: int, item_id: int) -> ActivityProgress:
    now = utc_now()
    return upserts.row_for(
        ActivityProgress,
        {"user_id": user_id, "context_id": context_id, "item_id": item_id},
        {
            "status": ActivityStatus.NOT_STARTED,
            "attempts": 0,
            "time_spent_seconds": 0,
            "started_at": now,
            "updated_at": now,
        },
    )
