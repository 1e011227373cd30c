"""The range of values a chart takes: finite numbers no further from zero than 10^12.

A value of 1.7e308 once overflowed the chart's scales and axis ticks, and every page drawing the
chart answered 500. Values outside the range are named as problems instead (docs/charts.md,
section 7), so a page still opens and the value can be corrected.
"""

import math
from typing import SupportsFloat, cast

MAX_MAGNITUDE = 1e12
"""The largest value, either side of zero, a chart takes (docs/charts.md, section 7).

Far past any count, rate or time a QI measure records, and far enough inside a float's range
that the limits, scales and axis ticks computed from it cannot overflow."""


def is_in_range(number: float) -> bool:
    """Whether a number is one a chart takes: no further from zero than `MAX_MAGNITUDE`."""
    return abs(number) <= MAX_MAGNITUDE


def out_of_range(what: str, value: object) -> str:
    """Say that a value is a number outside the range a chart takes, and what the range is."""
    return f"{what} {value!r} is outside the range a chart takes (-10^12 to 10^12)"


def is_too_big(value: object) -> bool:
    """Whether a value not charted is a real number, only outside the range a chart takes."""
    if isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(cast("SupportsFloat | str", value)))
    except (TypeError, ValueError, OverflowError):  # overflow: an int too big for any float
        return False
