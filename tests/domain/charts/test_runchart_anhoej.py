"""Run charts under the Anhøj rules: the published limits, long runs and too few crossings."""

import itertools
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_qi.domain.charts import anhoej
from lti_qi.domain.charts.rules import Rule
from lti_qi.domain.charts.runchart import RunChartRules, analyse_run_chart

from chart_helpers import fired, from_runs

# Anhøj rules (Anhøj & Olesen 2014; qicharts2), values from qi.md 2.5.


@pytest.mark.parametrize(
    ("useful", "longest_max", "crossings_min"),
    [
        *[(10, 6, 2), (12, 7, 3), (16, 7, 4), (20, 7, 6), (24, 8, 8), (30, 8, 10)],
        *[(40, 8, 14), (50, 9, 19), (100, 10, 41)],
    ],
)
def test_anhoej_limits_match_the_published_table(useful, longest_max, crossings_min):
    assert anhoej.longest_run_limit(useful) == longest_max
    assert anhoej.crossings_limit(useful) == crossings_min


@pytest.mark.parametrize("useful", [1, 2, 1001, 1500, 2048, 4999, 20_000])
def test_the_crossings_limit_is_the_exact_binomial_quantile(useful):
    trials = useful - 1
    whole, total, term = 2**trials, 0, 1
    for k in range(trials + 1):
        total += term
        if 20 * total >= whole:
            break
        term = term * (trials - k) // (k + 1)
    assert anhoej.crossings_limit(useful) == k


def test_a_run_longer_than_the_anhoej_limit_signals_and_one_equal_to_it_does_not():
    nine = from_runs([1, 1, 1, 1, 1, 1, 1, 9, 8])  # 24 useful, 12 each side
    result = analyse_run_chart(nine, rules=RunChartRules.ANHOEJ)
    assert result.phases[0].runs.longest_run == 9
    [signal] = fired(result, Rule.LONGEST_RUN)
    assert signal.point_indices == tuple(range(7, 16))
    assert "longer than the 8 expected by chance with 24 points" in signal.message
    eight = from_runs([1, 1, 1, 1, 1, 2, 1, 8, 8])
    assert fired(analyse_run_chart(eight, rules=RunChartRules.ANHOEJ), Rule.LONGEST_RUN) == []


def test_too_few_crossings_signal_under_the_anhoej_rules():
    seven = from_runs([3, 3, 3, 3, 3, 3, 3, 3])  # 24 useful, 7 crossings, minimum 8
    result = analyse_run_chart(seven, rules=RunChartRules.ANHOEJ)
    [signal] = fired(result, Rule.FEW_CROSSINGS)
    assert signal.message.startswith("The data cross the median only 7 times in 24 points")
    eight = from_runs([3, 3, 3, 3, 2, 3, 2, 3, 2])
    result = analyse_run_chart(eight, rules=RunChartRules.ANHOEJ)
    assert result.phases[0].runs.n_crossings == 8
    assert result.signals == ()


def test_the_anhoej_rules_say_they_need_ten_useful_points():
    result = analyse_run_chart([1, 2, 3, 4, 5, 6, 7, 8, 9], rules=RunChartRules.ANHOEJ)
    assert result.notes == (
        "The Anhøj rules need at least 10 points not on the median; there are 8.",
    )


def test_every_run_longer_than_the_anhoej_limit_is_marked():
    two = from_runs([9, 1, 1, 1, 1, 1, 1, 9])  # 24 useful: runs of 9 above and 9 below, limit 8
    result = analyse_run_chart(two, rules=RunChartRules.ANHOEJ)
    first, second = fired(result, Rule.LONGEST_RUN)
    assert first.point_indices == tuple(range(0, 9))
    assert second.point_indices == tuple(range(15, 24))
    assert first.direction != second.direction
    assert all("9 points in a row" in signal.message for signal in (first, second))


def expected_long_runs(values):
    """Every run (as a tuple of indices) longer than the Anhøj limit, found the slow way."""
    centre = statistics.median(values)
    useful = [(i, value > centre) for i, value in enumerate(values) if value != centre]
    if len(useful) < anhoej.ANHOEJ_MINIMUM:
        return set()
    runs = [list(group) for _, group in itertools.groupby(useful, key=lambda item: item[1])]
    limit = anhoej.longest_run_limit(len(useful))
    return {tuple(i for i, _ in run) for run in runs if len(run) > limit}


stepped = st.lists(st.integers(0, 3), min_size=1, max_size=12).flatmap(
    lambda levels: st.lists(st.integers(1, 12), min_size=len(levels), max_size=len(levels)).map(
        lambda lengths: [v for v, n in zip(levels, lengths, strict=True) for _ in range(n)]
    )
)


@given(stepped, st.integers(-1000, 1000))
def test_every_long_run_is_marked_whatever_the_level(values, constant):
    for series in (values, [value + constant for value in values]):
        result = analyse_run_chart(series, rules=RunChartRules.ANHOEJ)
        marked = {signal.point_indices for signal in fired(result, Rule.LONGEST_RUN)}
        # points on the median are skipped inside a run, so compare the points off the line
        assert marked == expected_long_runs(series)
