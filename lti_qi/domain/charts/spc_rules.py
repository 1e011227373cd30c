"""Special-cause rules for control charts (Shewhart charts).

Default rule set (`SpcRules.IHI`): L. P. Provost & S. K. Murray, The Health Care Data Guide:
Learning from Data for Improvement (Jossey-Bass, 2011), as summarised by NAHQ and in qi.md 2.6:

1. A point outside the control limits (above the upper or below the lower limit).
2. Shift: 8 or more points in a row on one side of the centre line; points on the line neither
   count nor break the run (as for run charts).
3. Trend: 6 or more points in a row all going up or all going down; repeated equal values count
   once (as for run charts).
4. Two of three: 2 out of 3 points in a row in the outer third of the limits (more than 2 sigma
   from the centre line) on the same side. Points beyond the limits count as being in the outer
   third here (the IHI wording is ambiguous; NHSRplotthedots leaves them out, qi.md 2.6a).
5. Hugging: 15 or more points in a row in the inner third (within 1 sigma of the centre line),
   on either side.

Alternatives, not the default: Western Electric (1956): 1 beyond 3 sigma, 2 of 3 beyond 2 sigma,
4 of 5 beyond 1 sigma, 8 in a row on one side; NHS "Making Data Count" (NHSRplotthedots): a point
outside the limits, 7 on one side, 7 rising or falling, 2 of 3 beyond 2 sigma. The Anhøj rule set
(`SpcRules.ANHOEJ`, as in qicharts2) uses rule 1 plus the unusually-long-run and
unusually-few-crossings rules of `anhoej`.

Sequence rules skip excluded points; every point, excluded or not, is tested against the limits
(qicharts2 behaviour).
"""

import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import compress, repeat

from lti_qi.domain.charts import anhoej
from lti_qi.domain.charts import data as chartdata
from lti_qi.domain.charts import runs as chart_runs
from lti_qi.domain.charts.anhoej import RunsAnalysis
from lti_qi.domain.charts.data import Label
from lti_qi.domain.charts.phases import PhaseSpan
from lti_qi.domain.charts.rules import Direction, Rule, Signal, point_list, side_word, span_text
from lti_qi.domain.charts.runs import SideRuns

SHIFT_POINTS = 8
TREND_POINTS = 6
HUGGING_POINTS = 15
OUTER_SIGMA = 2.0
INNER_SIGMA = 1.0


class SpcRules(StrEnum):
    """Which set of special-cause rules to apply to a control chart."""

    IHI = "ihi"
    ANHOEJ = "anhoej"


@dataclass(frozen=True)
class SpcPhase:
    """What the rules need to know about one phase of a control chart.

    Attributes:
        span: Where the phase sits and which points it uses.
        values: Every plotted value of the phase (excluded points too).
        lower: Lower limit at each point of the phase.
        upper: Upper limit at each point of the phase.
        included: Values of the points that are not excluded.
        centre: The centre line.
        far: Positions in `included` of points more than 2 sigma from the centre line, or None
            when sigma is zero.
        inner: One byte per included point, 1 within 1 sigma of the centre line, or None.
        side_runs: Runs of those points around the centre line.
        runs: Their runs analysis.
    """

    span: PhaseSpan
    values: Sequence[float]
    lower: Sequence[float]
    upper: Sequence[float]
    included: list[float]
    centre: float
    far: list[int] | None
    inner: bytes | None
    side_runs: SideRuns
    runs: RunsAnalysis


@dataclass(frozen=True)
class Wording:
    """How messages refer to a chart's points: labels and the phase prefix."""

    labels: Sequence[Label] | None
    prefix: str


def find_signals(
    phase: SpcPhase, rules: SpcRules, wording: Wording
) -> tuple[list[Signal], list[str]]:
    """Apply a rule set to one phase; return its signals and notes on rules not applied."""
    signals = outside_limit_signals(phase, wording)
    if rules is SpcRules.ANHOEJ:
        context = (wording.labels, phase.span.number, wording.prefix)
        found, notes = anhoej.anhoej_signals(
            phase.side_runs, phase.runs, context, "the centre line"
        )
        return signals + found, notes
    signals += shift_signals(phase, wording) + trend_signals(phase, wording)
    notes = _too_short_notes(len(phase.included), wording.prefix)
    if phase.far is None:
        notes.append(
            f"{wording.prefix}The limits have no width (all baseline values are the same), so the "
            "two-of-three and hugging rules cannot be applied."
        )
        return signals, notes
    return signals + two_of_three_signals(phase, wording) + hugging_signals(phase, wording), notes


def zones(distance: list[float] | None) -> tuple[list[int] | None, bytes | None]:
    """Return where the points sit relative to the sigma lines, for the zone rules.

    Args:
        distance: Each point's distance from the centre line in sigmas (|z|), or None when
            sigma is zero.

    Returns:
        Positions of points more than 2 sigma from the centre line, and one byte per point that
        is 1 within 1 sigma of it; both None without distances (zero sigma).
    """
    if distance is None:
        return None, None
    far = list(compress(range(len(distance)), map(operator.gt, distance, repeat(OUTER_SIGMA))))
    return far, bytes(map(operator.le, distance, repeat(INNER_SIGMA)))


def outside_limit_signals(phase: SpcPhase, wording: Wording) -> list[Signal]:
    """Return a signal for each point above the upper or below the lower limit."""
    signals = []
    for offset in _limit_candidates(phase):
        index, value = phase.span.start + offset, phase.values[offset]
        if value > phase.upper[offset]:
            direction, limit = Direction.UP, "above the upper"
        elif value < phase.lower[offset]:
            direction, limit = Direction.DOWN, "below the lower"
        else:
            continue
        name = chartdata.sentence_start(chartdata.point_name(wording.labels, index))
        message = (
            f"{wording.prefix}{name} is {limit} control limit: evidence of a special cause; "
            "look for what happened at that time."
        )
        signals.append(Signal(Rule.OUTSIDE_LIMITS, (index,), direction, message, phase.span.number))
    return signals


def _limit_candidates(phase: SpcPhase) -> Sequence[int]:
    """Return offsets of the points that could be outside the limits.

    A point outside the 3-sigma limits is more than 2 sigma away (limits floored at 0 or capped
    at 1 cannot be crossed by a count or proportion), so only those and any excluded points
    need checking.
    """
    if phase.far is None:
        return range(len(phase.values))
    start, included = phase.span.start, phase.span.included
    candidates = [included[position] - start for position in phase.far]
    if len(included) < len(phase.values):
        candidates += sorted(set(range(len(phase.values))) - {i - start for i in included})
    return sorted(candidates)


def shift_signals(phase: SpcPhase, wording: Wording) -> list[Signal]:
    """Return a signal for each run of 8 or more points on one side of the centre line."""
    signals = []
    for first, last, count, direction in phase.side_runs.long_runs(SHIFT_POINTS):
        message = (
            f"{wording.prefix}{count} points in a row {side_word(direction)} the centre line"
            f"{span_text(wording.labels, first, last)}: a shift, evidence of a special cause."
        )
        members = phase.side_runs.members(first, last)
        signals.append(Signal(Rule.SPC_SHIFT, members, direction, message, phase.span.number))
    return signals


def trend_signals(phase: SpcPhase, wording: Wording) -> list[Signal]:
    """Return a signal for each run of 6 or more points all going up or all going down."""
    signals = []
    indices = phase.span.included
    for first, last, count, direction in chart_runs.trend_spans(
        phase.included, indices, TREND_POINTS
    ):
        message = (
            f"{wording.prefix}{count} points in a row going {direction}"
            f"{span_text(wording.labels, first, last)}: a trend, evidence of a special cause."
        )
        members = chart_runs.members(indices, first, last)
        signals.append(Signal(Rule.SPC_TREND, members, direction, message, phase.span.number))
    return signals


def two_of_three_signals(phase: SpcPhase, wording: Wording) -> list[Signal]:
    """Return a signal for each cluster of outer-third points, 2 or more in any 3 in a row."""
    included, far = phase.included, phase.far or []
    above = [position for position in far if included[position] > phase.centre]
    below = [position for position in far if included[position] < phase.centre]
    signals = []
    for direction, positions in ((Direction.UP, above), (Direction.DOWN, below)):
        for cluster in _clusters(positions):
            members = tuple(phase.span.included[position] for position in cluster)
            message = (
                f"{wording.prefix}{chartdata.sentence_start(point_list(members))} are in the "
                f"outer third {side_word(direction)} the centre line (more than 2 sigma from it), "
                "2 or more out of 3 in a row: evidence of a special cause."
            )
            signals.append(
                Signal(Rule.TWO_OF_THREE, members, direction, message, phase.span.number)
            )
    return signals


def _clusters(positions: list[int]) -> list[list[int]]:
    """Group positions in which each is at most 2 after the one before; keep groups of 2+."""
    is_close = bytes(map(operator.le, map(operator.sub, positions[1:], positions), repeat(2)))
    close_runs = re.finditer(b"\x01+", is_close)
    return [positions[match.start() : match.end() + 1] for match in close_runs]


def hugging_signals(phase: SpcPhase, wording: Wording) -> list[Signal]:
    """Return a signal for each run of 15 or more points within 1 sigma of the centre line."""
    included, signals = phase.span.included, []
    inner = phase.inner or b""
    for first, last, count, _ in chart_runs.runs_of(inner, HUGGING_POINTS, included, (1, 2)):
        message = (
            f"{wording.prefix}{count} points in a row within 1 sigma of the centre line"
            f"{span_text(wording.labels, first, last)}: less variation than the limits allow, "
            "often because the limits come from mixed data (several wards or shifts combined) "
            "or the data are averaged; check how the data are collected."
        )
        members = chart_runs.members(included, first, last)
        signals.append(Signal(Rule.HUGGING, members, None, message, phase.span.number))
    return signals


def _too_short_notes(count: int, prefix: str) -> list[str]:
    needs = [
        (SHIFT_POINTS, "shift rule"),
        (TREND_POINTS, "trend rule"),
        (HUGGING_POINTS, "rule for points hugging the centre line"),
    ]
    return [
        f"{prefix}The {name} needs at least {minimum} points; there are {count}."
        for minimum, name in needs
        if count < minimum
    ]
