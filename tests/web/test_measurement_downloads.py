"""Charts to take away: SVG downloads of each chart, and the charts as figures for the write-up."""

import re
from xml.etree import ElementTree

import pytest
from flask import Flask

from launching import LaunchDriver, Launched
from measurement_helpers import (
    PASTED,
    PROPORTIONS,
    learner_with_measures,
    paste,
    series_id,
    set_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def aisha(launcher: LaunchDriver, app: Flask) -> Launched:
    """A learner with a run chart (with a PDSA mark) and a p chart."""
    launched = learner_with_measures(launcher.launch(sub="learner-aisha"), app)
    assert paste(launched, series_id(app, "Minutes to first dose"), PASTED).status_code == 302
    checklist = series_id(app, "Checklist used")
    set_chart(launched, checklist, "p", "proportion")
    assert paste(launched, checklist, PROPORTIONS).status_code == 302
    return launched


def page_svg(page: str) -> str:
    """The chart as embedded in a measure page."""
    match = re.search(r"<svg .*?</svg>", page, re.DOTALL)
    assert match, page[:500]
    return match.group(0)


@pytest.mark.parametrize("name", ["Minutes to first dose", "Checklist used"])
def test_each_chart_downloads_as_an_accessible_svg_file(
    aisha: Launched, app: Flask, name: str
) -> None:
    measure = series_id(app, name)
    response = aisha.get(f"measures/{measure}/chart.svg")
    file_name = name.lower().replace(" ", "-") + ".svg"
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{file_name}"'
    body = response.get_data(as_text=True)
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = ElementTree.fromstring(body.encode())  # noqa: S314  (our own output, not user XML)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}title").text == name
    on_page = page_svg(aisha.get(f"measures/{measure}").get_data(as_text=True))
    assert re.search(r"<desc .*?</desc>", body).group(0) in on_page


def test_the_download_has_the_pdsa_marks_but_no_links_back_into_the_tool(
    aisha: Launched, app: Flask
) -> None:
    measure = series_id(app, "Minutes to first dose")
    body = aisha.get(f"measures/{measure}/chart.svg").get_data(as_text=True)
    on_page = page_svg(aisha.get(f"measures/{measure}").get_data(as_text=True))
    assert "PDSA1: Pre-filled chart" in body
    assert "<a href=" not in body
    assert "<a href=" in on_page


def test_a_measure_without_a_chart_says_why_there_is_nothing_to_download(
    launcher: LaunchDriver, app: Flask
) -> None:
    aisha = learner_with_measures(launcher.launch(sub="learner-aisha"), app)
    measure = series_id(app, "Minutes to first dose")
    paste(aisha, measure, "2026-01-02,5\n2026-01-01,6")  # dates out of order
    response = aisha.get(f"measures/{measure}/chart.svg")
    assert response.status_code == 404
    assert "no chart to download yet" in response.get_data(as_text=True)
    assert "Download the chart (SVG)" not in aisha.get(f"measures/{measure}").get_data(as_text=True)


def test_the_write_up_page_numbers_the_charts_and_cites_them(aisha: Launched, app: Flask) -> None:
    assert "Charts for your SQUIRE write-up" in aisha.get("measures").get_data(as_text=True)
    page = aisha.get("measures/write-up").get_data(as_text=True)
    # The outcome measure comes first (then process, then balancing), as on every list.
    assert "Figure 1. Minutes to first dose: run chart, 20 points from 1 January 2026" in page
    assert "Figure 2. Checklist used: p chart (proportion), 24 points from 1 March 2026" in page
    paragraph = page.split('id="results-text"', 1)[1].split("</textarea>", 1)[0]
    assert "Checklist used (Figure 2): " in paragraph
    assert "Minutes to first dose (Figure 1): 3 signals of non-random variation" in paragraph
    assert 'aria-labelledby="figure-1-title figure-1-desc"' in page
    downloads = re.findall(r'href="([^"]+/chart\.svg)"', page)
    assert len(downloads) == 2
    assert all(aisha.client.get(aisha.base_url + href).status_code == 200 for href in downloads)


def test_the_write_up_page_without_charts_says_what_to_do(
    launcher: LaunchDriver, app: Flask
) -> None:
    aisha = learner_with_measures(launcher.launch(sub="learner-aisha"), app)
    page = aisha.get("measures/write-up").get_data(as_text=True)
    assert "None of your measures can be charted yet" in page
