"""A measure's data as a learner enters it: table rows, pasted spreadsheet cells, CSV files.

Rows become points (a label, then a value, or a numerator and denominator for p and u
charts, then an optional note). Dates in the usual UK and ISO forms are stored as ISO
dates, so the chart can check their order; anything else is kept as a text label. Every
problem comes back at once with its line, and nothing the learner typed is thrown away: a
table that cannot be charted is still kept as typed.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from lti_qi.domain.charts import runchart, spc
from lti_qi.domain.charts.data import ChartDataError
from lti_qi.domain.charts.spc_rules import SpcRules
from lti_qi.domain.charts.svg import Annotation
from lti_qi.domain.charts.value_range import is_in_range, out_of_range
from lti_qi.domain.spreadsheet import neutralise_formula
from lti_qi.domain.values import parse_date

MAX_POINTS = 1000
MAX_LABEL_LENGTH = 100
MAX_NOTE_LENGTH = 500
MAX_UPLOAD_BYTES = 1024 * 1024
SEPARATORS = ("\t", ";", ",")
DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
"""Text shaped like a date (2026-02-31, 31/02/2026): if it is not a real date, say so."""


class Chart(StrEnum):
    """The charts a measure can be drawn as."""

    RUN = "run"
    XMR = "xmr"
    P = "p"
    U = "u"
    C = "c"

    @property
    def needs_denominator(self) -> bool:
        """Whether each point has a numerator and a denominator."""
        return self in (Chart.P, Chart.U)


CHART_NAMES = {
    Chart.RUN: "Run chart (median and run rules)",
    Chart.XMR: "XmR chart (individual measurements)",
    Chart.P: "p chart (proportion: yes out of a known number)",
    Chart.U: "u chart (rate: events per unit of opportunity)",
    Chart.C: "c chart (count of events, opportunity about the same)",
}


@dataclass(frozen=True)
class RowProblem:
    """Something wrong on one line of pasted or uploaded data."""

    line: int
    message: str


def points_from_text(text: str, chart: Chart) -> tuple[list[dict[str, Any]], list[RowProblem]]:
    """Read pasted spreadsheet cells or CSV text into points; report every line's problems."""
    if "\x00" in text:
        return [], [
            RowProblem(0, "This is not text from a spreadsheet: save it as CSV and try again.")
        ]
    try:
        rows = _rows(text)
    except csv.Error as error:
        return [], [RowProblem(0, f"The rows could not be read as spreadsheet cells ({error}).")]
    if rows and _is_header(rows[0]):
        rows = rows[1:]
        first_line = 2
    else:
        first_line = 1
    points: list[dict[str, Any]] = []
    problems: list[RowProblem] = []
    for line, cells in enumerate(rows, first_line):
        point, problem = _point_from_cells(cells, chart)
        points.append(point)
        if problem:
            problems.append(RowProblem(line, problem))
    if len(points) > MAX_POINTS:
        problems.append(
            RowProblem(0, f"At most {MAX_POINTS} points fit on one chart; you gave {len(points)}.")
        )
    return points, problems


def text_from_upload(data: bytes) -> tuple[str, list[RowProblem]]:
    """Return an uploaded CSV file's text, or the reason it cannot be read."""
    if len(data) > MAX_UPLOAD_BYTES:
        return "", [RowProblem(0, "The file is over 1 MB: split it, or paste the rows instead.")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return "", [
            RowProblem(
                0,
                "This file is not CSV text in UTF-8. In your spreadsheet choose Save As, "
                "then “CSV UTF-8 (comma delimited)”, and upload that file.",
            )
        ]


def points_to_csv(points: Sequence[Mapping[str, Any]], chart: Chart) -> str:
    """Write points as CSV with a header row, ready for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    value_columns = ["numerator", "denominator"] if chart.needs_denominator else ["value"]
    writer.writerow(["date_or_label", *value_columns, "note"])
    for point in points:
        writer.writerow(
            [
                _cell(point.get("label")),
                *(_cell(point.get(c)) for c in value_columns),
                _cell(point.get("note")),
            ]
        )
    return buffer.getvalue()


def analyse(
    chart: Chart,
    points: Sequence[Mapping[str, Any]],
    *,
    freeze: int | None = None,
    phase_starts: Iterable[int] = (),
    anhoej: bool = False,
) -> runchart.RunChartResult | spc.ControlChartResult:
    """Analyse the points as the chosen chart.

    Raises:
        ChartDataError: listing every problem (not enough points, bad numbers, dates out of order).
    """
    labels = [_label(point.get("label")) for point in points]
    exclude = [index for index, point in enumerate(points) if point.get("excluded")]
    options: dict[str, Any] = {
        "labels": labels,
        "freeze": freeze,
        "phase_starts": phase_starts,
        "exclude": exclude,
    }
    if chart is Chart.RUN:
        marked = [index for index, point in enumerate(points) if point.get("astronomical")]
        rules = runchart.RunChartRules.ANHOEJ if anhoej else runchart.RunChartRules.IHI
        return runchart.analyse_run_chart(
            _column(points, "value"), astronomical=marked, rules=rules, **options
        )
    options["rules"] = SpcRules.ANHOEJ if anhoej else SpcRules.IHI
    if chart is Chart.XMR:
        return spc.xmr_chart(_column(points, "value"), **options)
    if chart is Chart.C:
        return spc.c_chart(_column(points, "value"), **options)
    chart_function = spc.p_chart if chart is Chart.P else spc.u_chart
    return chart_function(_column(points, "numerator"), _column(points, "denominator"), **options)


def pdsa_annotations(
    points: Sequence[Mapping[str, Any]],
    cycles: Sequence[Mapping[str, Any]],
    href: str | None = None,
) -> list[Annotation]:
    """Mark each PDSA cycle at the first point dated on or after the cycle's start date."""
    dates = [_label(point.get("label")) for point in points]
    annotations = []
    for cycle in cycles:
        start = parse_date(str(cycle.get("start_date") or ""))
        position = next(
            (i for i, day in enumerate(dates) if isinstance(day, date) and start and day >= start),
            None,
        )
        if position is not None:
            label = f"{cycle.get('id', 'PDSA')}: {cycle.get('title', '')}".strip(": ")
            annotations.append(Annotation(position, label[:60], href))
    return annotations


def download_name(name: str, extension: str) -> str:
    """Return a safe file name for a measure ("Falls per month" gives falls-per-month.svg)."""
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in name.lower()).split()
    return f"{'-'.join(words) or 'measure'}.{extension}"


def chart_problems(error: ChartDataError) -> list[str]:
    """Return a chart data error's problems as sentences."""
    return [problem.message for problem in error.problems]


def _rows(text: str) -> list[list[str]]:
    lines = [
        line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()
    ]
    if not lines:
        return []
    separator = next((sep for sep in SEPARATORS if sep in lines[0]), ",")
    return [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=separator)]


def _is_header(cells: Sequence[str]) -> bool:
    """A first row whose second cell is words, not a number, is a header ("Week, Minutes")."""
    return len(cells) > 1 and cells[1] != "" and parse_number(cells[1]) is None


def _point_from_cells(cells: Sequence[str], chart: Chart) -> tuple[dict[str, Any], str | None]:
    names = (
        ["label", "numerator", "denominator", "note"]
        if chart.needs_denominator
        else ["label", "value", "note"]
    )
    point: dict[str, Any] = {
        name: cells[index] if index < len(cells) else "" for index, name in enumerate(names)
    }
    label_problem = _label_problem(point["label"])
    point["label"] = normalised_label(point["label"])
    if label_problem:
        return point, label_problem
    if len(point["note"]) > MAX_NOTE_LENGTH:
        return point, f"the note is longer than {MAX_NOTE_LENGTH} characters"
    missing = [name for name in names[1:-1] if point[name] == ""]
    if missing:
        return point, f"no {' or '.join(missing)} given"
    for name in names[1:-1]:
        number = parse_number(point[name])
        if number is None:
            return point, f"{name} {point[name]!r} is not a number"
        if not is_in_range(number):
            return point, out_of_range(name, point[name])
        point[name] = number
    return point, None


def _label_problem(label: str) -> str | None:
    if len(label) > MAX_LABEL_LENGTH:
        return f"the date or label is longer than {MAX_LABEL_LENGTH} characters"
    if DATE_LIKE.fullmatch(label) and parse_date(label) is None:
        return f"{label!r} is not a real date (write dates like 3/2/2026 or 2026-02-03)"
    return None


def normalised_label(text: str) -> str:
    """Return a date label as an ISO date ("3/2/2026" becomes "2026-02-03"), other text as it is."""
    day = parse_date(text)
    return day.isoformat() if day else text


def _label(value: Any) -> date | str | None:
    if not value:
        return None
    text = str(value)
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def parse_number(text: str) -> float | None:
    """Read a number as people type it ("1,200", "45%"), or None if it is not a finite one."""
    cleaned = text.replace(",", "").replace("%", "").strip()
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _column(points: Sequence[Mapping[str, Any]], name: str) -> list[Any]:
    return [point.get(name, "") for point in points]


def _cell(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a number a spreadsheet reads as a number, never as a formula
    return neutralise_formula("" if value is None else str(value))
