"""A measure's data as typed: table rows, pasted text, uploaded files and chart settings."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_qi.domain.charts import entry as chart_entry
from lti_qi.domain.charts import measure_data
from lti_qi.domain.charts import settings as chart_settings
from lti_qi.domain.charts.choice import DataKind
from lti_qi.domain.charts.measure_data import Chart


def test_table_rows_come_back_in_row_order_without_empty_rows():
    rows = {
        "10": {"label": "3/2/2026", "value": "7"},
        "2": {"label": "2026-02-02", "value": "1,200", "excluded": "yes"},
        "3": {"label": "", "value": " ", "note": ""},
    }
    points, problems = chart_entry.points_from_rows(rows)
    assert problems == []
    assert [(p["label"], p["value"], p["excluded"]) for p in points] == [
        ("2026-02-02", 1200.0, True),
        ("2026-02-03", 7.0, False),
    ]


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ("1", "did not arrive as rows"),
        ({"abc": {"value": "1"}}, "“abc” is not a row number"),
        ({"\u0663": {"value": "1"}}, "is not a row number"),
        ({"1234567": {"value": "1"}}, "is not a row number"),
        ({"0": "1"}, "Row 1 arrived as one value"),
        ({"0": {"value": ["1", "2"]}}, "Row 1: the value was sent more than once"),
        ({"0": {"value": {"x": "1"}}}, "Row 1: the value was sent more than once"),
        ({"0": {"label": "x" * 101}}, "longer than 100 characters"),
        ({"0": {"note": "x" * 501}}, "the note is longer than 500 characters"),
        ({"0": {"value": "1\x00"}}, "cannot be saved (NUL)"),
        ({str(i): {"value": "1"} for i in range(1004)}, "At most 1000 points"),
    ],
)
def test_forms_the_page_could_not_send_are_refused_with_the_row_named(rows, problem):
    points, problems = chart_entry.points_from_rows(rows)
    assert points == []
    assert any(problem in text for text in problems), problems


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "1e999", "NaN"])
def test_numbers_that_are_not_finite_are_not_numbers(text):
    assert measure_data.parse_number(text) is None


def test_pasted_rows_name_impossible_dates_long_labels_and_unreadable_text():
    _, problems = measure_data.points_from_text(
        "2026-02-31,5\n31/02/2026,6\n" + "x" * 101 + ",7\n2026-03-01,8", Chart.RUN
    )
    assert [(p.line, p.message[:24]) for p in problems] == [
        (1, "'2026-02-31' is not a re"),
        (2, "'31/02/2026' is not a re"),
        (3, "the date or label is lon"),
    ]
    (nul,) = measure_data.points_from_text("a,1\x00", Chart.RUN)[1]
    assert nul.message.startswith("This is not text from a spreadsheet")
    (huge_cell,) = measure_data.points_from_text("x" * 200_000, Chart.RUN)[1]
    assert "could not be read as spreadsheet cells" in huge_cell.message


def test_uploads_must_be_utf8_and_at_most_a_megabyte():
    assert measure_data.text_from_upload("\ufeffa,1".encode()) == ("a,1", [])
    assert "CSV UTF-8" in measure_data.text_from_upload("café".encode("latin-1"))[1][0].message
    too_big = b"x" * (measure_data.MAX_UPLOAD_BYTES + 1)
    assert "over 1 MB" in measure_data.text_from_upload(too_big)[1][0].message


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("Minutes to first dose", "minutes-to-first-dose.svg"),
        ("% of patients (ward 7) — audit", "of-patients-ward-7-audit.svg"),
        ("../../etc/passwd", "etc-passwd.svg"),
        ("日本語", "measure.svg"),
    ],
)
def test_download_names_are_safe(name, file_name):
    assert measure_data.download_name(name, "svg") == file_name


def test_settings_are_read_and_phases_stored_from_zero():
    form = {
        "data_kind": "proportion",
        "chart": "p",
        "rules": "anhoej",
        "unit": " % ",
        "freeze": "12",
        "phase_starts": "25; 13, 13",
    }
    settings, problems = chart_settings.read_settings(form)
    assert problems == []
    assert settings == chart_settings.ChartSettings(
        DataKind.PROPORTION, Chart.P, "anhoej", "%", 12, [12, 24]
    )


def test_every_bad_setting_is_reported_at_once():
    form = {"data_kind": "x", "chart": "pie", "rules": "mine", "freeze": "0", "phase_starts": "1"}
    settings, problems = chart_settings.read_settings(form)
    assert settings is None
    assert len(problems) == 5
    assert [field for field, _ in problems] == [
        "data_kind",
        "chart",
        "rules",
        "freeze",
        "phase_starts",
    ]


@given(st.text(max_size=30))
def test_any_baseline_text_is_a_number_in_range_or_a_problem(text):
    settings, problems = chart_settings.read_settings(
        {"data_kind": "count", "chart": "c", "freeze": text, "phase_starts": text}
    )
    if settings is not None:
        assert settings.freeze is None or 1 <= settings.freeze <= measure_data.MAX_POINTS
        assert all(1 <= start < measure_data.MAX_POINTS for start in settings.phase_starts)
    else:
        assert problems
