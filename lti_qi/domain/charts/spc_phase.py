"""One phase of a control chart: limits, rules and notes together; and the moving-range chart.

`spc` calls `analyse_phase` once per phase with the limits `spc_limits` computed, and this module
runs the rule set of `spc_rules` on the phase, adds the Anhøj runs analysis (`anhoej`) that
qicharts2 reports for every chart, and writes the notes a learner needs about the limits
themselves: trial limits from fewer than 20 baseline points (Provost & Murray, The Health Care
Data Guide, suggest 20 to 30 for an I chart; NHSRplotthedots warns below 12) and moving ranges
screened out of MR-bar (Nelson 1982).
"""

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress, repeat
from typing import cast

from lti_qi.domain.charts import anhoej, spc_limits, spc_rules
from lti_qi.domain.charts import data as chartdata
from lti_qi.domain.charts import runs as chart_runs
from lti_qi.domain.charts.anhoej import RunsAnalysis
from lti_qi.domain.charts.data import Label
from lti_qi.domain.charts.phases import PhaseSpan, pick
from lti_qi.domain.charts.rules import Direction, Rule, Signal, phase_prefix, point_list
from lti_qi.domain.charts.spc_limits import PhaseLimits
from lti_qi.domain.charts.spc_rules import SpcPhase, SpcRules, Wording

TRIAL_LIMIT_POINTS = 20
"""Baseline points below which limits are called trial limits (Provost & Murray)."""


@dataclass(frozen=True)
class ControlChartPhase:
    """One phase of a control chart: its centre line, limits and runs.

    Attributes:
        number: 1-based phase number.
        start: 0-based index of the first point.
        stop: One past the index of the last point.
        baseline_stop: One past the last point the centre line and limits come from.
        centre: The centre line.
        sigma: Sigma, or None when it varies from point to point (p and u charts).
        lower: Lower limit, or None when it varies from point to point.
        upper: Upper limit, or None when it varies from point to point.
        average_moving_range: MR-bar behind the XmR limits (after screening), else None.
        screened: Points whose moving range was screened out of MR-bar (XmR only).
        runs: Runs, crossings and Anhøj limits around the centre line.
    """

    number: int
    start: int
    stop: int
    baseline_stop: int
    centre: float
    sigma: float | None
    lower: float | None
    upper: float | None
    average_moving_range: float | None
    screened: tuple[int, ...]
    runs: RunsAnalysis


@dataclass(frozen=True)
class MovingRangeChart:
    """The moving-range (MR) chart that goes with an XmR chart.

    Attributes:
        values: |x(k) - x(k-1)| at each point, None at the first point of each phase.
        centre: The MR chart's centre line (MR-bar of the baseline) at each point.
        upper: Its upper limit, 3.267·MR-bar, at each point (the lower limit is 0).
        signals: Moving ranges above the upper limit (unusually large jumps), then the Anhøj
            signals of the moving ranges around the MR chart's centre line.
        runs: Each phase's runs analysis of its moving ranges around the MR centre line (as
            qicharts2 reports for its MR chart; empty when the phase has no centre line).
    """

    values: tuple[float | None, ...]
    centre: tuple[float | None, ...]
    upper: tuple[float | None, ...]
    signals: tuple[Signal, ...]
    runs: tuple[RunsAnalysis, ...]


@dataclass(frozen=True)
class PhaseAnalysis:
    """Everything `spc` needs from one analysed phase."""

    phase: ControlChartPhase
    limits: PhaseLimits
    centre: tuple[float, ...]
    signals: list[Signal]
    notes: list[str]


def analyse_phase(
    values: Sequence[float],
    labels: Sequence[Label] | None,
    span: PhaseSpan,
    limits: PhaseLimits,
    rules: SpcRules,
    phase_count: int,
) -> PhaseAnalysis:
    """Apply the rule set to one phase against its limits, with notes on the limits."""
    rule_phase = _rule_phase(values, span, limits)
    wording = Wording(labels, phase_prefix(span.number, phase_count))
    signals, notes = spc_rules.find_signals(rule_phase, rules, wording)
    notes = _limit_notes(span, limits, wording.prefix) + notes
    centre = (limits.centre,) * len(limits.sigma)
    return PhaseAnalysis(_record(span, limits, rule_phase.runs), limits, centre, signals, notes)


def _rule_phase(values: Sequence[float], span: PhaseSpan, limits: PhaseLimits) -> SpcPhase:
    included = pick(values, span.included)
    sigma = _for_included(limits.sigma, span)
    has_width = limits.has_width if sigma is limits.sigma else min(sigma) > 0
    distance = spc_limits.distances(included, limits.centre, sigma) if has_width else None
    far, inner = spc_rules.zones(distance)
    side_runs = chart_runs.side_runs(included, span.included, limits.centre)
    return SpcPhase(
        span=span,
        values=values[span.start : span.stop],
        lower=limits.lower,
        upper=limits.upper,
        included=included,
        centre=limits.centre,
        far=far,
        inner=inner,
        side_runs=side_runs,
        runs=anhoej.analyse_runs(side_runs),
    )


def _record(span: PhaseSpan, limits: PhaseLimits, runs: RunsAnalysis) -> ControlChartPhase:
    is_constant = limits.is_constant
    return ControlChartPhase(
        number=span.number,
        start=span.start,
        stop=span.stop,
        baseline_stop=span.baseline_stop,
        centre=limits.centre,
        sigma=limits.sigma[0] if is_constant else None,
        lower=limits.lower[0] if is_constant else None,
        upper=limits.upper[0] if is_constant else None,
        average_moving_range=limits.average_moving_range,
        screened=limits.screened,
        runs=runs,
    )


def _for_included(per_point: Sequence[float], span: PhaseSpan) -> Sequence[float]:
    if isinstance(span.included, range):
        return per_point
    return [per_point[index - span.start] for index in span.included]


def _limit_notes(span: PhaseSpan, limits: PhaseLimits, prefix: str) -> list[str]:
    notes = []
    if len(span.baseline) < TRIAL_LIMIT_POINTS:
        notes.append(
            f"{prefix}The centre line and limits come from {len(span.baseline)} points: treat "
            f"them as trial limits until there are {TRIAL_LIMIT_POINTS} or more (Provost & "
            "Murray suggest 20 to 30)."
        )
    if limits.screened:
        notes.append(
            f"{prefix}The moving ranges into {point_list(limits.screened)} were 3.267 times the "
            "average or more, so they were left out of the limits (Nelson 1982 screening)."
        )
    return notes


def moving_range_chart(
    values: Sequence[float], labels: Sequence[Label] | None, phases: Sequence[PhaseSpan]
) -> MovingRangeChart:
    """Return the moving-range chart of an XmR chart, phase by phase, with its runs analysis."""
    ranges = spc_limits.moving_ranges(values, phases)
    centre: list[float | None] = []
    upper: list[float | None] = []
    signals: list[Signal] = []
    runs: list[RunsAnalysis] = []
    for span in phases:
        middle = spc_limits.mr_centre(ranges, span)
        limit = None if middle is None else spc_limits.mr_upper(middle)
        centre += [middle] * (span.stop - span.start)
        upper += [limit] * (span.stop - span.start)
        if limit is not None:
            signals += _jump_signals(values, ranges, span, limit, labels)
        analysis, found = _mr_runs(ranges, span, middle, (labels, len(phases)))
        runs.append(analysis)
        signals += found
    return MovingRangeChart(tuple(ranges), tuple(centre), tuple(upper), tuple(signals), tuple(runs))


def _mr_runs(
    ranges: Sequence[float | None],
    span: PhaseSpan,
    centre: float | None,
    where: tuple[Sequence[Label] | None, int],
) -> tuple[RunsAnalysis, list[Signal]]:
    """Return the Anhøj runs analysis and signals of one phase's moving ranges."""
    if centre is None:
        return anhoej.analyse_runs(chart_runs.SideRuns((), b"")), []
    jumps = cast(Sequence[float], ranges[span.start + 1 : span.stop])  # no None after the first
    side = chart_runs.side_runs(jumps, range(span.start + 1, span.stop), centre)
    analysis = anhoej.analyse_runs(side)
    labels, phase_count = where
    context = (labels, span.number, phase_prefix(span.number, phase_count))
    line = "the moving-range chart's centre line"
    found, _ = anhoej.anhoej_signals(side, analysis, context, line)
    return analysis, found


def _jump_signals(
    values: Sequence[float],
    ranges: Sequence[float | None],
    span: PhaseSpan,
    limit: float,
    labels: Sequence[Label] | None,
) -> list[Signal]:
    later = range(span.start + 1, span.stop)
    jumps = cast(Sequence[float], ranges[span.start + 1 : span.stop])  # no None after the first
    signals = []
    for index in compress(later, map(operator.gt, jumps, repeat(limit))):
        direction = Direction.UP if values[index] > values[index - 1] else Direction.DOWN
        message = (
            f"The jump from point {index} to {chartdata.point_name(labels, index)} is larger "
            "than expected (its moving range is above the moving-range chart's upper limit): "
            "look for what changed between them."
        )
        signals.append(Signal(Rule.MR_ABOVE_LIMIT, (index,), direction, message, span.number))
    return signals


def joined(parts: Iterable[Sequence[float]]) -> tuple[float, ...]:
    """Return per-phase sequences joined into one per-point tuple (no copy for one tuple)."""
    lists = list(parts)
    return tuple(lists[0]) if len(lists) == 1 else tuple(chain.from_iterable(lists))
