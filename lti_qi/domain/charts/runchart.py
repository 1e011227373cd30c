"""Run charts: a median line and the rules that tell a real change from random variation.

A run chart plots a measure in time order around its median. The median comes from all points of
a phase, or from the first `freeze` points (a frozen baseline), leaving out `exclude`d points;
see `phases` for phases, freezing and exclusion.

Default rules (`RunChartRules.IHI`): Perla, Provost & Murray, "The run chart: a simple analytical
tool for learning from variation in healthcare processes", BMJ Qual Saf 2011;20:46-51.

1. Shift: 6 or more points in a row above, or below, the median. Points on the median neither
   count towards a shift nor break it.
2. Trend: 5 or more points in a row all going up or all going down. Repeated equal values count
   as one point: they neither count nor break the trend.
3. Too few or too many runs: the number of runs compared with the runs table for the number of
   useful observations (points not on the median). The table (10 to 40 useful points, then a
   normal approximation) is the IHI convention as reproduced from Perla et al. Table 1; an exact
   Swed-Eisenhart calculation differs at some sizes (see `runs` and qi.md 2.6a). Below 10
   useful points the rule is not applied and the result says so.
4. Astronomical data point: not detected automatically, because the rule says the highest or
   lowest point is not astronomical just by being the highest or lowest: it is a value everyone
   looking at the chart would agree is obviously different, a judgement the team makes. Pass the
   points the team marked as `astronomical` and the result reports them as signals.

Alternative rules (`RunChartRules.ANHOEJ`): an unusually long run (longer than
round(log2(n) + 3)) or unusually few crossings (fewer than qbinom(0.05, n - 1, 0.5)), n = useful
observations, from 10 useful observations (Anhøj & Olesen, PLoS ONE 2014;9:e113825; the
qicharts2 vignette). Both analyses are always computed per phase (`RunChartPhase.runs`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from lti_qi.domain.charts import anhoej, runchart_rules
from lti_qi.domain.charts import data as chartdata
from lti_qi.domain.charts import phases as chart_phases
from lti_qi.domain.charts import runs as chart_runs
from lti_qi.domain.charts import table as chart_table
from lti_qi.domain.charts.anhoej import RunsAnalysis
from lti_qi.domain.charts.data import Label, RawNumber
from lti_qi.domain.charts.phases import PhaseSpan
from lti_qi.domain.charts.rules import Signal, phase_prefix, summarise


class RunChartRules(StrEnum):
    """Which set of run-chart rules to apply."""

    IHI = "ihi"
    ANHOEJ = "anhoej"


@dataclass(frozen=True)
class RunChartPhase:
    """One phase of a run chart: its median and its runs.

    Attributes:
        number: 1-based phase number.
        start: 0-based index of the first point.
        stop: One past the index of the last point.
        baseline_stop: One past the last point the median comes from.
        median: The phase's centre line.
        runs: Runs, crossings and longest run around the median (with the Anhøj limits).
        runs_limits: Fewest and most runs expected from the IHI runs table, or None with fewer
            than 10 useful observations.
    """

    number: int
    start: int
    stop: int
    baseline_stop: int
    median: float
    runs: RunsAnalysis
    runs_limits: tuple[int, int] | None

    @property
    def useful_observations(self) -> int:
        """Return the number of points not on the median (and not excluded)."""
        return self.runs.n_useful


@dataclass(frozen=True)
class RunChartResult:
    """A run chart, analysed: the series, its medians and every signal found.

    Attributes:
        values: The values, one per point.
        labels: The point labels (ISO date strings read as dates), or None.
        centre: The median in force at each point.
        phases: Each phase's median and runs.
        excluded: Indices left out of medians and rules.
        astronomical: Indices the team marked as astronomical.
        rule_set: The rules applied.
        signals: Every rule that fired, in phase and rule order.
        notes: Rules that could not be applied, and why.
        summary: One sentence on whether any rule fired.
    """

    values: tuple[float, ...]
    labels: tuple[Label, ...] | None
    centre: tuple[float, ...]
    phases: tuple[RunChartPhase, ...]
    excluded: tuple[int, ...]
    astronomical: tuple[int, ...]
    rule_set: RunChartRules
    signals: tuple[Signal, ...]
    notes: tuple[str, ...]
    summary: str

    @property
    def useful_observations(self) -> int:
        """Return the points not on their phase's median, over all phases."""
        return sum(phase.useful_observations for phase in self.phases)

    def table_rows(self) -> tuple[chart_table.TableRow, ...]:
        """Return the chart as data-table rows, one per point."""
        columns = chart_table.ChartColumns(self.values, self.labels, self.centre)
        return chart_table.build_rows(columns, self.phases, self.excluded, self.signals)


def analyse_run_chart(
    values: Sequence[RawNumber],
    *,
    labels: Sequence[Label] | None = None,
    freeze: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    astronomical: Iterable[int] = (),
    rules: RunChartRules = RunChartRules.IHI,
) -> RunChartResult:
    """Compute the medians of a run chart and apply the run-chart rules.

    Args:
        values: One value per point, in time order (numbers or numeric text).
        labels: Optional label per point (dates must be strictly increasing).
        freeze: Number of first-phase points the median comes from; later points are tested
            against it.
        phase_starts: 0-based indices where a new phase (with its own median) begins.
        exclude: 0-based indices left out of the median and the rules (still plotted).
        astronomical: 0-based indices the team agreed are astronomical data points.
        rules: The rule set: IHI (default) or Anhøj.

    Returns:
        The analysed chart.

    Raises:
        ChartDataError: Listing every problem with the data or settings.
    """
    numbers, problems = chartdata.parse_values(values)
    parsed_labels, label_problems = chartdata.parse_labels(labels, len(numbers))
    marked = sorted(set(astronomical))
    phases, phase_problems = chart_phases.plan_phases(
        len(numbers), phase_starts=phase_starts, freeze=freeze, exclude=exclude
    )
    problems += label_problems + phase_problems
    problems += chart_phases.index_problems(marked, len(numbers), "marked astronomical")
    problems += chart_phases.baseline_problems(phases, 1, "to compute a median")
    chartdata.raise_if_any(problems)
    return _analyse(numbers, parsed_labels, phases, marked, rules)


def _analyse(
    numbers: list[float],
    labels: tuple[Label, ...] | None,
    phases: tuple[PhaseSpan, ...],
    marked: list[int],
    rules: RunChartRules,
) -> RunChartResult:
    analysed = [_analyse_phase(numbers, labels, phase, len(phases), rules) for phase in phases]
    signals = [signal for _, phase_signals, _ in analysed for signal in phase_signals]
    signals += runchart_rules.astronomical_signals(marked, labels, phases)
    notes = tuple(note for _, _, phase_notes in analysed for note in phase_notes)
    centre: list[float] = []
    for phase, _, _ in analysed:
        centre += [phase.median] * (phase.stop - phase.start)
    return RunChartResult(
        values=tuple(numbers),
        labels=labels,
        centre=tuple(centre),
        phases=tuple(phase for phase, _, _ in analysed),
        excluded=chart_phases.excluded_indices(phases),
        astronomical=tuple(marked),
        rule_set=rules,
        signals=tuple(signals),
        notes=notes,
        summary=summarise(signals, notes),
    )


def _analyse_phase(
    values: list[float],
    labels: Sequence[Label] | None,
    span: PhaseSpan,
    phase_count: int,
    rules: RunChartRules,
) -> tuple[RunChartPhase, list[Signal], list[str]]:
    median = chart_runs.exact_median(chart_phases.pick(values, span.baseline))
    included = chart_phases.pick(values, span.included)
    side_runs = chart_runs.side_runs(included, span.included, median)
    runs = anhoej.analyse_runs(side_runs)
    limits = chart_runs.runs_limits(runs.n_above, runs.n_useful - runs.n_above)
    phase = RunChartPhase(
        span.number, span.start, span.stop, span.baseline_stop, median, runs, limits
    )
    context = (labels, span.number, phase_prefix(span.number, phase_count))
    if rules is RunChartRules.ANHOEJ:
        signals, notes = anhoej.anhoej_signals(side_runs, runs, context, "the median")
    else:
        ihi_phase = runchart_rules.IhiPhase(span, included, side_runs, runs, limits)
        signals, notes = runchart_rules.ihi_signals(ihi_phase, labels, context[2])
    return phase, signals, notes
