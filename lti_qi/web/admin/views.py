"""CPD report (table, chart, CSV), revocation, and grade passback status with replay."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, stream_with_context, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain.charts import render_bar_chart
from lti_qi.domain.course import Role
from lti_qi.errors import InvalidInput
from lti_qi.services.credentials import cpd_reports
from lti_qi.services.passback import delivery_status
from lti_qi.services.platforms import administrators
from lti_qi.settings import get_settings
from lti_qi.web.access import current_actor, role_required
from lti_qi.web.admin import bp
from lti_qi.web.admin.forms import ReportFilterForm, RevokeForm


@bp.route("/")
@role_required(Role.ADMINISTRATOR)
def overview() -> tuple[str, int]:
    """CPD completions and hours by learner, course and dates, with a chart by month."""
    form = ReportFilterForm(request.args)
    valid = form.validate()
    wanted = form.to_filter() if valid else cpd_reports.ReportFilter()
    result = cpd_reports.report(_scope(), wanted)
    chart = render_bar_chart(
        result.by_month, title="CPD hours completed per month", unit="hours", id_prefix="cpd"
    )
    page = render_template(
        "admin/cpd.html", form=form, report=result, chart=chart, revoke_form=RevokeForm()
    )
    return page, 200 if valid else 400


@bp.route("/cpd.csv")
@role_required(Role.ADMINISTRATOR)
def cpd_csv() -> Response:
    """Every matching completion as CSV (the filters of the page)."""
    form = ReportFilterForm(request.args)
    if not form.validate():
        raise InvalidInput("Fix the filters on the CPD page first: " + _first_error(form))
    lines = cpd_reports.csv_lines(_scope(), form.to_filter(), get_settings().base_url)
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="lti-qi-cpd.csv"'
    return response


@bp.route("/cpd/<serial>/revoke", methods=["POST"])
@role_required(Role.ADMINISTRATOR)
def revoke(serial: str) -> BaseResponse:
    """Withdraw a certificate and badge; the public verification page says so from now on."""
    form = RevokeForm()
    if not form.validate_on_submit():
        raise InvalidInput("Give the reason for revoking, for the record.")
    cpd_reports.revoke(_scope(), serial, form.reason.data, current_actor().user_id)
    flash(f"Certificate {serial} is revoked.", "success")
    return redirect(url_for("admin.overview"), code=303)


@bp.route("/passback")
@role_required(Role.ADMINISTRATOR)
def passback() -> str:
    """What was sent to gradebooks, what waits, what failed and why."""
    result = delivery_status.status(_scope())
    return render_template("admin/passback.html", status=result)


@bp.route("/passback/<id:outbox_id>/replay", methods=["POST"])
@role_required(Role.ADMINISTRATOR)
def replay(outbox_id: int) -> BaseResponse:
    """Send one parked score again."""
    delivery_status.replay(_scope(), outbox_id)
    flash("The score is queued again; the worker sends it within a minute.", "success")
    return redirect(url_for("admin.passback"), code=303)


@bp.route("/passback/replay-parked", methods=["POST"])
@role_required(Role.ADMINISTRATOR)
def replay_parked() -> BaseResponse:
    """Send every parked score again."""
    count = delivery_status.replay_all_parked(_scope())
    flash(f"{count} parked {'score is' if count == 1 else 'scores are'} queued again.", "success")
    return redirect(url_for("admin.passback"), code=303)


def _scope() -> administrators.AdminScope:
    """The courses this administrator sees: theirs, or their organisation's."""
    return administrators.scope_for(current_actor())


def _first_error(form: ReportFilterForm) -> str:
    return next(iter(message for messages in form.errors.values() for message in messages), "")
