"""Every worksheet kind's spec, found by kind, and the document a new worksheet starts from.

The specs are written next to what they describe: the aim and team in
`worksheet_specs_start`, the process map and fishbone in `worksheet_specs_system`, the driver
diagram and measures plan in `worksheet_specs_change`, the PDSA log in `worksheet_specs_pdsa`,
the Pareto worksheet in `worksheet_specs_pareto`, and the sustainability and SQUIRE worksheets
with their own logic.
"""

from typing import Any

from lti_qi.domain import (
    worksheet_specs_change,
    worksheet_specs_pareto,
    worksheet_specs_pdsa,
    worksheet_specs_start,
    worksheet_specs_system,
    worksheet_squire,
    worksheet_sustainability,
)
from lti_qi.domain.worksheets import WorksheetKind, WorksheetSpec

SPECS: dict[WorksheetKind, WorksheetSpec] = {
    spec.kind: spec
    for spec in (
        worksheet_specs_start.AIM_STATEMENT,
        worksheet_specs_start.TEAM_STAKEHOLDERS,
        worksheet_specs_system.PROCESS_MAP,
        worksheet_specs_system.FISHBONE,
        worksheet_specs_change.DRIVER_DIAGRAM,
        worksheet_specs_pareto.PARETO,
        worksheet_specs_change.MEASURES_PLAN,
        worksheet_specs_pdsa.PDSA_LOG,
        worksheet_sustainability.SUSTAINABILITY_PLAN,
        worksheet_squire.SQUIRE_WRITEUP,
    )
}


def spec_for(kind: WorksheetKind) -> WorksheetSpec:
    """Return the spec of a worksheet kind."""
    return SPECS[kind]


def starter_document(kind: WorksheetKind) -> dict[str, Any]:
    """Return what a new worksheet of this kind holds before the learner types anything.

    Most start empty; the fishbone starts with the common category names, for the team to
    rename, remove or add to.
    """
    if kind is WorksheetKind.FISHBONE:
        names = worksheet_specs_system.FISHBONE_CATEGORIES
        return {"categories": [{"name": name} for name in names]}
    return {}
