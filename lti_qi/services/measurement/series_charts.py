"""A measure's chart: the analysis and drawing the chart page, downloads and write-up read.

The series' settings pick the chart and its rules; the project's PDSA cycles on the same
measure become annotations on it. Data that cannot be charted yet is explained, not drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lti_qi.domain import charts
from lti_qi.domain.charts import (
    Annotation,
    Chart,
    ChartDataError,
    ChartRecommendation,
    DataKind,
    recommend_chart,
)
from lti_qi.domain.worksheets import (
    ChartFigure,
    WorksheetKind,
    chart_figure,
    measure_name_key,
    pdsa_cycles,
)
from lti_qi.errors import NotFound
from lti_qi.models import MeasureSeries
from lti_qi.services.curriculum import worksheets
from lti_qi.services.measurement.measure_series import saved_measures


@dataclass(frozen=True)
class ChartView:
    """What the chart page shows: the analysis (or what stops it) and the chart itself."""

    series: MeasureSeries
    chart: Chart
    result: Any | None
    svg: str | None
    problems: tuple[str, ...]
    recommendation: ChartRecommendation | None
    annotations: tuple[Annotation, ...] = ()


def chart_view(series: MeasureSeries, *, pdsa_href: str | None = None) -> ChartView:
    """Analyse and draw the series, or explain what stops it being charted."""
    chart = Chart(series.chart)
    recommendation = recommend_chart(DataKind(series.data_kind))
    try:
        result = _analyse(series)
    except ChartDataError as error:
        problems = tuple(charts.chart_problems(error))
        return ChartView(series, chart, None, None, problems, recommendation)
    annotations = tuple(_annotations(series, pdsa_href))
    svg = _svg(series, result, _title(series), pdsa_href)
    return ChartView(series, chart, result, svg, (), recommendation, annotations)


def chart_svg_file(series: MeasureSeries) -> tuple[str, str]:
    """Return a download name and the measure's chart as an SVG file (no links into lti-qi).

    Raises:
        NotFound: when the data cannot be charted yet.
    """
    try:
        result = _analyse(series)
    except ChartDataError as error:
        raise NotFound(
            f"This measure has no chart to download yet: {error}",
            hint="Open the measure to see what its data needs.",
        ) from error
    svg = _svg(series, result, _title(series), None)
    name = charts.download_name(series.name, "svg")
    return name, f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}\n'


def squire_figures(project_id: int) -> list[ChartFigure]:
    """Return each of the project's charted measures as a numbered figure for its write-up."""
    figures: list[ChartFigure] = []
    for series in saved_measures(project_id):
        try:
            result = _analyse(series)
        except ChartDataError:
            continue
        number = len(figures) + 1
        title = f"Figure {number}. {_title(series)}"
        svg = _svg(series, result, title, None, id_prefix=f"figure-{number}")
        figures.append(chart_figure(number, (series.id, _title(series)), result, svg))
    return figures


def _analyse(series: MeasureSeries) -> Any:
    return charts.analyse(
        Chart(series.chart),
        series.points,
        freeze=series.freeze,
        phase_starts=series.phase_starts,
        anhoej=series.rules == "anhoej",
    )


def _title(series: MeasureSeries) -> str:
    return f"{series.name}{f' ({series.unit})' if series.unit else ''}"


def _annotations(series: MeasureSeries, href: str | None) -> list[Annotation]:
    return charts.pdsa_annotations(series.points, _cycles_for(series), href)


def _svg(
    series: MeasureSeries, result: Any, title: str, href: str | None, *, id_prefix: str = ""
) -> str:
    annotations = _annotations(series, href)
    prefix = id_prefix or f"measure-{series.id}"
    return charts.render_chart_svg(result, title=title, annotations=annotations, id_prefix=prefix)


def _cycles_for(series: MeasureSeries) -> list[Mapping[str, Any]]:
    pdsa = worksheets.all_documents(series.project_id).get(WorksheetKind.PDSA_LOG, {})
    return [
        cycle
        for cycle in pdsa_cycles(pdsa)
        if measure_name_key(str(cycle.get("measure") or "")) == series.measure_key
    ]
