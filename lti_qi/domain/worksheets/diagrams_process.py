"""The process map drawn as a top-to-bottom flow: start, each step in order, end.

A vertical flow reads on a narrow screen and prints on one page width, at the cost of not
showing branches: a decision is drawn as a six-sided box with its question, and where each
answer leads is in the step's note, as the worksheet guide asks. Waits have a dashed border.
Problems and waste the team noted sit in dashed boxes beside their step, joined by a dotted
line, and start with "Problem:" so they do not depend on colour.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from lti_qi.domain import svg
from lti_qi.domain.values import join_words, shorten

SIZE = 13.0
SMALL = 11.5
PADDING = 8.0
MARGIN = 16.0
ARROW = 30.0
NOTE_GAP = 24.0


@dataclass(frozen=True)
class Step:
    """One step of the process map, numbered from 1."""

    number: int
    text: str
    kind: str
    who: str
    time: str
    problems: str


def process_steps(document: Mapping[str, object]) -> list[Step]:
    """Return the steps of a process map worksheet in order (steps without text left out)."""
    entries = document.get("steps")
    rows = [e for e in entries if isinstance(e, Mapping)] if isinstance(entries, list) else []
    named = [row for row in rows if _text(row, "step")]
    return [
        Step(
            number,
            _text(row, "step"),
            _text(row, "kind") or "task",
            _text(row, "who"),
            _text(row, "time"),
            _text(row, "problems"),
        )
        for number, row in enumerate(named, start=1)
    ]


def describe_process_map(start: str, end: str, steps: list[Step]) -> str:
    """Return the process map in words: where it runs, each step, and the problems noted."""
    if not steps and not start and not end:
        return "The process map is empty so far: say where it starts and ends, and add steps."
    first = shorten(start, 100) or "a start still to be named"
    last = shorten(end, 100) or "an end still to be named"
    sentences = [f"Process map from “{first}” to “{last}”, in {len(steps)} steps."]
    for step in steps:
        kind = {"decision": " (decision)", "wait": " (wait)"}.get(step.kind, "")
        extra = ", ".join(part for part in (step.who, step.time) if part)
        detail = f" ({shorten(extra, 80)})" if extra else ""
        sentences.append(f"Step {step.number}{kind}: {shorten(step.text, 100)}{detail}.")
    flagged = [str(step.number) for step in steps if step.problems]
    if flagged:
        noun = "step" if len(flagged) == 1 else "steps"
        sentences.append(f"Problems or notes at {noun} {join_words(flagged)}.")
    return " ".join(sentences)


def render_process_map_svg(
    document: Mapping[str, object],
    *,
    title: str = "Process map",
    id_prefix: str = "process-map",
    width: float = 640.0,
) -> str:
    """Return a process map worksheet drawn as an accessible SVG flow.

    Args:
        document: A validated process map worksheet.
        title: The drawing's title, for `<title>`.
        id_prefix: Prefix for element ids, unique on the page when several maps share it.
        width: Width in pixels of the drawing's coordinate space (it scales to its container).
    """
    start, end = _text(document, "start_point"), _text(document, "end_point")
    steps = process_steps(document)
    prefix = svg.safe_id(id_prefix, "process-map")
    flow = _Flow(prefix, width)
    flow.add("terminal", f"Start: {start or 'not named yet'}")
    for step in steps:
        flow.add(step.kind, f"{step.number}. {step.text}", step)
    flow.add("terminal", f"End: {end or 'not named yet'}")
    description = describe_process_map(start, end, steps)
    body = _marker(prefix) + "".join(flow.parts)
    return svg.svg_document(prefix, width, flow.bottom + MARGIN, title, description, body)


def _text(record: Mapping[str, object], key: str) -> str:
    value = record.get(key)
    return value if isinstance(value, str) else ""


def _marker(prefix: str) -> str:
    return (
        f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        f'<path d="M0 0 L10 5 L0 10 z" fill="{svg.INK}"/></marker></defs>'
    )


class _Flow:
    """Stacks boxes down the page, joined by arrows, with notes to the right."""

    def __init__(self, prefix: str, width: float) -> None:
        self.prefix = prefix
        self.column = width * 0.58
        self.note_x = MARGIN + self.column + NOTE_GAP
        self.note_width = width - self.note_x - MARGIN
        self.parts: list[str] = []
        self.bottom = MARGIN
        self._last_box_bottom: float | None = None

    def add(self, kind: str, label: str, step: Step | None = None) -> None:
        """Add a box (and its note) below the last one, with an arrow from it."""
        top = self.bottom if self._last_box_bottom is None else self.bottom + ARROW
        if self._last_box_bottom is not None:
            self._arrow(self._last_box_bottom, top)
        lines = svg.wrap(label, self.column - 2 * PADDING - 16, SIZE, max_lines=6)
        details = _details(step, self.column)
        height = svg.text_height(lines, SIZE) + svg.text_height(details, SMALL) + 2 * PADDING
        left = MARGIN + PADDING + 8
        box = [
            _outline(kind, MARGIN, top, self.column, height),
            svg.text_lines(lines, left, top + PADDING - 3, SIZE, attrs='font-weight="bold"'),
            svg.text_lines(details, left, top + PADDING - 3 + svg.text_height(lines, SIZE), SMALL),
        ]
        note_height = self._note(step, top, height) if step and step.problems else 0.0
        self.parts.append(f'<g class="step {kind}">{"".join(box)}</g>')
        self._last_box_bottom = top + height
        self.bottom = top + max(height, note_height)

    def _arrow(self, start: float, end: float) -> None:
        x = MARGIN + self.column / 2
        attrs = f'stroke="{svg.INK}" stroke-width="1.5" marker-end="url(#{self.prefix}-arrow)"'
        self.parts.append(svg.line(x, start, x, end - 2, attrs))

    def _note(self, step: Step, top: float, box_height: float) -> float:
        label = "Note" if step.kind == "decision" else "Problem"
        lines = svg.wrap(f"{label}: {step.problems}", self.note_width - 2 * PADDING, SMALL, 8)
        height = svg.text_height(lines, SMALL) + 2 * PADDING
        middle = top + min(box_height, height) / 2
        self.parts += [
            svg.line(MARGIN + self.column, middle, self.note_x, middle, _DOTTED),
            svg.rect(self.note_x, top, self.note_width, height, _NOTE_FRAME),
            svg.text_lines(lines, self.note_x + PADDING, top + PADDING - 3, SMALL),
        ]
        return height


_DOTTED = f'stroke="{svg.LINE}" stroke-dasharray="2 3"'
_NOTE_FRAME = f'fill="#f4f4f4" stroke="{svg.LINE}" stroke-dasharray="4 3"'
_FRAME = f'fill="#ffffff" stroke="{svg.INK}" stroke-width="1.5"'
_TERMINAL = f'fill="#dde6f2" stroke="{svg.INK}" stroke-width="1.5"'
_KIND_WORDS = {"decision": "Decision", "wait": "Wait"}


def _details(step: Step | None, column: float) -> list[str]:
    if step is None:
        return []
    words = [_KIND_WORDS.get(step.kind, "")]
    words += [f"Who: {step.who}" if step.who else "", f"Time: {step.time}" if step.time else ""]
    line = " · ".join(word for word in words if word)
    return svg.wrap(line, column - 2 * PADDING - 16, SMALL, max_lines=4) if line else []


def _outline(kind: str, x: float, y: float, width: float, height: float) -> str:
    if kind == "terminal":
        rounding = svg.fmt(min(height / 2, 18))
        return svg.rect(x, y, width, height, f'rx="{rounding}" {_TERMINAL}')
    if kind == "decision":
        cut, middle, right = 12.0, y + height / 2, x + width
        corners = [(x + cut, y), (right - cut, y), (right, middle)]
        corners += [(right - cut, y + height), (x + cut, y + height), (x, middle)]
        listed = " ".join(f"{svg.fmt(px)},{svg.fmt(py)}" for px, py in corners)
        return f'<polygon points="{listed}" {_FRAME}/>'
    dash = ' stroke-dasharray="6 4"' if kind == "wait" else ""
    return svg.rect(x, y, width, height, f'rx="3" {_FRAME}{dash}')
