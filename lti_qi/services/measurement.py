"""A project's measures: their data, how they are charted, and the chart a team reads.

Each measure named in the project's measures plan gets a data series. Saving data replaces
the series' points as a whole, checked against the version the learner started from, so a
teammate's entry is never silently overwritten; every version is kept with its author. Data
that cannot be charted yet (a typo in a number, dates out of order) is still saved as typed,
and the chart page says what to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lti_qi.domain import chart_svg, measure_data, worksheet_links, worksheet_measures
from lti_qi.domain.chart_choice import ChartRecommendation, DataKind, recommend_chart
from lti_qi.domain.chartdata import ChartDataError
from lti_qi.domain.measure_data import Chart
from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.errors import Conflict, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import MeasureRevision, MeasureSeries
from lti_qi.models.base import utc_now
from lti_qi.services import worksheets

RECOMMENDED_CHART = {"xmr": Chart.XMR, "p": Chart.P, "u": Chart.U, "c": Chart.C}


class StaleData(Conflict):
    """The measure's data changed since the learner's copy was loaded."""

    def __init__(self, current: MeasureSeries, mine: list[dict[str, Any]]):
        super().__init__(
            "Someone saved this measure's data after you opened it (a teammate, or another tab).",
            hint="Compare the saved data with yours below, then save again.",
        )
        self.current = current
        self.mine = mine


@dataclass(frozen=True)
class ChartView:
    """What the chart page shows: the analysis (or what stops it) and the chart itself."""

    series: MeasureSeries
    chart: Chart
    result: Any | None
    svg: str | None
    problems: tuple[str, ...]
    recommendation: ChartRecommendation | None


def project_measures(project_id: int) -> list[MeasureSeries]:
    """Return a series for every measure in the plan (creating missing ones) plus older ones."""
    plan = worksheets.all_documents(project_id).get(WorksheetKind.MEASURES_PLAN, {})
    existing = {
        s.measure_key: s
        for s in db.session.scalars(
            select(MeasureSeries).where(MeasureSeries.project_id == project_id)
        )
    }
    for measure in worksheet_measures.measures(plan):
        key = worksheet_measures.name_key(str(measure["name"]))
        if key not in existing:
            existing[key] = _new_series(project_id, key, str(measure["name"]), measure)
    _commit_quietly()
    return sorted(existing.values(), key=lambda series: series.name.casefold())


def get_series(project_id: int, series_id: int) -> MeasureSeries:
    """Return one of the project's series.

    Raises:
        NotFound: when the project has no such series.
    """
    series = db.session.get(MeasureSeries, series_id)
    if series is None or series.project_id != project_id:
        raise NotFound(
            "That measure is not part of your project.", hint="Open it from the Measures page."
        )
    return series


def save_points(
    series: MeasureSeries, points: list[dict[str, Any]], *, base_version: int, author_id: int
) -> MeasureSeries:
    """Replace the series' points (kept as typed, even where they cannot be charted yet).

    Raises:
        InvalidInput: when there are more points than a chart can hold.
        StaleData: when the data changed since ``base_version``.
    """
    if len(points) > measure_data.MAX_POINTS:
        raise InvalidInput(f"At most {measure_data.MAX_POINTS} points fit on one chart.")
    cleaned = [_clean_point(point) for point in points if _has_content(point)]
    if series.version != base_version and series.points != cleaned:
        raise StaleData(series, cleaned)
    if series.points != cleaned:
        series.points = cleaned
        _new_version(series, author_id)
    return series


def save_settings(
    series: MeasureSeries, settings: Mapping[str, Any], *, author_id: int
) -> MeasureSeries:
    """Change what the data is, the chart, the rules, the frozen baseline and the phases.

    Raises:
        InvalidInput: naming the setting that is not valid.
    """
    series.data_kind = DataKind(settings["data_kind"]).value
    series.chart = Chart(settings["chart"]).value
    series.rules = "anhoej" if settings.get("rules") == "anhoej" else "ihi"
    series.unit = str(settings.get("unit") or "")[:100]
    series.freeze = _whole_number(settings.get("freeze"), "baseline points", minimum=1)
    series.phase_starts = _phase_starts(str(settings.get("phase_starts") or ""))
    _new_version(series, author_id)
    return series


def chart_view(series: MeasureSeries, *, pdsa_href: str | None = None) -> ChartView:
    """Analyse and draw the series, or explain what stops it being charted."""
    chart = Chart(series.chart)
    recommendation = recommend_chart(DataKind(series.data_kind))
    try:
        result = measure_data.analyse(
            chart,
            series.points,
            freeze=series.freeze,
            phase_starts=series.phase_starts,
            anhoej=series.rules == "anhoej",
        )
    except ChartDataError as error:
        return ChartView(
            series, chart, None, None, tuple(measure_data.chart_problems(error)), recommendation
        )
    cycles = _cycles_for(series)
    annotations = measure_data.pdsa_annotations(series.points, cycles, pdsa_href)
    title = f"{series.name}{f' ({series.unit})' if series.unit else ''}"
    svg = chart_svg.render_chart_svg(
        result, title=title, annotations=annotations, id_prefix=f"measure-{series.id}"
    )
    return ChartView(series, chart, result, svg, (), recommendation)


def recommended_chart(kind: DataKind) -> Chart:
    """Return the chart to use for a kind of data once a run chart shows random variation."""
    return RECOMMENDED_CHART.get(recommend_chart(kind).chart.value, Chart.XMR)


def _cycles_for(series: MeasureSeries) -> list[Mapping[str, Any]]:
    pdsa = worksheets.all_documents(series.project_id).get(WorksheetKind.PDSA_LOG, {})
    return [
        cycle
        for cycle in worksheet_links.cycles(pdsa)
        if worksheet_measures.name_key(str(cycle.get("measure") or "")) == series.measure_key
    ]


def _new_series(project_id: int, key: str, name: str, measure: Mapping[str, Any]) -> MeasureSeries:
    kind = DataKind.PROPORTION if measure.get("denominator") else DataKind.MEASUREMENT
    series = MeasureSeries(
        project_id=project_id,
        measure_key=key,
        name=name,
        data_kind=kind.value,
        chart=Chart.RUN.value,
        rules="ihi",
        unit="",
        phase_starts=[],
        points=[],
        version=0,
    )
    db.session.add(series)
    return series


def _new_version(series: MeasureSeries, author_id: int) -> None:
    series.version += 1
    series.updated_by, series.updated_at = author_id, utc_now()
    db.session.flush()
    snapshot = {
        "points": series.points,
        "chart": series.chart,
        "data_kind": series.data_kind,
        "freeze": series.freeze,
        "phase_starts": series.phase_starts,
        "rules": series.rules,
    }
    db.session.add(
        MeasureRevision(
            series_id=series.id, version=series.version, snapshot=snapshot, author_id=author_id
        )
    )
    try:
        db.session.commit()
    except IntegrityError as error:  # another save took this version at the same moment
        db.session.rollback()
        raise StaleData(db.session.get_one(MeasureSeries, series.id), series.points) from error


def _commit_quietly() -> None:
    try:
        db.session.commit()
    except IntegrityError:  # another request created the same series first
        db.session.rollback()


POINT_FIELDS = ("label", "value", "numerator", "denominator", "note")


def _clean_point(point: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {field: _number_or_text(point.get(field)) for field in POINT_FIELDS}
    cleaned["label"] = measure_data.normalised_label(str(point.get("label") or ""))
    cleaned["note"] = str(point.get("note") or "")[:500]
    cleaned["excluded"] = bool(point.get("excluded"))
    cleaned["astronomical"] = bool(point.get("astronomical"))
    return cleaned


def _has_content(point: Mapping[str, Any]) -> bool:
    return any(str(point.get(field) or "").strip() for field in POINT_FIELDS)


def _number_or_text(value: Any) -> Any:
    if value is None or isinstance(value, (int, float)):
        return value
    text = str(value).strip()
    number = measure_data.parse_number(text)
    return number if number is not None else (text or None)


def _whole_number(value: Any, what: str, *, minimum: int) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < minimum:
        raise InvalidInput(f"The number of {what} must be a whole number of at least {minimum}.")
    return int(text)


def _phase_starts(text: str) -> list[int]:
    """Read '13, 25' (1-based point numbers, as on the chart) into 0-based phase starts."""
    numbers = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    if not all(number.isdigit() and int(number) >= 2 for number in numbers):
        raise InvalidInput(
            "New phases start at point numbers of 2 or more, separated by commas "
            "(for example: 13, 25)."
        )
    return sorted({int(number) - 1 for number in numbers})
