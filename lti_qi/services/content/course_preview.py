"""Preview: a course's pathway and activities as a learner sees them, with nothing saved.

A designer sees the learner's own pages, built from a learner view with an empty record (a
learner who has just started) and a project that is never saved. Nothing here writes to the
database: no progress row, no project, no attempt. Every activity can be opened, locked or
not, and a knowledge check can be tried: it is marked, and the mark is thrown away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lti_qi.domain.course import (
    Activity,
    CheckResult,
    LearnerRecord,
    Module,
    ModuleSummary,
    Stage,
    checks,
    summarise,
)
from lti_qi.domain.worksheets import WorksheetKind, spec_for, starter_document, worksheet_insights
from lti_qi.errors import InvalidInput, NotFound
from lti_qi.models import Project, Worksheet
from lti_qi.models.base import utc_now
from lti_qi.services.content import course_settings, packs, pathways
from lti_qi.services.curriculum import worksheets
from lti_qi.services.curriculum.learning import LearnerView

PREVIEW_PROJECT_TITLE = "Your QI project (preview)"


@dataclass(frozen=True)
class PreviewActivity:
    """An activity to show in preview, with what its learner template needs."""

    module: Module
    stage: Stage
    activity: Activity
    context: Mapping[str, Any] = field(default_factory=dict)


def preview_view(context_id: int, user_id: int) -> LearnerView:
    """Return the learner view of someone who has just started the course's pathway."""
    setting = course_settings.current(context_id)
    pathway = pathways.pathway_for(setting)
    project = Project(context_id=context_id, title=PREVIEW_PROJECT_TITLE, created_by=user_id)
    record = LearnerRecord()
    return LearnerView(pathway, project, record, summarise(pathway, record, setting.pass_marks))


def preview_module(view: LearnerView, slug: str) -> ModuleSummary:
    """Return a module's summary in the preview.

    Raises:
        NotFound: when the pathway has no such module.
    """
    found = next((m for m in view.summary.modules if m.module.slug == slug), None)
    if found is None:
        raise NotFound("That module is not part of this course's pathway.")
    return found


def preview_activity(view: LearnerView, slug: str) -> PreviewActivity:
    """Return an activity (open or locked) with its page, worksheet or prompt, as new.

    Raises:
        NotFound: when the pathway has no such activity.
    """
    located = view.pathway.locate(slug)
    if located is None:
        raise NotFound("That activity is not part of this course's pathway.")
    module, stage, activity = located
    return PreviewActivity(module, stage, activity, _activity_context(view, activity))


def preview_check(activity: Activity, answers: Mapping[str, Sequence[str]]) -> CheckResult:
    """Mark a knowledge check as a learner's would be marked, keeping nothing.

    Raises:
        InvalidInput: naming the questions left unanswered, or when it is not a check.
    """
    if activity.kind != "knowledge_check":
        raise InvalidInput("Only a knowledge check can be marked.")
    questions = activity.config.get("questions", [])
    missing = checks.unanswered(questions, answers)
    if missing:
        numbers = ", ".join(str(number) for number in missing)
        raise InvalidInput(
            f"Answer every question before checking: question {numbers} has no answer."
        )
    return checks.mark_check(questions, answers)


def _activity_context(view: LearnerView, activity: Activity) -> dict[str, Any]:
    context: dict[str, Any] = {"status": None, "reflection": None, "items": []}
    if activity.config.get("page"):
        context["page_html"] = packs.page_html(view.pathway.pack_id, activity.config["page"])
    if activity.kind == "knowledge_check":
        context["questions"] = activity.config.get("questions", [])
    if activity.kind == "worksheet":
        context |= _worksheet_context(WorksheetKind(activity.config["worksheet"]))
    return context


def _worksheet_context(kind: WorksheetKind) -> dict[str, Any]:
    document = starter_document(kind)
    return {
        "worksheet": Worksheet(kind=kind, data=document, version=0),
        "spec": spec_for(kind),
        "document": document,
        "problems": {},
        "outcome_message": None,
        "links": worksheets.link_options({}),
        "insights": worksheet_insights(kind, document, others={}, today=utc_now().date()),
    }
