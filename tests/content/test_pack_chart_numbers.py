"""The numbers the default pack's pages teach about charts match the chart engine's constants.

Issue 19: pages and product had drifted apart (a 12-point "trial" threshold in the pages, 20 in
the engine; "wait for 10 points" while the charts flag a shift from 6). Each test states a number
as the page words it, built from the engine's constant, so changing either side fails here.
"""

from pathlib import Path

import pytest

from lti_qi.domain.charts import anhoej, runchart_rules, runs, spc_phase, spc_rules

PAGES = Path(__file__).parents[2] / "lti_qi" / "content" / "packs" / "qi-pathway" / "pages"

WORDS = {5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 15: "Fifteen"}
"""Numbers the pages spell out at the start of a rule."""


def page(name: str) -> str:
    """The text of one pathway page, with line breaks folded to spaces."""
    return " ".join((PAGES / name).read_text(encoding="utf-8").split())


@pytest.mark.parametrize(
    "phrase",
    [
        f"**1. Shift.** {WORDS[runchart_rules.SHIFT_POINTS]} or more points in a row",
        f"**2. Trend.** {WORDS[runchart_rules.TREND_POINTS]} or more points in a row",
        f"a shift can be flagged once there are {runchart_rules.SHIFT_POINTS} points "
        "not on the median",
        f"a trend once there are {runchart_rules.TREND_POINTS} points",
        f"the runs rule needs at least {runs.RUNS_TABLE_MINIMUM} points not on the median",
        "with 24 useful points the table used by this tool expects between "
        f"{runs.RUNS_TABLE[24][0]} and {runs.RUNS_TABLE[24][1]} runs",
        f"With 24 useful points, a run longer than {anhoej.longest_run_limit(24)} is a signal",
        f"With 24 useful points, fewer than {anhoej.crossings_limit(24)} crossings is a signal",
        "unless you set **Baseline points**",
    ],
)
def test_run_chart_page_matches_the_engine(phrase: str) -> None:
    """The run-chart page states the IHI and Anhøj numbers the run chart uses."""
    assert phrase in page("measures/run-charts.md")


@pytest.mark.parametrize(
    "phrase",
    [
        f"**{WORDS[spc_rules.SHIFT_POINTS]} or more points in a row** on the same side",
        f"**{WORDS[spc_rules.TREND_POINTS]} or more points in a row** all going up",
        f"**{WORDS[spc_rules.HUGGING_POINTS]} or more points in a row** close to the centre line",
        f"({WORDS[runchart_rules.SHIFT_POINTS].lower()} points for a shift, "
        f"{WORDS[runchart_rules.TREND_POINTS].lower()} for a trend)",
        f"fewer than {spc_phase.TRIAL_LIMIT_POINTS} baseline points **trial limits**",
    ],
)
def test_control_chart_page_matches_the_engine(phrase: str) -> None:
    """The control-chart page states the SPC rules and the trial-limit threshold the charts use."""
    assert phrase in page("measures/control-charts.md")


def test_baseline_page_states_the_trial_threshold() -> None:
    """The baseline page gives the same trial-limit threshold as the engine."""
    text = page("measures/definitions-and-baseline.md")
    assert f'fewer than {spc_phase.TRIAL_LIMIT_POINTS} baseline points "trial" limits' in text


def test_measures_worksheet_guide_states_when_rules_fire() -> None:
    """The measures worksheet guide gives the points from which each run-chart rule can fire."""
    text = page("measures/measures-worksheet-guide.md")
    assert f"flag a shift from {runchart_rules.SHIFT_POINTS} points" in text
    assert f"a trend from {runchart_rules.TREND_POINTS}" in text
    assert f"the runs rule needs {runs.RUNS_TABLE_MINIMUM}" in text
