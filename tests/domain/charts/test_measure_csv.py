"""The measure CSV export: cells a spreadsheet would run as formulas are written as text."""

import csv
import io

import pytest

from lti_qi.domain.charts.measure_data import Chart, points_to_csv

FORMULAS = ["=1+1", "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("typed", FORMULAS)
def test_a_cell_starting_like_a_formula_is_written_as_text(typed: str) -> None:
    point = {"label": typed, "value": typed, "note": typed}
    (row,) = list(csv.reader(io.StringIO(points_to_csv([point], Chart.RUN))))[1:]
    assert row == ["'" + typed] * 3


def test_numbers_stay_numbers() -> None:
    points = [{"label": "2026-01-01", "value": -5, "note": ""}, {"label": "w2", "value": -2.5}]
    rows = list(csv.reader(io.StringIO(points_to_csv(points, Chart.RUN))))
    assert rows == [
        ["date_or_label", "value", "note"],
        ["2026-01-01", "-5", ""],
        ["w2", "-2.5", ""],
    ]
