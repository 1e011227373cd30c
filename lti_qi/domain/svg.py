"""Shared pieces for the worksheet diagrams: the accessible SVG shell, text wrapping, boxes.

Every diagram is a standalone `<svg>` that follows the W3C "SVG accessibility" pattern used by
`charts.svg`: `role="img"` and `aria-labelledby` pointing at its own `<title>` and `<desc>`, the
desc saying in words what the diagram shows. The page also shows a text version (the driver
diagram's outline, the Pareto table), because a long desc is no substitute for a list a screen
reader can move through.

Drawing rules for all of them:

* the SVG has a `viewBox` and `width="100%"`, so it scales to the width of its container and
  keeps its shape;
* colours are presentation attributes and nothing depends on colour alone: levels differ by
  position, heading, border and shade, and the shades differ in lightness, so a greyscale
  print still reads;
* all learner text is XML-escaped, with characters XML cannot hold removed first, and is
  wrapped to fit its box (estimated from an average character width, as no fonts are
  measured on the server).
"""

import html
import math
import re
from collections.abc import Sequence

FONT = "Arial, Helvetica, sans-serif"
INK = "#222222"
LINE = "#595959"
MUTED = "#6b6b6b"
CHAR_WIDTH = 0.56
"""Average character width as a share of the font size, for Arial-like fonts (a safe guess)."""
LINE_HEIGHT = 1.3
"""Line spacing as a multiple of the font size."""

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """Return text safe inside an XML element or attribute."""
    return html.escape(_XML_INVALID.sub("", text), quote=True)


def safe_id(prefix: str, fallback: str) -> str:
    """Return a prefix usable in XML ids (letters, digits, ``-`` and ``_``)."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", prefix)
    return cleaned if cleaned[:1].isalpha() else fallback


def fmt(value: float) -> str:
    """Return a coordinate with at most two decimals and no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def wrap(text: str, width: float, size: float, max_lines: int = 12) -> list[str]:
    """Return text broken into lines that fit `width` pixels at font `size`.

    Words longer than a line are split; text beyond `max_lines` is cut and marked with "…".
    """
    per_line = max(4, int(width / (size * CHAR_WIDTH)))
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            while len(word) > per_line:
                if current:
                    lines.append(current)
                    current = ""
                lines.append(word[:per_line])
                word = word[per_line:]
            candidate = f"{current} {word}".strip()
            if len(candidate) > per_line:
                lines.append(current)
                candidate = word
            current = candidate
        lines.append(current)
    lines = [line for line in lines if line] or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: per_line - 1] + "…"]
    return lines


def text_height(lines: Sequence[str], size: float) -> float:
    """Return the height that lines of text take at font `size`."""
    return len(lines) * size * LINE_HEIGHT


def text_lines(
    lines: Sequence[str],
    x: float,
    top: float,
    size: float,
    *,
    anchor: str = "start",
    attrs: str = "",
) -> str:
    """Return a `<text>` element with one `<tspan>` per line, its first line below `top`."""
    step = size * LINE_HEIGHT
    first = top + size
    spans = "".join(
        f'<tspan x="{fmt(x)}" y="{fmt(first + index * step)}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    extra = f" {attrs}" if attrs else ""
    return f'<text font-size="{fmt(size)}" text-anchor="{anchor}"{extra}>{spans}</text>'


def rect(x: float, y: float, width: float, height: float, attrs: str) -> str:
    """Return a `<rect>` with the given presentation attributes."""
    return f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(width)}" height="{fmt(height)}" {attrs}/>'


def line(x1: float, y1: float, x2: float, y2: float, attrs: str) -> str:
    """Return a `<line>` with the given presentation attributes."""
    return f'<line x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}" {attrs}/>'


def nice_step(largest: float, ticks: int = 5) -> float:
    """Return a round step (1, 2 or 5 times a power of ten) giving about `ticks` steps."""
    if largest <= 0:
        return 1.0
    raw = largest / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= raw)


def svg_document(
    prefix: str, width: float, height: float, title: str, description: str, body: str
) -> str:
    """Return the accessible `<svg>` shell around a diagram's body."""
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" width="100%" '
        f'viewBox="0 0 {fmt(width)} {fmt(height)}" preserveAspectRatio="xMidYMin meet" '
        f'font-family="{FONT}" fill="{INK}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
        f'<rect width="{fmt(width)}" height="{fmt(height)}" fill="#ffffff"/>'
        f"{body}</svg>"
    )
