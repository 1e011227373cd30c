"""Moments that confirm and reward: a passed check, a submitted worksheet, a finished module."""

import re

import pytest
import sqlalchemy as sa
from flask import Flask

from lti_qi.extensions import db
from lti_qi.models import ModuleFeedback, User

from cpd_helpers import finish_pathway, new_user
from designer_helpers import course_id, in_app
from journeys import (
    AIM_LEARN,
    GOOD_AIM,
    correct_answers,
    csrf,
    finish_learn_stage,
    finish_readings,
    sign_off_aim_apply,
)
from launching import LaunchDriver, Launched

REFLECTION = " ".join(["I learnt to write a measurable aim with a baseline and a date."] * 6)


@pytest.fixture
def aisha(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="learner-aisha")


def finish_module_one(aisha: Launched, app: Flask) -> str:
    """Finish module 1 through its pages (its apply stage signed off); return where it leads."""
    finish_learn_stage(aisha, correct_answers(app))
    sign_off_aim_apply(app)
    finished = aisha.client.post(
        aisha.url("activities/aim-reflection/reflection"),
        data={
            "csrf_token": csrf(aisha, "activities/aim-reflection"),
            "text": REFLECTION,
            "_action": "finish",
            "_base_version": "0",
        },
    )
    assert finished.status_code == 302
    return finished.headers["Location"]


def test_a_passed_check_says_passed_against_the_pass_mark_and_is_complete(
    aisha: Launched, app: Flask
) -> None:
    finish_readings(aisha, *AIM_LEARN)
    token = csrf(aisha, "activities/aim-check")
    answered = aisha.client.post(
        aisha.url("activities/aim-check/check"),
        data={"csrf_token": token, **correct_answers(app)},
    ).get_data(as_text=True)
    assert "<strong>Passed</strong>: you scored 100%, and the pass mark is 70%." in answered
    assert 'class="status status-complete"' in answered
    assert "status-not_started" not in answered
    assert "Continue: " in answered


def test_a_failed_check_says_not_passed_yet(aisha: Launched, app: Flask) -> None:
    finish_readings(aisha, *AIM_LEARN)
    wrong = {name: ["nothing-right"] for name in correct_answers(app)}
    token = csrf(aisha, "activities/aim-check")
    answered = aisha.client.post(
        aisha.url("activities/aim-check/check"), data={"csrf_token": token, **wrong}
    ).get_data(as_text=True)
    assert "<strong>Not passed yet</strong>: you scored 0%, and the pass mark is 70%." in answered


def test_a_submitted_worksheet_says_what_happens_next(aisha: Launched, app: Flask) -> None:
    finish_learn_stage(aisha, correct_answers(app))
    token = csrf(aisha, "activities/aim-worksheet")
    data = {"csrf_token": token, "_base_version": "0", "_action": "submit", **GOOD_AIM}
    submitted = aisha.client.post(aisha.url("activities/aim-worksheet/worksheet"), data=data)
    page = aisha.get("activities/aim-worksheet").get_data(as_text=True)
    assert submitted.status_code == 302
    assert "Submitted: what happens next" in page
    assert re.search(
        r"finish the rest of “[^”]+”: <a href=\"[^\"]+/activities/aim-evidence\"", page
    )
    assert "a mentor of your course (your project has none yet" in page
    assert "The decision (signed off, or changes asked for with a note) shows on" in page
    done = aisha.client.post(aisha.url("activities/aim-evidence/done"), data={"csrf_token": token})
    assert done.status_code == 302
    ready = aisha.get("activities/aim-worksheet").get_data(as_text=True)
    assert "/stages/aim-apply/submit" in ready.split("what-next-heading")[-1]


def test_what_we_notice_is_shown_only_with_something_to_notice(aisha: Launched, app: Flask) -> None:
    finish_learn_stage(aisha, correct_answers(app))
    assert "What we notice" in aisha.get("activities/aim-worksheet").get_data(as_text=True)
    token = csrf(aisha, "activities/aim-worksheet")
    data = {"csrf_token": token, "_base_version": "0", "_action": "submit", **GOOD_AIM}
    aisha.client.post(aisha.url("activities/aim-worksheet/worksheet"), data=data)
    assert "What we notice" not in aisha.get("activities/aim-worksheet").get_data(as_text=True)


def test_finishing_a_module_leads_to_its_moment_and_survey_asked_once(
    aisha: Launched, app: Flask
) -> None:
    assert finish_module_one(aisha, app).endswith("/modules/aim/complete")
    moment = aisha.get("modules/aim/complete").get_data(as_text=True)
    assert "Module complete: Choosing a project and writing an aim" in moment
    assert "2.25 CPD hours earned." in moment
    assert re.search(r'href="[^"]+/cpd/[0-9a-f-]{36}">Your certificate for', moment)
    assert 'name="_from" value="moment"' in moment
    assert "Skip the survey and continue: " in moment
    answered = aisha.client.post(
        aisha.url("modules/aim/feedback"),
        data={
            "csrf_token": csrf(aisha, "modules/aim/complete"),
            "_from": "moment",
            "rating": "4",
            "comment": "Clear.",
        },
    )
    assert answered.headers["Location"].endswith("/modules/aim/complete")
    again = aisha.get("modules/aim/complete").get_data(as_text=True)
    assert "Thank you for telling us what you thought of this module." in again
    assert 'name="_from"' not in again
    assert in_app(app, lambda: db.session.scalar(sa.select(ModuleFeedback.rating))) == 4


def test_the_module_moment_waits_for_a_complete_module(aisha: Launched) -> None:
    assert aisha.get("modules/aim/complete").status_code == 404


def test_a_finished_pathway_shows_its_certificate_badge_and_how_to_share(
    aisha: Launched, app: Flask
) -> None:
    context_id = course_id(app)

    def finish() -> None:
        user_id = db.session.scalar(sa.select(User.id).where(User.sub == "learner-aisha"))
        finish_pathway(user_id, context_id, mentor_id=new_user("mentor-marcus"))

    in_app(app, finish)
    page = aisha.get("").get_data(as_text=True)
    assert "Pathway complete" in page
    assert "You have finished everything that is open to you." not in page
    assert "Your pathway certificate" in page
    assert "Download your badge (.jwt)" in page
    assert "Share them:" in page


def test_a_survey_sent_without_a_rating_stays_on_the_moment(aisha: Launched, app: Flask) -> None:
    finish_module_one(aisha, app)
    refused = aisha.client.post(
        aisha.url("modules/aim/feedback"),
        data={
            "csrf_token": csrf(aisha, "modules/aim/complete"),
            "_from": "moment",
            "comment": "Kept.",
        },
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Module complete: " in page
    assert "Choose a rating from 1 to 5." in page
    assert "Kept.</textarea>" in page
