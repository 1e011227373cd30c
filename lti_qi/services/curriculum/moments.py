"""The moments that confirm and reward a learner's work, at the moment it happens.

A submitted worksheet says what happens next (the rest of its stage, who signs it off and
where their decision shows); finishing a module's last activity leads to a "module complete"
moment with the CPD hours earned, its certificate and the end-of-module survey; a finished
pathway shows its certificate and badge. Nothing is written here, except a CPD record the
learner has earned but lacks (issued as the CPD page would issue it).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lti_qi.domain.course import DONE, Activity, Module, ModuleSummary, Stage, StageState
from lti_qi.errors import NotFound
from lti_qi.extensions import db
from lti_qi.models import CpdRecord, ModuleFeedback, User
from lti_qi.models.credentials import CpdKind
from lti_qi.services.credentials import certificates
from lti_qi.services.curriculum.learning import LearnerView
from lti_qi.services.mentoring import mentor_assignments


@dataclass(frozen=True)
class WhatNext:
    """What follows a submitted worksheet: the rest of its stage and its sign-off."""

    stage: Stage
    state: StageState
    remaining: tuple[Activity, ...]
    mentor_name: str | None
    ready_to_submit: bool


@dataclass(frozen=True)
class ModuleMoment:
    """A completed module: its CPD record (with the hours earned) and the survey's state."""

    summary: ModuleSummary
    record: CpdRecord | None
    has_answered_survey: bool
    next_activity: Activity | None

    @property
    def hours(self) -> float:
        """Return the CPD hours earned (the record's, else the module's own)."""
        return self.record.hours if self.record else self.summary.module.cpd_hours


def what_next(view: LearnerView, stage: Stage) -> WhatNext:
    """Return what follows a worksheet submitted in this stage."""
    summary = view.stage_summary(stage)
    remaining = tuple(
        activity
        for activity in stage.activities
        if view.record.statuses.get(activity.id) not in DONE
    )
    mentor_id = mentor_assignments.current_mentor_id(view.project.id) if view.project.id else None
    mentor = db.session.get(User, mentor_id) if mentor_id is not None else None
    name = mentor.display_name if mentor else None
    return WhatNext(stage, summary.state, remaining, name, summary.ready_to_submit)


def module_completed_by(
    before: LearnerView, after: LearnerView, activity: Activity
) -> Module | None:
    """Return the module that finishing ``activity`` completed (None if it was complete before)."""
    located = after.pathway.locate(activity.slug)
    if located is None:
        return None
    was, now = (_summary(view, located[0].slug) for view in (before, after))
    return now.module if now.is_complete and not was.is_complete else None


def module_moment(view: LearnerView, user_id: int, slug: str) -> ModuleMoment:
    """Return the "module complete" moment of a module the learner has completed.

    Raises:
        NotFound: when the pathway has no such module, or the learner has not completed it.
    """
    summary = _summary(view, slug)
    if not summary.is_complete:
        raise NotFound(
            f"“{summary.module.title}” is not complete yet.",
            hint="Open the module page to see what is left to do.",
        )
    context_id = view.project.context_id
    answered = db.session.scalar(
        select(ModuleFeedback.id).where(
            ModuleFeedback.user_id == user_id,
            ModuleFeedback.context_id == context_id,
            ModuleFeedback.item_id == summary.module.id,
        )
    )
    record = _record(user_id, context_id, CpdKind.MODULE, summary.module)
    return ModuleMoment(summary, record, answered is not None, view.summary.next_activity)


def is_pathway_complete(view: LearnerView) -> bool:
    """Whether the learner has completed every module of the pathway."""
    return bool(view.summary.modules) and all(m.is_complete for m in view.summary.modules)


def pathway_record(view: LearnerView, user_id: int) -> CpdRecord | None:
    """Return the learner's whole-pathway CPD record once every module is complete."""
    if not is_pathway_complete(view):
        return None
    return _record(user_id, view.project.context_id, CpdKind.PATHWAY, None)


def _record(
    user_id: int, context_id: int, kind: CpdKind, module: Module | None
) -> CpdRecord | None:
    for record in certificates.ensure_records(user_id, context_id):
        if record.kind == kind and (module is None or record.module_item_id == module.id):
            return record
    return None


def _summary(view: LearnerView, slug: str) -> ModuleSummary:
    found = next((m for m in view.summary.modules if m.module.slug == slug), None)
    if found is None:
        raise NotFound("That module is not part of this course's pathway.")
    return found
