"""Grade passback as administrators see it: what was sent, what waits, what failed and why.

Scoped, like CPD reports, to the administrator's organisation (``registry.organisation_ids``).
Parked scores (the LMS refused them in a way retrying cannot fix) can be sent again once the cause
is fixed; a newer score for the same learner and column makes an old parked one moot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, select

from lti_qi.errors import NotFound
from lti_qi.extensions import db
from lti_qi.lti import scopes
from lti_qi.models import Context, LineItemRecord, ResourceLink, ScoreOutbox, User
from lti_qi.services.passback import score_delivery
from lti_qi.services.platforms import registry

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


def status(platform_id: int) -> PassbackStatus:
    """Return the organisation's passback counts, problems and links without grades."""
    return PassbackStatus(
        counts=_counts(platform_id),
        problems=_problems(platform_id),
        unavailable=_unavailable(platform_id),
        column_errors=_column_errors(platform_id),
    )


def replay(platform_id: int, outbox_id: int) -> ScoreOutbox:
    """Send one parked score again.

    Raises:
        NotFound: when the score is not one of this organisation's.
    """
    query = _scoped(select(ScoreOutbox.id), platform_id).where(ScoreOutbox.id == outbox_id)
    if db.session.scalar(query) is None:
        raise NotFound("That score is not one of your organisation's.")
    return score_delivery.replay(outbox_id)


def replay_all_parked(platform_id: int) -> int:
    """Send every parked score of the organisation again; returns how many."""
    query = _scoped(select(ScoreOutbox.id), platform_id).where(ScoreOutbox.state == "parked")
    parked = list(db.session.scalars(query))
    for outbox_id in parked:
        score_delivery.replay(outbox_id)
    return len(parked)


def _scoped(query: Select[int], platform_id: int) -> Select[int]:
    return (
        query.join(LineItemRecord, LineItemRecord.id == ScoreOutbox.line_item_id)
        .join(ResourceLink, ResourceLink.id == LineItemRecord.resource_link_id)
        .where(_in_organisation(platform_id))
    )


def _in_organisation(platform_id: int) -> ColumnElement[bool]:
    return ResourceLink.platform_id.in_(registry.organisation_ids(platform_id))


def _counts(platform_id: int) -> dict[str, int]:
    """Count the scores by state; "retrying" is pending after at least one failure."""
    tried = (ScoreOutbox.attempts > 0).label("tried")
    query = (
        select(ScoreOutbox.state, tried, func.count())
        .join(LineItemRecord, LineItemRecord.id == ScoreOutbox.line_item_id)
        .join(ResourceLink, ResourceLink.id == LineItemRecord.resource_link_id)
        .where(_in_organisation(platform_id), ScoreOutbox.state != "superseded")
        .group_by(ScoreOutbox.state, tried)
    )
    counts = dict.fromkeys(STATES, 0)
    for state_name, has_failed, count in db.session.execute(query):
        key = "retrying" if state_name == "pending" and has_failed else state_name
        counts[key] = counts.get(key, 0) + int(count)
    return counts


def _problems(platform_id: int) -> list[ScoreProblem]:
    query = (
        select(ScoreOutbox, User, LineItemRecord, Context)
        .join(LineItemRecord, LineItemRecord.id == ScoreOutbox.line_item_id)
        .join(ResourceLink, ResourceLink.id == LineItemRecord.resource_link_id)
        .join(Context, Context.id == ResourceLink.context_id)
        .join(User, User.id == ScoreOutbox.user_id)
        .where(_in_organisation(platform_id))
        .where(
            (ScoreOutbox.state == "parked")
            | ((ScoreOutbox.state == "pending") & (ScoreOutbox.attempts > 0))
        )
        .order_by(ScoreOutbox.state.desc(), ScoreOutbox.id)
        .limit(PROBLEM_LIMIT)
    )
    return [ScoreProblem(*row) for row in db.session.execute(query)]


def _unavailable(platform_id: int) -> list[UnavailableLink]:
    query = (
        select(ResourceLink, Context)
        .join(Context, Context.id == ResourceLink.context_id)
        .where(_in_organisation(platform_id))
        .order_by(Context.title, ResourceLink.title)
    )
    return [
        UnavailableLink(link, course)
        for link, course in db.session.execute(query)
        if scopes.SCORE not in (link.ags_scopes or [])
    ]


def _column_errors(platform_id: int) -> list[tuple[LineItemRecord, Context]]:
    query = (
        select(LineItemRecord, Context)
        .join(ResourceLink, ResourceLink.id == LineItemRecord.resource_link_id)
        .join(Context, Context.id == ResourceLink.context_id)
        .where(_in_organisation(platform_id), LineItemRecord.last_error.is_not(None))
        .order_by(LineItemRecord.id)
    )
    return [(item, course) for item, course in db.session.execute(query)]
