"""What a worksheet page shows beside the form: its diagram, and advice on the learner's work.

One entry point for every worksheet kind, so the page does not need to know which tool draws
which diagram. The advice is `worksheet_checks`' (which may read the project's other
worksheets); the diagram is the worksheet drawn as accessible SVG, where it has one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from lti_qi.domain import (
    diagrams_driver,
    diagrams_fishbone,
    diagrams_pareto,
    diagrams_process,
    pareto,
)
from lti_qi.domain.worksheet_checks import worksheet_checks
from lti_qi.domain.worksheets import WorksheetKind

Document = Mapping[str, object]
Documents = Mapping[WorksheetKind, Document]


@dataclass(frozen=True)
class Insights:
    """A diagram (SVG, or None) and advice sentences for one worksheet."""

    svg: str | None = None
    feedback: tuple[str, ...] = field(default_factory=tuple)


def insights(
    kind: WorksheetKind, document: Document, *, others: Documents, today: date
) -> Insights:
    """Return the diagram and advice for a worksheet of ``kind`` holding ``document``."""
    documents = {**others, kind: document}
    advice = tuple(problem.message for problem in worksheet_checks(kind, documents, today=today))
    draw = _DIAGRAMS.get(kind)
    return Insights(
        svg=draw(document) if draw and _has_content(document) else None, feedback=advice
    )


def _pareto_svg(document: Document) -> str | None:
    rows = pareto.pareto_table(pareto.pareto_categories(document))
    return diagrams_pareto.render_pareto_svg(rows) if rows else None


def _has_content(document: Document) -> bool:
    return any(value not in (None, "", [], {}) for value in document.values())


_DIAGRAMS: dict[WorksheetKind, Callable[[Document], str | None]] = {
    WorksheetKind.PROCESS_MAP: diagrams_process.render_process_map_svg,
    WorksheetKind.FISHBONE: diagrams_fishbone.render_fishbone_svg,
    WorksheetKind.DRIVER_DIAGRAM: diagrams_driver.render_driver_diagram_svg,
    WorksheetKind.PARETO: _pareto_svg,
}
