"""Accessible, printable SVG for run charts and control charts, rendered on the server.

The SVG is a figure with a text alternative, following WCAG 2.2 and the W3C "SVG accessibility"
pattern: `role="img"` with `aria-labelledby` pointing at its own `<title>` and `<desc>`; the desc
says what the chart shows and which rules fired, in the same sentences as the result. The full
data table is the HTML template's job (from `table_rows()` of the result).

It must survive printing and embedding in a written report:

* no CSS from outside: colours, strokes and dashes are presentation attributes, and the only
  `<style>` (font) sits inside the SVG;
* signals are drawn as diamonds, excluded points as hollow circles, limits dashed and a
  runs-type signal as a dash-dot centre line, so nothing depends on colour alone (WCAG 1.4.1);
* every colour that carries meaning has at least 3:1 contrast with the white background
  (WCAG 1.4.11 non-text contrast); see `PALETTE`.

PDSA cycles are `Annotation`s: a point position, a short label and an optional link to the
cycle log; all text is escaped.
"""

import html
import re
from collections.abc import Sequence

from lti_qi.domain.charts import svg_marks as marks
from lti_qi.domain.charts import svg_parts as parts
from lti_qi.domain.charts.runchart import RunChartResult
from lti_qi.domain.charts.spc import ChartType, ControlChartResult
from lti_qi.domain.charts.svg_marks import Annotation
from lti_qi.domain.charts.svg_parts import Frame, Layout

ChartResult = RunChartResult | ControlChartResult

__all__ = ["PALETTE", "Annotation", "ChartResult", "describe", "render_chart_svg"]

PALETTE = parts.PALETTE
"""Colours by role; all but `grid` (decorative) have 3:1 contrast or more on white."""


def render_chart_svg(
    result: ChartResult,
    *,
    title: str,
    description: str | None = None,
    annotations: Sequence[Annotation] = (),
    id_prefix: str = "qi-chart",
    size: tuple[int, int] = (720, 380),
) -> str:
    """Return a run chart or control chart as a standalone, accessible SVG document fragment.

    Args:
        result: An analysed run chart or control chart.
        title: The chart's title ("Falls per 1,000 bed-days, ward 7").
        description: Text for `<desc>`; by default one is written from the result.
        annotations: Notes at points, such as PDSA cycles.
        id_prefix: Prefix for element ids, unique on the page when several charts share it.
        size: Width and height in pixels (the SVG scales through its viewBox).

    Returns:
        The `<svg>` element as text.

    Raises:
        ValueError: When an annotation names a point the chart does not have.
    """
    _check_annotations(annotations, len(result.values))
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "qi-chart"
    frame = Frame.of(result, Layout(*size))
    body = [
        marks.background(frame),
        parts.axes(frame, _percent(result), result.labels),
        parts.phase_marks(frame, result.phases),
        marks.limit_lines(frame, result),
        marks.centre_lines(frame, result),
        marks.data_line(frame, result),
        marks.signal_markers(frame, result),
        marks.annotation_marks(frame, annotations),
        marks.legend(frame, result, has_notes=bool(annotations)),
    ]
    text = description if description is not None else describe(result, title)
    return _document(prefix, frame.layout, title, text, "".join(body))


def describe(result: ChartResult, title: str) -> str:
    """Return a plain-words description of a chart: what it shows and what was found."""
    kind = "Run chart" if isinstance(result, RunChartResult) else result.chart_type.display_name
    kind = kind[:1].upper() + kind[1:]
    sentences = [f"{kind} of {title}: {len(result.values)} points{parts.date_range(result)}."]
    for phase in result.phases:
        sentences.append(parts.phase_sentence(result, phase))
    sentences.append(result.summary)
    sentences += [signal.message for signal in result.signals[:10]]
    if len(result.signals) > 10:
        sentences.append(f"And {len(result.signals) - 10} more signals: see the data table.")
    return " ".join(sentences)


def _percent(result: ChartResult) -> bool:
    return isinstance(result, ControlChartResult) and result.chart_type is ChartType.P


def _check_annotations(annotations: Sequence[Annotation], count: int) -> None:
    for annotation in annotations:
        if not 0 <= annotation.position < count:
            raise ValueError(
                f"Annotation {annotation.label!r} is at point {annotation.position + 1}, but "
                f"the chart has {count} points."
            )


def _document(prefix: str, layout: Layout, title: str, description: str, body: str) -> str:
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" width="{layout.width}" '
        f'height="{layout.height}" viewBox="0 0 {layout.width} {layout.height}" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="12">'
        f'<title id="{title_id}">{html.escape(title)}</title>'
        f'<desc id="{desc_id}">{html.escape(description)}</desc>'
        "<style>text{font-family:Arial,Helvetica,sans-serif;fill:#222222}</style>"
        f"{body}</svg>"
    )
