"""A first draft of a project's SQUIRE write-up: its earlier worksheets and its charts.

Offered when the learner opens the write-up worksheet before ever saving it: the sections the
earlier worksheets can fill (``worksheets.squire_draft``), with the project's charts cited in
Results as numbered figures (``worksheets.with_figures``). Nothing is saved until they save it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lti_qi.domain.worksheets import WorksheetKind, squire_draft, with_figures
from lti_qi.services.measurement import series_charts


def first_draft(
    project_id: int, documents: Mapping[WorksheetKind, Mapping[str, Any]]
) -> dict[str, str]:
    """Return draft text by write-up field, from the project's worksheets and charted measures."""
    return with_figures(squire_draft(documents), series_charts.squire_figures(project_id))
