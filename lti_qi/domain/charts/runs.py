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
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import compress, repeat

from lti_qi.domain.charts.rules import Direction

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


ABOVE, BELOW = 1, 0
"""Byte values marking a point above or below the centre line."""

RISE, FALL = 2, 1
"""Byte values marking a step up or down in a trend search (0 marks a tie)."""

_NO_TIE_CODES = bytes([FALL, RISE]) + bytes(254)


@dataclass(frozen=True)
class SideRuns:
    """The runs of a series around a centre line.

    Attributes:
        positions: Chart indices of the points not on the line, in order.
        sides: One byte per such point: 1 above the line, 0 below. Runs and crossings are found
            with `bytes.count` and `bytes.find` on this string, which keeps 100,000 points fast.
    """

    positions: Sequence[int]
    sides: bytes

    @property
    def n_above(self) -> int:
        """Return how many points are above the line."""
        return self.sides.count(ABOVE)

    @property
    def n_crossings(self) -> int:
        """Return how many times neighbouring points change side."""
        return self.sides.count(b"\x00\x01") + self.sides.count(b"\x01\x00")

    def long_runs(self, minimum: int) -> list[tuple[int, int, int, Direction]]:
        """Return (first index, last index, points, direction) of each run of `minimum` or more."""
        return runs_of(self.sides, minimum, self.positions, (ABOVE, BELOW))

    def longest_run(self) -> tuple[int, int, int, Direction] | None:
        """Return (first index, last index, points, direction) of the first longest run."""
        if not self.sides:
            return None
        shortest, longest = 1, len(self.sides)
        while shortest < longest:  # binary search on the run length, each test one C-level scan
            middle = (shortest + longest + 1) // 2
            if b"\x01" * middle in self.sides or b"\x00" * middle in self.sides:
                shortest = middle
            else:
                longest = middle - 1
        return runs_of(self.sides, shortest, self.positions, (ABOVE, BELOW))[0]

    def members(self, first: int, last: int) -> tuple[int, ...]:
        """Return the indices of the points not on the line from `first` to `last`."""
        return members(self.positions, first, last)


def runs_of(
    flags: bytes, minimum: int, indices: Sequence[int], symbols: tuple[int, int]
) -> list[tuple[int, int, int, Direction]]:
    """Return (first, last, length, direction) of each run of one symbol, `minimum` or longer.

    Args:
        flags: One byte per position.
        minimum: The shortest run to report (1 or more).
        indices: What to report for each position (chart indices).
        symbols: The byte meaning up, and the byte meaning down.
    """
    spans = []
    for symbol, direction in zip(symbols, (Direction.UP, Direction.DOWN), strict=True):
        needle, rest = bytes([symbol]) * minimum, re.compile(b"%c*" % symbol)
        start = flags.find(needle)
        while start != -1:
            match = rest.match(flags, start + minimum)
            stop = match.end() if match else start + minimum
            spans.append((start, indices[start], indices[stop - 1], stop - start, direction))
            start = flags.find(needle, stop)
    return [span[1:] for span in sorted(spans)]


def exact_median(values: Sequence[float]) -> float:
    """Return the median of the values as entered, rounded once to the nearest float.

    The mean of the two middle values is taken exactly from their decimal text (the shortest
    text that reads back as the same float), so median(0.1, 0.2) is 0.15, not
    0.15000000000000002, and a point entered as 0.15 lies on the line. Any value whose decimal
    text equals the exact median is that float, so an exact tie is always a point on the line.
    """
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    low, high = ordered[middle - 1], ordered[middle]
    if low == high:
        return low
    return float((Fraction(repr(low)) + Fraction(repr(high))) / 2)


def exact_mean(values: Sequence[float]) -> float:
    """Return the mean of the values as entered, rounded once, when a value could tie with it.

    The float mean can be a rounding step off the mean of the decimal text (mean(0.1, 0.2, 0.3)
    is 0.20000000000000004), which would move a point entered as 0.2 off the line. When a value
    lies within 1e-12 (relative) of the float mean, the mean is recomputed exactly from the
    values' decimal text; otherwise no value can tie with it and the float mean stands.
    """
    centre = math.fsum(values) / len(values)
    tolerance = 1e-12 * max(abs(centre), 1.0)
    if min(map(abs, map(operator.sub, values, repeat(centre)))) > tolerance:
        return centre
    return float(sum(map(Fraction, map(repr, values))) / len(values))


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
    return SideRuns(positions, bytes(map(operator.gt, values, repeat(centre))))


def members(indices: Sequence[int], first: int, last: int) -> tuple[int, ...]:
    """Return the items of sorted `indices` from `first` to `last` inclusive."""
    if isinstance(indices, range):
        return tuple(range(first, last + 1))
    return tuple(indices[bisect.bisect_left(indices, first) : bisect.bisect_right(indices, last)])


def trend_spans(
    values: Sequence[float], indices: Sequence[int], minimum: int
) -> list[tuple[int, int, int, Direction]]:
    """Return (first index, last index, points, direction) of each trend of `minimum` or more.

    Repeated equal values count once: they neither break nor extend a trend. Each step between
    neighbours is one byte (2 rise, 1 fall, 0 tie); ties are dropped, and a trend of k points is
    a run of k - 1 rises or falls among the steps left. The step bytes are the sum of a rise
    byte (1 or 0) and a change byte (1 or 0), added as two big integers: no byte exceeds 2, so
    nothing carries, and the sum is one C-level operation instead of a pass per point.

    Args:
        values: The values analysed, in time order.
        indices: The chart index of each value.
        minimum: The fewest points that make a trend.
    """
    after = values[1:]
    kept: Sequence[int] = range(len(after))
    rises = bytes(map(operator.lt, values, after))
    changes = bytes(map(operator.ne, values, after))
    if changes.count(0):
        total = int.from_bytes(rises, "big") + int.from_bytes(changes, "big")
        steps = total.to_bytes(len(rises), "big")
        kept = list(compress(kept, changes))
        steps = steps.replace(b"\x00", b"")
    else:  # no ties: 1 for a rise, 0 for a fall, recoded to RISE and FALL
        steps = rises.translate(_NO_TIE_CODES)
    trends = []
    for first, last, count, direction in runs_of(steps, max(minimum - 1, 1), kept, (RISE, FALL)):
        trends.append((indices[first], indices[last + 1], count + 1, direction))
    return trends


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
