"""Malformed measure forms and files get a 4xx with a message, never a 500, and save nothing.

Every malformed form is sent to every measure POST route (table, paste, CSV upload, chart
settings), so a route that decodes a field it does not expect, or stores something a database
refuses (PostgreSQL rejects NaN in JSON and integers past 32 bits), shows up here. After each
post the saved series and their revisions must be exactly as before.
"""

import io
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from lti_qi.domain.charts import MAX_UPLOAD_BYTES
from lti_qi.extensions import db
from lti_qi.models import MeasureRevision, MeasureSeries
from lti_qi.transaction import unit_of_work

from launching import LaunchDriver, Launched
from measurement_helpers import PASTED, learner_with_measures, paste, series_id, set_chart, token

HUGE = "9" * 30
ROUTES = ("points", "paste", "upload", "settings")
ROW = [("_base_version", "1"), ("points.0.label", "2026-01-01"), ("points.0.value", "5")]

MALFORMED_TABLES: dict[str, list[tuple[str, str]]] = {
    "position not a number": [("points.abc.value", "5")],
    "negative position": [("points.-1.value", "5")],
    "non-ascii digit position": [("points.\u0663.value", "5")],
    "huge position": [(f"points.{HUGE}.value", "5")],
    "row as one value": [("points.0", "1")],
    "table as one value": [("points", "1")],
    "row and cells": [("points.0", "1"), ("points.0.value", "2")],
    "cell sent twice": [*ROW, ("points.0.value", "6")],
    "cell with cells inside": [("points.0.value.x", "5")],
    "deep nesting": [("points.0." + "a." * 2000 + "b", "5")],
    "label too long": [*ROW[:1], ("points.0.label", "x" * 101), ("points.0.value", "5")],
    "note too long": [*ROW, ("points.0.note", "x" * 501)],
    "nul in a cell": [*ROW[:2], ("points.0.value", "5\x00")],
    "too many rows": [(f"points.{i}.value", "1") for i in range(1010)],
    "stale version": [("_base_version", "not a number"), *ROW[1:]],
    "no table at all": [("_base_version", "1")],
}
MALFORMED_PASTES: dict[str, list[tuple[str, str]]] = {
    "nothing pasted": [("pasted", "")],
    "nul characters": [("pasted", "2026-01-01,5\x00\n2026-01-02,6")],
    "a cell past the csv field limit": [("pasted", "x" * 200_000 + ",5")],
    "not a number": [("pasted", "2026-01-01,five")],
    "infinite and not-a-number values": [("pasted", "2026-01-01,inf\n2026-01-02,nan\n1,1e999")],
    "no value column": [("pasted", "2026-01-01\n2026-01-02")],
    "impossible dates": [("pasted", "2026-02-31,5\n31/02/2026,6")],
    "label too long": [("pasted", "x" * 101 + ",5")],
    "too many rows": [("pasted", "\n".join(f"{i},1" for i in range(1001)))],
    "unknown mode": [("pasted", "a,b,c\n1,x"), ("mode", "explode")],
}
MALFORMED_SETTINGS: dict[str, list[tuple[str, str]]] = {
    "no settings": [],
    "unknown kind of data": [("data_kind", "bogus"), ("chart", "run")],
    "unknown chart": [("data_kind", "measurement"), ("chart", "bogus")],
    "unknown rules": [("data_kind", "measurement"), ("chart", "run"), ("rules", "bogus")],
    "baseline not a number": [("data_kind", "count"), ("chart", "c"), ("freeze", "abc")],
    "baseline of zero": [("data_kind", "count"), ("chart", "c"), ("freeze", "0")],
    "baseline past 32 bits": [("data_kind", "count"), ("chart", "c"), ("freeze", HUGE)],
    "baseline in superscript": [("data_kind", "count"), ("chart", "c"), ("freeze", "\u00b2")],
    "phase at point 1": [("data_kind", "count"), ("chart", "c"), ("phase_starts", "1")],
    "phase past 32 bits": [("data_kind", "count"), ("chart", "c"), ("phase_starts", HUGE)],
    "phase in another script": [("data_kind", "count"), ("chart", "c"), ("phase_starts", "٣")],
}
MALFORMED = {**MALFORMED_TABLES, **MALFORMED_PASTES, **MALFORMED_SETTINGS}

BAD_FILES: dict[str, bytes] = {
    "wrong encoding": "2026-01-01,5,café".encode("latin-1"),
    "utf-16": "2026-01-01,5".encode("utf-16"),
    "binary": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    "valid utf-8 with nul": b"2026-01-01,5\x00\n",
    "huge": b"2026-01-01,5\n" * (MAX_UPLOAD_BYTES // 13 + 1),
    "empty": b"",
    "missing columns": b"date\n2026-01-01\n2026-01-02\n",
    "bad dates": b"date,value\n2026-02-30,5\n29/02/2027,6\n",
    "not a number": b"date,value\n2026-01-01,lots\n",
}


@pytest.fixture
def measured(launcher: LaunchDriver, app: Flask) -> Launched:
    """A learner with 20 saved points on one measure and none on the other."""
    aisha = learner_with_measures(launcher.launch(sub="learner-aisha"), app)
    assert paste(aisha, series_id(app, "Minutes to first dose"), PASTED).status_code == 302
    return aisha


def csv_file(body: bytes) -> FileStorage:
    """An uploaded file as the browser sends it."""
    return FileStorage(io.BytesIO(body), "data.csv", content_type="text/csv")


def multipart(fields: dict[str, Any]) -> dict[str, Any]:
    """The form encoded as a browser encodes an upload.

    Encoded here, in memory: the test client spools a big body to a temporary file that it
    never closes, which pytest (warnings are errors) reports as a leak.
    """
    boundary, body = encode_multipart(fields)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def saved_state(app: Flask) -> tuple[object, ...]:
    """Everything a measure post could change."""
    with app.app_context(), unit_of_work():
        db.session.expire_all()
        series = db.session.scalars(select(MeasureSeries).order_by(MeasureSeries.id)).all()
        revisions = db.session.scalar(select(func.count()).select_from(MeasureRevision))
        columns = ("points", "version", "chart", "data_kind", "rules", "unit", "freeze")
        return (
            revisions,
            [(*(getattr(s, c) for c in columns), s.phase_starts) for s in series],
        )


def is_refused_with_a_message(response: Any) -> bool:
    """A 4xx whose page says what went wrong, not the server-error page."""
    text = response.get_data(as_text=True)
    return 400 <= response.status_code < 500 and "went wrong on our side" not in text


@pytest.mark.parametrize("route", ROUTES)
def test_malformed_forms_are_refused_and_save_nothing(
    measured: Launched, app: Flask, route: str
) -> None:
    measure = series_id(app, "Minutes to first dose")
    csrf = token(measured, f"measures/{measure}")
    before = saved_state(app)
    failed = {}
    for name, fields in MALFORMED.items():
        data = MultiDict([("csrf_token", csrf), *fields])
        response = measured.client.post(measured.url(f"measures/{measure}/{route}"), data=data)
        if not is_refused_with_a_message(response) or saved_state(app) != before:
            failed[name] = response.status_code
    assert not failed, failed


def test_malformed_csv_files_are_refused_and_save_nothing(measured: Launched, app: Flask) -> None:
    measure = series_id(app, "Minutes to first dose")
    csrf = token(measured, f"measures/{measure}")
    before = saved_state(app)
    failed = {}
    uploads: dict[str, Any] = {name: csv_file(body) for name, body in BAD_FILES.items()}
    uploads |= {"no file": None, "sent as a field": "2026-01-01,5"}
    for name, upload in uploads.items():
        data = {"csrf_token": csrf, "mode": "replace"}
        if upload is not None:
            data["csv_file"] = upload
        response = measured.client.post(
            measured.url(f"measures/{measure}/upload"), **multipart(data)
        )
        if not is_refused_with_a_message(response) or saved_state(app) != before:
            failed[name] = response.status_code
    assert not failed, failed


def test_ids_past_32_bits_are_not_found(measured: Launched, app: Flask) -> None:
    csrf = token(measured, f"measures/{series_id(app, 'Checklist used')}")
    for path in (
        f"measures/{HUGE}",
        f"measures/{HUGE}/data.csv",
        f"measures/{HUGE}/chart.svg",
        f"measures/projects/{HUGE}",
        f"measures/projects/1/{HUGE}",
        f"measures/projects/{HUGE}/1/chart.svg",
    ):
        assert measured.get(path).status_code == 404, path
    for route in ROUTES:
        response = measured.client.post(
            measured.url(f"measures/{HUGE}/{route}"), data={"csrf_token": csrf}
        )
        assert response.status_code == 404, route


def test_a_position_that_is_not_a_number_is_named(measured: Launched, app: Flask) -> None:
    measure = series_id(app, "Checklist used")
    data = {"csrf_token": token(measured, f"measures/{measure}"), "points.abc.value": "5"}
    response = measured.client.post(measured.url(f"measures/{measure}/points"), data=data)
    assert response.status_code == 400
    assert "“abc” is not a row number of the data table" in response.get_data(as_text=True)


def test_unknown_settings_say_what_to_choose(measured: Launched, app: Flask) -> None:
    measure = series_id(app, "Checklist used")
    data = {
        "csrf_token": token(measured, f"measures/{measure}"),
        "data_kind": "bogus",
        "chart": "pie",
    }
    response = measured.client.post(measured.url(f"measures/{measure}/settings"), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose what each value of this measure is." in page
    assert "Choose one of the charts in the list." in page


def test_rejected_rows_keep_the_pasted_text_and_name_each_line(
    measured: Launched, app: Flask
) -> None:
    measure = series_id(app, "Checklist used")
    response = paste(measured, measure, "2026-02-31,5,10\n2026-03-01,inf,10\n" + "x" * 101 + ",1,2")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 1: &#39;2026-02-31&#39; is not a real date" in page
    assert "Line 2: value &#39;inf&#39; is not a number" in page
    assert "Line 3: the date or label is longer than 100 characters" in page
    assert "2026-03-01,inf,10" in page.split('id="pasted"', 1)[1]


def test_an_upload_in_the_wrong_encoding_says_how_to_save_it(
    measured: Launched, app: Flask
) -> None:
    measure = series_id(app, "Checklist used")
    upload = csv_file(BAD_FILES["wrong encoding"])
    data = {"csrf_token": token(measured, f"measures/{measure}"), "csv_file": upload}
    response = measured.client.post(measured.url(f"measures/{measure}/upload"), **multipart(data))
    assert response.status_code == 422
    assert "CSV UTF-8 (comma delimited)" in response.get_data(as_text=True)


def test_numbers_too_big_for_a_chart_are_kept_as_typed_and_explained(
    measured: Launched, app: Flask
) -> None:
    measure = series_id(app, "Checklist used")
    set_chart(measured, measure, "p", "proportion")
    rows = {"csrf_token": token(measured, f"measures/{measure}"), "_base_version": "1"}
    for day, value in enumerate(("1e999", "nan", "-inf", *["4"] * 9), start=1):
        rows |= {f"points.{day}.label": f"2026-04-{day:02d}", f"points.{day}.numerator": value}
        rows[f"points.{day}.denominator"] = "10"
    assert measured.client.post(measured.url(f"measures/{measure}/points"), data=rows).status_code
    page = measured.get(f"measures/{measure}").get_data(as_text=True)
    assert "No chart yet" in page
    assert "numerator &#39;1e999&#39; is not a number" in page
    with app.app_context(), unit_of_work():
        saved = db.session.get(MeasureSeries, measure).points
        assert [point["numerator"] for point in saved[:3]] == ["1e999", "nan", "-inf"]
