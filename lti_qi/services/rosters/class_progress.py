"""Class progress for a course's designers: who is where, who is stuck, and the stage funnel.

The course's progress rows are read in two grouped queries (see ``class_queries``): one row
per learner, and a tally per stage. Everything on the page comes from those and a few small
queries, so it costs the same fixed number of queries for 20 learners or 2,000 and stays
fast at that size.

Definitions (docs/designers.md restates them): an activity is *done* when it is submitted or
complete. A learner has *started* once they opened any activity of the pathway, and has
*completed* it when every activity is done. A learner is *stuck* when they started, have not
completed, and either made no progress for ``stuck_after_days`` days (14 by default) or have a
stage sent back with changes requested. In the stage funnel, a learner *did* a stage when
every activity of it is done; stages that need sign-off also count the learners whose
project awaits a decision or was asked for changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from lti_qi.domain.course import Module, Pathway, SignoffStatus, Stage
from lti_qi.models.base import utc_now
from lti_qi.services.rosters import class_queries, class_roster
from lti_qi.services.rosters.class_queries import CourseScope, LearnerTotal
from lti_qi.services.rosters.class_roster import RosterOrder, RosterPage

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
    last_active: datetime
    has_changes_requested: bool


@dataclass(frozen=True)
class FunnelStage:
    """How far the class got with one stage."""

    module: Module
    stage: Stage
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
    now: datetime | None = None,
) -> ClassOverview:
    """Return the class-progress figures of a course, in a fixed number of queries."""
    scope = class_queries.course_scope(context_id)
    learners = class_queries.learner_ids(scope)
    totals = class_queries.learner_totals(scope)
    stuck = find_stuck(scope, totals, stuck_after_days=stuck_after_days, now=now or utc_now())
    everything = class_queries.activity_count(scope.pathway)
    completed = sum(1 for total in totals.values() if total.done >= everything)
    return ClassOverview(
        pathway=scope.pathway,
        pass_marks=scope.pass_marks,
        counts=ClassCounts(len(learners), len(totals), completed, len(stuck)),
        funnel=tuple(stage_funnel(scope)),
        stuck=tuple(_named(scope, stuck[:STUCK_LIST_LIMIT])),
        stuck_after_days=stuck_after_days,
        roster=class_roster.roster_page(scope, learners, totals, page=page, order=order),
    )


def find_stuck(
    scope: CourseScope,
    totals: Mapping[int, LearnerTotal],
    *,
    stuck_after_days: int = STUCK_AFTER_DAYS,
    now: datetime,
) -> list[tuple[LearnerTotal, bool]]:
    """Return the stuck learners, longest without progress first, each with whether sent back."""
    everything = class_queries.activity_count(scope.pathway)
    cutoff = now - timedelta(days=stuck_after_days)
    sent_back = class_queries.changes_requested(scope)
    stuck = [
        (total, total.user_id in sent_back)
        for total in totals.values()
        if total.done < everything and (total.last_active < cutoff or total.user_id in sent_back)
    ]
    return sorted(stuck, key=lambda pair: (pair[0].last_active, pair[0].user_id))


def stage_funnel(scope: CourseScope) -> list[FunnelStage]:
    """Count, per stage, the learners who did all of it, await sign-off, or must change it."""
    tallies = class_queries.stage_done_tallies(scope)
    signoffs = class_queries.signoff_counts(scope)
    stages = [(module, stage) for module in scope.pathway.modules for stage in module.stages]
    return [
        FunnelStage(
            module,
            stage,
            done=tallies.get(position, {}).get(len(stage.activities), 0),
            awaiting_signoff=signoffs.get((stage.id, SignoffStatus.SUBMITTED), 0),
            changes_requested=signoffs.get((stage.id, SignoffStatus.CHANGES_REQUESTED), 0),
        )
        for position, (module, stage) in enumerate(stages)
    ]


def _named(scope: CourseScope, stuck: list[tuple[LearnerTotal, bool]]) -> list[StuckLearner]:
    users = class_queries.users_by_id([total.user_id for total, _ in stuck])
    everything = class_queries.activity_count(scope.pathway)
    return [
        StuckLearner(
            total.user_id,
            users[total.user_id].display_name,
            total.done / everything,
            total.last_active,
            sent_back,
        )
        for total, sent_back in stuck
    ]
