"""Designers see their course's stages waiting for sign-off and decide them on the review page.

Decisions go through the same route and rules as mentors' (``reviews.decide``), inside the
designer's own course only.
"""

import re

import pytest
import sqlalchemy as sa
from flask import Flask

from lti_qi.extensions import db
from lti_qi.models import CourseSetting, Project, StageSignoff
from lti_qi.transaction import unit_of_work

from designer_helpers import correct_answers, figures, in_app, post, submit_aim_apply
from launching import LaunchDriver, Launched

REVIEW = "mentoring/projects/{project_id}/stages/aim-apply"


def decide(designer: Launched, project_id: int, data: dict[str, str]):  # type: ignore[no-untyped-def]
    """Open the stage's review page, as the designer would, and post a decision from it."""
    page = designer.get(REVIEW.format(project_id=project_id))
    seen = re.search(r'name="round" value="(\d+)"', page.get_data(as_text=True))
    data = {"round": seen.group(1) if seen else "-1", **data}
    return post(designer, REVIEW.format(project_id=project_id) + "/decide", data)


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
    assert f"/mentoring/projects/{project_id}/stages/aim-apply" in page
    assert aisha.get("activities/aim-reflection").status_code == 403
    decided = decide(fatima, project_id, {"decision": "approve"})
    assert decided.status_code == 302
    assert signoff_status(app) == "signed_off"
    assert aisha.get("activities/aim-reflection").status_code == 200
    assert "No stage is waiting for sign-off." in fatima.get("designer/signoffs").get_data(
        as_text=True
    )


def test_asking_for_changes_needs_a_note_and_the_learner_sees_it(
    fatima: Launched, submitted: tuple[Launched, int], app: Flask
) -> None:
    aisha, project_id = submitted
    refused = decide(fatima, project_id, {"decision": "changes", "note": "  "})
    assert refused.status_code == 400
    assert "Say what needs to change" in refused.get_data(as_text=True)
    assert signoff_status(app) == "submitted"
    note = {"decision": "changes", "note": "Give the baseline's source and date."}
    assert decide(fatima, project_id, note).status_code == 302
    assert signoff_status(app) == "changes_requested"
    assert "Changes requested" in aisha.get("modules/aim").get_data(as_text=True)
    assert figures(fatima.get("designer/").get_data(as_text=True))["Stuck"] == 1


def test_a_designer_who_works_on_the_project_cannot_sign_it_off(
    fatima: Launched, submitted: tuple[Launched, int], app: Flask
) -> None:
    aisha, project_id = submitted
    assert post(aisha, "project/share").status_code == 302
    code = in_app(app, lambda: db.session.scalar(sa.select(Project.invite_code)))
    assert post(fatima, "project/join", {"code": code}).status_code == 302
    refused = decide(fatima, project_id, {"decision": "approve"})
    assert refused.status_code == 403
    assert "member of its own project" in refused.get_data(as_text=True)
    assert signoff_status(app) == "submitted"


def test_a_designer_of_another_course_neither_sees_nor_decides(
    launcher: LaunchDriver, submitted: tuple[Launched, int], app: Flask
) -> None:
    _, project_id = submitted
    other = launcher.launch(sub="designer-fatima", course="QI-202")
    assert "No stage is waiting" in other.get("designer/signoffs").get_data(as_text=True)
    refused = decide(other, project_id, {"decision": "approve"})
    assert refused.status_code in (403, 404)
    assert signoff_status(app) == "submitted"


def test_deciding_a_stage_twice_is_explained(
    fatima: Launched, submitted: tuple[Launched, int]
) -> None:
    _, project_id = submitted
    assert decide(fatima, project_id, {"decision": "approve"}).status_code == 302
    again = decide(fatima, project_id, {"decision": "approve"})
    assert again.status_code == 409


def test_designers_set_how_reviews_work_and_bad_values_are_explained(
    fatima: Launched, app: Flask
) -> None:
    page = fatima.get("designer/signoffs").get_data(as_text=True)
    assert 'name="review_sla_days"' in page
    saved = post(fatima, "designer/signoffs/settings", {"review_sla_days": "3"})
    assert saved.status_code == 303
    with app.app_context(), unit_of_work():
        setting = db.session.scalars(sa.select(CourseSetting)).one()
        assert (setting.review_sla_days, setting.mentors_may_claim) == (3, False)
        assert setting.peer_review_anonymous is False
    refused = post(
        fatima,
        "designer/signoffs/settings",
        {"review_sla_days": "90", "mentors_may_claim": "y", "peer_review_anonymous": "y"},
    )
    assert refused.status_code == 422
    assert "Number must be between 1 and 60" in refused.get_data(as_text=True)
    with app.app_context(), unit_of_work():
        assert db.session.scalars(sa.select(CourseSetting.review_sla_days)).one() == 3


def test_learners_cannot_change_review_settings(launcher: LaunchDriver) -> None:
    aisha = launcher.launch(sub="learner-aisha", course="QI-101")
    assert post(aisha, "designer/signoffs/settings", {"review_sla_days": "5"}).status_code == 403
