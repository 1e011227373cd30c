"""Runs, crossings and trends: the sequence arithmetic behind run-chart and control-chart rules.

A *run* is one or more consecutive points on the same side of the centre line; points exactly on
the line are skipped, neither extending nor breaking a run (Perla, Provost & Murray, BMJ Qual Saf
2011;20:46-51; also qicharts2's `runs.analysis`). A *crossing* is a change of side between
neighbouring points not on the line, so runs = crossings + 1. A *trend* is a sequence of points
all going up or all going down, where repeated equal values count once (IHI convention).

The IHI runs table (`runs_limits`) gives the fewest and most runs expected by chance for 10 to 40
points not on the median, as reproduced from Perla et al. Table 1 (itself from Swed & Eisenhart
1943); past 40 it uses the normal approximation mean 1 + 2·n1·n2/n, sd² = 2·n1·n2·(2·n1·n2 - n) /
(n²·(n - 1)), limits mean ± 1.96 sd. This is the IHI convention as published: an exact
Swed-Eisenhart calculation differs at 14 of the 31 table sizes (qi.md 2.6a; Balestracci's table
gives 5-12 at 16 points where this gives 5-13). The Anhøj rules in `anhoej` avoid the table.

The loops are written with `map`, `compress` and `operator` so a 100,000-point series is one
C-level pass per step rather than a Python loop per point.
"""

import bisect
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, repeat

from lti_qi.domain.chart_rules import Direction

RUNS_TABLE_MINIMUM = 10
"""Points not on the median the runs table starts at (Perla et al. Table 1)."""

RUNS_TABLE = {
    10: (3, 9),
    11: (3, 10),
    12: (3, 11),
    13: (4, 11),
    14: (4, 12),
    15: (5, 12),
    16: (5, 13),
    17: (5, 13),
    18: (6, 14),
    19: (6, 15),
    20: (6, 16),
    21: (7, 16),
    22: (7, 17),
    23: (7, 17),
    24: (8, 18),
    25: (8, 18),
    26: (9, 19),
    27: (9, 20),
    28: (10, 20),
    29: (10, 21),
    30: (11, 22),
    31: (11, 22),
    32: (11, 23),
    33: (11, 24),
    34: (12, 24),
    35: (12, 25),
    36: (13, 25),
    37: (13, 26),
    38: (14, 26),
    39: (14, 27),
    40: (15, 27),
}
"""Fewest and most runs expected by number of points not on the median (IHI, Perla Table 1)."""


@dataclass(frozen=True)
class SideRuns:
    """The runs of a series around a centre line.

    Attributes:
        positions: Chart indices of the points not on the line, in order.
        is_above: For each such point, whether it is above the line.
        bounds: Where each run starts in `positions`, then `len(positions)`.
    """

    positions: Sequence[int]
    is_above: list[bool]
    bounds: list[int]

    @property
    def lengths(self) -> list[int]:
        """Return the length of each run."""
        return list(map(operator.sub, self.bounds[1:], self.bounds))

    def long_runs(self, minimum: int) -> list[tuple[int, int, int, Direction]]:
        """Return (first index, last index, points, direction) of each run of `minimum` or more."""
        lengths = self.lengths
        picked = compress(range(len(lengths)), map(operator.ge, lengths, repeat(minimum)))
        return [self.describe(run) for run in picked]

    def members(self, first: int, last: int) -> tuple[int, ...]:
        """Return the indices of the points not on the line from `first` to `last`."""
        return members(self.positions, first, last)

    def describe(self, run: int) -> tuple[int, int, int, Direction]:
        """Return (first index, last index, points, direction) of run number `run` (0-based)."""
        start, stop = self.bounds[run], self.bounds[run + 1]
        direction = Direction.UP if self.is_above[start] else Direction.DOWN
        return self.positions[start], self.positions[stop - 1], stop - start, direction


def side_runs(values: Sequence[float], indices: Sequence[int], centre: float) -> SideRuns:
    """Split a series into runs above and below `centre`, skipping points on it.

    Args:
        values: The values analysed, in time order.
        indices: The chart index of each value.
        centre: The centre line (median or mean).
    """
    positions = indices
    if centre in values:
        is_off = list(map(operator.ne, values, repeat(centre)))
        positions = list(compress(indices, is_off))
        values = list(compress(values, is_off))
    is_above = list(map(operator.gt, values, repeat(centre)))
    changes = compress(range(1, len(is_above)), map(operator.ne, is_above, is_above[1:]))
    return SideRuns(positions, is_above, [0, *changes, len(is_above)] if is_above else [0])


def members(indices: Sequence[int], first: int, last: int) -> tuple[int, ...]:
    """Return the items of sorted `indices` from `first` to `last` inclusive."""
    if isinstance(indices, range):
        return tuple(range(first, last + 1))
    return tuple(indices[bisect.bisect_left(indices, first) : bisect.bisect_right(indices, last)])


def trend_spans(
    values: Sequence[float], indices: Sequence[int], minimum: int
) -> list[tuple[int, int, int, Direction]]:
    """Return (first index, last index, points, direction) of each trend of `minimum` or more.

    Repeated equal values count once: they neither break nor extend a trend.

    Args:
        values: The values analysed, in time order.
        indices: The chart index of each value.
        minimum: The fewest points that make a trend.
    """
    steps: Sequence[int] = range(len(values) - 1)
    after = values[1:]
    if len(set(values)) < len(values):
        steps = list(compress(steps, map(operator.ne, values, after)))
        values, after = [values[k] for k in steps], [values[k + 1] for k in steps]
    rising = list(map(operator.lt, values, after))
    changes = compress(range(1, len(rising)), map(operator.ne, rising, rising[1:]))
    bounds = [0, *changes, len(rising)]
    lengths = map(operator.sub, bounds[1:], bounds)
    spans = []
    for run in compress(range(len(bounds) - 1), map(operator.ge, lengths, repeat(minimum - 1))):
        start, stop = bounds[run], bounds[run + 1]
        direction = Direction.UP if rising[start] else Direction.DOWN
        first, last = indices[steps[start]], indices[steps[stop - 1] + 1]
        spans.append((first, last, stop - start + 1, direction))
    return spans


def runs_limits(n_above: int, n_below: int) -> tuple[int, int] | None:
    """Return the fewest and most runs expected (IHI), or None below 10 useful points.

    Args:
        n_above: Points above the median.
        n_below: Points below the median.
    """
    useful = n_above + n_below
    if useful < RUNS_TABLE_MINIMUM:
        return None
    if useful in RUNS_TABLE:
        return RUNS_TABLE[useful]
    product = 2 * n_above * n_below
    mean = 1 + product / useful
    sd = math.sqrt(product * (product - useful) / (useful**2 * (useful - 1)))
    return math.ceil(mean - 1.96 * sd), math.floor(mean + 1.96 * sd)
