"""What a worksheet page shows beside the form: its diagram, and advice on the learner's work.

One entry point for every worksheet kind, so the page does not need to know which tool draws
which diagram. The advice is the kind's registered check (which may read the project's other
worksheets); the diagram is the worksheet drawn as accessible SVG, where it has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lti_qi.domain.worksheets.registry import record_for, worksheet_checks
from lti_qi.domain.worksheets.schema import Document, Documents, WorksheetKind


@dataclass(frozen=True)
class Insights:
    """A diagram (SVG, or None) and advice sentences for one worksheet."""

    svg: str | None = None
    feedback: tuple[str, ...] = field(default_factory=tuple)


def worksheet_insights(
    kind: WorksheetKind, document: Document, *, others: Documents, today: date
) -> Insights:
    """Return the diagram and advice for a worksheet of ``kind`` holding ``document``."""
    documents = {**others, kind: document}
    advice = tuple(problem.message for problem in worksheet_checks(kind, documents, today=today))
    draw = record_for(kind).diagram
    return Insights(
        svg=draw(document) if draw and _has_content(document) else None, feedback=advice
    )


def _has_content(document: Document) -> bool:
    return any(value not in (None, "", [], {}) for value in document.values())
