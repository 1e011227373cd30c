"""Worksheet activities: saving and submitting a worksheet, its autosave, and edit conflicts."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain.course import Activity, ActivityStatus
from lti_qi.domain.worksheets import (
    FieldProblem,
    WorksheetKind,
    prefilled,
    spec_for,
    suggested_text,
    worksheet_insights,
)
from lti_qi.models import Worksheet
from lti_qi.models.base import utc_now
from lti_qi.services.content import packs
from lti_qi.services.curriculum import attention, learning, moments, worksheets
from lti_qi.services.curriculum.learning import LearnerView
from lti_qi.services.measurement import write_up
from lti_qi.web import transaction
from lti_qi.web.access import current_actor, launch_required
from lti_qi.web.converters import bounded_int
from lti_qi.web.curriculum import bp
from lti_qi.web.form_decoding import as_typed_document, nested_form, problems_by_path


@bp.route("/activities/<slug>/worksheet", methods=["POST"])
@launch_required
def save_worksheet(slug: str) -> BaseResponse | tuple[Response | str, int]:
    """Save (or submit) a worksheet; answers JSON to the page's autosave."""
    actor = current_actor()
    view = learning.learner_view(actor)
    module, stage, item = learning.find_activity(view, slug)
    submit = request.form.get("_action") == "submit"
    base = request.form.get("_base_version", type=bounded_int, default=0)
    typed = nested_form(request.form)
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        outcome = worksheets.save(
            actor, view.project.id, item, typed, base_version=base, submit=submit
        )
    except worksheets.StaleEdit as stale:
        if wants_json:
            return jsonify(error="stale", version=stale.current.version), 409
        return _stale(view, module, stage, item, stale)
    transaction.keep_changes()  # time spent counts even when the document was not saved
    if wants_json:
        status = 200 if outcome.saved else 422
        return jsonify(saved=outcome.saved, version=outcome.worksheet.version), status
    if outcome.submitted or (outcome.saved and not outcome.wanted_submit):
        flash(outcome.message, "success")
        return redirect(url_for("curriculum.activity", slug=slug))
    view = learning.learner_view(actor)
    page = render_template(
        "curriculum/activity_worksheet.html",
        view=view,
        module=module,
        stage=stage,
        activity=item,
        status=view.record.statuses.get(item.id),
        is_unsaved=not outcome.saved,
        **worksheet_context(
            view,
            item,
            document=outcome.checked.document if outcome.saved else as_typed_document(typed),
            problems=outcome.problems,
            message=outcome.message,
        ),
    )
    return page, 200 if outcome.saved else 422


def worksheet_context(
    view: LearnerView,
    item: Activity,
    *,
    document: dict[str, object] | None = None,
    problems: tuple[FieldProblem, ...] = (),
    message: str | None = None,
) -> dict[str, object]:
    """Return what a worksheet activity's page shows: the saved (or given) document and help."""
    kind = WorksheetKind(item.config["worksheet"])
    saved = worksheets.current(view.project.id, kind)
    others = worksheets.all_documents(view.project.id)
    shown, drafted = (document, ()) if document is not None else _started(saved, others)
    context: dict[str, object] = {
        "worksheet": saved,
        "drafted": drafted,
        "spec": spec_for(kind),
        "document": shown,
        "problems": problems_by_path(problems),
        "outcome_message": message,
        "links": worksheets.link_options(others),
        "insights": worksheet_insights(kind, shown, others=others, today=utc_now().date()),
        "sent_back": attention.note_for_activity(view, item.slug),
    }
    if item.config.get("page"):
        context["page_html"] = packs.page_html(view.pathway.pack_id, item.config["page"])
    located = view.pathway.locate(item.slug)
    submitted = view.record.statuses.get(item.id) == ActivityStatus.SUBMITTED
    if located and submitted and context["sent_back"] is None:
        context["what_next"] = moments.what_next(view, located[1])
    return context


def _started(
    saved: Worksheet, others: dict[WorksheetKind, dict[str, Any]]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The saved worksheet, with text from the earlier worksheets in fields never typed in."""
    kind = WorksheetKind(saved.kind)
    if kind is WorksheetKind.SQUIRE_WRITEUP:
        suggested = write_up.first_draft(saved.project_id, others)
    else:
        suggested = suggested_text(kind, others)
    if not suggested:
        return saved.data, ()
    return prefilled(saved.data, suggested, worksheets.typed_fields(saved))


def _stale(
    view: LearnerView,
    module: object,
    stage: object,
    item: Activity,
    stale: worksheets.StaleEdit,
) -> tuple[str, int]:
    page_html = render_template(
        "curriculum/worksheet_conflict.html",
        view=view,
        module=module,
        stage=stage,
        activity=item,
        stale=stale,
        spec=spec_for(WorksheetKind(item.config["worksheet"])),
    )
    return page_html, 409
