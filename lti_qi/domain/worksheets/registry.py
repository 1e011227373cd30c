"""Every worksheet kind, registered once: its spec, first document, checks and diagram.

A `KindRecord` holds all a worksheet kind brings to the app, so nothing else keeps a table
keyed by kind. The specs are written next to what they describe: the aim and team in
`specs_start`, the process map and fishbone in `specs_system`, the driver diagram and measures
plan in `specs_change`, the PDSA log in `specs_pdsa`, the Pareto worksheet in `specs_pareto`,
and the sustainability and SQUIRE worksheets with their own logic. The advice beyond the form
is in `checks`, the diagrams in the `diagrams_*` modules.

Adding a worksheet: a `WorksheetKind` member, a module with its spec (and any check or
diagram), and one `KindRecord` line in `REGISTRY`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from lti_qi.domain.worksheets import (
    checks,
    diagrams_driver,
    diagrams_fishbone,
    diagrams_pareto,
    diagrams_process,
    specs_change,
    specs_pareto,
    specs_pdsa,
    specs_start,
    specs_system,
    squire,
    sustainability,
)
from lti_qi.domain.worksheets.problems import FieldProblem
from lti_qi.domain.worksheets.schema import Document, Documents, WorksheetKind, WorksheetSpec

Check = Callable[[Documents, date], list[FieldProblem]]
"""Advice on one kind's document, given the project's worksheets by kind and today's date."""
Diagram = Callable[[Document], str | None]
"""A worksheet drawn as accessible SVG (None when there is nothing to draw yet)."""


@dataclass(frozen=True)
class KindRecord:
    """Everything one worksheet kind brings: how it is drawn as a form, started, checked, shown.

    Attributes:
        spec: Its fields, grouped as on the page (the spec names the kind).
        check: Its checks beyond the form, or None when it has none.
        diagram: Its diagram, or None when it has none.
        starter: The document a new worksheet of this kind holds before the learner types.
    """

    spec: WorksheetSpec
    check: Check | None = None
    diagram: Diagram | None = None
    starter: Callable[[], dict[str, Any]] = dict

    @property
    def kind(self) -> WorksheetKind:
        """Return which worksheet this records."""
        return self.spec.kind


REGISTRY: Mapping[WorksheetKind, KindRecord] = {
    record.kind: record
    for record in (
        KindRecord(specs_start.AIM_STATEMENT, check=checks.aim),
        KindRecord(specs_start.TEAM_STAKEHOLDERS, check=checks.team),
        KindRecord(specs_system.PROCESS_MAP, diagram=diagrams_process.render_process_map_svg),
        KindRecord(
            specs_system.FISHBONE,
            check=checks.fishbone,
            diagram=diagrams_fishbone.render_fishbone_svg,
            starter=specs_system.fishbone_starter,
        ),
        KindRecord(
            specs_change.DRIVER_DIAGRAM,
            check=checks.driver_diagram,
            diagram=diagrams_driver.render_driver_diagram_svg,
        ),
        KindRecord(
            specs_pareto.PARETO,
            check=checks.pareto,
            diagram=diagrams_pareto.render_pareto_worksheet_svg,
        ),
        KindRecord(specs_change.MEASURES_PLAN, check=checks.measures),
        KindRecord(specs_pdsa.PDSA_LOG, check=checks.pdsa),
        KindRecord(sustainability.SUSTAINABILITY_PLAN, check=checks.sustainability),
        KindRecord(squire.SQUIRE_WRITEUP),
    )
}


def record_for(kind: WorksheetKind) -> KindRecord:
    """Return the registration record of a worksheet kind."""
    return REGISTRY[kind]


def spec_for(kind: WorksheetKind) -> WorksheetSpec:
    """Return the spec of a worksheet kind."""
    return REGISTRY[kind].spec


def starter_document(kind: WorksheetKind) -> dict[str, Any]:
    """Return what a new worksheet of this kind holds before the learner types anything.

    Most start empty; the fishbone starts with the common category names, for the team to
    rename, remove or add to.
    """
    return REGISTRY[kind].starter()


def worksheet_checks(
    kind: WorksheetKind, documents: Documents, *, today: date
) -> list[FieldProblem]:
    """Return what the learner should fix or consider in one worksheet, beyond its form.

    Args:
        kind: The worksheet to check.
        documents: The project's validated worksheets by kind (for links between them).
        today: The date of the check (an aim's date must be after it).
    """
    check = REGISTRY[kind].check
    return check(documents, today) if check else []
