"""Test helpers that walk a learner through the default pathway with real requests."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import Context, Platform, Project, StageSignoff
from lti_qi.services.content import packs, pathways
from lti_qi.transaction import unit_of_work

from launching import Launched

GOOD_AIM = {
    "problem": "About a fifth of lunch trays come back untouched.",
    "setting": "Adult inpatients on Wards 4 and 5",
    "direction": "decrease",
    "measure": "the percentage of lunch trays returned untouched",
    "baseline": "20%",
    "target": "10%",
    "target_date": "2027-03-31",
    "population": "on Wards 4 and 5",
    "target_rationale": "Ward 6 reached 10% last year.",
}
AIM_LEARN = ("aim-read-orientation", "aim-read-model", "aim-read-focus", "aim-read-smart")


def csrf(launched: Launched, path: str) -> str:
    """Return the CSRF token from a page of the launch session."""
    page = launched.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert match, page[:500]
    return match.group(1)


def correct_answers(app: Flask, check_slug: str = "aim-check") -> dict[str, list[str]]:
    """Return form fields answering a knowledge check correctly."""
    with app.app_context(), unit_of_work():
        activity = pathways.pathway(packs.DEFAULT_PACK).locate(check_slug)[2]
    return {
        f"q-{question['id']}": [option["id"] for option in question["options"] if option["correct"]]
        for question in activity.config["questions"]
    }


def finish_readings(launched: Launched, *slugs: str) -> None:
    """Open the first reading (for its form's CSRF token) and mark each reading done."""
    token = csrf(launched, f"activities/{slugs[0]}")
    for slug in slugs:
        done = launched.client.post(
            launched.url(f"activities/{slug}/done"), data={"csrf_token": token}
        )
        assert done.status_code == 302


def finish_learn_stage(launched: Launched, answers: dict[str, list[str]]) -> None:
    """Read every module-1 reading and pass its knowledge check."""
    token = csrf(launched, "activities/aim-read-model")
    for slug in AIM_LEARN:
        done = launched.client.post(
            launched.url(f"activities/{slug}/done"), data={"csrf_token": token}
        )
        assert done.status_code == 302
    checked = launched.client.post(
        launched.url("activities/aim-check/check"), data={"csrf_token": token, **answers}
    )
    assert checked.status_code == 200


def submit_aim_stage(launched: Launched, answers: dict[str, list[str]]) -> None:
    """Finish module 1's learn stage, submit the aim worksheet and the apply stage."""
    token = finish_aim_apply(launched, answers)
    assert (
        launched.client.post(
            launched.url("stages/aim-apply/submit"), data={"csrf_token": token}
        ).status_code
        == 302
    )


def finish_aim_apply(launched: Launched, answers: dict[str, list[str]]) -> str:
    """Finish module 1's learn stage and the apply stage's work; returns a CSRF token."""
    finish_learn_stage(launched, answers)
    token = csrf(launched, "activities/aim-worksheet")
    data = {"csrf_token": token, "_base_version": "0", "_action": "submit", **GOOD_AIM}
    assert (
        launched.client.post(
            launched.url("activities/aim-worksheet/worksheet"), data=data
        ).status_code
        == 302
    )
    assert (
        launched.client.post(
            launched.url("activities/aim-evidence/done"), data={"csrf_token": token}
        ).status_code
        == 302
    )
    return token


def sign_off_aim_apply(app: Flask) -> None:
    """Record module 1's apply stage as signed off for the only project (its reflection opens)."""
    with app.app_context(), unit_of_work():
        stage = pathways.pathway(packs.DEFAULT_PACK).locate_stage("aim-apply")[1]
        project_id = db.session.scalar(select(Project.id))
        db.session.add(StageSignoff(project_id=project_id, item_id=stage.id, status="signed_off"))
        db.session.commit()


def add_other_lms() -> Platform:
    """Register a second LMS (another organisation) beside the sandbox, with its id."""
    other = Platform(
        name="Elsewhere",
        issuer="https://elsewhere.test",
        client_id="x",
        auth_login_url="https://elsewhere.test/auth",
        auth_token_url="https://elsewhere.test/token",
        product_family="moodle",
    )
    db.session.add(other)
    db.session.flush()
    return other


def move_course_to_another_lms(lti_context_id: str) -> None:
    """Put a sandbox course under a second LMS registration: another organisation's course."""
    course = db.session.scalar(select(Context).where(Context.lti_context_id == lti_context_id))
    course.platform_id = add_other_lms().id
