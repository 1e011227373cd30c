"""Measure pages: the list, one measure's chart and data, and the ways to enter data."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain import charts
from lti_qi.domain.charts import CHART_NAMES, Chart, DataKind, recommend_chart
from lti_qi.domain.worksheets import results_paragraph
from lti_qi.errors import Forbidden
from lti_qi.models import MeasureSeries, Project
from lti_qi.services.base import projects
from lti_qi.services.content import pathways
from lti_qi.services.measurement import measure_series, series_charts
from lti_qi.web.access import current_actor, launch_required
from lti_qi.web.converters import bounded_int
from lti_qi.web.form_decoding import nested_form
from lti_qi.web.form_text import form_as_sent
from lti_qi.web.measurement import bp

SVG_TYPE = "image/svg+xml; charset=utf-8"


@bp.route("")
@launch_required
def measures() -> str:
    """Every measure of the project's measures plan, with its chart's headline."""
    project = _project()
    series = measure_series.project_measures(project.id)
    return render_template("measurement/measures.html", project=project, series=series)


@bp.route("/<id:series_id>")
@launch_required
def measure(series_id: int) -> str:
    """One measure: its chart, what the rules found, its data and how to add more."""
    series = measure_series.get_series(_project().id, series_id)
    return _page(series)


@bp.route("/<id:series_id>/points", methods=["POST"])
@launch_required
def save_points(series_id: int) -> BaseResponse | tuple[str, int]:
    """Save the data table as edited on the page."""
    series = measure_series.get_series(_project().id, series_id)
    rows = nested_form(form_as_sent()).get("points")
    base = request.form.get("_base_version", type=bounded_int, default=0)
    try:
        measure_series.save_table(series, rows, base_version=base, author_id=_author())
    except measure_series.StaleData as stale:
        return _page(stale.current, stale_points=stale.mine), 409
    flash("Data saved.", "success")
    return redirect(url_for("measurement.measure", series_id=series_id))


@bp.route("/<id:series_id>/paste", methods=["POST"])
@launch_required
def paste(series_id: int) -> BaseResponse | tuple[str, int]:
    """Add pasted spreadsheet rows (or replace the data with them)."""
    series = measure_series.get_series(_project().id, series_id)
    text = form_as_sent().get("pasted", "")
    try:
        count = measure_series.add_rows(series, text, is_replace=_is_replace(), author_id=_author())
    except measure_series.RowsRejected as rejected:
        return _rejected(series, rejected)
    return _added(series, count, "pasted")


@bp.route("/<id:series_id>/upload", methods=["POST"])
@launch_required
def upload(series_id: int) -> BaseResponse | tuple[str, int]:
    """Add the rows of an uploaded CSV file (or replace the data with them)."""
    series = measure_series.get_series(_project().id, series_id)
    upload_file = request.files.get("csv_file")
    data = upload_file.read(charts.MAX_UPLOAD_BYTES + 1) if upload_file else b""
    try:
        count = measure_series.add_upload(
            series, data, is_replace=_is_replace(), author_id=_author()
        )
    except measure_series.RowsRejected as rejected:
        return _rejected(series, rejected)
    return _added(series, count, "uploaded")


@bp.route("/<id:series_id>/settings", methods=["POST"])
@launch_required
def settings(series_id: int) -> BaseResponse | tuple[str, int]:
    """Change the kind of data, the chart, the rules, the baseline and the phases."""
    series = measure_series.get_series(_project().id, series_id)
    try:
        measure_series.save_settings(series, request.form, author_id=_author())
    except measure_series.SettingsRejected as rejected:
        return _page(series, typed_settings=request.form, settings_problems=rejected.problems), 422
    flash("Chart settings saved.", "success")
    return redirect(url_for("measurement.measure", series_id=series_id))


@bp.route("/<id:series_id>/data.csv")
@launch_required
def export(series_id: int) -> Response:
    """Download the data as CSV."""
    return csv_download(measure_series.get_series(_project().id, series_id))


@bp.route("/<id:series_id>/chart.svg")
@launch_required
def download_chart(series_id: int) -> Response:
    """Download the chart as an SVG file, with its title and description."""
    return svg_download(measure_series.get_series(_project().id, series_id))


@bp.route("/write-up")
@launch_required
def write_up() -> str:
    """The project's charts as numbered figures, and a Results paragraph citing them."""
    figures = series_charts.squire_figures(_project().id)
    paragraph = results_paragraph(figures)
    return render_template("measurement/write_up.html", figures=figures, paragraph=paragraph)


def csv_download(series: MeasureSeries) -> Response:
    """Return the series' data as a CSV attachment."""
    body = charts.points_to_csv(series.points, Chart(series.chart))
    return _attachment(body, "text/csv", charts.download_name(series.name, "csv"))


def svg_download(series: MeasureSeries) -> Response:
    """Return the series' chart as an SVG attachment."""
    name, svg = series_charts.chart_svg_file(series)
    return _attachment(svg, SVG_TYPE, name)


def _attachment(body: str, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _is_replace() -> bool:
    return request.form.get("mode") == "replace"


def _author() -> int:
    return current_actor().user_id


def _rejected(series: MeasureSeries, rejected: measure_series.RowsRejected) -> tuple[str, int]:
    return _page(series, pasted=rejected.text, row_problems=rejected.problems), 422


def _added(series: MeasureSeries, count: int, source: str) -> BaseResponse:
    done = "replaced the data" if _is_replace() else "added"
    flash(f"{count} {source} rows {done}.", "success")
    return redirect(url_for("measurement.measure", series_id=series.id))


def _page(series: MeasureSeries, **extra: object) -> str:
    pdsa_slug = pathways.worksheet_activity_slug(current_actor().context_id, "pdsa_log")
    pdsa = url_for("curriculum.activity", slug=pdsa_slug) if pdsa_slug else None
    return render_template(
        "measurement/measure.html",
        view=series_charts.chart_view(series, pdsa_href=pdsa),
        charts=CHART_NAMES,
        kinds=[(kind, recommend_chart(kind)) for kind in DataKind],
        **extra,
    )


def _project() -> Project:
    """The viewer's own project (staff on no team have none, and none is made for them)."""
    actor = current_actor()
    if not projects.can_work(actor):
        raise Forbidden(
            "Measures belong to a team's project, and you are on no team in this course.",
            hint="Mentors and designers see a team's measures from its review page; to keep "
            "measures yourself, join a team with its invite code on Project & team.",
        )
    return projects.project_for(actor.user_id, actor.context_id)
