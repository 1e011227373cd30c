"""Control limits: the centre line and 3-sigma limits of XmR, MR, p, u and c charts.

Formulas (qi.md 2.6, from the qicharts2 vignette Appendix 1 and Montgomery, Introduction to
Statistical Quality Control; code cross-checked with anhoej/qicharts2 R/helper.functions.R):

* XmR (I chart): centre = mean; sigma = MR-bar / 1.128 (d2 for n = 2), limits = mean ± 3 sigma,
  that is ± 2.6596·MR-bar. Guides print the rounded 2.66; we use 3 / 1.128 because that is what
  reproduces the published qicharts2 results of Montgomery Example 6.5 to 1e-6 (2.66 is off by
  0.003 there), while both agree with the 2-decimal NHSRplotthedots captions. MR-bar is the mean
  of the absolute differences between consecutive baseline points that are not excluded (an
  excluded point's neighbours are paired, as in qicharts2). Screening (Nelson 1982, also in
  Provost & Murray; on by default, as in qicharts2 and NHSRplotthedots): moving ranges of
  3.267·MR-bar or more are dropped once and MR-bar recomputed. The NHS "Making Data Count" Excel
  tools do not screen; pass `screen_moving_ranges=False` to match them.
* MR chart: centre = MR-bar (unscreened), upper limit = 3.267·MR-bar (D4 for n = 2), lower 0.
* p chart: centre p-bar = sum of numerators / sum of denominators; limits p-bar ± 3·sqrt(p-bar·
  (1 - p-bar) / n_i) for each point's denominator n_i, floored at 0 and capped at 1.
* u chart: centre u-bar = sum of counts / sum of areas of opportunity; limits u-bar ± 3·sqrt(u-bar
  / n_i), floored at 0.
* c chart: centre c-bar = mean count; limits c-bar ± 3·sqrt(c-bar), floored at 0.

All centre lines and limits come from a phase's baseline points that are not excluded, and apply
to every point of the phase.
"""

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from typing import cast

from lti_qi.domain.charts.phases import PhaseSpan, pick
from lti_qi.domain.charts.runs import exact_mean

D2 = 1.128
"""Expected range of two normal observations in sigma units (Montgomery, Appendix VI)."""

D4 = 3.267
"""Upper-limit factor of a range chart for subgroups of two (Montgomery, Appendix VI)."""

SIZE_REUSE = 4
"""Points per distinct denominator above which p and u limits are looked up by denominator."""


@dataclass(frozen=True)
class PhaseLimits:
    """Centre line, sigma and limits for the points of one phase.

    Attributes:
        centre: The centre line.
        sigma: Sigma at each point of the phase.
        lower: Lower control limit at each point.
        upper: Upper control limit at each point.
        average_moving_range: MR-bar the XmR limits come from (after screening), else None.
        screened: Indices of points whose moving range (from the point before) was screened out.
        is_constant: Whether sigma and the limits are the same at every point of the phase.
        has_width: Whether sigma is above zero at every point (the zone rules need it).
    """

    centre: float
    sigma: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    average_moving_range: float | None = None
    screened: tuple[int, ...] = ()
    is_constant: bool = False
    has_width: bool = True


def xmr_limits(values: Sequence[float], span: PhaseSpan, *, is_screened: bool) -> PhaseLimits:
    """Return the XmR limits of one phase (needs 2 or more baseline points)."""
    baseline = pick(values, span.baseline)
    centre = exact_mean(baseline)
    ranges = list(map(abs, map(operator.sub, baseline[1:], baseline)))
    average = sum(ranges) / len(ranges)
    screened: tuple[int, ...] = ()
    if is_screened and average > 0:
        cut = D4 * average
        is_kept = list(map(operator.lt, ranges, repeat(cut)))
        if not all(is_kept):
            later = span.baseline[1:]
            screened = tuple(compress(later, map(operator.not_, is_kept)))
            average = sum(compress(ranges, is_kept)) / (len(ranges) - len(screened))
    sigma = average / D2
    count = span.stop - span.start
    return PhaseLimits(
        centre,
        (sigma,) * count,
        (centre - 3 * sigma,) * count,
        (centre + 3 * sigma,) * count,
        average,
        screened,
        is_constant=True,
        has_width=sigma > 0,
    )


def p_limits(
    numerators: Sequence[float], denominators: Sequence[float], span: PhaseSpan
) -> PhaseLimits:
    """Return the p-chart limits of one phase, varying with each point's denominator."""
    total = sum(pick(denominators, span.baseline))
    centre = sum(pick(numerators, span.baseline)) / total
    sizes = denominators[span.start : span.stop]
    return _sized_limits(centre, centre * (1 - centre), sizes, floor=0.0, cap=1.0)


def u_limits(counts: Sequence[float], exposures: Sequence[float], span: PhaseSpan) -> PhaseLimits:
    """Return the u-chart limits of one phase, varying with each point's area of opportunity."""
    centre = sum(pick(counts, span.baseline)) / sum(pick(exposures, span.baseline))
    areas = exposures[span.start : span.stop]
    return _sized_limits(centre, centre, areas, floor=0.0)


def c_limits(counts: Sequence[float], span: PhaseSpan) -> PhaseLimits:
    """Return the c-chart limits of one phase."""
    baseline = pick(counts, span.baseline)
    centre = sum(baseline) / len(baseline)
    sigma = math.sqrt(centre)
    lower, upper = _bounds(centre, sigma, 0.0, math.inf)
    count = span.stop - span.start
    return PhaseLimits(
        centre,
        (sigma,) * count,
        (lower,) * count,
        (upper,) * count,
        is_constant=True,
        has_width=sigma > 0,
    )


def _sized_limits(
    centre: float, spread: float, sizes: Sequence[float], *, floor: float, cap: float = math.inf
) -> PhaseLimits:
    """Return limits centre ± 3·sqrt(spread / size) at each point (p and u charts).

    Denominators usually repeat (a ward's beds, a clinic's list), so when they do, each distinct
    size's sigma and limits are worked out once and looked up per point: the same arithmetic
    as point by point, with one dictionary lookup per point in place of several passes.
    """
    distinct = set(sizes)
    is_constant = len(distinct) == 1
    if len(distinct) * SIZE_REUSE > len(sizes):
        sigma = tuple(map(math.sqrt, map(operator.truediv, repeat(spread), sizes)))
        return _limits(centre, sigma, floor=floor, cap=cap, is_constant=is_constant)
    sigmas = {size: math.sqrt(spread / size) for size in distinct}
    bounds = {size: _bounds(centre, sigma, floor, cap) for size, sigma in sigmas.items()}
    lowers = {size: lower for size, (lower, _) in bounds.items()}
    uppers = {size: upper for size, (_, upper) in bounds.items()}
    return PhaseLimits(
        centre,
        tuple(map(sigmas.__getitem__, sizes)),
        tuple(map(lowers.__getitem__, sizes)),
        tuple(map(uppers.__getitem__, sizes)),
        is_constant=is_constant,
        has_width=min(sigmas.values()) > 0,
    )


def _bounds(centre: float, sigma: float, floor: float, cap: float) -> tuple[float, float]:
    lower, upper = centre - sigma * 3.0, centre + sigma * 3.0
    return (lower if lower > floor else floor), (upper if upper < cap else cap)


def _limits(
    centre: float,
    sigma: tuple[float, ...],
    *,
    floor: float,
    cap: float = math.inf,
    is_constant: bool,
) -> PhaseLimits:
    width = list(map(operator.mul, sigma, repeat(3.0)))
    lower = tuple(map(operator.sub, repeat(centre), width))
    upper = tuple(map(operator.add, repeat(centre), width))
    widest = 3 * max(sigma)
    if centre - widest < floor:
        lower = tuple([limit if limit > floor else floor for limit in lower])
    if centre + widest > cap:
        upper = tuple([limit if limit < cap else cap for limit in upper])
    return PhaseLimits(
        centre, sigma, lower, upper, is_constant=is_constant, has_width=min(sigma) > 0
    )


def moving_ranges(values: Sequence[float], phases: Sequence[PhaseSpan]) -> list[float | None]:
    """Return |x(k) - x(k-1)| for each point, None for the first point of each phase."""
    ranges: list[float | None] = []
    for span in phases:
        part = values[span.start : span.stop]
        ranges.append(None)
        ranges += map(abs, map(operator.sub, part[1:], part))
    return ranges


def mr_centre(ranges: Sequence[float | None], span: PhaseSpan) -> float | None:
    """Return the MR chart's centre line for one phase: mean of its baseline moving ranges."""
    indices = span.baseline
    if indices and indices[0] == span.start:
        indices = indices[1:]  # the first point of a phase has no moving range
    baseline = pick(cast(Sequence[float], ranges), indices)  # no None once the first is gone
    return sum(baseline) / len(baseline) if baseline else None


def mr_upper(centre: float) -> float:
    """Return the MR chart's upper limit, 3.267 times its centre line."""
    return D4 * centre


def distances(values: Sequence[float], centre: float, sigma: Sequence[float]) -> list[float]:
    """Return |value - centre| / sigma for each value (|z|); sigma must not be zero."""
    return list(map(abs, map(operator.truediv, map(operator.sub, values, repeat(centre)), sigma)))
