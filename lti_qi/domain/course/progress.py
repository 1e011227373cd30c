"""Where a learner stands: activity statuses, stage gating, module completion and score.

Stage states, as a table (``STAGE_STATE_BY_SIGNOFF``): a stage is *locked* until its module
is unlocked and its prerequisite stages are complete; then *open*. A stage that needs a
mentor's sign-off becomes *awaiting sign-off* when submitted, then *changes requested* or
*complete* by the mentor's decision; other stages are *complete* once every activity is done.
A module is unlocked when its prerequisite modules are complete.

Module score (documented in docs/progress.md): the mean of the module's knowledge-check
marks (best attempt of each, as a percentage) weighted 50%, plus the share of its activities
done weighted 50%; a module without checks is scored on completion alone. A module is
*passed* when it is complete and its score reaches the pass mark.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from lti_qi.domain.course.pathway import Activity, Module, Pathway, Stage


class ActivityStatus(StrEnum):
    """A learner's progress on one activity."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    AWAITING_SIGNOFF = "awaiting_signoff"
    COMPLETE = "complete"


class SignoffStatus(StrEnum):
    """A mentor's view of a stage that needs sign-off."""

    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    SIGNED_OFF = "signed_off"


class StageState(StrEnum):
    """Where a stage stands for a learner."""

    LOCKED = "locked"
    OPEN = "open"
    AWAITING_SIGNOFF = "awaiting_signoff"
    CHANGES_REQUESTED = "changes_requested"
    COMPLETE = "complete"


STAGE_STATE_BY_SIGNOFF = {
    None: StageState.OPEN,
    SignoffStatus.SUBMITTED: StageState.AWAITING_SIGNOFF,
    SignoffStatus.CHANGES_REQUESTED: StageState.CHANGES_REQUESTED,
    SignoffStatus.SIGNED_OFF: StageState.COMPLETE,
}
DONE = frozenset({ActivityStatus.SUBMITTED, ActivityStatus.COMPLETE})
CHECK_WEIGHT = 0.5


@dataclass(frozen=True)
class LearnerRecord:
    """Everything stored about one learner that progress is computed from."""

    statuses: Mapping[int, ActivityStatus] = field(default_factory=dict)
    scores: Mapping[int, float] = field(default_factory=dict)
    signoffs: Mapping[int, SignoffStatus] = field(default_factory=dict)
    time_spent: Mapping[int, int] = field(default_factory=dict)
    last_activity_id: int | None = None
    started_at: Mapping[int, datetime] = field(default_factory=dict)
    completed_at: Mapping[int, datetime] = field(default_factory=dict)


@dataclass(frozen=True)
class StageSummary:
    """A stage's state and its activities' statuses for one learner."""

    stage: Stage
    state: StageState
    done: int
    statuses: tuple[ActivityStatus, ...]

    @property
    def required_done(self) -> bool:
        """Whether every activity the stage requires is done (optional evidence does not count)."""
        return all(
            status in DONE
            for activity, status in zip(self.stage.activities, self.statuses, strict=True)
            if not activity.is_optional
        )

    @property
    def ready_to_submit(self) -> bool:
        """Whether the stage needs sign-off and its required work is done, but is not submitted."""
        ready = self.stage.requires_signoff and self.required_done
        return ready and self.state in (StageState.OPEN, StageState.CHANGES_REQUESTED)


@dataclass(frozen=True)
class ModuleSummary:
    """A module's state, completion and score for one learner."""

    module: Module
    is_unlocked: bool
    stages: tuple[StageSummary, ...]
    completion: float
    score: float
    pass_mark: int
    minutes_spent: int

    @property
    def is_complete(self) -> bool:
        """Whether every stage of the module is complete."""
        return all(stage.state is StageState.COMPLETE for stage in self.stages)

    @property
    def is_passed(self) -> bool:
        """Whether the module is complete and its score reaches the pass mark."""
        return self.is_complete and self.score >= self.pass_mark


@dataclass(frozen=True)
class PathwaySummary:
    """A learner's whole pathway, and the activity to continue with."""

    modules: tuple[ModuleSummary, ...]
    next_activity: Activity | None
    completion: float


def summarise(
    pathway: Pathway, record: LearnerRecord, pass_marks: Mapping[str, int] | None = None
) -> PathwaySummary:
    """Compute every module's and stage's state for a learner."""
    pass_marks = pass_marks or {}
    summaries: list[ModuleSummary] = []
    complete_modules: set[str] = set()
    for module in pathway.modules:
        unlocked = all(slug in complete_modules for slug in module.prerequisites)
        summary = _summarise_module(module, unlocked, record, pass_marks.get(module.slug))
        if summary.is_complete:
            complete_modules.add(module.slug)
        summaries.append(summary)
    activities = list(pathway.activities())
    done = sum(1 for activity in activities if record.statuses.get(activity.id) in DONE)
    completion = done / len(activities) if activities else 0.0
    return PathwaySummary(tuple(summaries), _next_activity(summaries, record), completion)


def effective_status(
    activity: Activity, stage: StageSummary, record: LearnerRecord
) -> ActivityStatus:
    """Return an activity's status as shown: submitted work waits for its stage's sign-off."""
    stored = record.statuses.get(activity.id, ActivityStatus.NOT_STARTED)
    if stage.state is StageState.AWAITING_SIGNOFF and stored in DONE:
        return ActivityStatus.AWAITING_SIGNOFF
    if stage.state is StageState.COMPLETE and stored in DONE:
        return ActivityStatus.COMPLETE
    return stored


def _summarise_module(
    module: Module, unlocked: bool, record: LearnerRecord, pass_mark: int | None
) -> ModuleSummary:
    stages: list[StageSummary] = []
    complete_stages: set[str] = set()
    for stage in module.stages:
        open_ = unlocked and all(slug in complete_stages for slug in stage.prerequisites)
        summary = _summarise_stage(stage, open_, record)
        if summary.state is StageState.COMPLETE:
            complete_stages.add(stage.slug)
        stages.append(summary)
    activities = list(module.activities())
    done = sum(summary.done for summary in stages)
    completion = done / len(activities) if activities else 0.0
    seconds = sum(record.time_spent.get(activity.id, 0) for activity in activities)
    return ModuleSummary(
        module=module,
        is_unlocked=unlocked,
        stages=tuple(stages),
        completion=completion,
        score=module_score(activities, record, completion),
        pass_mark=pass_mark if pass_mark is not None else module.pass_mark,
        minutes_spent=seconds // 60,
    )


def _summarise_stage(stage: Stage, is_open: bool, record: LearnerRecord) -> StageSummary:
    statuses = tuple(
        record.statuses.get(a.id, ActivityStatus.NOT_STARTED) for a in stage.activities
    )
    done = sum(1 for status in statuses if status in DONE)
    summary = StageSummary(stage, StageState.OPEN, done, statuses)
    if not is_open:
        state = StageState.LOCKED
    elif stage.requires_signoff:
        state = STAGE_STATE_BY_SIGNOFF[record.signoffs.get(stage.id)]
    else:
        state = StageState.COMPLETE if summary.required_done else StageState.OPEN
    return StageSummary(stage, state, done, statuses)


def module_score(activities: list[Activity], record: LearnerRecord, completion: float) -> float:
    """Score a module out of 100: knowledge checks and completion, half each (see module doc)."""
    checks = [activity for activity in activities if activity.kind == "knowledge_check"]
    if not checks:
        return round(completion * 100, 1)
    check_mean = sum(record.scores.get(activity.id, 0.0) for activity in checks) / len(checks)
    return round(CHECK_WEIGHT * check_mean + (1 - CHECK_WEIGHT) * completion * 100, 1)


def _next_activity(modules: list[ModuleSummary], record: LearnerRecord) -> Activity | None:
    """The last activity touched if it is unfinished, else the first unfinished one that is open."""
    open_unfinished = [
        activity
        for module in modules
        for stage in module.stages
        if stage.state in (StageState.OPEN, StageState.CHANGES_REQUESTED)
        for activity in stage.stage.activities
        if record.statuses.get(activity.id) not in DONE
        or stage.state is StageState.CHANGES_REQUESTED
    ]
    last = next((a for a in open_unfinished if a.id == record.last_activity_id), None)
    return last or (open_unfinished[0] if open_unfinished else None)
