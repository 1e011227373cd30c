"""Control charts (Shewhart / SPC charts): XmR, p, u and c charts with special-cause rules.

A control chart adds 3-sigma limits to a run chart so a team can tell common-cause variation
(the process as it is) from special causes (something changed). Which chart fits which data is
in `choice`; the limit formulas and their sources are in `spc_limits`; the rules (IHI /
Provost & Murray, The Health Care Data Guide, 2011, by default; Western Electric and NHS "Making
Data Count" named there as alternatives) are in `spc_rules`. Phases, frozen baselines and
excluded points work as for run charts (`phases`, qicharts2 semantics).

Every phase also carries the Anhøj runs analysis around its centre line (`runs`), as qicharts2
reports it, whichever rule set produced the signals.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from lti_qi.domain.charts import phases as chart_phases
from lti_qi.domain.charts import spc_inputs, spc_limits, spc_phase
from lti_qi.domain.charts import table as chart_table
from lti_qi.domain.charts.data import Label, RawNumber
from lti_qi.domain.charts.phases import PhaseSpan
from lti_qi.domain.charts.rules import Signal, summarise
from lti_qi.domain.charts.spc_limits import PhaseLimits
from lti_qi.domain.charts.spc_phase import ControlChartPhase, MovingRangeChart
from lti_qi.domain.charts.spc_rules import SpcRules


class ChartType(StrEnum):
    """The kinds of control chart this package draws."""

    XMR = "xmr"
    P = "p"
    U = "u"
    C = "c"

    @property
    def display_name(self) -> str:
        """Return the chart's name as learners meet it."""
        return {
            ChartType.XMR: "XmR chart (individuals and moving range)",
            ChartType.P: "p chart (proportion)",
            ChartType.U: "u chart (rate per unit of opportunity)",
            ChartType.C: "c chart (count)",
        }[self]


@dataclass(frozen=True)
class ControlChartResult:
    """A control chart, analysed: the series, centre lines, limits and every signal found.

    Attributes:
        chart_type: XmR, p, u or c.
        values: The plotted values (proportions for p, rates for u).
        numerators: Counts behind p or u values, else None.
        denominators: Denominators (areas of opportunity) behind them, else None.
        labels: The point labels (ISO date strings read as dates), or None.
        centre: The centre line at each point.
        lower: The lower control limit at each point.
        upper: The upper control limit at each point.
        sigma: Sigma at each point.
        phases: Each phase's centre line, limits and runs.
        excluded: Indices left out of centre lines, limits and sequence rules.
        rule_set: The rules applied.
        signals: Every rule that fired, in phase and rule order.
        notes: Rules not applied and why, trial limits, screened moving ranges.
        summary: One sentence on whether any rule fired.
    """

    chart_type: ChartType
    values: tuple[float, ...]
    numerators: tuple[float, ...] | None
    denominators: tuple[float, ...] | None
    labels: tuple[Label, ...] | None
    centre: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    sigma: tuple[float, ...]
    phases: tuple[ControlChartPhase, ...]
    excluded: tuple[int, ...]
    rule_set: SpcRules
    signals: tuple[Signal, ...]
    notes: tuple[str, ...]
    summary: str

    def moving_range_chart(self) -> MovingRangeChart | None:
        """Return the moving-range chart that goes with an XmR chart, or None for p, u and c.

        Computed on request: most displays show only the individuals chart.
        """
        if self.chart_type is not ChartType.XMR:
            return None
        spans = [
            chart_phases.rebuild_span(
                phase.number, phase.start, phase.stop, phase.baseline_stop, self.excluded
            )
            for phase in self.phases
        ]
        return spc_phase.moving_range_chart(self.values, self.labels, spans)

    def table_rows(self) -> tuple[chart_table.TableRow, ...]:
        """Return the chart as data-table rows, one per point."""
        columns = chart_table.ChartColumns(
            self.values,
            self.labels,
            self.centre,
            self.lower,
            self.upper,
            self.numerators,
            self.denominators,
        )
        return chart_table.build_rows(columns, self.phases, self.excluded, self.signals)


def xmr_chart(
    values: Sequence[RawNumber],
    *,
    labels: Sequence[Label] | None = None,
    freeze: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rules: SpcRules = SpcRules.IHI,
    screen_moving_ranges: bool = True,
) -> ControlChartResult:
    """Analyse an XmR (individuals) chart of one measurement per period.

    Args:
        values: One value per point, in time order.
        labels: Optional label per point (dates must be strictly increasing).
        freeze: Number of first-phase points the centre line and limits come from.
        phase_starts: 0-based indices where a new phase (own centre line and limits) begins.
        exclude: 0-based indices left out of centre lines, limits and sequence rules.
        rules: The special-cause rules: IHI (default) or Anhøj.
        screen_moving_ranges: Drop moving ranges of 3.267·MR-bar or more from MR-bar (Nelson
            1982; the qicharts2 and NHSRplotthedots default). False matches the NHS "Making
            Data Count" Excel tools.

    Raises:
        ChartDataError: Listing every problem with the data or settings.
    """
    numbers, problems = spc_inputs.parse_measurements(values)
    setup = spc_inputs.Setup(labels, freeze, phase_starts, exclude)
    phases, parsed = spc_inputs.plan(len(numbers), setup, problems, 2, "to compute a moving range")

    def limits(span: PhaseSpan) -> PhaseLimits:
        return spc_limits.xmr_limits(numbers, span, is_screened=screen_moving_ranges)

    return _analyse(ChartType.XMR, (numbers, None, None), parsed, phases, rules, limits)


def p_chart(
    numerators: Sequence[RawNumber],
    denominators: Sequence[RawNumber],
    *,
    labels: Sequence[Label] | None = None,
    freeze: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rules: SpcRules = SpcRules.IHI,
) -> ControlChartResult:
    """Analyse a p chart: the proportion of yes answers out of a known denominator per period.

    Args:
        numerators: Number of yes answers (e.g. patients given the bundle) per point.
        denominators: Number eligible per point: a whole number, at least the numerator.
        labels: Optional label per point (dates must be strictly increasing).
        freeze: Number of first-phase points the centre line and limits come from.
        phase_starts: 0-based indices where a new phase (own centre line and limits) begins.
        exclude: 0-based indices left out of centre lines, limits and sequence rules.
        rules: The special-cause rules: IHI (default) or Anhøj.

    Raises:
        ChartDataError: Listing every problem with the data or settings.
    """
    counts, totals, problems = spc_inputs.parse_proportions(numerators, denominators)
    setup = spc_inputs.Setup(labels, freeze, phase_starts, exclude)
    phases, parsed = spc_inputs.plan(len(counts), setup, problems, 1, "to compute p-bar")
    values = spc_inputs.ratios(counts, totals)

    def limits(span: PhaseSpan) -> PhaseLimits:
        return spc_limits.p_limits(counts, totals, span)

    return _analyse(ChartType.P, (values, counts, totals), parsed, phases, rules, limits)


def u_chart(
    counts: Sequence[RawNumber],
    exposures: Sequence[RawNumber],
    *,
    labels: Sequence[Label] | None = None,
    freeze: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rules: SpcRules = SpcRules.IHI,
) -> ControlChartResult:
    """Analyse a u chart: events per unit of a known area of opportunity that varies.

    Args:
        counts: Number of events (e.g. falls) per point.
        exposures: Area of opportunity per point (e.g. thousands of bed-days), above zero.
        labels: Optional label per point (dates must be strictly increasing).
        freeze: Number of first-phase points the centre line and limits come from.
        phase_starts: 0-based indices where a new phase (own centre line and limits) begins.
        exclude: 0-based indices left out of centre lines, limits and sequence rules.
        rules: The special-cause rules: IHI (default) or Anhøj.

    Raises:
        ChartDataError: Listing every problem with the data or settings.
    """
    events, areas, problems = spc_inputs.parse_rates(counts, exposures)
    setup = spc_inputs.Setup(labels, freeze, phase_starts, exclude)
    phases, parsed = spc_inputs.plan(len(events), setup, problems, 1, "to compute u-bar")
    values = spc_inputs.ratios(events, areas)

    def limits(span: PhaseSpan) -> PhaseLimits:
        return spc_limits.u_limits(events, areas, span)

    return _analyse(ChartType.U, (values, events, areas), parsed, phases, rules, limits)


def c_chart(
    counts: Sequence[RawNumber],
    *,
    labels: Sequence[Label] | None = None,
    freeze: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rules: SpcRules = SpcRules.IHI,
) -> ControlChartResult:
    """Analyse a c chart: events per period when the opportunity is about the same each period.

    Args:
        counts: Number of events per point (whole numbers, zero or more).
        labels: Optional label per point (dates must be strictly increasing).
        freeze: Number of first-phase points the centre line and limits come from.
        phase_starts: 0-based indices where a new phase (own centre line and limits) begins.
        exclude: 0-based indices left out of centre lines, limits and sequence rules.
        rules: The special-cause rules: IHI (default) or Anhøj.

    Raises:
        ChartDataError: Listing every problem with the data or settings.
    """
    events, problems = spc_inputs.parse_counts(counts)
    setup = spc_inputs.Setup(labels, freeze, phase_starts, exclude)
    phases, parsed = spc_inputs.plan(len(events), setup, problems, 1, "to compute c-bar")

    def limits(span: PhaseSpan) -> PhaseLimits:
        return spc_limits.c_limits(events, span)

    return _analyse(ChartType.C, (events, None, None), parsed, phases, rules, limits)


Series = tuple[list[float], list[float] | None, list[float] | None]
"""Plotted values, and for p and u charts the numerators and denominators behind them."""


def _analyse(
    chart_type: ChartType,
    series: Series,
    labels: tuple[Label, ...] | None,
    phases: tuple[PhaseSpan, ...],
    rules: SpcRules,
    limits_of: Callable[[PhaseSpan], PhaseLimits],
) -> ControlChartResult:
    values, numerators, denominators = series
    parts = [
        spc_phase.analyse_phase(values, labels, span, limits_of(span), rules, len(phases))
        for span in phases
    ]
    signals = [signal for part in parts for signal in part.signals]
    notes = [note for part in parts for note in part.notes]
    return ControlChartResult(
        chart_type=chart_type,
        values=tuple(values),
        numerators=tuple(numerators) if numerators is not None else None,
        denominators=tuple(denominators) if denominators is not None else None,
        labels=labels,
        centre=spc_phase.joined(part.centre for part in parts),
        lower=spc_phase.joined(part.limits.lower for part in parts),
        upper=spc_phase.joined(part.limits.upper for part in parts),
        sigma=spc_phase.joined(part.limits.sigma for part in parts),
        phases=tuple(part.phase for part in parts),
        excluded=chart_phases.excluded_indices(phases),
        rule_set=rules,
        signals=tuple(signals),
        notes=tuple(notes),
        summary=summarise(signals, notes),
    )
