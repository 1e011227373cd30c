"""The IHI run-chart rules: shift, trend, too few or too many runs, astronomical point.

Source: R. J. Perla, L. P. Provost & S. K. Murray, "The run chart: a simple analytical tool for
learning from variation in healthcare processes", BMJ Qual Saf 2011;20:46-51, with the rule
wording as summarised in qi.md 2.4.

* Shift: 6 or more consecutive points on one side of the median; points on the median neither
  count nor break it.
* Trend: 5 or more consecutive points all rising or all falling; repeated equal values count once.
* Runs: fewer or more runs than the runs table gives for the number of useful observations (10 or
  more; see `runs.runs_limits` for the table and its provenance).
* Astronomical data point: marked by the team, never detected automatically (see `runchart`).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from lti_qi.domain.charts import data as chartdata
from lti_qi.domain.charts import phases as chart_phases
from lti_qi.domain.charts import runs as chart_runs
from lti_qi.domain.charts.anhoej import RunsAnalysis
from lti_qi.domain.charts.data import Label
from lti_qi.domain.charts.phases import PhaseSpan
from lti_qi.domain.charts.rules import Rule, Signal, side_word, span_text
from lti_qi.domain.charts.runs import SideRuns

SHIFT_POINTS = 6
"""Points in a row on one side of the median that make a shift (Perla et al. 2011)."""

TREND_POINTS = 5
"""Points in a row going one way that make a trend (Perla et al. 2011)."""


@dataclass(frozen=True)
class IhiPhase:
    """What the IHI rules need to know about one phase of a run chart."""

    span: PhaseSpan
    included: list[float]
    side_runs: SideRuns
    runs: RunsAnalysis
    runs_limits: tuple[int, int] | None


def ihi_signals(
    phase: IhiPhase, labels: Sequence[Label] | None, prefix: str
) -> tuple[list[Signal], list[str]]:
    """Apply the shift, trend and runs rules to one phase.

    Args:
        phase: The phase's values and runs.
        labels: Point labels for the messages, or None.
        prefix: "Phase 2: " on charts with several phases, else "".

    Returns:
        The signals found, and notes on rules that need more points than the phase has.
    """
    signals, notes = shift_signals(phase, labels, prefix)
    trend, trend_notes = trend_signals(phase, labels, prefix)
    runs, runs_notes = runs_table_signals(phase, prefix)
    return signals + trend + runs, notes + trend_notes + runs_notes


def shift_signals(
    phase: IhiPhase, labels: Sequence[Label] | None, prefix: str
) -> tuple[list[Signal], list[str]]:
    """Return a signal for each run of 6 or more points on one side of the median."""
    useful = phase.runs.n_useful
    notes = []
    if useful < SHIFT_POINTS:
        notes.append(
            f"{prefix}The shift rule needs at least {SHIFT_POINTS} points not on the median; "
            f"there are {useful}."
        )
    signals = []
    for first, last, count, direction in phase.side_runs.long_runs(SHIFT_POINTS):
        message = (
            f"{prefix}{count} points in a row {side_word(direction)} the median"
            f"{span_text(labels, first, last)}: a shift, evidence of a non-random change."
        )
        members = phase.side_runs.members(first, last)
        signals.append(Signal(Rule.SHIFT, members, direction, message, phase.span.number))
    return signals, notes


def trend_signals(
    phase: IhiPhase, labels: Sequence[Label] | None, prefix: str
) -> tuple[list[Signal], list[str]]:
    """Return a signal for each run of 5 or more points all going up or all going down."""
    notes = []
    if len(phase.included) < TREND_POINTS:
        notes.append(
            f"{prefix}The trend rule needs at least {TREND_POINTS} points; there are "
            f"{len(phase.included)}."
        )
    signals = []
    indices = phase.span.included
    for first, last, count, direction in chart_runs.trend_spans(
        phase.included, indices, TREND_POINTS
    ):
        message = (
            f"{prefix}{count} points in a row going {direction}"
            f"{span_text(labels, first, last)}: a trend, evidence of a non-random change."
        )
        members = chart_runs.members(indices, first, last)
        signals.append(Signal(Rule.TREND, members, direction, message, phase.span.number))
    return signals, notes


def runs_table_signals(phase: IhiPhase, prefix: str) -> tuple[list[Signal], list[str]]:
    """Return a signal when there are too few or too many runs for the runs table."""
    if phase.runs_limits is None:
        minimum = chart_runs.RUNS_TABLE_MINIMUM
        return [], [
            f"{prefix}The runs rule needs at least {minimum} points not on the median; there "
            f"are {phase.runs.n_useful}."
        ]
    found = _runs_finding(phase.runs.n_runs, phase.runs.n_useful, phase.runs_limits)
    if found is None:
        return [], []
    rule, message = found
    points = tuple(phase.side_runs.positions)
    return [Signal(rule, points, None, prefix + message, phase.span.number)], []


def _runs_finding(count: int, useful: int, limits: tuple[int, int]) -> tuple[Rule, str] | None:
    lower, upper = limits
    in_points = f"{count} runs in {useful} points not on the median"
    if count < lower:
        return Rule.TOO_FEW_RUNS, (
            f"Only {in_points}, where at least {lower} are expected by chance: too few runs, "
            "evidence of a non-random change (the data stay on one side of the median for too "
            "long)."
        )
    if count > upper:
        return Rule.TOO_MANY_RUNS, (
            f"{in_points}, where at most {upper} are expected by "
            "chance: too many runs, evidence of a non-random pattern (the data zig-zag; check "
            "whether two sources, such as two wards, alternate)."
        )
    return None


def astronomical_signals(
    marked: Sequence[int], labels: Sequence[Label] | None, phases: Sequence[PhaseSpan]
) -> list[Signal]:
    """Return a signal for each point the team marked as an astronomical data point."""
    signals = []
    for index in marked:
        name = chartdata.sentence_start(chartdata.point_name(labels, index))
        message = (
            f"{name} was marked astronomical by the team: a value clearly different from all "
            "the others, evidence of a special cause."
        )
        phase = chart_phases.phase_of(phases, index).number
        signals.append(Signal(Rule.ASTRONOMICAL, (index,), None, message, phase))
    return signals
