"""Control charts' properties: what scaling, shifting and reversing a series changes; limits."""

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_qi.domain.charts import spc
from lti_qi.domain.charts.data import ChartDataError
from lti_qi.domain.charts.rules import Direction, Rule

from chart_helpers import fired

# Properties.

integers = st.lists(st.integers(0, 50), min_size=2, max_size=40)


def keys(result, rules=None):
    return [
        (s.rule, s.point_indices, s.direction)
        for s in result.signals
        if rules is None or s.rule in rules
    ]


@given(integers, st.integers(-3, 6))
def test_scaling_by_a_power_of_two_changes_no_signal(values, power):
    scaled = [value * 2.0**power for value in values]
    assert keys(spc.xmr_chart(scaled)) == keys(spc.xmr_chart(values))


@given(integers, st.integers(-1000, 1000))
def test_adding_a_constant_changes_no_signal(values, constant):
    moved = [value + constant for value in values]
    assert keys(spc.xmr_chart(moved)) == keys(spc.xmr_chart(values))


@given(integers)
def test_reversing_time_turns_each_trend_the_other_way(values):
    last = len(values) - 1
    forward = {
        (tuple(sorted(last - i for i in s.point_indices)), s.direction)
        for s in fired(spc.xmr_chart(values), Rule.SPC_TREND)
    }
    flip = {Direction.UP: Direction.DOWN, Direction.DOWN: Direction.UP}
    backward = {
        (s.point_indices, flip[s.direction])
        for s in fired(spc.xmr_chart(values[::-1]), Rule.SPC_TREND)
    }
    assert forward == backward


@st.composite
def proportions(draw):
    denominators = draw(st.lists(st.integers(1, 500), min_size=1, max_size=40))
    numerators = [draw(st.integers(0, n)) for n in denominators]
    return numerators, denominators


@given(proportions())
def test_p_chart_limits_stay_within_zero_and_one_and_contain_the_centre(data):
    result = spc.p_chart(*data)
    assert all(
        0 <= low <= centre <= high <= 1
        for low, centre, high in zip(result.lower, result.centre, result.upper, strict=True)
    )


@given(st.lists(st.integers(0, 100), min_size=1, max_size=40), st.data())
def test_u_and_c_limits_contain_the_centre_and_are_not_negative(counts, data):
    exposures = data.draw(st.lists(st.floats(0.1, 50), min_size=len(counts), max_size=len(counts)))
    for result in (spc.c_chart(counts), spc.u_chart(counts, exposures)):
        assert all(
            0 <= low <= centre <= high
            for low, centre, high in zip(result.lower, result.centre, result.upper, strict=True)
        )


def point_by_point_limits(centre, spread, sizes, cap):
    """The p and u limit formula applied to each point on its own, as the sources print it."""
    sigma = [math.sqrt(spread / size) for size in sizes]
    lower = [max(centre - s * 3.0, 0.0) for s in sigma]
    upper = [min(centre + s * 3.0, cap) for s in sigma]
    return tuple(sigma), tuple(lower), tuple(upper)


@given(proportions(), st.booleans())
def test_p_limits_equal_the_point_by_point_formula_whether_or_not_sizes_repeat(data, repeat):
    numerators, denominators = data
    if repeat:  # few distinct sizes: the limits are looked up per size
        numerators, denominators = numerators * 5, denominators * 5
    result = spc.p_chart(numerators, denominators)
    centre = result.centre[0]
    expected = point_by_point_limits(centre, centre * (1 - centre), denominators, 1.0)
    assert (result.sigma, result.lower, result.upper) == expected


@given(st.lists(st.integers(0, 30), min_size=1, max_size=30), st.data())
def test_u_limits_equal_the_point_by_point_formula_whether_or_not_areas_repeat(counts, data):
    area = st.sampled_from([0.5, 1.0, 2.5]) if data.draw(st.booleans()) else st.floats(0.1, 50)
    areas = data.draw(st.lists(area, min_size=len(counts), max_size=len(counts)))
    result = spc.u_chart(counts * 5, areas * 5)
    centre = result.centre[0]
    assert (result.sigma, result.lower, result.upper) == point_by_point_limits(
        centre, centre, areas * 5, math.inf
    )


@given(proportions())
def test_counts_given_as_ints_or_as_floats_chart_the_same(data):
    numerators, denominators = data
    as_floats = spc.p_chart([float(n) for n in numerators], [float(d) for d in denominators])
    assert spc.p_chart(numerators, denominators) == as_floats


def test_fractional_counts_given_as_floats_are_still_refused():
    with pytest.raises(ChartDataError, match="whole number"):
        spc.p_chart([1.5, 2.0], [10, 10])
    with pytest.raises(ChartDataError, match="whole number"):
        spc.p_chart([1, 2], [10.5, 10])


def test_the_xmr_centre_line_is_the_exact_mean_of_the_data_as_entered():
    values = [0.1, 0.2, 0.3] * 4
    result = spc.xmr_chart(values)
    assert result.centre[0] == 0.2  # the float mean is 0.20000000000000004
    assert result.phases[0].runs.n_useful == 8  # the four points at 0.2 are on the line


@given(st.lists(st.integers(0, 99), min_size=2, max_size=40))
def test_exact_ties_with_the_mean_are_never_on_a_side(tenths):
    result = spc.xmr_chart([t / 10 for t in tenths])
    exact = Fraction(sum(tenths), 10 * len(tenths))
    off = [t for t in tenths if Fraction(t, 10) != exact]
    assert result.phases[0].runs.n_useful == len(off)
    assert result.phases[0].runs.n_above == sum(Fraction(t, 10) > exact for t in off)
