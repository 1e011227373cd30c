"""The rules that tell a signal from noise on run charts and control charts, and their wording.

Each `Rule` carries its threshold and its published source (`Rule.info`), so that a result, a
chart legend and the learner guide (docs/charts.md) all quote the same thing. The rule sets:

* Run charts, default: IHI rules of Perla, Provost & Murray, "The run chart: a simple analytical
  tool for learning from variation in healthcare processes", BMJ Qual Saf 2011;20:46-51 (shift,
  trend, too few or too many runs, astronomical data point).
* Run charts, alternative, and an optional control-chart rule set: Anhøj's rules (unusually long
  run, unusually few crossings), Anhøj & Olesen, PLoS ONE 2014;9(11):e113825, as applied in the
  qicharts2 R package (anhoej/qicharts2, vignettes/qicharts2.Rmd).
* Control charts, default: IHI / Provost & Murray, The Health Care Data Guide (Jossey-Bass,
  2011): a point outside the limits, 8 in a row on one side, 6 in a row up or down, 2 of 3 in
  the outer third, 15 in a row in the inner third.

A `Signal` names the rule, the points (0-based indices) and says in a sentence what it means.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from lti_qi.domain.charts.data import Label, format_label

PERLA_2011 = "Perla, Provost & Murray, BMJ Qual Saf 2011;20:46-51 (IHI run chart rules)"
ANHOEJ_2014 = "Anhøj & Olesen, PLoS ONE 2014;9:e113825; qicharts2 (anhoej/qicharts2)"
PROVOST_MURRAY = "Provost & Murray, The Health Care Data Guide (Jossey-Bass, 2011)"
MONTGOMERY = "Montgomery, Introduction to Statistical Quality Control, Example 6.5 (MR chart)"

EN_DASH = "\N{EN DASH}"

NO_SIGNALS = "No signals: the variation looks random (common cause)."


class Direction(StrEnum):
    """Which way a signal points: up (above, rising) or down (below, falling)."""

    UP = "up"
    DOWN = "down"


@dataclass(frozen=True)
class RuleInfo:
    """What a rule looks for, its threshold and where it comes from.

    Attributes:
        title: Short name for legends and tables ("Shift").
        threshold: The rule in one sentence, with its numbers.
        source: The publication the rule and threshold come from.
        marks_points: Whether the signal is about particular points (drawn as point markers)
            rather than about a whole phase (drawn on the centre line).
    """

    title: str
    threshold: str
    source: str
    marks_points: bool = True


class Rule(StrEnum):
    """A rule for detecting non-random (special-cause) variation."""

    SHIFT = "shift"
    TREND = "trend"
    TOO_FEW_RUNS = "too_few_runs"
    TOO_MANY_RUNS = "too_many_runs"
    ASTRONOMICAL = "astronomical"
    LONGEST_RUN = "longest_run"
    FEW_CROSSINGS = "few_crossings"
    OUTSIDE_LIMITS = "outside_limits"
    SPC_SHIFT = "spc_shift"
    SPC_TREND = "spc_trend"
    TWO_OF_THREE = "two_of_three"
    HUGGING = "hugging"
    MR_ABOVE_LIMIT = "mr_above_limit"

    @property
    def info(self) -> RuleInfo:
        """Return the rule's title, threshold and source."""
        return RULE_INFO[self]


RULE_INFO = {
    Rule.SHIFT: RuleInfo(
        "Shift",
        "6 or more points in a row on one side of the median; points on the median "
        "neither count nor break the run.",
        PERLA_2011,
    ),
    Rule.TREND: RuleInfo(
        "Trend",
        "5 or more points in a row all going up or all going down; repeated equal "
        "values count as one point.",
        PERLA_2011,
    ),
    Rule.TOO_FEW_RUNS: RuleInfo(
        "Too few runs",
        "Fewer runs than the lower limit in the runs table for the number of "
        "points not on the median (10 or more such points needed).",
        PERLA_2011,
        False,
    ),
    Rule.TOO_MANY_RUNS: RuleInfo(
        "Too many runs",
        "More runs than the upper limit in the runs table for the number of "
        "points not on the median (10 or more such points needed).",
        PERLA_2011,
        False,
    ),
    Rule.ASTRONOMICAL: RuleInfo(
        "Astronomical point",
        "A value the team agrees is obviously different from the rest; "
        "the highest or lowest point is not astronomical just by being the highest or lowest.",
        PERLA_2011,
    ),
    Rule.LONGEST_RUN: RuleInfo(
        "Unusually long run",
        "Longest run on one side of the centre line longer than "
        "round(log2(n) + 3), n = points not on the centre line (10 or more).",
        ANHOEJ_2014,
    ),
    Rule.FEW_CROSSINGS: RuleInfo(
        "Unusually few crossings",
        "Fewer crossings of the centre line than the 5th percentile "
        "of Binomial(n - 1, 0.5), n = points not on the centre line (10 or more).",
        ANHOEJ_2014,
        False,
    ),
    Rule.OUTSIDE_LIMITS: RuleInfo(
        "Outside the limits",
        "A point above the upper or below the lower control limit.",
        PROVOST_MURRAY,
    ),
    Rule.SPC_SHIFT: RuleInfo(
        "Shift",
        "8 or more points in a row on one side of the centre line; points on the line "
        "neither count nor break the run.",
        PROVOST_MURRAY,
    ),
    Rule.SPC_TREND: RuleInfo(
        "Trend",
        "6 or more points in a row all going up or all going down; repeated equal "
        "values count as one point.",
        PROVOST_MURRAY,
    ),
    Rule.TWO_OF_THREE: RuleInfo(
        "Two of three near a limit",
        "2 out of 3 points in a row in the outer third (more than "
        "2 sigma from the centre line), on the same side.",
        PROVOST_MURRAY,
    ),
    Rule.HUGGING: RuleInfo(
        "Hugging the centre line",
        "15 or more points in a row in the inner third (within "
        "1 sigma of the centre line), either side.",
        PROVOST_MURRAY,
    ),
    Rule.MR_ABOVE_LIMIT: RuleInfo(
        "Large jump",
        "A moving range above the moving-range chart's upper limit, 3.267 times "
        "the average moving range.",
        MONTGOMERY,
    ),
}


@dataclass(frozen=True, slots=True)  # slots: a long in-control series can give thousands
class Signal:
    """One rule firing on some points.

    Attributes:
        rule: The rule that fired.
        point_indices: 0-based indices of the points that make up the signal.
        direction: Up or down, or None when the rule has no direction.
        message: What was found and what it means, in plain words.
        phase: 1-based number of the phase the signal was found in.
    """

    rule: Rule
    point_indices: tuple[int, ...]
    direction: Direction | None
    message: str
    phase: int = 1


def summarise(signals: Sequence[Signal], notes: Sequence[str]) -> str:
    """Return one sentence saying whether any rule fired, and which."""
    caveat = " Some rules could not be applied: see the notes." if notes else ""
    if not signals:
        return NO_SIGNALS + caveat
    titles = list(dict.fromkeys(signal.rule.info.title.lower() for signal in signals))
    count = f"{len(signals)} signal" + ("s" if len(signals) > 1 else "")
    return (
        f"{count} of non-random variation (special cause): {', '.join(titles)}. "
        f"Look for what changed at those points.{caveat}"
    )


def side_word(direction: Direction) -> str:
    """Return "above" for up, "below" for down."""
    return "above" if direction is Direction.UP else "below"


def span_text(labels: Sequence[Label] | None, first: int, last: int) -> str:
    """Return " from 3 March 2026 (points 7-12)" or " (points 7-12)", with an en dash."""
    start = format_label(labels[first]) if labels is not None else ""
    points = f"point {first + 1}" if first == last else f"points {first + 1}{EN_DASH}{last + 1}"
    return f" from {start} ({points})" if start else f" ({points})"


def point_list(indices: Sequence[int]) -> str:
    """Return "point 5", "points 5 and 7" or "points 5, 7 and 9" (1-based)."""
    numbers = [str(index + 1) for index in indices]
    if len(numbers) == 1:
        return f"point {numbers[0]}"
    return f"points {', '.join(numbers[:-1])} and {numbers[-1]}"


def phase_prefix(phase: int, phase_count: int) -> str:
    """Return "Phase 2: " when a chart has several phases, else nothing."""
    return f"Phase {phase}: " if phase_count > 1 else ""
