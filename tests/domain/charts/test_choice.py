"""Chart guidance: each kind of data gets its chart, a plain reason, and 'run chart first'."""

import pytest

from lti_qi.domain.charts import choice as chart_choice
from lti_qi.domain.charts.choice import DataKind, recommend_chart
from lti_qi.domain.charts.spc import ChartType


@pytest.mark.parametrize(
    ("kind", "chart"),
    [
        (DataKind.MEASUREMENT, ChartType.XMR),
        (DataKind.COUNT, ChartType.C),
        (DataKind.COUNT_WITH_AREA, ChartType.U),
        (DataKind.PROPORTION, ChartType.P),
        (DataKind.PERCENTAGE_ONLY, ChartType.XMR),
    ],
)
def test_each_kind_of_data_gets_its_chart(kind, chart):
    assert recommend_chart(kind).chart is chart


@pytest.mark.parametrize("kind", list(DataKind))
def test_every_recommendation_starts_with_a_run_chart_and_explains_itself(kind):
    recommendation = recommend_chart(kind)
    assert recommendation.starts_with_run_chart
    assert recommendation.first_step.startswith("Start with a run chart")
    assert 150 < len(recommendation.reason) < 700  # one paragraph
    assert "\n" not in recommendation.reason


def test_counts_point_to_a_u_chart_when_the_opportunity_varies():
    assert "use a u chart instead" in recommend_chart(DataKind.COUNT).reason


def test_every_kind_of_data_has_guidance():
    assert set(chart_choice.REASONS) == set(DataKind)


def test_the_module_cites_its_sources():
    assert "Health Care Data Guide" in (chart_choice.__doc__ or "")
