"""Which chart for which data: guidance for a learner choosing how to plot a measure.

The choice follows the kind of data, as in the chart-selection guidance of Provost & Murray (The
Health Care Data Guide, 2011) and Montgomery (Introduction to Statistical Quality Control,
chapters 6 and 7): measurements go on an XmR (individuals) chart; counts of events on a c chart,
or on a u chart when the area of opportunity is known and varies; yes/no proportions with a
denominator on a p chart. Every answer also says to start with a run chart, as the qicharts2
vignette recommends: a run chart needs no assumptions, and if it already shows a shift, a single
set of control limits is meaningless (qi.md 2.6).
"""

from dataclasses import dataclass
from enum import StrEnum

from lti_qi.domain.charts.spc import ChartType

RUN_CHART_FIRST = (
    "Start with a run chart: it needs no assumptions about your data, its rules work from 10 "
    "points, and it shows shifts and trends early. Add control limits when you have about 20 "
    "points and the run chart shows only random variation; if it already shows a shift, start a "
    "new phase at the change rather than drawing one set of limits across it."
)


class DataKind(StrEnum):
    """What one value of a measure is."""

    MEASUREMENT = "measurement"
    """A measurement per period or per patient: minutes, days, a score, a cost."""

    COUNT = "count"
    """A count of events when the opportunity for them is about the same each period."""

    COUNT_WITH_AREA = "count_with_area"
    """A count of events with a known area of opportunity that varies (bed-days, admissions)."""

    PROPORTION = "proportion"
    """Yes or no for each case, with the number of cases known (numerator and denominator)."""

    PERCENTAGE_ONLY = "percentage_only"
    """A percentage or rate reported without the counts behind it."""


@dataclass(frozen=True)
class ChartRecommendation:
    """The control chart that suits a kind of data, and why, in plain English.

    Attributes:
        chart: The control chart to use once a run chart shows only random variation.
        reason: One paragraph on why this chart suits the data and what to watch for.
        first_step: Always: start with a run chart, and why.
    """

    chart: ChartType
    reason: str
    first_step: str = RUN_CHART_FIRST

    @property
    def starts_with_run_chart(self) -> bool:
        """Whether to draw a run chart first (always)."""
        return True


REASONS = {
    DataKind.MEASUREMENT: (
        ChartType.XMR,
        "Your data are measurements, such as minutes to antibiotics or length of stay, one value "
        "per period or per patient. An XmR chart (also called an I chart) suits them: its limits "
        "come from how much each value differs from the one before, so it makes few assumptions "
        "about the shape of your data. Plot single values in time order; do not average them "
        "first unless the averages are what you want to improve.",
    ),
    DataKind.COUNT: (
        ChartType.C,
        "You are counting events, such as falls or complaints, and the opportunity for them is "
        "about the same each period (a similar number of beds, patients or days). A c chart "
        "suits counts like these. If the opportunity changes a lot from period to period, "
        "record it too (for example bed-days) and use a u chart instead. If the events are rare "
        "and most periods are zero, a chart of the time between events works better.",
    ),
    DataKind.COUNT_WITH_AREA: (
        ChartType.U,
        "You are counting events and you know the area of opportunity each period, such as "
        "bed-days or admissions, and it varies. A u chart plots the rate (events per unit of "
        "opportunity) and its limits are wider in periods with less opportunity, so a quiet "
        "month is not mistaken for an improvement. Choose a unit that gives readable numbers, "
        "such as falls per 1,000 bed-days.",
    ),
    DataKind.PROPORTION: (
        ChartType.P,
        "Each case is a yes or a no (bundle given or not, seen within four hours or not) and "
        "you know how many cases there were each period. A p chart plots the proportion and "
        "its limits depend on each period's number of cases: wider when there were few. With "
        "very large denominators (over about 1,000 a period) the limits can be too narrow; "
        "compare with an XmR chart of the percentages before acting on a signal.",
    ),
    DataKind.PERCENTAGE_ONLY: (
        ChartType.XMR,
        "You have a percentage or rate but not the counts behind it. Treat each value as a "
        "measurement and use an XmR chart. If you can get the numerator and denominator, a p "
        "chart (yes/no cases) or a u chart (events per unit of opportunity) is better, because "
        "its limits allow for how many cases each period had.",
    ),
}


def recommend_chart(kind: DataKind) -> ChartRecommendation:
    """Return the control chart that suits `kind` of data, with the reason and the first step."""
    chart, reason = REASONS[kind]
    return ChartRecommendation(chart, reason)
