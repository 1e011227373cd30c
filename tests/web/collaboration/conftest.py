"""Aisha's course with a project, an aim and a message, as the collaboration tests start from."""

import pytest
from flask import Flask

from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.extensions import db
from lti_qi.models import Project, Worksheet
from lti_qi.transaction import unit_of_work

from collaboration_helpers import SECRET_PLAN, aisha_project_id, post, project_of
from launching import LaunchDriver, Launched

AIM = {
    "problem": "About a fifth of lunch trays come back untouched.",
    "direction": "decrease",
    "measure": "the percentage of lunch trays returned untouched",
    "baseline": "20%",
    "target": "10%",
    "target_date": "2027-03-31",
    "population": "on Wards 4 and 5",
}


@pytest.fixture
def database(app: Flask):
    """Run DB work in a fresh app context (requests must not share the test's ``g``)."""

    def run(work):
        with app.app_context(), unit_of_work():
            result = work()
            db.session.commit()
            return result

    return run


@pytest.fixture
def aisha(launcher: LaunchDriver, database) -> Launched:
    """Aisha in QI-101 with a titled project, an aim worksheet and one message."""
    launched = launcher.launch(sub="learner-aisha", course="QI-101")
    launched.get()

    def prepare():
        project = db.session.get(Project, project_of("learner-aisha"))
        project.title = "Fewer untouched lunch trays"
        db.session.add(
            Worksheet(
                project_id=project.id,
                kind=WorksheetKind.AIM_STATEMENT,
                data=AIM,
                version=1,
                updated_by=project.created_by,
            )
        )

    database(prepare)
    assert (
        post(
            launched, f"community/projects/{aisha_project_id(database)}/messages", body=SECRET_PLAN
        ).status_code
        == 302
    )
    return launched
