"""Class progress, its CSV export, stage sign-offs, and module feedback results."""

from __future__ import annotations

from itertools import chain

from flask import Response, flash, redirect, render_template, request, stream_with_context, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.services.content import course_content
from lti_qi.services.rosters import (
    class_progress,
    class_roster,
    course_signoffs,
    roster_sync,
)
from lti_qi.services.rosters.class_roster import RosterOrder
from lti_qi.web.access import current_actor, role_required
from lti_qi.web.converters import bounded_int
from lti_qi.web.designer import DESIGNERS, bp, note_views
from lti_qi.web.designer.forms import ModuleNoteForm, ReviewSettingsForm

EXCEL_UTF8_MARK = "\ufeff"  # without it, Excel reads UTF-8 names as Latin-1


@bp.route("/")
@role_required(*DESIGNERS)
def overview() -> str:
    """Class progress: head counts, stage funnel, stuck learners, and the roster."""
    stuck_days = request.args.get("stuck_days", class_progress.STUCK_AFTER_DAYS, type=bounded_int)
    overview = class_progress.class_overview(
        current_actor().context_id,
        page=request.args.get("page", 1, type=bounded_int),
        order=_roster_order(request.args.get("order", "")),
        stuck_after_days=min(max(stuck_days, 1), 365),
    )
    roster = roster_sync.roster_status(current_actor().context_id)
    return render_template(
        "designer/overview.html", overview=overview, orders=RosterOrder, roster=roster
    )


@bp.route("/roster/refresh", methods=["POST"])
@role_required(*DESIGNERS)
def refresh_roster() -> BaseResponse:
    """Ask for the course roster to be read from the LMS again (the worker does it)."""
    roster_sync.request_sync(current_actor().context_id)
    flash(
        "The roster will be read from your LMS within a minute: reload this page then.", "success"
    )
    return redirect(url_for("designer.overview"), code=303)


@bp.route("/progress.csv")
@role_required(*DESIGNERS)
def progress_csv() -> Response:
    """The whole roster as a CSV file, streamed."""
    lines = class_roster.roster_csv(current_actor().context_id)
    return Response(
        stream_with_context(chain([EXCEL_UTF8_MARK], lines)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="class-progress.csv"'},
    )


@bp.route("/signoffs")
@role_required(*DESIGNERS)
def signoffs() -> str:
    """Stages waiting for sign-off, each linked to its review page; the review settings."""
    return _signoffs_page(ReviewSettingsForm(obj=course_content.review_settings(_course())))


@bp.route("/signoffs/settings", methods=["POST"])
@role_required(*DESIGNERS)
def review_settings() -> BaseResponse | tuple[str, int]:
    """Save how reviews work in the course."""
    form = ReviewSettingsForm()
    if not form.validate():
        return _signoffs_page(form), 422
    course_content.set_review_settings(_course(), form.to_settings())
    flash("Review settings saved.", "success")
    return redirect(url_for("designer.signoffs"), code=303)


def _signoffs_page(form: ReviewSettingsForm) -> str:
    pending = course_signoffs.pending_signoffs(_course())
    return render_template("designer/signoffs.html", pending=pending, settings_form=form)


def _course() -> int:
    return current_actor().context_id


@bp.route("/feedback")
@role_required(*DESIGNERS)
def feedback() -> str:
    """Module feedback: ratings per module, and one module's trend, comments and notes."""
    module_slug = request.args.get("module") or None
    page = request.args.get("page", 1, type=bounded_int)
    return note_views.feedback_page(module_slug, page, ModuleNoteForm())[0]


def _roster_order(text: str) -> RosterOrder:
    known = {order.value: order for order in RosterOrder}
    return known.get(text, RosterOrder.NAME)
