"""A team across courses: a mentor's decision sends each member's scores to their own course.

Aisha works from QI-101; Ben joins her team from QI-202 (another course, as a colleague at
another hospital would from their own LMS). When the team's stage is signed off, each
member's gradebook columns are in the course they launched from, and only there.
"""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from lti_qi import worker
from lti_qi.demo import mounted_sandbox
from lti_qi.extensions import db
from lti_qi.models import Project
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.sandbox.models import SandboxCourse, SandboxLineItem, SandboxScore
from lti_qi.transaction import unit_of_work

from journeys import correct_answers, csrf, submit_aim_stage
from launching import LaunchDriver


def _scored_courses(app: Flask, sub: str) -> set[str]:
    with mounted_sandbox(app).app_context():
        query = (
            select(SandboxCourse.lti_id)
            .join(SandboxLineItem, SandboxLineItem.course_id == SandboxCourse.id)
            .join(SandboxScore, SandboxScore.line_item_id == SandboxLineItem.id)
            .where(SandboxScore.user_id == sub)
        )
        return set(sandbox_db.session.scalars(query))


def test_each_member_of_a_cross_course_team_is_graded_in_their_own_course(
    app: Flask, launcher: LaunchDriver
) -> None:
    aisha = launcher.launch(sub="learner-aisha", course="QI-101")
    submit_aim_stage(aisha, correct_answers(app))
    token = csrf(aisha, "project")
    assert aisha.client.post(aisha.url("project/share"), data={"csrf_token": token}).status_code
    with app.app_context(), unit_of_work():
        project_id = db.session.scalars(select(Project.id)).one()
        code = db.session.get_one(Project, project_id).invite_code
    ben = launcher.launch(sub="learner-ben", course="QI-202")
    joined = ben.client.post(
        ben.url("project/join"), data={"csrf_token": csrf(ben, "project"), "code": code}
    )
    assert joined.status_code == 302

    mentor = launcher.launch(sub="designer-fatima", course="QI-101")
    review = f"mentoring/projects/{project_id}/stages/aim-apply"
    page = mentor.get(review).get_data(as_text=True)
    seen = re.search(r'name="round" value="(\d+)"', page)
    assert seen is not None
    decided = mentor.client.post(
        mentor.url(review + "/decide"),
        data={"csrf_token": csrf(mentor, review), "round": seen.group(1), "decision": "approve"},
    )
    assert decided.status_code == 302
    with app.app_context(), unit_of_work():
        while worker.dispatch_scores("team-test"):
            pass
    assert _scored_courses(app, "learner-aisha") == {"QI-101"}
    assert _scored_courses(app, "learner-ben") == {"QI-202"}
