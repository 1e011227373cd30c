"""Measure values outside the charted range are not taken as numbers, and stored ones still render.

A value of 1.7e308 once made every page that draws the chart answer 500, and those pages hold
the forms that could correct it. Now a typed value outside ±10^12 is kept as typed and the page
names its row; a value stored before the limit existed is shown the same way.
"""

import pytest
from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import MeasureSeries
from lti_qi.transaction import unit_of_work

from launching import LaunchDriver, Launched
from measurement_helpers import (
    PASTED,
    learner_with_measures,
    paste,
    project_of,
    series_id,
    token,
)

CHART = "Minutes to first dose"


@pytest.fixture
def aisha(launcher: LaunchDriver, app: Flask) -> Launched:
    """A learner with 20 charted points."""
    launched = learner_with_measures(launcher.launch(sub="learner-aisha"), app)
    assert paste(launched, series_id(app, CHART), PASTED).status_code == 302
    return launched


def store_value(app: Flask, value: float) -> None:
    """Put a value on the measure's third point as an older version could have stored it."""
    with app.app_context(), unit_of_work():
        series = db.session.scalar(select(MeasureSeries).where(MeasureSeries.name == CHART))
        points = [dict(point) for point in series.points]
        points[2]["value"] = value
        series.points = points
        db.session.commit()


def version_of(app: Flask) -> int:
    """Return the measure's saved version, which a table save names as its base."""
    with app.app_context(), unit_of_work():
        return db.session.scalar(select(MeasureSeries.version).where(MeasureSeries.name == CHART))


def chart_pages(app: Flask) -> list[str]:
    """Every page and download that draws the measure's chart for its team."""
    measure, project = series_id(app, CHART), project_of(app, "learner-aisha")
    return [
        "measures",
        f"measures/{measure}",
        f"measures/{measure}/chart.svg",
        f"measures/{measure}/data.csv",
        "measures/write-up",
        f"measures/projects/{project}",
        f"measures/projects/{project}/{measure}",
    ]


def test_a_pasted_value_out_of_range_is_refused_with_its_line(aisha: Launched, app: Flask) -> None:
    response = paste(aisha, series_id(app, CHART), PASTED + "\n2026-01-21\t1.7e308")
    assert response.status_code == 422
    assert "outside the range a chart takes" in response.get_data(as_text=True)
    statuses = {path: aisha.get(path).status_code for path in chart_pages(app)}
    assert set(statuses.values()) == {200}, statuses


def test_a_typed_value_out_of_range_is_kept_as_typed_and_its_row_named(
    aisha: Launched, app: Flask
) -> None:
    measure = series_id(app, CHART)
    form = {
        "csrf_token": token(aisha, f"measures/{measure}"),
        "_base_version": str(version_of(app)),
        "points.0.label": "2026-01-01",
        "points.0.value": "5",
        "points.1.label": "2026-01-02",
        "points.1.value": "1.7e308",
    }
    response = aisha.client.post(aisha.url(f"measures/{measure}/points"), data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    statuses = {path: aisha.get(path).status_code for path in chart_pages(app)}
    assert set(statuses.values()) <= {200, 404}, statuses  # 404: no chart to download yet
    page = aisha.get(f"measures/{measure}").get_data(as_text=True)
    assert "Point 2: value &#39;1.7e308&#39; is outside the range a chart takes" in page


@pytest.mark.parametrize(
    ("value", "named"),
    [
        (1.7e308, "is outside the range a chart takes"),
        (-1e300, "is outside the range a chart takes"),
        (2e12, "is outside the range a chart takes"),
        (10**400, "is not a finite number"),
    ],
    ids=["1.7e308", "-1e300", "2e12", "10^400"],
)
def test_a_stored_value_out_of_range_still_renders_and_is_named(
    aisha: Launched, app: Flask, value: float, named: str
) -> None:
    store_value(app, value)
    statuses = {path: aisha.get(path).status_code for path in chart_pages(app)}
    assert set(statuses.values()) <= {200, 404}, statuses  # 404: no chart to download yet
    page = aisha.get(f"measures/{series_id(app, CHART)}").get_data(as_text=True)
    assert "Point 3: value" in page
    assert named in page
