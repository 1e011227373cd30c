"""Pareto tables: sorting, percentages, the vital few, ties, zero counts and "Other"."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_qi.domain.worksheets.pareto import (
    is_other,
    pareto_categories,
    pareto_feedback,
    pareto_table,
    summarise_pareto,
)


def summary(rows):
    return [
        (
            r.rank,
            r.category,
            r.count,
            round(r.percent, 1),
            round(r.cumulative_percent, 1),
            r.is_vital_few,
        )
        for r in rows
    ]


def test_worked_example_sorted_with_cumulative_percent_and_vital_few():
    rows = pareto_table(
        [
            ("Asleep", 20),
            ("Away from bed", 50),
            ("Cold food", 10),
            ("Nil by mouth", 15),
            ("Other", 5),
        ]
    )
    assert summary(rows) == [
        (1, "Away from bed", 50, 50.0, 50.0, True),
        (2, "Asleep", 20, 20.0, 70.0, True),
        (3, "Nil by mouth", 15, 15.0, 85.0, True),
        (4, "Cold food", 10, 10.0, 95.0, False),
        (5, "Other", 5, 5.0, 100.0, False),
    ]


def test_the_category_that_reaches_exactly_80_percent_ends_the_vital_few():
    rows = pareto_table([("A", 50), ("B", 30), ("C", 15), ("D", 5)])
    assert [r.is_vital_few for r in rows] == [True, True, False, False]


def test_equal_counts_keep_the_order_given_and_are_treated_alike():
    rows = pareto_table([("A", 40), ("B", 20), ("C", 20), ("D", 20)])
    assert [r.category for r in rows] == ["A", "B", "C", "D"]
    assert [round(r.cumulative_percent) for r in rows] == [40, 60, 80, 100]
    assert all(r.is_vital_few for r in rows)


def test_ties_below_the_vital_few_stay_out():
    rows = pareto_table([("A", 60), ("B", 25), ("C", 5), ("D", 5), ("E", 5)])
    assert [r.is_vital_few for r in rows] == [True, True, False, False, False]


def test_zero_counts_are_listed_last_and_never_vital():
    rows = pareto_table([("None yet", 0), ("A", 3), ("B", 1)])
    assert summary(rows)[-1] == (3, "None yet", 0, 0.0, 100.0, False)


def test_all_zero_counts_give_zero_percentages_and_no_vital_few():
    rows = pareto_table([("A", 0), ("B", 0)])
    assert [(r.percent, r.cumulative_percent, r.is_vital_few) for r in rows] == [
        (0.0, 0.0, False)
    ] * 2
    assert summarise_pareto(rows) == "There are no counts yet, so there is nothing to compare."


def test_no_categories_give_an_empty_table():
    assert pareto_table([]) == []


@pytest.mark.parametrize("name", ["Other", "others", " OTHER ", "Other (specify)", "Other reasons"])
def test_other_goes_last_and_is_never_vital(name):
    rows = pareto_table([(name, 70), ("A", 20), ("B", 10)])
    assert rows[-1].category == name
    assert not rows[-1].is_vital_few
    assert is_other(name)


def test_other_as_a_cause_name_is_not_a_catch_all():
    assert not is_other("Other staff unavailable")


def test_summary_names_the_vital_few_and_warns_about_a_big_other():
    rows = pareto_table([("Away", 50), ("Asleep", 30), ("Other", 40)])
    text = summarise_pareto(rows)
    assert text.startswith("2 of the 3 categories (“Away” and “Asleep”) make up 67% of the total")
    assert "“Other” (33%) is bigger than one of these" in text


def test_one_vital_category_makes_up_most():
    text = summarise_pareto(pareto_table([("Away", 100), ("Asleep", 5), ("Cold", 20)]))
    assert text == "1 of the 3 categories (“Away”) makes up 80% of the total of 125."


def test_everything_under_other_is_said_plainly():
    assert "Everything counted so far is under “Other”" in summarise_pareto(
        pareto_table([("Other", 4), ("A", 0)])
    )


@pytest.mark.parametrize("count", [-1, math.nan, math.inf])
def test_impossible_counts_are_refused(count):
    with pytest.raises(ValueError, match="must be zero or more"):
        pareto_table([("A", count)])


def test_categories_come_from_the_worksheet_skipping_unfinished_entries():
    document = {
        "categories": [
            {"name": "A", "count": 3},
            {"name": "B"},
            {"count": 2},
            {"name": "C", "count": "x"},
        ]
    }
    assert pareto_categories(document) == [("A", 3.0)]
    assert pareto_categories({}) == []


def test_feedback_checks_counts_against_the_total_and_the_dates():
    document = {
        "counting_rule": "main_reason",
        "total_events": 50,
        "categories": [{"name": "A", "count": 30}, {"name": "B", "count": 18}],
        "start_date": "2026-09-14",
        "end_date": "2026-09-01",
    }
    first, second = pareto_feedback(document)
    assert "Your counts add up to 48, but you recorded 50 events" in first
    assert "The tally ends (1 September 2026) before it starts (14 September 2026)" in second
    assert (
        pareto_feedback({**document, "counting_rule": "several_reasons", "end_date": "2026-09-30"})
        == []
    )


counts = st.lists(
    st.tuples(st.sampled_from(["A", "B", "C", "Other", "D"]), st.floats(0, 1e6, allow_nan=False)),
    max_size=20,
)


@given(counts)
def test_cumulative_percent_never_falls_and_ends_at_100(categories):
    rows = pareto_table(categories)
    cumulative = [row.cumulative_percent for row in rows]
    assert cumulative == sorted(cumulative)
    if sum(count for _, count in categories) > 0:
        assert cumulative[-1] == 100.0
        assert math.isclose(sum(row.percent for row in rows), 100.0)


@given(counts)
def test_bars_are_sorted_and_the_vital_few_come_first(categories):
    rows = [row for row in pareto_table(categories) if not is_other(row.category)]
    assert [row.count for row in rows] == sorted((row.count for row in rows), reverse=True)
    flags = [row.is_vital_few for row in rows]
    assert flags == sorted(flags, reverse=True)
    assert all(row.count > 0 for row in rows if row.is_vital_few)
