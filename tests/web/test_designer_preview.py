"""Preview: the learner's pages as a designer sees them, with nothing saved."""

import re

import pytest
import sqlalchemy as sa
from flask import Flask

from lti_qi.extensions import db
from lti_qi.models import (
    ActivityProgress,
    CheckAttempt,
    Evidence,
    Project,
    Reflection,
    StageSignoff,
    Worksheet,
)
from lti_qi.services.content import packs, pathways

from designer_helpers import correct_answers, in_app, post
from launching import LaunchDriver, Launched

BANNER = "Preview: nothing you do here is saved."


@pytest.fixture
def fatima(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="designer-fatima", course="QI-101")


def saved_rows(app: Flask) -> dict[str, int]:
    def count() -> dict[str, int]:
        tables = (ActivityProgress, CheckAttempt, Evidence, Project, Reflection, StageSignoff)
        return {
            table.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in (*tables, Worksheet)
        }

    return in_app(app, count)


def test_every_page_and_activity_opens_in_preview_and_nothing_is_saved(
    fatima: Launched, app: Flask
) -> None:
    pathway = in_app(app, lambda: pathways.pathway(packs.DEFAULT_PACK))
    pages = [
        "designer/preview",
        *(f"designer/preview/modules/{module.slug}" for module in pathway.modules),
        *(f"designer/preview/activities/{activity.slug}" for activity in pathway.activities()),
    ]
    for path in pages:
        response = fatima.get(path)
        assert response.status_code == 200, path
        assert BANNER in response.get_data(as_text=True), path
    actions = ["done", "reflection", "worksheet", "evidence"]
    for action in actions:
        response = post(fatima, "designer/preview/actions/aim-worksheet", {"_action": action})
        assert response.status_code == 303
    assert post(fatima, "designer/preview/actions/aim-apply").status_code == 303
    assert (
        post(
            fatima, "designer/preview/activities/aim-check/check", correct_answers(app)
        ).status_code
        == 200
    )
    assert set(saved_rows(app).values()) == {0}


def test_preview_links_and_forms_stay_in_the_preview(fatima: Launched) -> None:
    module = fatima.get("designer/preview/modules/aim").get_data(as_text=True)
    main = module.split('<main id="main"', 1)[1]
    links = re.findall(r'href="(/s/[^"]+)"', main)
    assert links
    assert all("/designer/" in link for link in links), links
    assert "Every activity of this module (preview)" in main
    assert "/designer/preview/activities/aim-reflection" in main  # locked for a learner
    reading = fatima.get("designer/preview/activities/aim-read-model").get_data(as_text=True)
    actions = re.findall(r'<form method="post" action="([^"]+)"', reading)
    assert actions
    assert all("/designer/preview/" in action for action in actions), actions
    worksheet = fatima.get("designer/preview/activities/aim-worksheet").get_data(as_text=True)
    assert "worksheet-autosave.js" not in worksheet
    assert "<title>Preview: Write your aim statement · lti-qi</title>" in worksheet


def test_a_knowledge_check_is_marked_in_preview_with_its_feedback(
    fatima: Launched, app: Flask
) -> None:
    marked = post(fatima, "designer/preview/activities/aim-check/check", correct_answers(app))
    page = marked.get_data(as_text=True)
    assert "You got 8 of 8 right (100%)" in page
    assert BANNER in page
    unanswered = post(fatima, "designer/preview/activities/aim-check/check", {"q-q1": "a"})
    assert unanswered.status_code == 400
    assert "has no answer" in unanswered.get_data(as_text=True)
    not_a_check = post(fatima, "designer/preview/activities/aim-read-model/check")
    assert not_a_check.status_code == 400


def test_an_action_in_preview_says_nothing_was_saved(fatima: Launched) -> None:
    response = post(fatima, "designer/preview/actions/aim-read-model")
    assert response.headers["Location"].endswith("/designer/preview/activities/aim-read-model")
    page = fatima.client.get("http://tool.test" + response.headers["Location"])
    assert "Preview: nothing was saved." in page.get_data(as_text=True)


def test_learner_pages_outside_the_pathway_lead_back_to_the_preview(fatima: Launched) -> None:
    pathway = fatima.get("designer/preview").get_data(as_text=True)
    elsewhere = re.findall(r'href="(/s/[^"]+/designer/preview/elsewhere)"', pathway)
    assert elsewhere  # the header's "Project & team", for one
    answer = fatima.client.get("http://tool.test" + elsewhere[0])
    assert answer.headers["Location"].endswith("/designer/preview")
    assert post(fatima, "designer/preview/elsewhere").status_code == 303


def test_preview_shows_the_course_pass_marks(fatima: Launched) -> None:
    assert post(fatima, "designer/content/pass-marks", {"mark-aim": "85"}).status_code == 303
    assert "pass mark 85" in fatima.get("designer/preview").get_data(as_text=True)


def test_unknown_preview_pages_are_not_found(fatima: Launched) -> None:
    assert fatima.get("designer/preview/modules/nope").status_code == 404
    assert fatima.get("designer/preview/activities/nope").status_code == 404
