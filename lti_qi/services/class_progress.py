"""Class progress for a course's designers: who is where, who is stuck, and the stage funnel.

Every figure is aggregated in SQL over the course's activity progress (see
``class_queries``), so the overview page costs the same handful of queries for 20 learners
or 2,000, and stays fast at that size.

Definitions (docs/designers.md restates them): an activity is *done* when it is submitted or
complete. A learner has *started* once they opened any activity of the pathway, and has
*completed* it when every activity is done. A learner is *stuck* when they started, have not
completed, and either made no progress for ``stuck_after_days`` days (14 by default) or have a
stage sent back with changes requested. In the stage funnel, a learner *did* a stage when
every activity of it is done; stages that need sign-off also count the learners whose
project awaits a decision or was asked for changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from lti_qi.domain.pathway import Module, Pathway, Stage
from lti_qi.domain.progress import SignoffStatus
from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, ProjectMember, StageSignoff, User
from lti_qi.models.base import utc_now
from lti_qi.services import class_queries, class_roster, content
from lti_qi.services.class_roster import RosterOrder, RosterPage

STUCK_AFTER_DAYS = 14
STUCK_LIST_LIMIT = 25


@dataclass(frozen=True)
class ClassCounts:
    """Head counts of the course's learners."""

    learners: int
    started: int
    completed: int
    stuck: int


@dataclass(frozen=True)
class StuckLearner:
    """A learner who may need a nudge, and why."""

    user_id: int
    name: str
    completion: float
    last_active: datetime | None
    has_changes_requested: bool


@dataclass(frozen=True)
class FunnelStage:
    """How far the class got with one stage."""

    module: Module
    stage: Stage
    started: int
    done: int
    awaiting_signoff: int
    changes_requested: int


@dataclass(frozen=True)
class ClassOverview:
    """Everything the class-progress page shows."""

    pathway: Pathway
    pass_marks: dict[str, int]
    counts: ClassCounts
    funnel: tuple[FunnelStage, ...]
    stuck: tuple[StuckLearner, ...]
    stuck_after_days: int
    roster: RosterPage

    def pass_mark(self, module: Module) -> int:
        """Return the pass mark the course uses for a module."""
        return self.pass_marks.get(module.slug, module.pass_mark)

    def module_number(self, module: Module) -> int:
        """Return a module's number in the pathway, from 1."""
        return self.pathway.modules.index(module) + 1

    def funnel_share(self, stage: FunnelStage) -> float:
        """Return the share (0 to 1) of the learners who did every activity of a stage."""
        return stage.done / self.counts.learners if self.counts.learners else 0.0


def class_overview(
    context_id: int,
    *,
    page: int = 1,
    order: RosterOrder = RosterOrder.NAME,
    stuck_after_days: int = STUCK_AFTER_DAYS,
) -> ClassOverview:
    """Return the class-progress figures of a course, in a fixed number of queries."""
    setting = content.course_setting(context_id)
    pathway = content.pathway(setting.pack_slug)
    return ClassOverview(
        pathway=pathway,
        pass_marks=dict(setting.pass_marks),
        counts=class_counts(context_id, pathway, stuck_after_days=stuck_after_days),
        funnel=tuple(stage_funnel(context_id, pathway)),
        stuck=tuple(stuck_learners(context_id, pathway, stuck_after_days=stuck_after_days)),
        stuck_after_days=stuck_after_days,
        roster=class_roster.roster_page(context_id, pathway, page=page, order=order),
    )


def class_counts(
    context_id: int,
    pathway: Pathway,
    *,
    stuck_after_days: int = STUCK_AFTER_DAYS,
    now: datetime | None = None,
) -> ClassCounts:
    """Count the learners, those who started, completed, and are stuck (one query)."""
    learners = class_queries.learner_ids(context_id).subquery()
    totals = class_queries.learner_totals(context_id, pathway)
    stuck = class_queries.is_stuck(
        context_id,
        pathway,
        learners.c.user_id,
        totals,
        stuck_after_days=stuck_after_days,
        now=now or utc_now(),
    )
    everything = class_queries.activity_count(pathway)
    query = (
        select(
            func.count(),
            func.count(totals.c.user_id),
            func.sum(case((totals.c.done == everything, 1), else_=0)),
            func.sum(case((stuck, 1), else_=0)),
        )
        .select_from(learners)
        .outerjoin(totals, totals.c.user_id == learners.c.user_id)
    )
    learner_count, started, completed, stuck_count = db.session.execute(query).one()
    return ClassCounts(learner_count, started, int(completed or 0), int(stuck_count or 0))


def stuck_learners(
    context_id: int,
    pathway: Pathway,
    *,
    stuck_after_days: int = STUCK_AFTER_DAYS,
    limit: int = STUCK_LIST_LIMIT,
    now: datetime | None = None,
) -> list[StuckLearner]:
    """Return the stuck learners, longest without progress first (one query)."""
    learners = class_queries.learner_ids(context_id).subquery()
    totals = class_queries.learner_totals(context_id, pathway)
    sent_back = User.id.in_(class_queries.changes_requested(context_id, pathway))
    stuck = class_queries.is_stuck(
        context_id,
        pathway,
        User.id,
        totals,
        stuck_after_days=stuck_after_days,
        now=now or utc_now(),
    )
    query = (
        select(User, totals.c.done, totals.c.last_active, sent_back)
        .join(learners, learners.c.user_id == User.id)
        .join(totals, totals.c.user_id == User.id)
        .where(stuck)
        .order_by(totals.c.last_active, User.id)
        .limit(limit)
    )
    everything = class_queries.activity_count(pathway)
    return [
        StuckLearner(user.id, user.display_name, done / everything, last, bool(changes))
        for user, done, last, changes in db.session.execute(query)
    ]


def stage_funnel(context_id: int, pathway: Pathway) -> list[FunnelStage]:
    """Count, per stage, the learners who started it, did all of it, and await sign-off.

    Two queries: done counts per learner and stage, tallied per stage in SQL; and the
    sign-off states of the course's learners' projects.
    """
    tallies = _stage_tallies(context_id, pathway)
    signoffs = _signoff_counts(context_id, pathway)
    stages = [(module, stage) for module in pathway.modules for stage in module.stages]
    return [
        FunnelStage(
            module,
            stage,
            started=sum(tallies.get(position, {}).values()),
            done=tallies.get(position, {}).get(len(stage.activities), 0),
            awaiting_signoff=signoffs.get((stage.id, SignoffStatus.SUBMITTED), 0),
            changes_requested=signoffs.get((stage.id, SignoffStatus.CHANGES_REQUESTED), 0),
        )
        for position, (module, stage) in enumerate(stages)
    ]


def _stage_tallies(context_id: int, pathway: Pathway) -> dict[int, dict[int, int]]:
    """Return, per stage position, how many learners have each number of its activities done."""
    tagged = (
        select(
            ActivityProgress.user_id,
            class_queries.position_case(pathway, by_stage=True).label("stage"),
            class_queries.done_flag().label("done"),
        )
        .where(
            ActivityProgress.context_id == context_id,
            ActivityProgress.item_id.in_(class_queries.activity_ids(pathway)),
            ActivityProgress.user_id.in_(class_queries.learner_ids(context_id)),
        )
        .subquery()
    )
    per_learner = (
        select(tagged.c.stage, func.sum(tagged.c.done).label("done"))
        .group_by(tagged.c.user_id, tagged.c.stage)
        .subquery()
    )
    query = select(per_learner.c.stage, per_learner.c.done, func.count()).group_by(
        per_learner.c.stage, per_learner.c.done
    )
    tallies: dict[int, dict[int, int]] = {}
    for position, done, learners in db.session.execute(query):
        tallies.setdefault(position, {})[int(done)] = learners
    return tallies


def _signoff_counts(context_id: int, pathway: Pathway) -> dict[tuple[int, SignoffStatus], int]:
    """Return how many of the course's learners have each stage in each sign-off state."""
    query = (
        select(StageSignoff.item_id, StageSignoff.status, func.count(ProjectMember.user_id))
        .join(ProjectMember, ProjectMember.project_id == StageSignoff.project_id)
        .where(
            ProjectMember.context_id == context_id,
            ProjectMember.user_id.in_(class_queries.learner_ids(context_id)),
            StageSignoff.item_id.in_(class_queries.stage_ids(pathway)),
        )
        .group_by(StageSignoff.item_id, StageSignoff.status)
    )
    return {
        (item_id, SignoffStatus(status)): learners
        for item_id, status, learners in db.session.execute(query)
    }
