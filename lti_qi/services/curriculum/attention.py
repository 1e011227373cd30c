"""What needs a learner's attention now: stages sent back with the mentor's note, and news.

The learner's home leads with it, so a "changes requested" (and what the mentor asked for)
is the first thing seen, and the worksheet page repeats the note above the worksheet. It
costs no query when nothing needs the learner, and one each for notes and messages when so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from lti_qi.domain.course import Module, Stage, StageState
from lti_qi.extensions import db
from lti_qi.models import Notification, ReviewEntry, User
from lti_qi.services.collaboration import notifications
from lti_qi.services.curriculum.learning import LearnerView

UNREAD_SHOWN = 5


@dataclass(frozen=True)
class MentorNote:
    """What a mentor wrote when they asked for changes to a stage."""

    body: str
    author: str
    written_at: datetime


@dataclass(frozen=True)
class ChangesRequested:
    """A stage sent back for changes, with the mentor's latest note on it (if any)."""

    module: Module
    stage: Stage
    note: MentorNote | None


@dataclass(frozen=True)
class Attention:
    """Everything that needs the learner: stages sent back first, then unread messages."""

    changes: list[ChangesRequested]
    unread: list[Notification]

    def __bool__(self) -> bool:
        """Whether anything needs the learner."""
        return bool(self.changes or self.unread)


def learner_attention(view: LearnerView, user_id: int) -> Attention:
    """Return the stages of the learner's project sent back for changes, and unread messages."""
    sent_back = [
        (summary.module, stage.stage)
        for summary in view.summary.modules
        for stage in summary.stages
        if stage.state is StageState.CHANGES_REQUESTED
    ]
    notes = mentor_notes(view.project.id, (stage for _, stage in sent_back)) if sent_back else {}
    changes = [ChangesRequested(module, stage, notes.get(stage.id)) for module, stage in sent_back]
    # The unread count is cached: with nothing unread the home page runs no extra query.
    return Attention(changes, _unread(user_id) if notifications.unread_count(user_id) else [])


def _unread(user_id: int) -> list[Notification]:
    query = (
        select(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(UNREAD_SHOWN)
    )
    return list(db.session.scalars(query))


def mentor_notes(project_id: int, stages: Iterable[Stage]) -> dict[int, MentorNote]:
    """Return the latest "changes" decision's note on each of these stages, by stage id."""
    rows = db.session.execute(
        select(ReviewEntry, User)
        .join(User, User.id == ReviewEntry.author_id)
        .where(
            ReviewEntry.project_id == project_id,
            ReviewEntry.item_id.in_([stage.id for stage in stages]),
            ReviewEntry.kind == "decision",
            ReviewEntry.decision == "changes",
        )
        .order_by(ReviewEntry.created_at, ReviewEntry.id)
    ).all()
    return {
        entry.item_id: MentorNote(entry.body, user.display_name, entry.created_at)
        for entry, user in rows
    }


def note_for_activity(view: LearnerView, activity_slug: str) -> ChangesRequested | None:
    """Return the mentor's request for changes to this activity's stage, if it was sent back."""
    located = view.pathway.locate(activity_slug)
    if located is None:
        return None
    module, stage, _ = located
    if view.stage_summary(stage).state is not StageState.CHANGES_REQUESTED:
        return None
    return ChangesRequested(module, stage, mentor_notes(view.project.id, [stage]).get(stage.id))
