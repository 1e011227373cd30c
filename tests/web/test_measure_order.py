"""Measures are listed as a family: the outcome measure first, then process, then balancing.

Within a type they go by name; the list of measures and the reviewers' list agree.
"""

from flask import Flask

from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.extensions import db
from lti_qi.models import Worksheet
from lti_qi.transaction import unit_of_work

from launching import LaunchDriver
from measurement_helpers import project_of

PLAN = {
    "measures": [
        {"name": "Anyone choking at lunch", "type": "balancing"},
        {"name": "Checklist used", "type": "process"},
        {"name": "Untouched trays", "type": "outcome"},
        {"name": "Bed tables cleared", "type": "process"},
    ]
}
LISTED = ["Untouched trays", "Bed tables cleared", "Checklist used", "Anyone choking at lunch"]


def test_the_measures_page_lists_the_outcome_measure_first(
    app: Flask, launcher: LaunchDriver
) -> None:
    aisha = launcher.launch()
    aisha.get()
    with app.app_context(), unit_of_work():
        project_id = project_of(app, "learner-aisha")
        db.session.add(
            Worksheet(project_id=project_id, kind=WorksheetKind.MEASURES_PLAN, version=1, data=PLAN)
        )
        db.session.commit()
    page = aisha.get("measures").get_data(as_text=True)
    places = [page.index(name) for name in LISTED]
    assert places == sorted(places)
