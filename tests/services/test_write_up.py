"""The first draft of a project's SQUIRE write-up: its aim, its PDSA log, its charts."""

from __future__ import annotations

from flask import Flask

from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.extensions import db
from lti_qi.models import Worksheet
from lti_qi.services.curriculum import worksheets
from lti_qi.services.measurement import write_up
from lti_qi.transaction import unit_of_work

from journeys import GOOD_AIM
from launching import LaunchDriver
from measurement_helpers import PASTED, learner_with_measures, paste, project_of, series_id


def test_the_draft_quotes_the_worksheets_and_cites_each_chart(
    app: Flask, launcher: LaunchDriver
) -> None:
    aisha = learner_with_measures(launcher.launch(), app)
    assert paste(aisha, series_id(app, "Minutes to first dose"), PASTED).status_code == 302
    project_id = project_of(app, "learner-aisha")
    with app.app_context(), unit_of_work():
        db.session.add(
            Worksheet(
                project_id=project_id, kind=WorksheetKind.AIM_STATEMENT, version=1, data=GOOD_AIM
            )
        )
        db.session.commit()
        draft = write_up.first_draft(project_id, worksheets.all_documents(project_id))
    assert "lunch trays" in draft["problem_description"].lower()
    assert draft["results"].startswith("Minutes to first dose (Figure 1):")
    assert "Figure 2" not in draft["results"]  # the other measure has no data yet


def test_a_project_with_nothing_yet_gets_an_empty_draft(app: Flask, launcher: LaunchDriver) -> None:
    aisha = launcher.launch()
    aisha.get()
    project_id = project_of(app, "learner-aisha")
    with app.app_context(), unit_of_work():
        assert write_up.first_draft(project_id, worksheets.all_documents(project_id)) == {}
