"""Run charts: IHI rules (Perla, Provost & Murray 2011), Anhøj rules, and published examples.

Worked examples come from tests/domain/charts/worked_examples.json, a copy of published series and
results; each test names the result it reproduces and the JSON keeps its source.
"""

import json
import math
from datetime import date, timedelta
from pathlib import Path

import pytest

from lti_qi.domain.charts import runchart
from lti_qi.domain.charts import runs as chart_runs
from lti_qi.domain.charts.data import ChartDataError
from lti_qi.domain.charts.rules import NO_SIGNALS, Direction, Rule
from lti_qi.domain.charts.runchart import RunChartRules, analyse_run_chart

from chart_helpers import fired, from_runs

EXAMPLES = json.loads((Path(__file__).parent / "worked_examples.json").read_text("utf-8"))
CDI = EXAMPLES["series"]["CDI"]["values"]
BASE = [1, -1, -1, 1, 1, -1, -1, 1, 1, -1]  # median 0, 6 runs, no shift, no trend
EN_DASH = "\N{EN DASH}"


# Shift: 6 or more on one side of the median (Perla et al. 2011, rule 1).


def test_six_points_above_the_median_are_a_shift():
    result = analyse_run_chart([*BASE, 2, 2, 2, 2, 2, 2], freeze=10)
    [shift] = fired(result, Rule.SHIFT)
    assert shift.point_indices == (10, 11, 12, 13, 14, 15)
    assert shift.direction is Direction.UP
    assert shift.message == (
        f"6 points in a row above the median (points 11{EN_DASH}16): a shift, evidence of a "
        "non-random change."
    )


def test_five_points_above_the_median_are_not_a_shift():
    result = analyse_run_chart([*BASE, 2, 2, 2, 2, 2, -1], freeze=10)
    assert fired(result, Rule.SHIFT) == []


def test_a_point_on_the_median_neither_counts_nor_breaks_a_shift():
    counted = analyse_run_chart([*BASE[::-1], -2, -2, -2, 0, -2, -2, -2], freeze=10)
    [shift] = fired(counted, Rule.SHIFT)
    assert shift.point_indices == (10, 11, 12, 14, 15, 16)
    assert shift.direction is Direction.DOWN
    not_enough = analyse_run_chart([*BASE[::-1], -2, -2, -2, 0, -2, -2, 1], freeze=10)
    assert fired(not_enough, Rule.SHIFT) == []


def test_a_shift_message_names_the_date_it_starts():
    labels = [date(2026, 2, 25) + timedelta(days=day) for day in range(12)]
    result = analyse_run_chart([1, -1, 1, -1, 1, -1, 5, 5, 5, 5, 5, 5], labels=labels, freeze=6)
    [shift] = fired(result, Rule.SHIFT)
    assert shift.message == (
        f"6 points in a row above the median from 3 March 2026 (points 7{EN_DASH}12): a shift, "
        "evidence of a non-random change."
    )


# Trend: 5 or more all going up or all going down (Perla et al. 2011, rule 2).


def test_five_rising_points_are_a_trend_and_four_are_not():
    [trend] = fired(analyse_run_chart([9, 1, 2, 3, 4, 5, 0]), Rule.TREND)
    assert trend.point_indices == (1, 2, 3, 4, 5)
    assert trend.direction is Direction.UP
    assert trend.message.startswith(f"5 points in a row going up (points 2{EN_DASH}6): a trend")
    assert fired(analyse_run_chart([9, 1, 2, 3, 4, 0]), Rule.TREND) == []


def test_repeated_equal_values_count_once_in_a_trend():
    [trend] = fired(analyse_run_chart([9, 8, 7, 7, 6, 5, 9]), Rule.TREND)
    assert trend.point_indices == (0, 1, 2, 3, 4, 5)
    assert trend.direction is Direction.DOWN
    assert trend.message.startswith("5 points in a row going down")
    assert fired(analyse_run_chart([9, 8, 7, 7, 6, 9]), Rule.TREND) == []


# Runs: too few or too many for the runs table (Perla et al. 2011, rule 3; qi.md 2.4).


def test_five_runs_in_twenty_useful_points_are_too_few():
    result = analyse_run_chart(from_runs([2, 5, 5, 5, 3]))
    assert result.phases[0].median == 0
    assert result.phases[0].runs_limits == (6, 16)
    [signal] = fired(result, Rule.TOO_FEW_RUNS)
    assert signal.message.startswith("Only 5 runs in 20 points not on the median, where at least 6")
    assert analyse_run_chart(from_runs([4, 3, 3, 4, 3, 3])).signals == ()


def test_seventeen_runs_in_twenty_useful_points_are_too_many():
    below, above = [2, 1, 1, 1, 1, 1, 1, 1, 1], [2, 2, 1, 1, 1, 1, 1, 1]
    lengths = [length for pair in zip(below, [*above, 0], strict=True) for length in pair][:17]
    result = analyse_run_chart(from_runs(lengths))
    assert result.phases[0].runs.n_runs == 17
    [signal] = fired(result, Rule.TOO_MANY_RUNS)
    assert "where at most 16 are expected by chance: too many runs" in signal.message
    sixteen = analyse_run_chart(from_runs([2, 2, 2, 2, *[1] * 12]))
    assert sixteen.phases[0].runs.n_runs == 16
    assert fired(sixteen, Rule.TOO_MANY_RUNS) == []


def test_the_runs_rule_says_it_needs_ten_useful_points():
    result = analyse_run_chart([1, -1, 0, 1, -1, 0, 1, -1, 0])
    assert result.phases[0].useful_observations == 6
    assert result.phases[0].runs_limits is None
    assert "The runs rule needs at least 10 points not on the median; there are 6." in result.notes
    assert result.summary.endswith("Some rules could not be applied: see the notes.")


@pytest.mark.parametrize(("useful", "limits"), [(10, (3, 9)), (16, (5, 13)), (40, (15, 27))])
def test_runs_table_values_are_the_ihi_convention(useful, limits):
    assert chart_runs.runs_limits(useful // 2, useful - useful // 2) == limits


@pytest.mark.parametrize(("above", "below"), [(20, 21), (50, 50), (30, 70)])
def test_past_forty_points_the_limits_are_the_normal_approximation(above, below):
    useful, product = above + below, 2 * above * below
    mean = 1 + product / useful
    sd = math.sqrt(product * (product - useful) / (useful**2 * (useful - 1)))
    lower, upper = chart_runs.runs_limits(above, below)
    assert lower - 1 < mean - 1.96 * sd <= lower
    assert upper <= mean + 1.96 * sd < upper + 1


def test_the_normal_approximation_agrees_with_the_table_at_forty():
    assert chart_runs.RUNS_TABLE[40] == (15, 27)
    product, useful = 2 * 20 * 20, 40
    sd = math.sqrt(product * (product - useful) / (useful**2 * (useful - 1)))
    assert (math.ceil(21 - 1.96 * sd), math.floor(21 + 1.96 * sd)) == (15, 27)


# Astronomical point: marked by the team, never detected automatically.


def test_an_extreme_value_is_not_astronomical_unless_the_team_marks_it():
    values = [*BASE, 100]
    assert fired(analyse_run_chart(values), Rule.ASTRONOMICAL) == []
    labels = [f"2026-03-{day:02d}" for day in range(1, 12)]
    [signal] = fired(analyse_run_chart(values, labels=labels, astronomical=[10]), Rule.ASTRONOMICAL)
    assert signal.point_indices == (10,)
    assert signal.message.startswith("Point 11 (11 March 2026) was marked astronomical by the team")


# Published worked examples: qicharts2 vignette, Case 2 (C. difficile infections).


def test_cdi_run_chart_of_all_months_signals_as_published():
    published = EXAMPLES["results"]["V_CDI_RUN"]["results"]
    result = analyse_run_chart(CDI, rules=RunChartRules.ANHOEJ)
    assert result.phases[0].runs.has_signal is published["runs_signal"]
    assert result.signals


def test_cdi_run_chart_with_the_median_frozen_at_24_months_shows_the_long_run():
    published = EXAMPLES["results"]["V_CDI_RUN_FREEZE24"]["results"]
    result = analyse_run_chart(CDI, freeze=24, rules=RunChartRules.ANHOEJ)
    phase = result.phases[0]
    assert phase.median == published["centre_line"]
    assert phase.runs.longest_run == published["longest_run"]
    assert phase.runs.longest_run_direction is Direction.DOWN  # "below"
    assert phase.runs.has_signal is published["runs_signal"]
    assert set(result.centre) == {19}


def test_cdi_run_chart_split_at_the_intervention_shows_random_variation_in_each_phase():
    published = EXAMPLES["results"]["V_CDI_RUN_PART24"]["results"]
    result = analyse_run_chart(CDI, phase_starts=[24], rules=RunChartRules.ANHOEJ)
    assert [phase.runs.has_signal for phase in result.phases] == published["runs_signal_by_phase"]
    assert result.summary == NO_SIGNALS
    assert analyse_run_chart(CDI, phase_starts=[24]).signals == ()


# Phases, exclusion, errors, table rows.


def test_rules_do_not_look_across_a_phase_break():
    result = analyse_run_chart([1, -1, 1, -1, 5, 5, 5, 7, 7, 7, 0, 14], phase_starts=[7])
    assert [phase.median for phase in result.phases] == [1, 7]
    assert result.centre == (1,) * 7 + (7,) * 5
    assert fired(result, Rule.SHIFT) == []


def test_phase_messages_say_which_phase():
    result = analyse_run_chart([*BASE, 1, 2, 3, 4, 5], phase_starts=[10])
    [trend] = fired(result, Rule.TREND)
    assert trend.phase == 2
    assert trend.message.startswith("Phase 2: 5 points in a row going up")


def test_excluded_points_are_left_out_of_the_median_and_the_rules():
    values = [9, 1, 2, 3, 0, 4, 5]
    assert fired(analyse_run_chart(values), Rule.TREND) == []
    result = analyse_run_chart(values, exclude=[4])
    assert result.phases[0].median == 3.5
    [trend] = fired(result, Rule.TREND)
    assert trend.point_indices == (1, 2, 3, 5, 6)
    assert result.excluded == (4,)


def test_every_data_problem_is_reported_together():
    with pytest.raises(ChartDataError) as caught:
        analyse_run_chart(
            [1, "two", 3], labels=["2026-01-02", "2026-01-01", "2026-01-03"], astronomical=[7]
        )
    messages = [problem.message for problem in caught.value.problems]
    assert messages[0] == "Point 2: value 'two' is not a number."
    assert messages[1].startswith("Point 2 (1 January 2026) comes before point 1")
    assert messages[2] == "There is no point 8 to be marked astronomical: the chart has 3 points."


def test_a_phase_of_only_excluded_points_cannot_have_a_median():
    with pytest.raises(ChartDataError, match="to compute a median; it has 0"):
        analyse_run_chart([1, 2, 3], phase_starts=[2], exclude=[2])


def test_no_signals_is_said_in_words():
    result = analyse_run_chart(BASE)
    assert result.summary == "No signals: the variation looks random (common cause)."


def test_table_rows_carry_what_a_data_table_needs():
    result = analyse_run_chart(
        [*BASE, 2, 2, 2, 2, 2, 2, 7],
        labels=[f"2026-03-{day:02d}" for day in range(1, 18)],
        freeze=10,
        exclude=[16],
    )
    rows = result.table_rows()
    assert len(rows) == 17
    assert rows[16].is_excluded
    assert not rows[16].is_baseline
    assert rows[9].is_baseline
    assert not rows[10].is_baseline
    assert rows[12].label == "13 March 2026"
    assert rows[12].rules == (Rule.SHIFT,)
    assert rows[12].signal_text == "Shift"
    assert (rows[12].centre, rows[12].lower, rows[12].upper) == (0, None, None)


def test_runchart_module_cites_its_source():
    assert "BMJ Qual Saf 2011;20:46-51" in (runchart.__doc__ or "")
