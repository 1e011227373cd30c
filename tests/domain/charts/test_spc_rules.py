"""Control charts' IHI special-cause rules on constructed series: mean 0, sigma exactly 1."""

import pytest

from lti_qi.domain.charts import spc
from lti_qi.domain.charts.rules import Direction, Rule

from chart_helpers import fired, outside

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
