"""Drawing a Pareto chart: sorted bars, the cumulative percentage line and the 80% line.

Bars are in the order of `pareto.pareto_table` (largest first, "Other" last), counted on the
left axis; the cumulative line is read on the right axis, from 0 to 100%. The vital few are
dark bars and the rest light ones, a difference in lightness that survives greyscale, and the
description names them in words. The 80% reference line is dashed. The chart widens with the
number of categories, and category names are wrapped under their bars; the full names,
counts and percentages are in the description and in the table the page shows beside it.
"""

from collections.abc import Mapping, Sequence

from lti_qi.domain import svg
from lti_qi.domain.worksheets.pareto import (
    VITAL_FEW_THRESHOLD,
    ParetoRow,
    pareto_categories,
    pareto_table,
    summarise_pareto,
)

SIZE = 12.0
LEFT, RIGHT, TOP, BOTTOM = 60.0, 56.0, 48.0, 70.0
SLOT = 70.0
VITAL = "#1f4e8c"
OTHERS = "#b9c9de"
CUMULATIVE = "#222222"
_DOT = f'fill="#ffffff" stroke="{CUMULATIVE}" stroke-width="2"'


def render_pareto_svg(
    rows: Sequence[ParetoRow],
    *,
    title: str = "Pareto chart",
    id_prefix: str = "pareto",
    size: tuple[float, float] = (720.0, 400.0),
) -> str:
    """Return a Pareto table drawn as an accessible SVG chart.

    Args:
        rows: The table from `pareto.pareto_table`, in its order.
        title: The chart's title ("Reasons trays came back untouched, 1 to 14 March").
        id_prefix: Prefix for element ids, unique on the page when several charts share it.
        size: Smallest width and the height in pixels; it widens for many categories.
    """
    width = max(size[0], LEFT + RIGHT + SLOT * len(rows))
    plot = (LEFT, TOP, width - LEFT - RIGHT, size[1] - TOP - BOTTOM)
    largest = max((row.count for row in rows), default=0.0)
    step = svg.nice_step(largest)
    top_value = step * max(1, -(-largest // step))
    body = [_axes(plot, step, top_value), _legend(plot)]
    if largest > 0:
        body += [*_bars(plot, rows, top_value), _cumulative(plot, rows), _reference(plot)]
    else:
        body.append(_empty(plot))
    prefix = svg.safe_id(id_prefix, "pareto")
    return svg.svg_document(prefix, width, size[1], title, describe_pareto(rows), "".join(body))


def render_pareto_worksheet_svg(document: Mapping[str, object]) -> str | None:
    """Return the Pareto worksheet's chart, or None while it has no counted categories."""
    rows = pareto_table(pareto_categories(document))
    return render_pareto_svg(rows) if rows else None


def describe_pareto(rows: Sequence[ParetoRow], listed: int = 15) -> str:
    """Return the chart in words: what it shows, then each category's count and share."""
    sentences = [f"Pareto chart of {len(rows)} categories.", summarise_pareto(rows)]
    for row in rows[:listed]:
        sentences.append(
            f"{row.rank}. {row.category}: {row.count:g} ({row.percent:.0f}%, "
            f"cumulative {row.cumulative_percent:.0f}%)."
        )
    if len(rows) > listed:
        sentences.append(f"And {len(rows) - listed} more categories: see the table.")
    return " ".join(sentences)


def _x(plot: tuple[float, float, float, float], index: int, count: int) -> float:
    """Return the centre of bar `index` of `count`."""
    return plot[0] + plot[2] * (index + 0.5) / count


def _y(plot: tuple[float, float, float, float], share: float) -> float:
    """Return the height on the page of a share (0 to 1) of the plot's height."""
    return plot[1] + plot[3] * (1 - share)


def _axes(plot: tuple[float, float, float, float], step: float, top_value: float) -> str:
    left, top, width, height = plot
    right, bottom = left + width, top + height
    stroke = f'stroke="{svg.INK}" stroke-width="1"'
    parts = [svg.line(left, top, left, bottom, stroke), svg.line(right, top, right, bottom, stroke)]
    parts.append(svg.line(left, bottom, right, bottom, stroke))
    ticks = round(top_value / step)
    for tick in range(ticks + 1):
        y = _y(plot, tick / ticks)
        parts.append(
            svg.text_lines([f"{tick * step:g}"], left - 6, y - SIZE * 0.9, SIZE, anchor="end")
        )
    for percent in range(0, 101, 20):
        y = _y(plot, percent / 100)
        parts.append(svg.text_lines([f"{percent}%"], right + 6, y - SIZE * 0.9, SIZE))
    parts.append(svg.text_lines(["Count"], left - 6, top - 26, SIZE, anchor="end"))
    parts.append(svg.text_lines(["Cumulative %"], right + 6, top - 26, SIZE, anchor="middle"))
    return "".join(parts)


def _bars(
    plot: tuple[float, float, float, float], rows: Sequence[ParetoRow], top_value: float
) -> list[str]:
    slot = plot[2] / len(rows)
    parts = []
    for index, row in enumerate(rows):
        centre, y = _x(plot, index, len(rows)), _y(plot, row.count / top_value)
        fill = VITAL if row.is_vital_few else OTHERS
        bar = svg.rect(
            centre - slot * 0.35,
            y,
            slot * 0.7,
            plot[1] + plot[3] - y,
            f'fill="{fill}" stroke="{svg.INK}" stroke-width="0.5"',
        )
        count = svg.text_lines([f"{row.count:g}"], centre, y - SIZE - 6, SIZE, anchor="middle")
        name = svg.wrap(row.category, slot - 4, SIZE - 1, max_lines=3)
        label = svg.text_lines(name, centre, plot[1] + plot[3] + 4, SIZE - 1, anchor="middle")
        parts.append(
            f'<g class="bar{" vital" if row.is_vital_few else ""}">{bar}{count}{label}</g>'
        )
    return parts


def _cumulative(plot: tuple[float, float, float, float], rows: Sequence[ParetoRow]) -> str:
    points = [
        (_x(plot, i, len(rows)), _y(plot, row.cumulative_percent / 100))
        for i, row in enumerate(rows)
    ]
    listed = " ".join(f"{svg.fmt(x)},{svg.fmt(y)}" for x, y in points)
    dots = "".join(
        f'<circle cx="{svg.fmt(x)}" cy="{svg.fmt(y)}" r="3.5" {_DOT}/>' for x, y in points
    )
    line = f'<polyline points="{listed}" fill="none" stroke="{CUMULATIVE}" stroke-width="2"/>'
    return f'<g class="cumulative">{line}{dots}</g>'


def _reference(plot: tuple[float, float, float, float]) -> str:
    y = _y(plot, VITAL_FEW_THRESHOLD / 100)
    attrs = f'stroke="{svg.LINE}" stroke-width="1.5" stroke-dasharray="6 4"'
    line = svg.line(plot[0], y, plot[0] + plot[2], y, attrs)
    return f'<g class="reference">{line}</g>'


def _legend(plot: tuple[float, float, float, float]) -> str:
    left, y = plot[0], 8.0
    parts = [
        svg.rect(left, y + 2, 12, 12, f'fill="{VITAL}"'),
        svg.text_lines(["The vital few"], left + 16, y, SIZE),
        svg.rect(
            left + 110, y + 2, 12, 12, f'fill="{OTHERS}" stroke="{svg.INK}" stroke-width="0.5"'
        ),
        svg.text_lines(["Other categories"], left + 126, y, SIZE),
        svg.line(left + 250, y + 8, left + 274, y + 8, f'stroke="{CUMULATIVE}" stroke-width="2"'),
        svg.text_lines(["Cumulative %"], left + 280, y, SIZE),
        svg.line(
            left + 376,
            y + 8,
            left + 400,
            y + 8,
            f'stroke="{svg.LINE}" stroke-width="1.5" stroke-dasharray="6 4"',
        ),
        svg.text_lines([f"{VITAL_FEW_THRESHOLD:g}%"], left + 406, y, SIZE),
    ]
    return f'<g class="legend">{"".join(parts)}</g>'


def _empty(plot: tuple[float, float, float, float]) -> str:
    centre = plot[0] + plot[2] / 2
    return svg.text_lines(["No counts yet"], centre, plot[1] + plot[3] / 2 - 8, 14, anchor="middle")
