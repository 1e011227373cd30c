"""A stage sent back for changes cannot be missed: the learner's home leads with it.

The home names the stage, quotes the mentor's note and links straight to the worksheet to
revise; the worksheet page shows the note above the worksheet; unread messages follow.
"""

import pytest
from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import Project

from journeys import correct_answers, csrf, submit_aim_stage
from launching import LaunchDriver, Launched

NOTE = "Name the ward and say how you will count the trays."


@pytest.fixture
def sent_back(launcher: LaunchDriver, app: Flask) -> Launched:
    """Aisha's aim stage, sent back by the designer with a note."""
    aisha = launcher.launch(sub="learner-aisha")
    submit_aim_stage(aisha, correct_answers(app))
    fatima = launcher.launch(sub="designer-fatima")
    with app.app_context():
        project_id = db.session.scalar(select(Project.id))
    review = f"mentoring/projects/{project_id}/stages/aim-apply"
    decided = fatima.client.post(
        fatima.url(review + "/decide"),
        data={
            "csrf_token": csrf(fatima, review),
            "round": "1",
            "decision": "changes",
            "note": NOTE,
        },
    )
    assert decided.status_code == 302, decided.get_data(as_text=True)[:500]
    return aisha


def test_the_home_leads_with_the_changes_and_the_mentor_s_note(sent_back: Launched) -> None:
    page = sent_back.get().get_data(as_text=True)
    attention = page.index("Needs your attention")
    assert attention < page.index("Your progress")
    assert "Your mentor asked for changes to" in page
    assert NOTE in page
    assert "Fatima Green" in page
    assert f'href="/s/{sent_back.token}/activities/aim-worksheet">Revise' in page
    assert "New messages" in page  # the decision's inbox message


def test_the_worksheet_shows_the_note_above_the_worksheet(sent_back: Launched) -> None:
    page = sent_back.get("activities/aim-worksheet").get_data(as_text=True)
    assert "Your mentor asked for changes" in page
    assert page.index(NOTE) < page.index('<form method="post"')


def test_nothing_to_attend_to_shows_no_attention_box(launcher: LaunchDriver) -> None:
    page = launcher.launch(sub="learner-chloe").get().get_data(as_text=True)
    assert "Needs your attention" not in page
