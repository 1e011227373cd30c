"""Measure pages: the list, one measure's chart and data, and the ways to enter data."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain import measure_data
from lti_qi.domain.chart_choice import DataKind, recommend_chart
from lti_qi.domain.measure_data import CHART_NAMES, Chart
from lti_qi.models import MeasureSeries, Project
from lti_qi.services import content, measurement, projects
from lti_qi.web.access import current_actor, launch_required
from lti_qi.web.form_decoding import nested_form
from lti_qi.web.measurement import bp

MAX_UPLOAD_BYTES = 1024 * 1024


@bp.route("")
@launch_required
def measures() -> str:
    """Every measure of the project's measures plan, with its chart's headline."""
    project = _project()
    series = measurement.project_measures(project.id)
    return render_template("measurement/measures.html", project=project, series=series)


@bp.route("/<int:series_id>")
@launch_required
def measure(series_id: int) -> str:
    """One measure: its chart, what the rules found, its data and how to add more."""
    series = measurement.get_series(_project().id, series_id)
    return _page(series)


@bp.route("/<int:series_id>/points", methods=["POST"])
@launch_required
def save_points(series_id: int) -> BaseResponse | tuple[str, int]:
    """Save the data table as edited on the page."""
    series = measurement.get_series(_project().id, series_id)
    rows = nested_form(request.form).get("points", {})
    points = [rows[key] for key in sorted(rows, key=int)] if isinstance(rows, dict) else []
    base = request.form.get("_base_version", type=int, default=0)
    try:
        measurement.save_points(
            series, points, base_version=base, author_id=current_actor().user_id
        )
    except measurement.StaleData as stale:
        return _page(stale.current, stale_points=stale.mine), 409
    flash("Data saved.", "success")
    return redirect(url_for("measurement.measure", series_id=series_id))


@bp.route("/<int:series_id>/paste", methods=["POST"])
@launch_required
def paste(series_id: int) -> BaseResponse | tuple[str, int]:
    """Add pasted spreadsheet rows (or replace the data with them)."""
    series = measurement.get_series(_project().id, series_id)
    return _add_rows(series, request.form.get("pasted", ""), source="pasted")


@bp.route("/<int:series_id>/upload", methods=["POST"])
@launch_required
def upload(series_id: int) -> BaseResponse | tuple[str, int]:
    """Add the rows of an uploaded CSV file (or replace the data with them)."""
    series = measurement.get_series(_project().id, series_id)
    upload_file = request.files.get("csv_file")
    data = upload_file.read(MAX_UPLOAD_BYTES + 1) if upload_file else b""
    if len(data) > MAX_UPLOAD_BYTES:
        return _page(
            series, row_problems=[measure_data.RowProblem(0, "The file is over 1 MB.")]
        ), 422
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _page(
            series,
            row_problems=[
                measure_data.RowProblem(0, "Save the file as CSV (UTF-8) and try again.")
            ],
        ), 422
    return _add_rows(series, text, source="uploaded")


@bp.route("/<int:series_id>/settings", methods=["POST"])
@launch_required
def settings(series_id: int) -> BaseResponse:
    """Change the kind of data, the chart, the rules, the baseline and the phases."""
    series = measurement.get_series(_project().id, series_id)
    measurement.save_settings(series, request.form, author_id=current_actor().user_id)
    flash("Chart settings saved.", "success")
    return redirect(url_for("measurement.measure", series_id=series_id))


@bp.route("/<int:series_id>/data.csv")
@launch_required
def export(series_id: int) -> Response:
    """Download the data as CSV."""
    series = measurement.get_series(_project().id, series_id)
    body = measure_data.points_to_csv(series.points, Chart(series.chart))
    name = "".join(c if c.isalnum() else "-" for c in series.name.lower()).strip("-") or "measure"
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _add_rows(series: MeasureSeries, text: str, *, source: str) -> BaseResponse | tuple[str, int]:
    points, problems = measure_data.points_from_text(text, Chart(series.chart))
    if problems or not points:
        problems = problems or [measure_data.RowProblem(0, "No rows were found.")]
        return _page(series, pasted=text, row_problems=problems), 422
    replace = request.form.get("mode") == "replace"
    combined = points if replace else [*series.points, *points]
    measurement.save_points(
        series, combined, base_version=series.version, author_id=current_actor().user_id
    )
    flash(f"{len(points)} {source} rows {'replaced the data' if replace else 'added'}.", "success")
    return redirect(url_for("measurement.measure", series_id=series.id))


def _page(series: MeasureSeries, **extra: object) -> str:
    pdsa_slug = content.worksheet_activity_slug(current_actor().context_id, "pdsa_log")
    pdsa = url_for("curriculum.activity", slug=pdsa_slug) if pdsa_slug else None
    return render_template(
        "measurement/measure.html",
        view=measurement.chart_view(series, pdsa_href=pdsa),
        charts=CHART_NAMES,
        kinds=[(kind, recommend_chart(kind)) for kind in DataKind],
        **extra,
    )


def _project() -> Project:
    actor = current_actor()
    return projects.project_for(actor.user_id, actor.context_id)
