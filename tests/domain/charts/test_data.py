"""Chart input checks: values, counts, denominators, labels and phase settings."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from lti_qi.domain.charts import data as chartdata
from lti_qi.domain.charts import phases as chart_phases
from lti_qi.domain.charts.data import ChartDataError, DataProblem


def test_numbers_and_numeric_text_become_floats():
    values, problems = chartdata.parse_values([1, 2.5, "3", " 4.25 ", Decimal("5")])
    assert values == [1.0, 2.5, 3.0, 4.25, 5.0]
    assert problems == []


@pytest.mark.parametrize("bad", ["abc", "", None, float("nan"), float("inf"), "-inf", True, [1]])
def test_a_value_that_is_not_a_finite_number_is_named_with_its_position(bad):
    _, problems = chartdata.parse_values([1, 2, bad, 4])
    assert len(problems) == 1
    assert problems[0].position == 2
    assert problems[0].message.startswith("Point 3: value ")
    assert repr(bad) in problems[0].message


@pytest.mark.parametrize("bad", [float("nan"), float("-inf"), 10**400])
def test_infinite_and_undefined_numbers_are_named_as_not_finite(bad):
    _, problems = chartdata.parse_values([1, bad])
    assert problems[0].position == 1
    assert problems[0].message.endswith("is not a finite number.")


def test_every_bad_value_is_reported_at_once():
    _, problems = chartdata.parse_values(["x", 1, "nan", 2, "1,5"], what="count")
    assert [problem.position for problem in problems] == [0, 2, 4]
    assert all("count" in problem.message for problem in problems)


def test_chart_data_error_is_a_value_error_listing_all_problems():
    error = ChartDataError([DataProblem(0, "first."), DataProblem(None, "second.")])
    assert isinstance(error, ValueError)
    assert len(error.problems) == 2
    assert str(error) == "first.; second."


def test_raise_if_any_is_silent_without_problems():
    chartdata.raise_if_any([])
    with pytest.raises(ChartDataError):
        chartdata.raise_if_any([DataProblem(None, "bad.")])


def test_counts_must_be_whole_and_not_negative():
    problems = chartdata.check_counts([0.0, 3.0, -1.0, 2.5])
    assert [problem.position for problem in problems] == [2, 3]
    assert problems[0].message == "Point 3: count -1 is not a whole number of zero or more."


@pytest.mark.parametrize("denominator", [0.0, -5.0])
def test_a_zero_or_negative_denominator_is_named(denominator):
    problems = chartdata.check_denominators([10.0, denominator, 12.0])
    assert [problem.position for problem in problems] == [1]
    assert "Point 2: denominator" in problems[0].message
    assert "more than zero" in problems[0].message


def test_whole_denominators_can_be_required():
    assert chartdata.check_denominators([10.5], is_whole=False) == []
    problems = chartdata.check_denominators([10.5], is_whole=True)
    assert "must be a whole number" in problems[0].message


def test_parallel_series_must_have_the_same_length():
    problems = chartdata.check_same_length([1, 2], [1], ("counts", "denominators"))
    assert problems[0].message.startswith("There are 2 counts but 1 denominators")


def test_iso_date_strings_become_dates_and_other_text_stays():
    labels, problems = chartdata.parse_labels(["2026-03-03", "Week 2", None], 3)
    assert labels == (date(2026, 3, 3), "Week 2", None)
    assert problems == []


def test_labels_must_match_the_number_of_values():
    labels, problems = chartdata.parse_labels(["a"], 2)
    assert labels is None
    assert "2 values but 1 labels" in problems[0].message


def test_repeated_and_out_of_order_dates_name_the_offending_points():
    raw = ["2026-03-01", "2026-03-02", "2026-03-02", "2026-03-01", "2026-03-05"]
    _, problems = chartdata.parse_labels(raw, 5)
    assert [problem.position for problem in problems] == [2, 3]
    assert problems[0].message.startswith(
        "Point 3 (2 March 2026) repeats the date of point 2 (2 March 2026)"
    )
    assert problems[1].message.startswith("Point 4 (1 March 2026) comes before point 3")


def test_datetimes_are_compared_as_instants():
    first = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    same_instant = datetime(2026, 3, 3, 13, 0, tzinfo=timezone(timedelta(hours=1)))
    _, problems = chartdata.parse_labels([first, same_instant], 2)
    assert "repeats" in problems[0].message
    _, problems = chartdata.parse_labels([date(2026, 3, 3), datetime(2026, 3, 3, 9, 30)], 2)
    assert problems == []


def test_labels_format_for_readers():
    assert chartdata.format_label(date(2026, 3, 3)) == "3 March 2026"
    assert chartdata.format_label(datetime(2026, 3, 3, 9, 5)) == "3 March 2026 09:05"
    assert chartdata.format_label("Week 4") == "Week 4"
    assert chartdata.format_label(None) == ""
    assert chartdata.point_name(None, 6) == "point 7"
    assert chartdata.point_name([None, date(2026, 1, 9)], 1) == "point 2 (9 January 2026)"


def test_phases_split_the_series_and_freeze_applies_to_the_first():
    phases, problems = chart_phases.plan_phases(10, phase_starts=[4, 7], freeze=3, exclude=[1, 8])
    assert problems == []
    assert [(p.start, p.stop, p.baseline_stop) for p in phases] == [
        (0, 4, 3),
        (4, 7, 7),
        (7, 10, 10),
    ]
    assert tuple(phases[0].baseline) == (0, 2)
    assert tuple(phases[2].included) == (7, 9)
    assert phases[0].is_frozen
    assert not phases[1].is_frozen
    assert chart_phases.excluded_indices(phases) == (1, 8)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"phase_starts": [0]}, "cannot start at point 1"),
        ({"phase_starts": [10]}, "cannot start at point 11"),
        ({"phase_starts": [5, 3]}, "increasing order"),
        ({"freeze": 0}, "Freeze 0 must be between 1 and 10"),
        ({"freeze": 6, "phase_starts": [5]}, "Freeze 6 must be between 1 and 5"),
        ({"exclude": [10]}, "no point 11 to be excluded"),
    ],
)
def test_phase_settings_that_do_not_fit_the_series_are_explained(settings, expected):
    phases, problems = chart_phases.plan_phases(10, **settings)
    assert phases == ()
    assert any(expected in problem.message for problem in problems)


def test_an_empty_series_is_a_problem():
    _, problems = chart_phases.plan_phases(0)
    assert problems[0].message == "There are no points to chart."


def test_a_baseline_with_too_few_points_says_how_many_are_needed():
    phases, _ = chart_phases.plan_phases(4, exclude=[1, 2, 3])
    problems = chart_phases.baseline_problems(phases, 2, "to compute a moving range")
    assert problems[0].message == (
        "Phase 1 needs at least 2 points (not excluded) in its baseline to compute a moving "
        "range; it has 1."
    )


def test_pick_slices_ranges_and_indexes_tuples():
    values = [10.0, 11.0, 12.0, 13.0]
    assert chart_phases.pick(values, range(1, 3)) == [11.0, 12.0]
    assert chart_phases.pick(values, (0, 3)) == [10.0, 13.0]
