"""The sandbox's gradebook: AGS 2.0 line items, scores and results, as a platform keeps them.

AGS 2.0 sections 3.2-3.4: line items have a label and a positive ``scoreMaximum``; the
platform never alters ``resourceId`` or ``tag``; a score's ``timestamp`` must be later than
the last one accepted for that user and line item (the sandbox refuses an older or equal one
with 409, so a tool that repeats timestamps is caught); results are the latest score per user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from lti_qi.sandbox.database import db
from lti_qi.sandbox.errors import Conflict, InvalidInput, NotFound
from lti_qi.sandbox.models import SandboxCourse, SandboxLineItem, SandboxPerson, SandboxScore

ACTIVITY_PROGRESS = ("Initialized", "Started", "InProgress", "Submitted", "Completed")
GRADING_PROGRESS = ("FullyGraded", "Pending", "PendingManual", "Failed", "NotReady")


@dataclass(frozen=True)
class GradebookRow:
    """One person's latest score on each line item of a course."""

    person: SandboxPerson
    scores: dict[int, SandboxScore]


@dataclass(frozen=True)
class Gradebook:
    """A course's line items and everyone's latest scores."""

    line_items: list[SandboxLineItem]
    rows: list[GradebookRow]


def course(lti_id: str) -> SandboxCourse:
    """Return a course by its LTI id or raise NotFound."""
    found = db.session.scalar(select(SandboxCourse).where(SandboxCourse.lti_id == lti_id))
    if found is None:
        raise NotFound(f"The sandbox has no course {lti_id!r}.")
    return found


def line_items(course_id: int, filters: dict[str, str]) -> list[SandboxLineItem]:
    """Return a course's line items, filtered as AGS allows (resource link, resource id, tag)."""
    query = select(SandboxLineItem).where(SandboxLineItem.course_id == course_id)
    columns = {
        "resource_link_id": SandboxLineItem.resource_link_id,
        "resource_id": SandboxLineItem.resource_id,
        "tag": SandboxLineItem.tag,
    }
    for name, column in columns.items():
        if filters.get(name):
            query = query.where(column == filters[name])
    return list(db.session.scalars(query.order_by(SandboxLineItem.id)))


def line_item(course_id: int, item_id: int) -> SandboxLineItem:
    """Return one line item of a course or raise NotFound."""
    item = db.session.get(SandboxLineItem, item_id)
    if item is None or item.course_id != course_id:
        raise NotFound(f"Line item {item_id} does not exist (it may have been deleted).")
    return item


def create_line_item(course_id: int, body: dict[str, Any]) -> SandboxLineItem:
    """Create a line item from an AGS line item document."""
    item = SandboxLineItem(course_id=course_id, extra={})
    _apply_line_item(item, body)
    db.session.add(item)
    db.session.commit()
    return item


def update_line_item(item: SandboxLineItem, body: dict[str, Any]) -> SandboxLineItem:
    """Replace a line item's fields (AGS update is a PUT of the whole document)."""
    _apply_line_item(item, body)
    db.session.commit()
    return item


def delete_line_item(item: SandboxLineItem) -> None:
    """Delete a line item and its scores, as a teacher deleting a gradebook column would."""
    db.session.delete(item)
    db.session.commit()


def record_score(item: SandboxLineItem, body: dict[str, Any]) -> SandboxScore:
    """Validate and keep a score posted by the tool.

    Raises:
        InvalidInput: when a required field is missing or a value is not allowed.
        Conflict: when the timestamp is not later than the last accepted one.
    """
    timestamp = _score_timestamp(body)
    _check_score_fields(body)
    user_id = str(body["userId"])
    last = db.session.scalar(
        select(func.max(SandboxScore.timestamp)).where(
            SandboxScore.line_item_id == item.id, SandboxScore.user_id == user_id
        )
    )
    if last is not None and timestamp <= last:
        raise Conflict(
            f"Score timestamp {body['timestamp']} is not after the last one ({last.isoformat()})."
        )
    score = SandboxScore(
        line_item_id=item.id,
        user_id=user_id,
        score_given=body.get("scoreGiven"),
        score_maximum=body.get("scoreMaximum"),
        activity_progress=body["activityProgress"],
        grading_progress=body["gradingProgress"],
        timestamp=timestamp,
        comment=body.get("comment"),
        body=body,
    )
    db.session.add(score)
    db.session.commit()
    return score


def latest_scores(item: SandboxLineItem, user_id: str | None = None) -> list[SandboxScore]:
    """Return the newest score of each user on a line item (optionally for one user)."""
    newest = (
        select(SandboxScore.user_id, func.max(SandboxScore.id).label("id"))
        .where(SandboxScore.line_item_id == item.id)
        .group_by(SandboxScore.user_id)
    )
    if user_id:
        newest = newest.where(SandboxScore.user_id == user_id)
    ids = [row.id for row in db.session.execute(newest)]
    return list(
        db.session.scalars(
            select(SandboxScore).where(SandboxScore.id.in_(ids)).order_by(SandboxScore.user_id)
        )
    )


def gradebook(sandbox_course: SandboxCourse) -> Gradebook:
    """Return the course's gradebook: every person's latest score on every line item."""
    items = line_items(sandbox_course.id, {})
    people = list(
        db.session.scalars(
            select(SandboxPerson).where(SandboxPerson.course_id == sandbox_course.id)
        )
    )
    latest = {item.id: {score.user_id: score for score in latest_scores(item)} for item in items}
    rows = [
        GradebookRow(
            person,
            {
                item.id: latest[item.id][person.sub]
                for item in items
                if person.sub in latest[item.id]
            },
        )
        for person in people
    ]
    return Gradebook(items, rows)


def _apply_line_item(item: SandboxLineItem, body: dict[str, Any]) -> None:
    label = str(body.get("label") or "").strip()
    maximum = body.get("scoreMaximum")
    if not label:
        raise InvalidInput("A line item needs a non-blank label.")
    if not isinstance(maximum, (int, float)) or isinstance(maximum, bool) or maximum <= 0:
        raise InvalidInput("scoreMaximum must be a number greater than 0.")
    item.label = label
    item.score_maximum = float(maximum)
    item.resource_id = body.get("resourceId")
    item.tag = body.get("tag")
    item.resource_link_id = body.get("resourceLinkId")
    item.extra = {
        k: v
        for k, v in body.items()
        if k not in ("id", "label", "scoreMaximum", "resourceId", "tag", "resourceLinkId")
    }


def _score_timestamp(body: dict[str, Any]) -> datetime:
    try:
        stamp = datetime.fromisoformat(str(body["timestamp"]).replace("Z", "+00:00"))
    except (KeyError, ValueError) as error:
        raise InvalidInput("timestamp is required, as ISO 8601 with a time zone.") from error
    if stamp.tzinfo is None:
        raise InvalidInput("timestamp must include a time zone.")
    return stamp


def _check_score_fields(body: dict[str, Any]) -> None:
    if not body.get("userId"):
        raise InvalidInput("userId is required.")
    if body.get("activityProgress") not in ACTIVITY_PROGRESS:
        raise InvalidInput(f"activityProgress must be one of {', '.join(ACTIVITY_PROGRESS)}.")
    if body.get("gradingProgress") not in GRADING_PROGRESS:
        raise InvalidInput(f"gradingProgress must be one of {', '.join(GRADING_PROGRESS)}.")
    given = body.get("scoreGiven")
    if given is not None and (
        not isinstance(given, (int, float)) or given < 0 or body.get("scoreMaximum") is None
    ):
        raise InvalidInput("scoreGiven must be a number >= 0 and comes with scoreMaximum.")
