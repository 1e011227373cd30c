"""Someone who joins a team late reads the team's worksheets before finishing their own stages.

Aisha has written and submitted the team's aim; Ben joins her team with its invite code but
has not read module 1 himself. The aim worksheet opens for him read-only (with a way on to his
own stages) instead of answering 403; saving it still waits for his own stages.
"""

from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import Project
from lti_qi.transaction import unit_of_work

from journeys import GOOD_AIM, correct_answers, csrf, submit_aim_stage
from launching import LaunchDriver


def test_a_late_joiner_reads_the_teams_worksheet(launcher: LaunchDriver, app: Flask) -> None:
    aisha = launcher.launch()
    submit_aim_stage(aisha, correct_answers(app))
    token = csrf(aisha, "project")
    assert (
        aisha.client.post(aisha.url("project/share"), data={"csrf_token": token}).status_code == 302
    )
    with app.app_context(), unit_of_work():
        code = db.session.scalar(select(Project.invite_code))
    ben = launcher.launch(sub="learner-ben")
    joined = ben.client.post(
        ben.url("project/join"), data={"csrf_token": csrf(ben, "project"), "code": code}
    )
    assert joined.status_code == 302

    module = ben.get("modules/aim").get_data(as_text=True)
    assert f'href="/s/{ben.token}/activities/aim-worksheet"' in module
    page = ben.get("activities/aim-worksheet")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "This is your team's worksheet, shown read-only" in text
    assert "<fieldset disabled>" in text
    assert GOOD_AIM["problem"] in text

    form = {"csrf_token": csrf(ben, "project"), "_base_version": "1", "_action": "draft"}
    saved = ben.client.post(ben.url("activities/aim-worksheet/worksheet"), data=form)
    assert saved.status_code == 403
    assert ben.get("activities/aim-evidence").status_code == 403  # not a worksheet
