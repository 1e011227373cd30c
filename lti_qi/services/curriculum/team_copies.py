"""The team's worksheets, readable by a member whose own earlier stages are not finished.

Progress is personal (each member reads and passes the Learn stage), but a worksheet belongs
to the project. Someone who joins a team late would otherwise meet a locked stage where the
team's aim or process map already sits: they may read the team's saved worksheets, read-only,
to catch up, and work on them once their own stages open.
"""

from __future__ import annotations

from sqlalchemy import select

from lti_qi.domain.course import Activity, Module, Stage
from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.errors import Forbidden
from lti_qi.extensions import db
from lti_qi.models import Worksheet
from lti_qi.services.curriculum import learning
from lti_qi.services.curriculum.learning import LearnerView


def find_for_reading(view: LearnerView, slug: str) -> tuple[Module, Stage, Activity, bool]:
    """Return an activity to show, and whether it is the team's copy to show read-only.

    Raises:
        NotFound: when the pathway has no such activity.
        Forbidden: when it is not open to the person and is no worksheet the team has saved.
    """
    try:
        return (*learning.find_activity(view, slug), False)
    except Forbidden:
        located = view.pathway.locate(slug)
        kind = located[2].config.get("worksheet") if located else None
        if located is None or kind is None or kind not in saved_kinds(view):
            raise
        return (*located, True)


def saved_kinds(view: LearnerView) -> frozenset[str]:
    """Return the kinds of worksheet the person's team has saved (none for staff on no team)."""
    if view.is_read_only:
        return frozenset()
    query = select(Worksheet.kind).where(Worksheet.project_id == view.project.id)
    return frozenset(WorksheetKind(kind).value for kind in db.session.scalars(query))
