"""A project's measures: their data series, its versions, and who may read them.

Each measure named in the project's measures plan gets a data series. Saving data replaces
the series' points as a whole, checked against the version the learner started from, so a
teammate's entry is never silently overwritten; every version is kept with its author. Data
that cannot be charted yet (a typo in a number, dates out of order) is still saved as typed,
and the chart page (`series_charts`) says what to fix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lti_qi import transaction
from lti_qi.domain import charts
from lti_qi.domain.charts import Chart, DataKind, RowProblem
from lti_qi.domain.worksheets import (
    WorksheetKind,
    family_order,
    measure_name_key,
    planned_measures,
)
from lti_qi.errors import Conflict, Forbidden, InvalidInput, NotFound, Unprocessable
from lti_qi.extensions import db
from lti_qi.models import MeasureRevision, MeasureSeries, Project
from lti_qi.models.base import LARGEST_ID, utc_now
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor
from lti_qi.services.curriculum import worksheets
from lti_qi.services.mentoring import mentor_assignments

SNAPSHOT_FIELDS = ("points", "chart", "data_kind", "freeze", "phase_starts", "rules")


class StaleData(Conflict):
    """The measure's data changed since the learner's copy was loaded."""

    def __init__(self, current: MeasureSeries, mine: list[dict[str, Any]]):
        super().__init__(
            "Someone saved this measure's data after you opened it (a teammate, or another tab).",
            hint="Compare the saved data with yours below, then save again.",
        )
        self.current = current
        self.mine = mine


class RowsRejected(Unprocessable):
    """Pasted or uploaded rows that cannot be added; nothing was saved."""

    def __init__(self, problems: list[RowProblem], text: str):
        super().__init__(problems[0].message, hint="Fix the rows named and try again.")
        self.problems = problems
        self.text = text


class SettingsRejected(Unprocessable):
    """Chart settings that cannot be saved as they are; nothing was saved."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(" ".join(problem for _, problem in problems), hint="Nothing was saved.")
        self.problems = problems


def project_measures(project_id: int) -> list[MeasureSeries]:
    """Return a series for every measure in the plan (creating missing ones) plus older ones."""
    plan = worksheets.all_documents(project_id).get(WorksheetKind.MEASURES_PLAN, {})
    existing = {series.measure_key: series for series in saved_measures(project_id)}
    created = []
    for measure in planned_measures(plan):
        key = measure_name_key(str(measure["name"]))
        if key not in existing:
            existing[key] = _new_series(project_id, key, str(measure["name"]), measure)
            created.append(existing[key])
    if created:
        _add_quietly(created)
    order = family_order(plan)
    return sorted(existing.values(), key=lambda series: order(series.name))


def saved_measures(project_id: int) -> list[MeasureSeries]:
    """Return the project's measures that have a data series, outcome first (creating none)."""
    query = select(MeasureSeries).where(MeasureSeries.project_id == project_id)
    order = family_order(worksheets.all_documents(project_id).get(WorksheetKind.MEASURES_PLAN, {}))
    return sorted(db.session.scalars(query), key=lambda series: order(series.name))


def reviewable_project(actor: Actor, project_id: int) -> Project:
    """Return a project whose measures the person may read: its team, mentor or designers.

    Raises:
        NotFound: when there is no such project.
        Forbidden: when the person is not on its team, its mentor or a designer of its course.
    """
    project = db.session.get(Project, project_id) if 0 < project_id <= LARGEST_ID else None
    if project is None:
        raise NotFound("That project does not exist.", hint="Open it from your review queue.")
    if not (
        projects.is_member(project.id, actor.user_id)
        or mentor_assignments.is_reviewer_of(actor, project)
    ):
        raise Forbidden(
            "Only the project's team, its mentor and its course's designers can see its measures.",
            hint="If you should mentor this project, ask a course designer to assign you.",
        )
    return project


def get_series(project_id: int, series_id: int) -> MeasureSeries:
    """Return one of the project's series.

    Raises:
        NotFound: when the project has no such series.
    """
    series = db.session.get(MeasureSeries, series_id) if 0 < series_id <= LARGEST_ID else None
    if series is None or series.project_id != project_id:
        raise NotFound(
            "That measure is not part of your project.", hint="Open it from the Measures page."
        )
    return series


def save_table(series: MeasureSeries, rows: object, *, base_version: int, author_id: int) -> None:
    """Replace the series' points with the data table's rows.

    Raises:
        InvalidInput: when the form is not the page's data table (naming each row at fault).
        StaleData: when the data changed since ``base_version``.
    """
    points, problems = charts.points_from_rows(rows)
    if problems:
        raise InvalidInput(" ".join(problems[:5]), hint="Nothing was saved.")
    _save_points(series, points, base_version=base_version, author_id=author_id)


def add_rows(series: MeasureSeries, text: str, *, is_replace: bool, author_id: int) -> int:
    """Add pasted or uploaded rows after the data (or in place of it); return how many.

    Raises:
        RowsRejected: naming every line that cannot be read; nothing is saved.
    """
    points, problems = charts.points_from_text(text, Chart(series.chart))
    if problems or not points:
        raise RowsRejected(problems or [RowProblem(0, "No rows were found.")], text)
    combined = points if is_replace else [*series.points, *points]
    _save_points(series, combined, base_version=series.version, author_id=author_id)
    return len(points)


def add_upload(series: MeasureSeries, data: bytes, *, is_replace: bool, author_id: int) -> int:
    """Add the rows of an uploaded CSV file (see `add_rows`); return how many.

    Raises:
        RowsRejected: when the file is too big, not UTF-8 text, or has rows that cannot be read.
    """
    text, problems = charts.text_from_upload(data)
    if problems:
        raise RowsRejected(problems, "")
    return add_rows(series, text, is_replace=is_replace, author_id=author_id)


def save_settings(
    series: MeasureSeries, form: Mapping[str, Any], *, author_id: int
) -> MeasureSeries:
    """Change what the data is, the chart, the rules, the frozen baseline and the phases.

    Raises:
        SettingsRejected: naming every setting that is not valid; nothing is saved.
    """
    settings, problems = charts.read_settings(form)
    if settings is None:
        raise SettingsRejected(problems)
    with _new_version(series, author_id):
        series.data_kind, series.chart = settings.data_kind.value, settings.chart.value
        series.rules, series.unit = settings.rules, settings.unit
        series.freeze, series.phase_starts = settings.freeze, settings.phase_starts
    return series


def _save_points(
    series: MeasureSeries, points: list[dict[str, Any]], *, base_version: int, author_id: int
) -> None:
    if len(points) > charts.MAX_POINTS:
        raise InvalidInput(f"At most {charts.MAX_POINTS} points fit on one chart.")
    cleaned = [charts.clean_point(point) for point in points if charts.has_content(point)]
    if series.version != base_version and series.points != cleaned:
        raise StaleData(series, cleaned)
    if series.points != cleaned:
        with _new_version(series, author_id):
            series.points = cleaned


def _new_series(project_id: int, key: str, name: str, measure: Mapping[str, Any]) -> MeasureSeries:
    kind = DataKind.PROPORTION if measure.get("denominator") else DataKind.MEASUREMENT
    series = MeasureSeries(project_id=project_id, measure_key=key, name=name, data_kind=kind.value)
    series.chart, series.rules, series.unit, series.version = Chart.RUN.value, "ihi", "", 0
    series.phase_starts, series.points = [], []
    return series


@contextmanager
def _new_version(series: MeasureSeries, author_id: int) -> Iterator[None]:
    """Save the block's changes to the series as its next version, in a savepoint.

    Raises:
        StaleData: when another save took this version at the same moment (the savepoint is
            undone, so the series reads as that save left it).
    """
    try:
        with transaction.savepoint():
            yield
            series.version += 1
            series.updated_by, series.updated_at = author_id, utc_now()
            db.session.flush()
            snapshot = {name: getattr(series, name) for name in SNAPSHOT_FIELDS}
            revision = MeasureRevision(
                series_id=series.id, version=series.version, snapshot=snapshot, author_id=author_id
            )
            db.session.add(revision)
    except IntegrityError as error:
        raise StaleData(db.session.get_one(MeasureSeries, series.id), series.points) from error


def _add_quietly(created: list[MeasureSeries]) -> None:
    """Add new series; if another request created the same ones first, theirs are kept."""
    with suppress(IntegrityError), transaction.savepoint():
        db.session.add_all(created)
