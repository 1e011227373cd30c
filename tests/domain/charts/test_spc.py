"""Control charts: limits against published worked examples, IHI special-cause rules, errors.

Worked examples come from tests/domain/worked_examples.json (copied from published sources:
Montgomery's Introduction to Statistical Quality Control as computed and stored by qicharts2,
the qicharts2 vignette, and the NHSRplotthedots vignette). Sample numbers there are 1-based;
the API is 0-based, so tests convert with `zero_based`.
"""

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_qi.domain.charts import anhoej, spc, spc_limits, spc_rules
from lti_qi.domain.charts import runs as chart_runs
from lti_qi.domain.charts.data import ChartDataError
from lti_qi.domain.charts.rules import Direction, Rule
from lti_qi.domain.charts.spc import ChartType
from lti_qi.domain.charts.spc_rules import SpcRules

EXAMPLES = json.loads((Path(__file__).parent / "worked_examples.json").read_text("utf-8"))
SERIES = {name: series["values"] for name, series in EXAMPLES["series"].items()}
TOLERANCE = 1e-6  # the JSON's stated precision for qicharts2 results


def published(result_id):
    return EXAMPLES["results"][result_id]["results"]


def zero_based(samples):
    return [sample - 1 for sample in samples]


def outside(result):
    return sorted(
        i for s in result.signals if s.rule is Rule.OUTSIDE_LIMITS for i in s.point_indices
    )


def fired(result, rule):
    return [signal for signal in result.signals if signal.rule is rule]


def assert_runs(runs, expected):
    assert runs.n_useful == expected["n_useful"]
    assert runs.longest_run == expected["longest_run"]
    assert runs.longest_run_max == expected["longest_run_max"]
    assert runs.n_crossings == expected["n_crossings"]
    assert runs.n_crossings_min == expected["n_crossings_min"]
    assert runs.has_signal is expected["runs_signal"]


# Published worked examples.


def test_montgomery_example_6_5_individuals_chart_with_limits_from_weeks_1_to_20():
    expected = published("Q_EX_6_5_3")
    result = spc.xmr_chart(SERIES["MONT_6_7"], freeze=20)
    phase = result.phases[0]
    assert phase.centre == pytest.approx(expected["centre_line"], abs=TOLERANCE)
    assert phase.upper == pytest.approx(expected["upper_limit"], abs=TOLERANCE)
    assert phase.lower == pytest.approx(expected["lower_limit"], abs=TOLERANCE)
    assert outside(result) == zero_based(expected["points_outside_limits"])
    assert_runs(phase.runs, expected["runs_analysis"])


def test_the_xmr_constant_is_3_over_1_128_because_2_66_misses_montgomery_by_0_003():
    expected = published("Q_EX_6_5_3")["upper_limit"]
    average = spc.xmr_chart(SERIES["MONT_6_7"], freeze=20).phases[0].average_moving_range
    assert 300.5 + 3 / 1.128 * average == pytest.approx(expected, abs=TOLERANCE)
    assert abs(300.5 + 2.66 * average - expected) > 1e-3


def test_montgomery_example_6_5_moving_range_chart():
    expected = published("Q_EX_6_5_4")
    chart = spc.xmr_chart(SERIES["MONT_6_7"], freeze=20).moving_range_chart()
    assert chart is not None
    assert chart.values[0] is None
    assert chart.centre[1] == pytest.approx(expected["centre_line"], abs=TOLERANCE)
    assert chart.upper[1] == pytest.approx(expected["upper_limit"], abs=TOLERANCE)
    jumps = [index for signal in chart.signals for index in signal.point_indices]
    assert jumps == zero_based(expected["points_outside_limits"])
    ranges = [value for value in chart.values if value is not None]
    side_runs = chart_runs.side_runs(ranges, range(1, 40), chart.centre[1])
    assert_runs(anhoej.analyse_runs(side_runs), expected["runs_analysis"])


def test_montgomery_table_7_4_p_chart_with_varying_sample_sizes():
    expected = published("Q_TBL_7_4_1")
    result = spc.p_chart(SERIES["MONT_7_4_COUNT"], SERIES["MONT_7_4_SIZE"])
    assert result.centre[0] == pytest.approx(expected["centre_line"], abs=TOLERANCE)
    assert result.upper == pytest.approx(expected["upper_limit"], abs=TOLERANCE)
    assert result.lower == pytest.approx(expected["lower_limit"], abs=TOLERANCE)
    assert result.phases[0].upper is None  # the limits vary with the sample size
    assert outside(result) == zero_based(expected["points_outside_limits"])
    assert_runs(result.phases[0].runs, expected["runs_analysis"])


def test_montgomery_example_7_1_two_phase_p_chart_with_two_samples_excluded():
    expected = published("Q_EX_7_1_5")
    counts = SERIES["MONT_7_3_COUNT"]
    result = spc.p_chart(
        counts, [50] * len(counts), exclude=zero_based([15, 23]), phase_starts=[30]
    )
    for phase, published_phase in zip(result.phases, expected["phases"], strict=True):
        assert [phase.start + 1, phase.stop] == published_phase["samples"]
        assert phase.centre == pytest.approx(published_phase["centre_line"], abs=TOLERANCE)
        assert phase.upper == pytest.approx(published_phase["upper_limit"], abs=TOLERANCE)
        assert phase.lower == pytest.approx(published_phase["lower_limit"], abs=TOLERANCE)
        assert_runs(phase.runs, published_phase["runs_analysis"])
    assert outside(result) == zero_based(expected["points_outside_limits"])


def test_montgomery_example_7_3_c_chart_frozen_at_26_without_samples_6_and_20():
    expected = published("Q_EX_7_3_3")
    result = spc.c_chart(SERIES["MONT_7_8_COUNT"], exclude=zero_based([6, 20]), freeze=26)
    phase = result.phases[0]
    assert phase.centre == pytest.approx(expected["centre_line"], abs=TOLERANCE)
    assert phase.upper == pytest.approx(expected["upper_limit"], abs=TOLERANCE)
    assert phase.lower == pytest.approx(expected["lower_limit"], abs=TOLERANCE)
    assert outside(result) == zero_based(expected["points_outside_limits"])
    assert_runs(phase.runs, expected["runs_analysis"])
    anhoej_result = spc.c_chart(
        SERIES["MONT_7_8_COUNT"], exclude=[5, 19], freeze=26, rules=SpcRules.ANHOEJ
    )
    assert [s.rule for s in anhoej_result.signals].count(Rule.FEW_CROSSINGS) == 1


def test_montgomery_example_7_4_u_chart():
    expected = published("Q_EX_7_4_1")
    result = spc.u_chart(SERIES["MONT_7_10_COUNT"], [50] * 20)
    phase = result.phases[0]
    assert phase.centre == pytest.approx(expected["centre_line"], abs=TOLERANCE)
    assert phase.upper == pytest.approx(expected["upper_limit"], abs=TOLERANCE)
    assert phase.lower == expected["lower_limit"]
    assert outside(result) == zero_based(expected["points_outside_limits"])
    assert_runs(phase.runs, expected["runs_analysis"])


def test_qicharts2_vignette_cdi_c_chart_split_at_the_intervention():
    expected = published("V_CDI_C_PART24")
    result = spc.c_chart(SERIES["CDI"], phase_starts=[24])
    assert [round(phase.centre) for phase in result.phases] == expected[
        "centre_line_by_phase_rounded"
    ]
    limits = expected["phase_2_limits_rounded"]
    assert round(result.phases[1].lower) == limits["lower_limit"]
    assert round(result.phases[1].upper) == limits["upper_limit"]


@pytest.mark.parametrize(
    ("result_id", "is_screened"),
    [("V_PTD_DEVIATIONS_SCREENED", True), ("V_PTD_DEVIATIONS_UNSCREENED", False)],
)
def test_nhsrplotthedots_spike_example_with_and_without_screening(result_id, is_screened):
    expected = published(result_id)
    result = spc.xmr_chart(SERIES["PTD_DEVIATIONS"], screen_moving_ranges=is_screened)
    phase = result.phases[0]
    assert round(phase.upper, expected["decimals"]) == expected["upper_limit"]
    assert round(phase.centre, expected["decimals"]) == expected["centre_line"]
    assert round(phase.lower, expected["decimals"]) == expected["lower_limit"]
    flagged = {index for signal in result.signals for index in signal.point_indices}
    assert sorted(flagged) == zero_based(expected["special_cause_points"])


def test_screening_is_reported_in_the_notes():
    result = spc.xmr_chart(SERIES["PTD_DEVIATIONS"])
    assert result.phases[0].screened == (4, 5)
    assert any("moving ranges into points 5 and 6" in note for note in result.notes)


# IHI special-cause rules on constructed series: mean 0, sigma exactly 1, limits ±3.

BASELINE = [0.564, -0.564] * 5  # moving ranges all 1.128, so sigma = 1


def xmr(*tail, **settings):
    return spc.xmr_chart([*BASELINE, *tail], freeze=10, **settings)


def test_the_constructed_baseline_has_sigma_one():
    phase = xmr(0).phases[0]
    assert (phase.centre, phase.sigma, phase.lower, phase.upper) == (0, 1, -3, 3)


def test_a_point_beyond_a_limit_signals_and_one_on_it_does_not():
    result = xmr(3.5, 3.0, -3.5)
    assert [(s.point_indices, s.direction) for s in fired(result, Rule.OUTSIDE_LIMITS)] == [
        ((10,), Direction.UP),
        ((12,), Direction.DOWN),
    ]
    assert fired(result, Rule.OUTSIDE_LIMITS)[0].message == (
        "Point 11 is above the upper control limit: evidence of a special cause; look for what "
        "happened at that time."
    )


def test_eight_points_on_one_side_are_a_shift_and_seven_are_not():
    [shift] = fired(xmr(*[0.5] * 8), Rule.SPC_SHIFT)
    assert shift.point_indices == tuple(range(10, 18))
    assert shift.message.startswith("8 points in a row above the centre line")
    assert fired(xmr(*[0.5] * 7, -0.5), Rule.SPC_SHIFT) == []


def test_a_point_on_the_centre_line_does_not_break_a_shift():
    [shift] = fired(xmr(*[0.5] * 4, 0, *[0.5] * 4), Rule.SPC_SHIFT)
    assert 14 not in shift.point_indices
    assert len(shift.point_indices) == 8


def test_six_points_going_one_way_are_a_trend_and_five_are_not():
    [trend] = fired(xmr(-1, -0.8, -0.6, -0.4, -0.2, 0), Rule.SPC_TREND)
    assert trend.direction is Direction.UP
    assert trend.point_indices == tuple(range(10, 16))
    assert fired(xmr(-1, -0.8, -0.6, -0.4, -0.2, -0.3), Rule.SPC_TREND) == []
    [tied] = fired(xmr(1, 0.8, 0.6, 0.6, 0.4, 0.2, 0), Rule.SPC_TREND)
    assert tied.direction is Direction.DOWN


def test_two_of_three_beyond_two_sigma_on_one_side_signal():
    [signal] = fired(xmr(0, 2.5, 0, 2.5, 0, 0), Rule.TWO_OF_THREE)
    assert signal.point_indices == (11, 13)
    assert signal.direction is Direction.UP
    assert signal.message.startswith("Points 12 and 14 are in the outer third above")
    assert fired(xmr(0, 2.5, 0, 0, 2.5), Rule.TWO_OF_THREE) == []
    assert fired(xmr(0, 2.5, 0, -2.5), Rule.TWO_OF_THREE) == []
    assert fired(xmr(0, 2.0, 2.0, 0), Rule.TWO_OF_THREE) == []  # on 2 sigma is not beyond


def test_fifteen_points_within_one_sigma_hug_the_centre_line_and_fourteen_do_not():
    [hug] = fired(xmr(1.5, *[0.5, -0.5] * 7, 0.5, 1.5), Rule.HUGGING)
    assert hug.point_indices == tuple(range(11, 26))
    assert "15 points in a row within 1 sigma" in hug.message
    assert fired(xmr(1.5, *[0.5, -0.5] * 7, 1.5), Rule.HUGGING) == []


def test_the_anhoej_rule_set_uses_limits_long_runs_and_crossings():
    result = spc.c_chart(SERIES["CDI"], freeze=24, rules=SpcRules.ANHOEJ)
    assert {s.rule for s in result.signals} <= {
        Rule.OUTSIDE_LIMITS,
        Rule.LONGEST_RUN,
        Rule.FEW_CROSSINGS,
    }
    assert fired(result, Rule.LONGEST_RUN)


def test_limits_of_zero_width_explain_which_rules_are_skipped():
    result = spc.xmr_chart([5] * 10 + [6], freeze=10)
    assert outside(result) == [10]
    assert any("limits have no width" in note for note in result.notes)


def test_too_few_points_for_a_rule_are_explained():
    result = spc.c_chart([3, 4, 5, 4, 3])
    assert "The shift rule needs at least 8 points; there are 5." in result.notes
    assert any(
        note.startswith("The centre line and limits come from 5 points") for note in result.notes
    )
    assert result.summary.startswith("No signals")


def test_excluded_points_are_tested_against_the_limits_but_not_in_sequence_rules():
    result = xmr(*[0.5] * 4, 9, *[0.5] * 4, exclude=[14])
    assert outside(result) == [14]
    [shift] = fired(result, Rule.SPC_SHIFT)
    assert 14 not in shift.point_indices
    assert result.excluded == (14,)


def test_each_phase_gets_its_own_limits():
    result = spc.c_chart([4] * 12 + [20] * 12, phase_starts=[12])
    assert [phase.centre for phase in result.phases] == [4, 20]
    assert result.upper[0] == 10
    assert result.upper[-1] == pytest.approx(20 + 3 * 20**0.5)


# Bad data.


@pytest.mark.parametrize(
    ("numerators", "denominators", "message"),
    [
        ([1, 2], [10, 0], "Point 2: denominator 0 must be more than zero"),
        ([1, 2], [10, -3], "Point 2: denominator -3 must be more than zero"),
        ([11, 2], [10, 10], "Point 1: numerator 11 is more than its denominator 10"),
        ([1.5, 2], [10, 10], "Point 1: numerator 1.5 is not a whole number"),
        ([1, 2], [10, 10.5], "Point 2: denominator 10.5 must be a whole number"),
        ([1, 2, 3], [10, 10], "There are 3 numerators but 2 denominators"),
        (["x", 2], [10, "y"], "Point 1: numerator 'x' is not a number"),
    ],
)
def test_p_chart_data_problems_are_explained(numerators, denominators, message):
    with pytest.raises(ChartDataError) as caught:
        spc.p_chart(numerators, denominators)
    assert any(problem.message.startswith(message) for problem in caught.value.problems)


def test_u_chart_needs_a_positive_area_of_opportunity_and_whole_counts():
    with pytest.raises(ChartDataError) as caught:
        spc.u_chart([1, 2.5, 3], [1.5, 0, 2])
    messages = [problem.message for problem in caught.value.problems]
    assert messages == [
        "Point 2: count 2.5 is not a whole number of zero or more.",
        "Point 2: area of opportunity 0 must be more than zero: a rate or proportion needs "
        "something to divide by.",
    ]


def test_c_chart_counts_cannot_be_negative():
    with pytest.raises(ChartDataError, match="Point 2: count -1 is not a whole number"):
        spc.c_chart([1, -1, 3])


def test_an_xmr_chart_needs_two_baseline_points():
    with pytest.raises(ChartDataError, match=r"needs at least 2 points .* it has 1"):
        spc.xmr_chart([1, 2, 3], freeze=1)


def test_data_and_setting_problems_are_reported_together():
    with pytest.raises(ChartDataError) as caught:
        spc.c_chart([1, "a", 3], labels=["2026-01-01", "2026-01-01", "2026-01-03"], freeze=9)
    assert len(caught.value.problems) == 3


# Result shape.


def test_table_rows_of_a_p_chart_carry_counts_and_limits():
    result = spc.p_chart(SERIES["MONT_7_4_COUNT"], SERIES["MONT_7_4_SIZE"])
    row = result.table_rows()[10]
    assert (row.number, row.numerator, row.denominator) == (11, 20, 110)
    assert row.value == pytest.approx(20 / 110)
    assert row.upper == pytest.approx(0.179582, abs=TOLERANCE)
    assert row.rules == (Rule.OUTSIDE_LIMITS,)
    assert result.moving_range_chart() is None


def test_chart_types_have_names_for_learners():
    assert ChartType.P.display_name == "p chart (proportion)"


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


def test_spc_modules_cite_their_sources():
    assert "Health Care Data Guide" in (spc_rules.__doc__ or "")
    assert "Western Electric" in (spc_rules.__doc__ or "")
    assert "Making Data Count" in (spc_rules.__doc__ or "")
    assert "Montgomery" in (spc_limits.__doc__ or "")
