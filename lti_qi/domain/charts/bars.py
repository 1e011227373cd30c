"""A simple accessible bar chart: one bar per period (CPD hours per month, say).

Bars are labelled with their values, the axis has round ticks, and the description says in
words what the bars show, so the chart reads without sight; pages show the same numbers in a
table beside it.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from lti_qi.domain import svg

SIZE = 12.0
LEFT, RIGHT, TOP, BOTTOM = 56.0, 16.0, 28.0, 44.0
SLOT = 56.0
BAR = "#1f4e8c"


@dataclass(frozen=True)
class Bar:
    """One bar: its label under the axis and its value."""

    label: str
    value: float


def render_bar_chart(
    bars: Sequence[Bar], *, title: str, unit: str, id_prefix: str = "bars", height: float = 260.0
) -> str:
    """Return ``bars`` as an accessible SVG bar chart, widening with the number of bars."""
    width = max(480.0, LEFT + RIGHT + SLOT * len(bars))
    plot = (LEFT, TOP, width - LEFT - RIGHT, height - TOP - BOTTOM)
    largest = max((bar.value for bar in bars), default=0.0)
    step = svg.nice_step(largest)
    top_value = step * max(1, -(-largest // step))
    body = _axes(plot, step, top_value, unit) + "".join(_bars(plot, bars, top_value))
    prefix = svg.safe_id(id_prefix, "bars")
    return svg.svg_document(prefix, width, height, title, describe(bars, unit), body)


def describe(bars: Sequence[Bar], unit: str) -> str:
    """Say what the chart shows: the total, the largest bar, and each bar's value."""
    if not bars:
        return "No data."
    total = sum(bar.value for bar in bars)
    largest = max(bars, key=lambda bar: bar.value)
    listed = "; ".join(f"{bar.label}: {bar.value:g}" for bar in bars)
    return (
        f"{len(bars)} bars, {total:g} {unit} in all; the largest is {largest.label} "
        f"with {largest.value:g}. {listed}."
    )


def _axes(plot: tuple[float, float, float, float], step: float, top: float, unit: str) -> str:
    left, top_y, width, height = plot
    bottom = top_y + height
    stroke = f'stroke="{svg.INK}" stroke-width="1"'
    parts = [
        svg.line(left, top_y, left, bottom, stroke),
        svg.line(left, bottom, left + width, bottom, stroke),
    ]
    ticks = round(top / step)
    for tick in range(ticks + 1):
        y = bottom - height * tick / ticks
        parts.append(
            svg.text_lines([f"{tick * step:g}"], left - 6, y - SIZE * 0.9, SIZE, anchor="end")
        )
    parts.append(svg.text_lines([unit], left - 6, top_y - 24, SIZE, anchor="end"))
    return "".join(parts)


def _bars(plot: tuple[float, float, float, float], bars: Sequence[Bar], top: float) -> list[str]:
    left, top_y, width, height = plot
    slot, bottom = width / max(len(bars), 1), top_y + height
    parts = []
    for index, bar in enumerate(bars):
        centre = left + slot * (index + 0.5)
        y = bottom - height * (bar.value / top if top else 0)
        shape = svg.rect(centre - slot * 0.35, y, slot * 0.7, bottom - y, f'fill="{BAR}"')
        value = svg.text_lines([f"{bar.value:g}"], centre, y - SIZE - 4, SIZE, anchor="middle")
        label = svg.text_lines([bar.label], centre, bottom + 4, SIZE - 1, anchor="middle")
        parts.append(f'<g class="bar">{shape}{value}{label}</g>')
    return parts
