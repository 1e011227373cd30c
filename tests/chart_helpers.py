"""What the chart tests share: reading a chart's signals, and series built from runs."""

from lti_qi.domain.charts.rules import Rule


def outside(result):
    """Return the points outside the limits, by index."""
    return sorted(
        i for s in result.signals if s.rule is Rule.OUTSIDE_LIMITS for i in s.point_indices
    )


def fired(result, rule):
    """Return the signals of one rule."""
    return [signal for signal in result.signals if signal.rule is rule]


def from_runs(lengths):
    """Series of -1/+1 runs with the given lengths, starting below; median 0 when balanced."""
    values = []
    for number, length in enumerate(lengths):
        values += [-1 if number % 2 == 0 else 1] * length
    return values
