"""Control charts: limits against published worked examples, IHI special-cause rules, errors.

Worked examples come from tests/domain/worked_examples.json (copied from published sources:
Montgomery's Introduction to Statistical Quality Control as computed and stored by qicharts2,
the qicharts2 vignette, and the NHSRplotthedots vignette). Sample numbers there are 1-based;
the API is 0-based, so tests convert with `zero_based`.
"""

import json
from pathlib import Path

import pytest

from lti_qi.domain.charts import anhoej, spc, spc_limits, spc_rules
from lti_qi.domain.charts import runs as chart_runs
from lti_qi.domain.charts.data import ChartDataError
from lti_qi.domain.charts.rules import Rule
from lti_qi.domain.charts.spc import ChartType
from lti_qi.domain.charts.spc_rules import SpcRules

from chart_helpers import fired, outside

EXAMPLES = json.loads((Path(__file__).parent / "worked_examples.json").read_text("utf-8"))
SERIES = {name: series["values"] for name, series in EXAMPLES["series"].items()}
TOLERANCE = 1e-6  # the JSON's stated precision for qicharts2 results


def published(result_id):
    return EXAMPLES["results"][result_id]["results"]


def zero_based(samples):
    return [sample - 1 for sample in samples]


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
    [runs] = chart.runs  # the chart's own runs analysis of its moving ranges
    assert_runs(runs, expected["runs_analysis"])
    assert not runs.has_signal


def test_the_moving_range_chart_marks_each_long_run_of_its_moving_ranges():
    values = [0, *[1, 0] * 6, *[5, 0] * 6]  # 12 moving ranges of 1, then 12 of 5: MR-bar 3
    chart = spc.xmr_chart(values).moving_range_chart()
    assert chart is not None
    [runs] = chart.runs
    assert (runs.n_useful, runs.longest_run, runs.longest_run_max) == (24, 12, 8)
    below, above = [s for s in chart.signals if s.rule is Rule.LONGEST_RUN]
    assert below.point_indices == tuple(range(1, 13))
    assert above.point_indices == tuple(range(13, 25))
    assert "above the moving-range chart's centre line" in above.message


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


def test_the_anhoej_rule_set_uses_limits_long_runs_and_crossings():
    result = spc.c_chart(SERIES["CDI"], freeze=24, rules=SpcRules.ANHOEJ)
    assert {s.rule for s in result.signals} <= {
        Rule.OUTSIDE_LIMITS,
        Rule.LONGEST_RUN,
        Rule.FEW_CROSSINGS,
    }
    assert fired(result, Rule.LONGEST_RUN)


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


def test_spc_modules_cite_their_sources():
    assert "Health Care Data Guide" in (spc_rules.__doc__ or "")
    assert "Western Electric" in (spc_rules.__doc__ or "")
    assert "Making Data Count" in (spc_rules.__doc__ or "")
    assert "Montgomery" in (spc_limits.__doc__ or "")
