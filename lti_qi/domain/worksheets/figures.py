"""The project's charts as numbered figures in the Results section of its SQUIRE write-up.

SQUIRE 2.0 (Ogrinc et al., BMJ Qual Saf 2016;25:986-992) asks the Results (item 13) for what
the process and outcome measures showed, and the Analysis (item 11b) for how variation over
time was understood: in QI reports, run and control charts. Each charted measure becomes a
numbered figure with a caption, the chart itself (the same accessible SVG as on the measure
page) and the chart's one-sentence finding; `with_figures` adds a paragraph citing the figures
to the Results text that `write_up.squire_draft` drafts from the worksheets. Like
that draft, it invents nothing: every sentence is the chart's own summary.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lti_qi.domain.charts import ChartResult, RunChartResult, date_range
from lti_qi.domain.values import shorten
from lti_qi.domain.worksheets.squire import SQUIRE_WRITEUP

RESULTS_FIELD = "results"


@dataclass(frozen=True)
class ChartFigure:
    """One measure's chart as a figure of the write-up.

    Attributes:
        number: The figure number, from 1, in the order the figures are cited.
        measure_id: The id of the measure charted, for links to it.
        measure: The measure's name (with its unit, if any).
        caption: "Figure 1. Minutes to first dose: run chart, 20 points from ... to ...".
        finding: The chart's summary sentence (which rules fired, if any).
        svg: The chart as a standalone, accessible SVG.
    """

    number: int
    measure_id: int
    measure: str
    caption: str
    finding: str
    svg: str


def chart_figure(
    number: int, measure: tuple[int, str], result: ChartResult, svg: str
) -> ChartFigure:
    """Return a charted measure (its id and name) as figure ``number`` of the write-up."""
    kind = "run chart" if isinstance(result, RunChartResult) else result.chart_type.display_name
    points = f"{len(result.values)} point{'s' if len(result.values) != 1 else ''}"
    caption = f"Figure {number}. {measure[1]}: {kind}, {points}{date_range(result)}."
    return ChartFigure(number, *measure, caption, result.summary, svg)


def results_paragraph(figures: Sequence[ChartFigure]) -> str:
    """Return the Results paragraph that cites each figure with its finding, or ""."""
    return "\n\n".join(f"{item.measure} (Figure {item.number}): {item.finding}" for item in figures)


def with_figures(draft: Mapping[str, str], figures: Sequence[ChartFigure]) -> dict[str, str]:
    """Return the write-up draft with the figures' paragraph added to its Results section.

    The paragraph goes first, since the charts are what the Results report; the draft's own
    Results text (PDSA cycles, balancing measures) follows. The section keeps to its length.
    """
    paragraph = results_paragraph(figures)
    if not paragraph:
        return dict(draft)
    text = "\n\n".join(part for part in (paragraph, draft.get(RESULTS_FIELD, "")) if part)
    limit = SQUIRE_WRITEUP.field_named(RESULTS_FIELD).max_length or len(text)
    if len(text) > limit:
        text = shorten(text, limit - 40) + " (see your worksheets for the rest)"
    return {**draft, RESULTS_FIELD: text}
