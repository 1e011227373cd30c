"""Run charts' properties: the rules see the shape of the data, not its units or position."""

import math
import statistics
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from lti_qi.domain.charts.rules import Direction, Rule
from lti_qi.domain.charts.runchart import RunChartRules, analyse_run_chart

from chart_helpers import fired

# Properties: the rules see the shape of the data, not its units or position.

series = st.lists(st.integers(-20, 20), min_size=1, max_size=60)


def signal_keys(result):
    return [(s.rule, s.point_indices, s.direction) for s in result.signals]


@given(series, st.integers(-1000, 1000), st.sampled_from(RunChartRules))
def test_adding_a_constant_changes_no_signal(values, constant, rules):
    moved = [value + constant for value in values]
    assert signal_keys(analyse_run_chart(moved, rules=rules)) == signal_keys(
        analyse_run_chart(values, rules=rules)
    )


@given(series, st.integers(1, 1000), st.sampled_from(RunChartRules))
def test_scaling_by_a_positive_constant_changes_no_signal(values, factor, rules):
    scaled = [value * factor for value in values]
    assert signal_keys(analyse_run_chart(scaled, rules=rules)) == signal_keys(
        analyse_run_chart(values, rules=rules)
    )


@given(series)
def test_reversing_time_turns_each_trend_the_other_way(values):
    last = len(values) - 1
    forward = {
        (tuple(sorted(last - i for i in s.point_indices)), s.direction)
        for s in fired(analyse_run_chart(values), Rule.TREND)
    }
    backward = {
        (s.point_indices, Direction.UP if s.direction is Direction.DOWN else Direction.DOWN)
        for s in fired(analyse_run_chart(values[::-1]), Rule.TREND)
    }
    assert forward == backward


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=60), st.randoms())
def test_permuting_the_points_does_not_change_the_median(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert (
        analyse_run_chart(shuffled).phases[0].median == analyse_run_chart(values).phases[0].median
    )
    exact = statistics.median([Fraction(repr(value)) for value in values])  # as entered
    assert analyse_run_chart(values).phases[0].median == float(exact)


@given(series)
def test_runs_are_crossings_plus_one_and_count_every_useful_point(values):
    runs = analyse_run_chart(values).phases[0].runs
    median = statistics.median(values)
    assert runs.n_useful == sum(1 for value in values if value != median)
    if runs.n_useful:
        assert runs.n_runs == runs.n_crossings + 1
        assert runs.longest_run_max == round(math.log2(runs.n_useful) + 3)


def test_the_median_of_decimal_data_is_exact_and_a_point_on_it_is_on_the_line():
    from lti_qi.domain.charts import runs

    assert runs.exact_median([0.1, 0.2]) == 0.15
    values = [0.2, 0.1] * 6 + [0.2, 0.2, 0.2, 0.15, 0.2, 0.2, 0.2]
    result = analyse_run_chart(values, freeze=12)
    assert result.phases[0].median == 0.15
    [shift] = fired(result, Rule.SHIFT)
    assert shift.point_indices == (12, 13, 14, 16, 17, 18)


@given(st.lists(st.integers(0, 99), min_size=2, max_size=40))
def test_exact_ties_with_the_median_are_never_on_a_side(tenths):
    values = [int(t) / 10 for t in tenths]
    result = analyse_run_chart(values)
    exact = statistics.median([Fraction(t, 10) for t in tenths])
    off = [i for i, t in enumerate(tenths) if Fraction(t, 10) != exact]
    assert result.phases[0].runs.n_useful == len(off)
    above = sum(Fraction(tenths[i], 10) > exact for i in off)
    assert result.phases[0].runs.n_above == above
