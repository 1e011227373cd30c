"""A learner's written reflection on an activity: drafts, finishing, and saves from two tabs.

A reflection is saved as a draft whatever its length (up to ``MAX_REFLECTION_CHARACTERS``),
and finished once it has the activity's minimum number of words. Each save names the version
it started from; a save over a newer version (from another tab or window) is refused with
both texts (``StaleReflection``), so the learner chooses what to keep. Scoped to the actor's
own user and course; each save writes in the caller's unit of work (never commits).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from lti_qi import transaction
from lti_qi.domain.course import Activity
from lti_qi.domain.worksheets import tidy_text
from lti_qi.errors import Conflict
from lti_qi.extensions import db
from lti_qi.models import Reflection
from lti_qi.models.base import utc_now
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor
from lti_qi.services.curriculum import activity_progress, learning

MAX_REFLECTION_CHARACTERS = 20_000


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
    learning.require_kind(activity, "reflection")
    text = tidy_text(text, one_line=False)
    if len(text) > MAX_REFLECTION_CHARACTERS:
        return ReflectionOutcome(text, is_finished=False, problem=_too_long(text))
    _write_reflection(actor, activity, text, base_version)
    row = activity_progress.worked_on(actor, activity)
    problem = _finish_problem(activity, text) if finish else None
    if finish and problem is None:
        activity_progress.mark_complete(row)
        activity_progress.queue_for([(actor.user_id, actor.context_id)])
    db.session.flush()
    return ReflectionOutcome(text, is_finished=finish and problem is None, problem=problem)


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
        _add_first_version(actor, activity, text)
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
        db.session.expire(saved)
        raise StaleReflection(reflection_text(actor, activity), text)


def _add_first_version(actor: Actor, activity: Activity, text: str) -> None:
    """Write version 1; if another tab wrote it at the same moment, report that as stale."""
    try:
        with transaction.savepoint():
            db.session.add(
                Reflection(
                    user_id=actor.user_id,
                    context_id=actor.context_id,
                    item_id=activity.id,
                    text=text,
                    version=1,
                    updated_at=utc_now(),
                )
            )
    except IntegrityError as error:
        raise StaleReflection(reflection_text(actor, activity), text) from error


def _reflection_query(actor: Actor, activity: Activity) -> Select[Reflection]:
    return select(Reflection).where(
        Reflection.user_id == actor.user_id,
        Reflection.context_id == actor.context_id,
        Reflection.item_id == activity.id,
    )
