"""Saving worksheets so that nothing is lost: drafts, submissions, stale edits, history.

Every save names the version it was edited from. Saving the same content twice (a double
click, a retried autosave) changes nothing and succeeds. Saving from an older version than
the current one, with different content, is refused with both versions, so the learner can
choose or merge instead of silently overwriting a teammate or another tab. Every saved
version is kept with its author, so a team's history is complete.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lti_qi import transaction
from lti_qi.domain.course import Activity
from lti_qi.domain.worksheets import (
    FieldProblem,
    LinkTarget,
    Severity,
    ValidatedWorksheet,
    WorksheetKind,
    change_ideas,
    fields_with_text,
    pdsa_cycles,
    planned_measures,
    starter_document,
    validate_worksheet,
    worksheet_checks,
)
from lti_qi.errors import Conflict
from lti_qi.extensions import db
from lti_qi.models import User, Worksheet, WorksheetRevision
from lti_qi.models.base import utc_now
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor
from lti_qi.services.curriculum import activity_progress, learning


class StaleEdit(Conflict):
    """The worksheet changed since the learner's copy was loaded; both versions are kept."""

    def __init__(self, current: Worksheet, mine: dict[str, Any], checked: ValidatedWorksheet):
        super().__init__(
            "Someone saved this worksheet after you opened it (a teammate, or you in another tab).",
            hint="Compare the two versions below, keep what you want, and save again.",
        )
        self.current = current
        self.mine = mine
        self.checked = checked


@dataclass(frozen=True)
class SaveOutcome:
    """What a save did: the worksheet as saved (or not) and what the checks found."""

    worksheet: Worksheet
    checked: ValidatedWorksheet
    saved: bool
    submitted: bool
    problems: tuple[FieldProblem, ...] = ()

    @property
    def message(self) -> str:
        """Say what happened, and what to do when something is missing."""
        if not self.saved:
            return "Not saved yet: fix the parts marked below, then save again."
        if self.submitted:
            return "Submitted."
        if self.wanted_submit:
            return "Your draft is saved. It can be submitted once the parts marked below are done."
        return "Saved."

    wanted_submit: bool = False


@dataclass(frozen=True)
class HistoryEntry:
    """One saved version, for the project's history page."""

    kind: WorksheetKind
    version: int
    author: str
    saved_at: Any
    is_submission: bool


def current(project_id: int, kind: WorksheetKind) -> Worksheet:
    """Return the project's worksheet of this kind (an unsaved starter if there is none yet)."""
    query = select(Worksheet).where(Worksheet.project_id == project_id, Worksheet.kind == kind)
    found = db.session.scalar(query)
    if found is None:
        return Worksheet(project_id=project_id, kind=kind, data=starter_document(kind), version=0)
    return found


def save(
    actor: Actor,
    project_id: int,
    activity: Activity,
    data: dict[str, Any],
    *,
    base_version: int,
    submit: bool,
) -> SaveOutcome:
    """Save a worksheet draft, or submit it, for the actor's project.

    What the learner typed is never lost: a document that cannot be saved comes back unsaved
    with its problems (and the page shows it again as typed); an incomplete submission is
    saved as a draft, with what is missing. Every save (autosave too) counts as time spent.

    Raises:
        Forbidden: when the actor is course staff on no team.
        InvalidInput: when the activity is not a worksheet.
        StaleEdit: when the worksheet changed since ``base_version`` and the content differs.
    """
    projects.require_can_work(actor)
    learning.require_kind(activity, "worksheet")
    kind = WorksheetKind(activity.config["worksheet"])
    checked = validate_worksheet(kind, data)
    worksheet = current(project_id, kind)
    activity_progress.note_work(actor, activity)
    if not checked.can_save:
        return SaveOutcome(worksheet, checked, False, False, checked.problems, wanted_submit=submit)
    problems = checked.problems + tuple(_cross_checks(project_id, kind, checked.document))
    submitting = submit and not any(p.severity is Severity.MISSING for p in problems)
    if worksheet.version != base_version and worksheet.data != checked.document:
        raise StaleEdit(worksheet, data, checked)
    with _stale_if_raced(worksheet, data, checked):
        if worksheet.data != checked.document or worksheet.version == 0:
            _new_version(worksheet, checked.document, actor.user_id, submitting)
        elif submitting and worksheet.submitted_version != worksheet.version:
            _mark_submitted(worksheet)
    if submitting:
        activity_progress.mark_submitted_for_team(project_id, activity)
    return SaveOutcome(worksheet, checked, True, submitting, problems, wanted_submit=submit)


def _cross_checks(
    project_id: int, kind: WorksheetKind, document: dict[str, Any]
) -> list[FieldProblem]:
    """Checks that read the project's other worksheets (links, family of measures...)."""
    documents = {**all_documents(project_id), kind: document}
    return worksheet_checks(kind, documents, today=utc_now().date())


def history(project_id: int, limit: int = 200) -> list[HistoryEntry]:
    """Return the project's saved versions, newest first, with their authors."""
    rows = db.session.execute(
        select(Worksheet.kind, WorksheetRevision, User)
        .join(Worksheet, Worksheet.id == WorksheetRevision.worksheet_id)
        .join(User, User.id == WorksheetRevision.author_id)
        .where(Worksheet.project_id == project_id)
        .order_by(WorksheetRevision.saved_at.desc(), WorksheetRevision.id.desc())
        .limit(limit)
    )
    return [
        HistoryEntry(
            WorksheetKind(kind), rev.version, user.display_name, rev.saved_at, rev.is_submission
        )
        for kind, rev, user in rows
    ]


def _new_version(
    worksheet: Worksheet, document: dict[str, Any], author_id: int, submit: bool
) -> None:
    worksheet.version += 1
    worksheet.data = document
    worksheet.updated_by, worksheet.updated_at = author_id, utc_now()
    if submit:
        worksheet.submitted_version = worksheet.version
    db.session.add(worksheet)
    db.session.flush()
    db.session.add(
        WorksheetRevision(
            worksheet_id=worksheet.id,
            version=worksheet.version,
            data=document,
            author_id=author_id,
            is_submission=submit,
        )
    )


def _mark_submitted(worksheet: Worksheet) -> None:
    worksheet.submitted_version = worksheet.version
    revision = db.session.scalar(
        select(WorksheetRevision).where(
            WorksheetRevision.worksheet_id == worksheet.id,
            WorksheetRevision.version == worksheet.version,
        )
    )
    if revision is not None:
        revision.is_submission = True


@contextmanager
def _stale_if_raced(
    worksheet: Worksheet, data: dict[str, Any], checked: ValidatedWorksheet
) -> Iterator[None]:
    """Save the block's changes in a savepoint; if another save won the race, report it stale."""
    try:
        with transaction.savepoint():
            yield
    except IntegrityError as error:
        latest = current(worksheet.project_id, worksheet.kind)
        raise StaleEdit(latest, data, checked) from error


def all_documents(project_id: int) -> dict[WorksheetKind, dict[str, Any]]:
    """Return every saved worksheet document of a project, by kind."""
    rows = db.session.execute(
        select(Worksheet.kind, Worksheet.data).where(Worksheet.project_id == project_id)
    )
    return {WorksheetKind(kind): data for kind, data in rows}


def typed_fields(worksheet: Worksheet) -> frozenset[str]:
    """Return the fields of a worksheet that any saved version of it held text in."""
    if worksheet.id is None:  # never saved
        return frozenset()
    query = select(WorksheetRevision.data).where(WorksheetRevision.worksheet_id == worksheet.id)
    return fields_with_text([worksheet.data, *db.session.scalars(query)])


def link_options(
    documents: Mapping[WorksheetKind, Mapping[str, Any]],
) -> dict[LinkTarget, list[tuple[str, str]]]:
    """Return what link fields may point at: change ideas, measures and earlier PDSA cycles."""
    ideas = change_ideas(documents.get(WorksheetKind.DRIVER_DIAGRAM, {}))
    plan = planned_measures(documents.get(WorksheetKind.MEASURES_PLAN, {}))
    cycles = pdsa_cycles(documents.get(WorksheetKind.PDSA_LOG, {}))
    return {
        LinkTarget.CHANGE_IDEA: [(idea.id, f"{idea.id}: {idea.text}") for idea in ideas],
        LinkTarget.MEASURE: [(str(m["name"]), str(m["name"])) for m in plan],
        LinkTarget.PDSA_CYCLE: [
            (str(c.get("id", "")), f"{c.get('id', '')}: {c.get('title', '')}") for c in cycles
        ],
    }
