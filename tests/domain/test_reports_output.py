"""Report output: the accessible bar chart and formula-safe CSV lines."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from lti_qi.domain.charts.bars import Bar, describe, render_bar_chart
from lti_qi.domain.spreadsheet import csv_line, neutralise_formula

SVG = "{http://www.w3.org/2000/svg}"


def _parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - parses our own output, not untrusted input


def test_the_bar_chart_is_valid_svg_with_a_title_description_and_one_bar_each() -> None:
    bars = [Bar("2026-09", 4.5), Bar("2026-10", 12.0), Bar("2026-11", 0.0)]
    root = _parsed(render_bar_chart(bars, title="Hours <by> month", unit="hours"))
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "Hours <by> month"
    assert "largest is 2026-10 with 12" in (root.findtext(f"{SVG}desc") or "")
    groups = root.findall(f".//{SVG}g[@class='bar']")
    assert len(groups) == 3
    heights = [float(group.find(f"{SVG}rect").get("height")) for group in groups]  # type: ignore[union-attr]
    assert heights[1] > heights[0] > heights[2] == 0


def test_an_empty_chart_says_so() -> None:
    assert describe([], "hours") == "No data."
    root = _parsed(render_bar_chart([], title="Nothing yet", unit="hours"))
    assert root.findall(f".//{SVG}g[@class='bar']") == []


def test_csv_cells_that_would_run_as_formulas_are_written_as_text() -> None:
    line = csv_line(['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "plain, with comma"])
    [cells] = list(csv.reader(io.StringIO(line)))
    assert cells == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "plain, with comma"]
    assert line.endswith("\r\n")


def test_csv_cells_that_look_like_formulas_become_text() -> None:
    for cell in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"):
        assert neutralise_formula(cell) == "'" + cell
    assert neutralise_formula("Aisha Khan") == "Aisha Khan"
