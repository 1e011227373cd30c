"""A project's measures and charts, read-only, for the people who review it.

A project's mentor and its course's designers read the team's measures from the review pages;
team members may open the same pages. Who may see a project is decided in the service
(`measurement.reviewable_project`, from the mentoring rules); nothing here changes any data.
"""

from __future__ import annotations

from flask import Response, render_template

from lti_qi.domain.charts import CHART_NAMES
from lti_qi.services.measurement import measure_series, series_charts
from lti_qi.web.access import current_actor, launch_required
from lti_qi.web.measurement import bp
from lti_qi.web.measurement.views import csv_download, svg_download


@bp.route("/projects/<id:project_id>")
@launch_required
def review_measures(project_id: int) -> str:
    """The project's measures with their charts' findings."""
    project = measure_series.reviewable_project(current_actor(), project_id)
    views = [
        series_charts.chart_view(series) for series in measure_series.saved_measures(project.id)
    ]
    return render_template("measurement/review_measures.html", project=project, views=views)


@bp.route("/projects/<id:project_id>/<id:series_id>")
@launch_required
def review_measure(project_id: int, series_id: int) -> str:
    """One of the project's measures: its chart, what the rules found and its data as a table."""
    project = measure_series.reviewable_project(current_actor(), project_id)
    series = measure_series.get_series(project.id, series_id)
    return render_template(
        "measurement/review_measure.html",
        project=project,
        view=series_charts.chart_view(series),
        charts=CHART_NAMES,
    )


@bp.route("/projects/<id:project_id>/<id:series_id>/chart.svg")
@launch_required
def review_download_chart(project_id: int, series_id: int) -> Response:
    """Download one of the project's charts as an SVG file."""
    project = measure_series.reviewable_project(current_actor(), project_id)
    return svg_download(measure_series.get_series(project.id, series_id))


@bp.route("/projects/<id:project_id>/<id:series_id>/data.csv")
@launch_required
def review_export(project_id: int, series_id: int) -> Response:
    """Download one of the project's measures' data as CSV."""
    project = measure_series.reviewable_project(current_actor(), project_id)
    return csv_download(measure_series.get_series(project.id, series_id))
