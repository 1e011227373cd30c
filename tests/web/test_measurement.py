"""Measures: data entry, paste, CSV in and out, chart settings, and the chart a team reads."""

import io
import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from lti_qi.extensions import db
from lti_qi.models import MeasureRevision, MeasureSeries, Project
from lti_qi.transaction import unit_of_work

from launching import LaunchDriver, Launched
from measurement_helpers import PASTED, learner_with_measures
from measurement_helpers import series_id as _series_id
from measurement_helpers import token as _token


@pytest.fixture
def aisha(launcher: LaunchDriver, app: Flask) -> Launched:
    """A learner whose measures plan names two measures (and a PDSA cycle on one of them)."""
    return learner_with_measures(launcher.launch(sub="learner-aisha"), app)


def test_measures_page_lists_the_plan_measures(aisha: Launched) -> None:
    page = aisha.get("measures").get_data(as_text=True)
    assert "Minutes to first dose" in page
    assert "Checklist used" in page


def test_pasted_rows_make_a_run_chart_with_signals_and_pdsa_marks(
    aisha: Launched, app: Flask
) -> None:
    aisha.get("measures")
    series_id = _series_id(app, "Minutes to first dose")
    token = _token(aisha, f"measures/{series_id}")
    pasted = aisha.client.post(
        aisha.url(f"measures/{series_id}/paste"),
        data={"csrf_token": token, "pasted": PASTED, "mode": "add"},
    )
    assert pasted.status_code == 302
    page = aisha.get(f"measures/{series_id}").get_data(as_text=True)
    assert "<svg" in page
    assert "10 points in a row above the median from 11 January 2026" in page
    assert "PDSA1: Pre-filled chart" in page
    # Links inside the chart image are out of the keyboard's reach: they are listed too.
    marks = re.search(r'<p class="pdsa-marks">(.*?)</p>', page, re.S)
    assert marks is not None
    assert re.search(r'<a href="[^"]+">PDSA1: Pre-filled chart</a>', marks.group(1))
    assert "<caption>Minutes to first dose: each point with its centre line</caption>" in page


def test_bad_pasted_rows_save_nothing_and_keep_the_text(aisha: Launched, app: Flask) -> None:
    aisha.get("measures")
    series_id = _series_id(app, "Minutes to first dose")
    token = _token(aisha, f"measures/{series_id}")
    text = "2026-01-01\t5\n2026-01-02\tfive\n"
    response = aisha.client.post(
        aisha.url(f"measures/{series_id}/paste"), data={"csrf_token": token, "pasted": text}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 2: value &#39;five&#39; is not a number" in page
    assert "five" in page.split('id="pasted"', 1)[1]
    with app.app_context(), unit_of_work():
        assert db.session.get(MeasureSeries, series_id).points == []


def test_too_few_points_for_the_rules_are_saved_and_explained(aisha: Launched, app: Flask) -> None:
    aisha.get("measures")
    series_id = _series_id(app, "Minutes to first dose")
    token = _token(aisha, f"measures/{series_id}")
    rows = {
        "csrf_token": token,
        "_base_version": "0",
        "points.0.label": "2026-01-01",
        "points.0.value": "5",
    }
    assert (
        aisha.client.post(aisha.url(f"measures/{series_id}/points"), data=rows).status_code == 302
    )
    page = aisha.get(f"measures/{series_id}").get_data(as_text=True)
    assert "needs at least 10" in page
    with app.app_context(), unit_of_work():
        assert len(db.session.get(MeasureSeries, series_id).points) == 1


def test_dates_out_of_order_are_named(aisha: Launched, app: Flask) -> None:
    aisha.get("measures")
    series_id = _series_id(app, "Minutes to first dose")
    token = _token(aisha, f"measures/{series_id}")
    text = "\n".join(
        f"2026-02-{day:02d},{value}"
        for day, value in zip((1, 3, 2, 4, 5), (1, 2, 3, 4, 5), strict=True)
    )
    aisha.client.post(
        aisha.url(f"measures/{series_id}/paste"), data={"csrf_token": token, "pasted": text}
    )
    page = aisha.get(f"measures/{series_id}").get_data(as_text=True)
    assert "No chart yet" in page
    assert "order" in page


def test_stale_table_save_shows_the_saved_data(aisha: Launched, app: Flask) -> None:
    aisha.get("measures")
    series_id = _series_id(app, "Minutes to first dose")
    token = _token(aisha, f"measures/{series_id}")
    first = {
        "csrf_token": token,
        "_base_version": "0",
        "points.0.label": "2026-01-01",
        "points.0.value": "5",
    }
    assert (
        aisha.client.post(aisha.url(f"measures/{series_id}/points"), data=first).status_code == 302
    )
    second = {**first, "points.0.value": "7"}
    response = aisha.client.post(aisha.url(f"measures/{series_id}/points"), data=second)
    assert response.status_code == 409
    assert "changed while you were working" in response.get_data(as_text=True)


def test_csv_round_trip_and_p_chart(aisha: Launched, app: Flask) -> None:
    aisha.get("measures")
    series_id = _series_id(app, "Checklist used")
    token = _token(aisha, f"measures/{series_id}")
    settings = {
        "csrf_token": token,
        "data_kind": "proportion",
        "chart": "p",
        "rules": "ihi",
        "unit": "% of patients",
    }
    assert (
        aisha.client.post(aisha.url(f"measures/{series_id}/settings"), data=settings).status_code
        == 302
    )
    csv_text = "date,numerator,denominator\n" + "\n".join(
        f"2026-03-{day:02d},{day % 7 + 3},20" for day in range(1, 25)
    )
    upload = {
        "csrf_token": token,
        "mode": "add",
        "csv_file": (io.BytesIO(csv_text.encode()), "data.csv"),
    }
    assert (
        aisha.client.post(
            aisha.url(f"measures/{series_id}/upload"),
            data=upload,
            content_type="multipart/form-data",
        ).status_code
        == 302
    )
    page = aisha.get(f"measures/{series_id}").get_data(as_text=True)
    assert "Lower limit" in page
    exported = aisha.get(f"measures/{series_id}/data.csv")
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert exported.get_data(as_text=True).splitlines()[1] == "2026-03-01,4.0,20.0,"


def test_every_save_is_kept_with_its_author(aisha: Launched, app: Flask) -> None:
    aisha.get("measures")
    series_id = _series_id(app, "Minutes to first dose")
    token = _token(aisha, f"measures/{series_id}")
    aisha.client.post(
        aisha.url(f"measures/{series_id}/paste"), data={"csrf_token": token, "pasted": PASTED}
    )
    aisha.client.post(
        aisha.url(f"measures/{series_id}/settings"),
        data={"csrf_token": token, "data_kind": "measurement", "chart": "xmr", "freeze": "10"},
    )
    with app.app_context(), unit_of_work():
        revisions = db.session.scalars(
            select(MeasureRevision).order_by(MeasureRevision.version)
        ).all()
        assert [r.version for r in revisions] == [1, 2]
        assert revisions[1].snapshot["freeze"] == 10


def test_bad_settings_are_explained(aisha: Launched, app: Flask) -> None:
    aisha.get("measures")
    series_id = _series_id(app, "Minutes to first dose")
    token = _token(aisha, f"measures/{series_id}")
    response = aisha.client.post(
        aisha.url(f"measures/{series_id}/settings"),
        data={
            "csrf_token": token,
            "data_kind": "measurement",
            "chart": "run",
            "phase_starts": "1, x",
        },
    )
    assert response.status_code == 422
    assert "point numbers of 2 or more" in response.get_data(as_text=True)


def test_another_project_cannot_open_the_measure(
    aisha: Launched, app: Flask, launcher: LaunchDriver
) -> None:
    aisha.get("measures")
    series_id = _series_id(app, "Minutes to first dose")
    ben = launcher.launch(sub="learner-ben")
    assert ben.get(f"measures/{series_id}").status_code == 404
    assert ben.get(f"measures/{series_id}/data.csv").status_code == 404


def test_staff_on_no_team_get_no_project_from_the_measures_pages(
    app: Flask, launcher: LaunchDriver
) -> None:
    mentor = launcher.launch(sub="mentor-dan")
    page = mentor.get("measures")
    assert page.status_code == 403
    assert "on no team in this course" in page.get_data(as_text=True)
    with app.app_context(), unit_of_work():
        assert db.session.scalar(select(func.count()).select_from(Project)) == 0
