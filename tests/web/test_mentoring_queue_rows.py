"""A review queue row says whose work it is, what the project aims at, and how long it waited."""

from datetime import timedelta

import time_machine
from flask import Flask

from lti_qi.models.base import utc_now

from journeys import correct_answers, submit_aim_stage
from launching import LaunchDriver

AIM = "To reduce the percentage of lunch trays returned untouched from 20% to 10%"


def test_two_projects_of_the_same_title_are_told_apart_by_their_learners_and_aim(
    launcher: LaunchDriver, app: Flask
) -> None:
    answers = correct_answers(app)
    with time_machine.travel(utc_now() - timedelta(days=3)):
        submit_aim_stage(launcher.launch(sub="learner-aisha"), answers)
    submit_aim_stage(launcher.launch(sub="learner-chloe"), answers)

    page = launcher.launch(sub="designer-fatima").get("mentoring/").get_data(as_text=True)

    rows = page.split("<tr>")[2:]
    assert len(rows) == 2, page
    assert '<th scope="row">Aisha Khan</th>' in rows[0]
    assert '<th scope="row">Chloe Davies</th>' in rows[1]
    for row in rows:
        assert "My QI project" in row
        assert AIM in row
        assert ": Apply</td>" in row
    assert "waiting 3 days" in rows[0]
    assert "submitted today" in rows[1]
