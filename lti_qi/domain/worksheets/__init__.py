"""The structured QI worksheets of a learner's project: what they ask, check and draw.

The one entry point for code outside this package. Each worksheet kind is registered once
(`registry.KindRecord`: its spec, first document, checks beyond the form and diagram), so a
page or service asks by kind and never needs to know which module serves it:

- `spec_for(kind)` and `starter_document(kind)`: the form and a new worksheet's content;
- `validate_worksheet(kind, data)`: clean a document against its spec, with its problems;
- `worksheet_checks(kind, documents, today=...)` and `worksheet_insights(...)`: the advice
  across worksheets and the diagram a page shows beside the form;
- the links between worksheets (`change_ideas`, `planned_measures`, `pdsa_cycles`), the
  SMART aim checker, and the SQUIRE write-up draft with its chart figures.
"""

from lti_qi.domain.worksheets.aims import check_aim
from lti_qi.domain.worksheets.aims_text import AimParts, compose_aim
from lti_qi.domain.worksheets.cleaning import tidy_text
from lti_qi.domain.worksheets.drivers import change_ideas
from lti_qi.domain.worksheets.figures import (
    ChartFigure,
    chart_figure,
    results_paragraph,
    with_figures,
)
from lti_qi.domain.worksheets.insights import Insights, worksheet_insights
from lti_qi.domain.worksheets.links import pdsa_cycles
from lti_qi.domain.worksheets.measures import family_order, measure_name_key, planned_measures
from lti_qi.domain.worksheets.prefill import fields_with_text, prefilled, suggested_text
from lti_qi.domain.worksheets.problems import FieldProblem, Severity
from lti_qi.domain.worksheets.registry import (
    REGISTRY,
    KindRecord,
    record_for,
    spec_for,
    starter_document,
    worksheet_checks,
)
from lti_qi.domain.worksheets.schema import (
    FieldSpec,
    FieldType,
    LinkTarget,
    SectionSpec,
    WorksheetKind,
    WorksheetSpec,
)
from lti_qi.domain.worksheets.validation import ValidatedWorksheet, validate_worksheet
from lti_qi.domain.worksheets.write_up import squire_draft

__all__ = [
    "REGISTRY",
    "AimParts",
    "ChartFigure",
    "FieldProblem",
    "FieldSpec",
    "FieldType",
    "Insights",
    "KindRecord",
    "LinkTarget",
    "SectionSpec",
    "Severity",
    "ValidatedWorksheet",
    "WorksheetKind",
    "WorksheetSpec",
    "change_ideas",
    "chart_figure",
    "check_aim",
    "compose_aim",
    "family_order",
    "fields_with_text",
    "measure_name_key",
    "pdsa_cycles",
    "planned_measures",
    "prefilled",
    "record_for",
    "results_paragraph",
    "spec_for",
    "squire_draft",
    "starter_document",
    "suggested_text",
    "tidy_text",
    "validate_worksheet",
    "with_figures",
    "worksheet_checks",
    "worksheet_insights",
]
