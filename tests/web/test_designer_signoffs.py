"""A designer signs stages off (until mentors do), inside their own course only."""

import pytest
import sqlalchemy as sa
from flask import Flask

from lti_qi.extensions import db
from lti_qi.models import Project, StageSignoff

from designer_helpers import correct_answers, figures, in_app, post, submit_aim_apply
from launching import LaunchDriver, Launched

DECIDE = "designer/signoffs/{project_id}/aim-apply"


@pytest.fixture
def fatima(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="designer-fatima", course="QI-101")


@pytest.fixture
def submitted(launcher: LaunchDriver, app: Flask) -> tuple[Launched, int]:
    """Aisha, with module 1's "Apply" stage submitted for sign-off, and her project's id."""
    aisha = launcher.launch(sub="learner-aisha", course="QI-101")
    submit_aim_apply(aisha, correct_answers(app))
    return aisha, in_app(app, lambda: db.session.scalar(sa.select(Project.id)))


def signoff_status(app: Flask) -> str:
    return in_app(app, lambda: db.session.scalar(sa.select(StageSignoff.status)))


def test_pending_stage_is_listed_and_signing_it_off_opens_the_next_stage(
    fatima: Launched, submitted: tuple[Launched, int], app: Flask
) -> None:
    aisha, project_id = submitted
    page = fatima.get("designer/signoffs").get_data(as_text=True)
    assert "Choosing a project and writing an aim: Apply" in page
    assert "submitted by Aisha Khan" in page
    assert "1 stage is waiting" in page
    assert aisha.get("activities/aim-reflection").status_code == 403
    decided = post(fatima, DECIDE.format(project_id=project_id), {"decision": "approve"})
    assert decided.status_code == 303
    assert signoff_status(app) == "signed_off"
    assert aisha.get("activities/aim-reflection").status_code == 200
    assert "No stage is waiting for sign-off." in fatima.get("designer/signoffs").get_data(
        as_text=True
    )


def test_asking_for_changes_needs_a_note_and_the_learner_sees_it(
    fatima: Launched, submitted: tuple[Launched, int], app: Flask
) -> None:
    aisha, project_id = submitted
    url = DECIDE.format(project_id=project_id)
    refused = post(fatima, url, {"decision": "changes", "note": "  "})
    assert refused.status_code == 303
    follow = fatima.client.get("http://tool.test" + refused.headers["Location"]).get_data(
        as_text=True
    )
    assert "Say what needs to change" in follow
    assert signoff_status(app) == "submitted"
    note = {"decision": "changes", "note": "Give the baseline's source and date."}
    assert post(fatima, url, note).status_code == 303
    assert signoff_status(app) == "changes_requested"
    assert "Changes requested" in aisha.get("modules/aim").get_data(as_text=True)
    assert figures(fatima.get("designer/").get_data(as_text=True))["Stuck"] == 1


def test_a_decision_that_is_neither_is_refused(
    fatima: Launched, submitted: tuple[Launched, int], app: Flask
) -> None:
    _, project_id = submitted
    assert (
        post(fatima, DECIDE.format(project_id=project_id), {"decision": "maybe"}).status_code == 303
    )
    assert signoff_status(app) == "submitted"


def test_a_designer_who_works_on_the_project_cannot_sign_it_off(
    fatima: Launched, submitted: tuple[Launched, int], app: Flask
) -> None:
    aisha, project_id = submitted
    assert post(aisha, "project/share").status_code == 302
    code = in_app(app, lambda: db.session.scalar(sa.select(Project.invite_code)))
    assert post(fatima, "project/join", {"code": code}).status_code == 302
    refused = post(fatima, DECIDE.format(project_id=project_id), {"decision": "approve"})
    assert refused.status_code == 403
    assert "member of its own project" in refused.get_data(as_text=True)
    assert signoff_status(app) == "submitted"


def test_a_designer_of_another_course_neither_sees_nor_decides(
    launcher: LaunchDriver, submitted: tuple[Launched, int], app: Flask
) -> None:
    _, project_id = submitted
    other = launcher.launch(sub="designer-fatima", course="QI-202")
    assert "No stage is waiting" in other.get("designer/signoffs").get_data(as_text=True)
    refused = post(other, DECIDE.format(project_id=project_id), {"decision": "approve"})
    assert refused.status_code == 404
    assert signoff_status(app) == "submitted"


def test_deciding_a_stage_twice_is_explained(
    fatima: Launched, submitted: tuple[Launched, int]
) -> None:
    _, project_id = submitted
    url = DECIDE.format(project_id=project_id)
    assert post(fatima, url, {"decision": "approve"}).status_code == 303
    again = post(fatima, url, {"decision": "approve"})
    assert again.status_code == 400
    assert "Only a submitted stage" in again.get_data(as_text=True)
