"""Drawing the data for `svg`: lines, points, signal markers, annotations and legend.

Meaning never rests on colour alone: signals are diamonds, excluded points hollow circles,
control limits dashed, a phase with a runs-type signal (too few or too many runs, few
crossings) has a dash-dot centre line, and PDSA annotations are dotted lines with a text flag.
"""

import html
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from lti_qi.domain.charts.rules import Signal
from lti_qi.domain.charts.runchart import RunChartResult
from lti_qi.domain.charts.spc import ControlChartResult
from lti_qi.domain.charts.svg_parts import PALETTE, ChartResult, Frame, fmt, halo_text

LIMIT_DASHES = "6 4"
RUNS_SIGNAL_DASHES = "10 3 2 3"
LABEL_LENGTH = 28


@dataclass(frozen=True)
class Annotation:
    """A note on the chart at one point, such as the start of a PDSA cycle.

    Attributes:
        position: 0-based index of the point the note belongs to.
        label: Short text shown on the chart ("PDSA 2: new checklist").
        href: Optional link to the cycle log.
    """

    position: int
    label: str
    href: str | None = None


def background(frame: Frame) -> str:
    """Return a white rectangle, so the chart prints the same on any page colour."""
    layout = frame.layout
    return f'<rect width="{layout.width}" height="{layout.height}" fill="{PALETTE["background"]}"/>'


def limit_lines(frame: Frame, result: ChartResult) -> str:
    """Return each phase's control limits as dashed lines (steps where they vary)."""
    if not isinstance(result, ControlChartResult):
        return ""
    out = []
    for phase in result.phases:
        for name, limits in (("upper", result.upper), ("lower", result.lower)):
            path = _step_path(frame, limits, phase.start, phase.stop)
            out.append(
                f'<path class="limit" data-limit="{name}" data-phase="{phase.number}" d="{path}" '
                f'fill="none" stroke="{PALETTE["limit"]}" stroke-width="1.5" '
                f'stroke-dasharray="{LIMIT_DASHES}"/>'
            )
    return "".join(out)


def _step_path(frame: Frame, levels: Sequence[float], start: int, stop: int) -> str:
    half = frame.band / 2
    steps = [f"M{fmt(frame.x(start) - half)} {fmt(frame.y(levels[start]))}"]
    for position in range(start, stop):
        if position > start and levels[position] != levels[position - 1]:
            steps.append(f"V{fmt(frame.y(levels[position]))}")
        if position == stop - 1 or levels[position + 1] != levels[position]:
            steps.append(f"H{fmt(frame.x(position) + half)}")
    return "".join(steps)


def centre_lines(frame: Frame, result: ChartResult) -> str:
    """Return one centre line per phase; dash-dot in the signal colour if the phase signals."""
    name = "Median" if isinstance(result, RunChartResult) else "Centre line"
    phase_signals = defaultdict(list)
    for signal in result.signals:
        if not signal.rule.info.marks_points:
            phase_signals[signal.phase].append(signal.message)
    out, half = [], frame.band / 2
    for phase in result.phases:
        y = fmt(frame.y(result.centre[phase.start]))
        x1, x2 = fmt(frame.x(phase.start) - half), fmt(frame.x(phase.stop - 1) + half)
        messages = phase_signals.get(phase.number, [])
        style = f'stroke="{PALETTE["centre"]}"'
        if messages:
            style = f'stroke="{PALETTE["signal"]}" stroke-dasharray="{RUNS_SIGNAL_DASHES}"'
        tooltip = f"<title>{html.escape(' '.join(messages))}</title>" if messages else ""
        out.append(
            f'<line class="centre-line" data-phase="{phase.number}" x1="{x1}" x2="{x2}" '
            f'y1="{y}" y2="{y}" {style} stroke-width="2">{tooltip}</line>'
            f"{halo_text(x2, fmt(float(y) - 5), name, 'end')}"
        )
    return "".join(out)


def data_line(frame: Frame, result: ChartResult) -> str:
    """Return the line joining the points within each phase, and a dot for each point."""
    out, excluded = [], set(result.excluded)
    for phase in result.phases:
        points = " ".join(
            f"{fmt(frame.x(i))},{fmt(frame.y(result.values[i]))}"
            for i in range(phase.start, phase.stop)
        )
        out.append(
            f'<polyline class="data-line" points="{points}" fill="none" '
            f'stroke="{PALETTE["ink"]}" stroke-width="1.5"/>'
        )
    for position, value in enumerate(result.values):
        fill = PALETTE["background"] if position in excluded else PALETTE["ink"]
        out.append(
            f'<circle cx="{fmt(frame.x(position))}" cy="{fmt(frame.y(value))}" r="3.5" '
            f'fill="{fill}" stroke="{PALETTE["ink"]}" stroke-width="1.5"/>'
        )
    return "".join(out)


def signal_markers(frame: Frame, result: ChartResult) -> str:
    """Return a diamond at every point a rule flagged, with the rules' messages as a tooltip."""
    flagged: dict[int, list[Signal]] = defaultdict(list)
    for signal in result.signals:
        if signal.rule.info.marks_points:
            for position in signal.point_indices:
                flagged[position].append(signal)
    out = []
    for position in sorted(flagged):
        x, y = frame.x(position), frame.y(result.values[position])
        rules = " ".join(dict.fromkeys(signal.rule.value for signal in flagged[position]))
        messages = " ".join(dict.fromkeys(signal.message for signal in flagged[position]))
        out.append(
            f'<path class="signal-marker" data-point="{position}" data-rules="{rules}" '
            f'd="M{fmt(x)} {fmt(y - 7)}l7 7l-7 7l-7 -7z" fill="{PALETTE["signal"]}" '
            f'stroke="{PALETTE["background"]}" stroke-width="1.5">'
            f"<title>{html.escape(messages)}</title></path>"
        )
    return "".join(out)


def annotation_marks(frame: Frame, notes: Sequence[Annotation]) -> str:
    """Return a dotted line and a text flag for each annotation, linked when it has an href."""
    out, top = [], frame.layout.top
    bottom = fmt(top + frame.layout.plot_height)
    for number, note in enumerate(notes):
        x = fmt(frame.x(note.position))
        text = note.label
        if len(text) > LABEL_LENGTH:
            text = text[: LABEL_LENGTH - 1] + "\N{HORIZONTAL ELLIPSIS}"
        flag = top - 26 + 14 * (number % 2)
        mark = (
            f'<g class="annotation" data-point="{note.position}"><title>'
            f"{html.escape(note.label)}</title>"
            f'<line x1="{x}" x2="{x}" y1="{flag}" y2="{bottom}" stroke="{PALETTE["annotation"]}" '
            f'stroke-dasharray="1 3" stroke-width="1.5"/>'
            f'<path d="M{x} {flag - 9}l7 4l-7 4z" fill="{PALETTE["annotation"]}"/>'
            f'<text x="{fmt(float(x) + 9)}" y="{flag - 1}" fill="{PALETTE["annotation"]}" '
            f'font-size="11">{html.escape(text)}</text></g>'
        )
        if note.href:
            mark = f'<a href="{html.escape(note.href, quote=True)}">{mark}</a>'
        out.append(mark)
    return "".join(out)


def legend(frame: Frame, result: ChartResult, has_notes: bool) -> str:
    """Return a legend row under the chart naming every kind of mark it uses."""
    items = [
        ("point", "Data"),
        ("centre", "Median" if isinstance(result, RunChartResult) else "Centre line"),
    ]
    if isinstance(result, ControlChartResult):
        items.append(("limit", "Control limits"))
    if any(signal.rule.info.marks_points for signal in result.signals):
        items.append(("signal", "Signal"))
    if any(not signal.rule.info.marks_points for signal in result.signals):
        items.append(("runs", "Runs signal"))
    if result.excluded:
        items.append(("excluded", "Left out of calculations"))
    if has_notes:
        items.append(("note", "PDSA cycle / note"))
    y = frame.layout.height - 14
    out, x = ['<g class="legend">'], float(frame.layout.left)
    for kind, text in items:
        out.append(_legend_glyph(kind, x, y))
        out.append(f'<text x="{fmt(x + 22)}" y="{y + 4}">{text}</text>')
        x += 30 + 6.5 * len(text)
    out.append("</g>")
    return "".join(out)


def _legend_glyph(kind: str, x: float, y: float) -> str:
    line = f'x1="{fmt(x)}" x2="{fmt(x + 16)}" y1="{y}" y2="{y}" stroke-width="2"'
    glyphs = {
        "point": f'<circle cx="{fmt(x + 8)}" cy="{y}" r="3.5" fill="{PALETTE["ink"]}"/>',
        "centre": f'<line {line} stroke="{PALETTE["centre"]}"/>',
        "limit": f'<line {line} stroke="{PALETTE["limit"]}" stroke-dasharray="{LIMIT_DASHES}"/>',
        "signal": f'<path d="M{fmt(x + 8)} {y - 7}l7 7l-7 7l-7 -7z" fill="{PALETTE["signal"]}"/>',
        "runs": f'<line {line} stroke="{PALETTE["signal"]}" '
        f'stroke-dasharray="{RUNS_SIGNAL_DASHES}"/>',
        "excluded": f'<circle cx="{fmt(x + 8)}" cy="{y}" r="3.5" fill="{PALETTE["background"]}" '
        f'stroke="{PALETTE["ink"]}" stroke-width="1.5"/>',
        "note": f'<path d="M{fmt(x + 5)} {y - 6}l7 4l-7 4z" fill="{PALETTE["annotation"]}"/>'
        f'<line x1="{fmt(x + 5)}" x2="{fmt(x + 5)}" y1="{y - 6}" y2="{y + 7}" '
        f'stroke="{PALETTE["annotation"]}" stroke-width="1.5"/>',
    }
    return glyphs[kind]
