"""Geometry and text for `svg`: scales, axes, phase marks and the chart's wording.

Kept apart from the drawing of data and signals (`svg_marks`) so each module stays short.
Numbers are written with at most two decimals in the SVG: enough for print and screen, and it
keeps a 500-point chart small.
"""

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from lti_qi.domain.charts.data import Label, format_label
from lti_qi.domain.charts.runchart import RunChartPhase, RunChartResult
from lti_qi.domain.charts.spc import ChartType, ControlChartResult
from lti_qi.domain.charts.spc_phase import ControlChartPhase

ChartResult = RunChartResult | ControlChartResult
Phase = RunChartPhase | ControlChartPhase

PALETTE = {
    "ink": "#222222",
    "centre": "#1f5fa8",
    "limit": "#595959",
    "signal": "#b3400b",
    "annotation": "#6a3d9a",
    "grid": "#dddddd",
    "background": "#ffffff",
}
"""Colours by role; all but `grid` (decorative) have 3:1 contrast or more on white."""

HALO = 'stroke="#ffffff" stroke-width="4" stroke-linejoin="round" aria-hidden="true"'
"""A white outline drawn under text inside the plot, so lines never cross its letters."""

SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Layout:
    """The SVG's size and the margins around the plot area, in pixels."""

    width: int
    height: int
    left: int = 64
    right: int = 24
    top: int = 40
    bottom: int = 72

    @property
    def plot_width(self) -> float:
        """Return the width of the plot area."""
        return float(self.width - self.left - self.right)

    @property
    def plot_height(self) -> float:
        """Return the height of the plot area."""
        return float(self.height - self.top - self.bottom)


@dataclass(frozen=True)
class Frame:
    """Maps point positions and values to pixels for one chart.

    Attributes:
        layout: Sizes and margins.
        count: Number of points.
        low: The value at the bottom of the plot.
        high: The value at the top of the plot.
        step: Distance between y-axis ticks.
    """

    layout: Layout
    count: int
    low: float
    high: float
    step: float

    @classmethod
    def of(cls, result: ChartResult, layout: Layout) -> "Frame":
        """Return the frame that fits every value, centre line and finite limit of a chart."""
        values = [*result.values, *result.centre]
        if isinstance(result, ControlChartResult):
            values += [*result.lower, *result.upper]
        least, most = min(values), max(values)
        spread = most - least or abs(most) or 1.0
        step = nice_step(spread * 1.1 / 5)
        low = math.floor((least - spread * 0.05) / step) * step
        high = math.ceil((most + spread * 0.05) / step) * step
        return cls(layout, len(result.values), max(low, 0.0) if least >= 0 else low, high, step)

    @property
    def band(self) -> float:
        """Return the horizontal space per point."""
        return self.layout.plot_width / self.count

    def x(self, position: float) -> float:
        """Return the x pixel of the middle of point `position`."""
        return self.layout.left + (position + 0.5) * self.band

    def y(self, value: float) -> float:
        """Return the y pixel of `value`."""
        share = (self.high - value) / (self.high - self.low)
        return self.layout.top + share * self.layout.plot_height


def nice_step(rough: float) -> float:
    """Return 1, 2 or 5 times a power of ten, the nearest at or above `rough`."""
    power = 10.0 ** math.floor(math.log10(rough))
    return next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= rough * 0.999)


def number(value: float, *, is_percent: bool = False, step: float = 0.01) -> str:
    """Return a value as tick or sentence text: "12", "0.25", "21.5%"."""
    if is_percent:
        value, step = value * 100, step * 100
    decimals = max(0, min(4, math.ceil(-math.log10(step)) if step < 1 else 0))
    text = f"{value:.{decimals}f}"
    return f"{text}%" if is_percent else text


def sentence_number(value: float, *, is_percent: bool = False) -> str:
    """Return a value for a sentence: up to 3 decimals, no trailing zeros ("300.5", "21.5%")."""
    if is_percent:
        return f"{sentence_number(value * 100)}%"
    return f"{value:.3f}".rstrip("0").rstrip(".")


def fmt(value: float) -> str:
    """Return a coordinate with at most two decimals."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def axes(frame: Frame, is_percent: bool, labels: Sequence[Label] | None) -> str:
    """Return grid lines, the two axes and their tick labels."""
    layout, out = frame.layout, []
    left, right = layout.left, layout.width - layout.right
    ticks = round((frame.high - frame.low) / frame.step)
    for tick in range(ticks + 1):
        value = frame.low + tick * frame.step
        y = fmt(frame.y(value))
        out.append(
            f'<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="{PALETTE["grid"]}"/>'
            f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">'
            f"{number(value, is_percent=is_percent, step=frame.step)}</text>"
        )
    bottom = layout.top + layout.plot_height
    out.append(
        f'<path d="M{left} {layout.top}V{fmt(bottom)}H{right}" fill="none" '
        f'stroke="{PALETTE["ink"]}"/>'
    )
    every = math.ceil(frame.count / max(1, int(layout.plot_width // 90)))
    for position in range(0, frame.count, every):
        out.append(
            f'<text x="{fmt(frame.x(position))}" y="{fmt(bottom + 16)}" text-anchor="middle">'
            f"{html.escape(axis_label(labels, position))}</text>"
        )
    return "".join(out)


def axis_label(labels: Sequence[Label] | None, position: int) -> str:
    """Return a short x-axis label: "3 Mar 2026", the label text, or the point number."""
    label = labels[position] if labels is not None else None
    if label is None:
        return str(position + 1)
    text = format_label(label)
    if hasattr(label, "month"):
        parts = text.split()
        return f"{parts[0]} {SHORT_MONTHS[int(label.month) - 1]} {parts[2]}"
    return text if len(text) <= 14 else text[:13] + "\N{HORIZONTAL ELLIPSIS}"


def phase_marks(frame: Frame, phases: Sequence[Phase]) -> str:
    """Return a labelled vertical line at each phase change and at the end of a baseline."""
    out, top = [], frame.layout.top
    bottom = fmt(top + frame.layout.plot_height)
    for phase in phases:
        marks = []
        if phase.start > 0:
            marks.append(("phase-break", phase.start, f"Phase {phase.number}", "6 3"))
        if phase.baseline_stop < phase.stop:
            marks.append(("baseline-end", phase.baseline_stop, "Baseline ends", "2 3"))
        for kind, position, text, dashes in marks:
            x = fmt(frame.x(position - 0.5))
            out.append(
                f'<g class="{kind}" data-phase="{phase.number}"><line x1="{x}" x2="{x}" '
                f'y1="{top}" y2="{bottom}" stroke="{PALETTE["ink"]}" stroke-dasharray="{dashes}"/>'
                f"{halo_text(fmt(float(x) + 4), fmt(top + 14), text)}</g>"
            )
    return "".join(out)


def halo_text(x: str, y: str, text: str, anchor: str = "start") -> str:
    """Return text with a white outline under it (a copy, as not every renderer does paint-order).

    `text` must already be escaped.
    """
    position = f'x="{x}" y="{y}" text-anchor="{anchor}"'
    return f"<text {position} {HALO}>{text}</text><text {position}>{text}</text>"


def date_range(result: ChartResult) -> str:
    """Return " from 3 March 2026 to 1 June 2026" when the first and last points have labels."""
    labels = result.labels
    if not labels or labels[0] is None or labels[-1] is None:
        return ""
    return f" from {format_label(labels[0])} to {format_label(labels[-1])}"


def phase_sentence(result: ChartResult, phase: Phase) -> str:
    """Return one sentence on a phase's centre line (and limits) and where they come from."""
    where = f"Phase {phase.number} (points {phase.start + 1}\N{EN DASH}{phase.stop})"
    source = (
        f", from its first {phase.baseline_stop - phase.start} points"
        if phase.baseline_stop < phase.stop
        else ""
    )
    if isinstance(phase, RunChartPhase):
        return f"{where}: median {sentence_number(phase.median)}{source}."
    is_percent = isinstance(result, ControlChartResult) and result.chart_type is ChartType.P
    centre = sentence_number(phase.centre, is_percent=is_percent)
    if phase.lower is None or phase.upper is None:
        limits = "control limits that vary with the denominator"
    else:
        lower = sentence_number(phase.lower, is_percent=is_percent)
        upper = sentence_number(phase.upper, is_percent=is_percent)
        limits = f"control limits {lower} to {upper}"
    return f"{where}: centre line {centre}, {limits}{source}."
