"""Grade passback as administrators see it: what was sent, what waits, what failed and why.

Scoped, like CPD reports, to what the administrator sees (``platforms.administrators``): the
course they launched from, or every course of their organisation.
Parked scores (the LMS refused them in a way retrying cannot fix) can be sent again once the cause
is fixed; a newer score for the same learner and column makes an old parked one moot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select

from lti_qi.errors import NotFound
from lti_qi.extensions import db
from lti_qi.lti import scopes
from lti_qi.models import Context, LineItemRecord, ResourceLink, ScoreOutbox, User
from lti_qi.services.passback import score_delivery
from lti_qi.services.platforms.administrators import AdminScope

PROBLEM_LIMIT = 100
STATES = ("sent", "pending", "retrying", "sending", "parked")


@dataclass(frozen=True)
class ScoreProblem:
    """A score that has not arrived: parked, or waiting to retry after failures."""

    outbox: ScoreOutbox
    learner: User
    column: LineItemRecord
    course: Context

    @property
    def is_parked(self) -> bool:
        """Whether only an administrator's replay will send it again."""
        return self.outbox.state == "parked"

    @property
    def next_try(self) -> datetime | None:
        """When the worker tries again by itself (``None`` when parked)."""
        return None if self.is_parked else self.outbox.next_attempt_at


@dataclass(frozen=True)
class UnavailableLink:
    """A link whose LMS offered no grade services: progress is kept in lti-qi only."""

    link: ResourceLink
    course: Context


@dataclass(frozen=True)
class PassbackStatus:
    """What the administrator's passback page shows."""

    counts: dict[str, int]
    problems: list[ScoreProblem]
    unavailable: list[UnavailableLink]
    column_errors: list[tuple[LineItemRecord, Context]]


def status(scope: AdminScope) -> PassbackStatus:
    """Return the passback counts, problems and links without grades the administrator sees."""
    return PassbackStatus(
        counts=_counts(scope),
        problems=_problems(scope),
        unavailable=_unavailable(scope),
        column_errors=_column_errors(scope),
    )


def replay(scope: AdminScope, outbox_id: int) -> ScoreOutbox:
    """Send one parked score again.

    Raises:
        NotFound: when the score is not one the administrator sees.
    """
    query = _scoped(select(ScoreOutbox.id), scope).where(ScoreOutbox.id == outbox_id)
    if db.session.scalar(query) is None:
        raise NotFound("That score is not one you administer.")
    return score_delivery.replay(outbox_id)


def replay_all_parked(scope: AdminScope) -> int:
    """Send every parked score the administrator sees again; returns how many."""
    query = _scoped(select(ScoreOutbox.id), scope).where(ScoreOutbox.state == "parked")
    parked = list(db.session.scalars(query))
    for outbox_id in parked:
        score_delivery.replay(outbox_id)
    return len(parked)


def _scoped(query: Select[int], scope: AdminScope) -> Select[int]:
    return (
        query.join(LineItemRecord, LineItemRecord.id == ScoreOutbox.line_item_id)
        .join(ResourceLink, ResourceLink.id == LineItemRecord.resource_link_id)
        .where(scope.covers_link())
    )


def _counts(scope: AdminScope) -> dict[str, int]:
    """Count the scores by state; "retrying" is pending after at least one failure."""
    tried = (ScoreOutbox.attempts > 0).label("tried")
    query = (
        select(ScoreOutbox.state, tried, func.count())
        .join(LineItemRecord, LineItemRecord.id == ScoreOutbox.line_item_id)
        .join(ResourceLink, ResourceLink.id == LineItemRecord.resource_link_id)
        .where(scope.covers_link(), ScoreOutbox.state != "superseded")
        .group_by(ScoreOutbox.state, tried)
    )
    counts = dict.fromkeys(STATES, 0)
    for state_name, has_failed, count in db.session.execute(query):
        key = "retrying" if state_name == "pending" and has_failed else state_name
        counts[key] = counts.get(key, 0) + int(count)
    return counts


def _problems(scope: AdminScope) -> list[ScoreProblem]:
    query = (
        select(ScoreOutbox, User, LineItemRecord, Context)
        .join(LineItemRecord, LineItemRecord.id == ScoreOutbox.line_item_id)
        .join(ResourceLink, ResourceLink.id == LineItemRecord.resource_link_id)
        .join(Context, Context.id == ResourceLink.context_id)
        .join(User, User.id == ScoreOutbox.user_id)
        .where(scope.covers_link())
        .where(
            (ScoreOutbox.state == "parked")
            | ((ScoreOutbox.state == "pending") & (ScoreOutbox.attempts > 0))
        )
        .order_by(ScoreOutbox.state.desc(), ScoreOutbox.id)
        .limit(PROBLEM_LIMIT)
    )
    return [ScoreProblem(*row) for row in db.session.execute(query)]


def _unavailable(scope: AdminScope) -> list[UnavailableLink]:
    query = (
        select(ResourceLink, Context)
        .join(Context, Context.id == ResourceLink.context_id)
        .where(scope.covers_link())
        .order_by(Context.title, ResourceLink.title)
    )
    return [
        UnavailableLink(link, course)
        for link, course in db.session.execute(query)
        if scopes.SCORE not in (link.ags_scopes or [])
    ]


def _column_errors(scope: AdminScope) -> list[tuple[LineItemRecord, Context]]:
    query = (
        select(LineItemRecord, Context)
        .join(ResourceLink, ResourceLink.id == LineItemRecord.resource_link_id)
        .join(Context, Context.id == ResourceLink.context_id)
        .where(scope.covers_link(), LineItemRecord.last_error.is_not(None))
        .order_by(LineItemRecord.id)
    )
    return [(item, course) for item, course in db.session.execute(query)]
