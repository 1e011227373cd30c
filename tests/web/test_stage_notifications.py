"""Stage notifications name the stage's module and the project, not just "Apply".

Every module has stages called Learn, Apply and Reflect, so "Your mentor reviewed “Apply”"
says nothing; the mentor's and the team's inbox messages name the module and the project.
"""

from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import MentorAssignment, Project, User
from lti_qi.transaction import unit_of_work

from journeys import correct_answers, csrf, submit_aim_stage
from launching import LaunchDriver

MODULE = "“Apply” in “Choosing a project and writing an aim”"


def assign_mentor(app: Flask) -> str:
    """Make Dan the mentor of Aisha's project; return its review page's path."""
    with app.app_context(), unit_of_work():
        mentor = db.session.scalar(select(User.id).where(User.sub == "mentor-dan"))
        project = db.session.scalar(select(Project.id))
        db.session.add(
            MentorAssignment(
                project_id=project, mentor_id=mentor, assigned_by=mentor, via="designer"
            )
        )
        db.session.commit()
    return f"mentoring/projects/{project}/stages/aim-apply"


def test_submission_and_review_messages_name_the_module_and_project(
    launcher: LaunchDriver, app: Flask
) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    aisha.get()
    mentor = launcher.launch(sub="mentor-dan")
    path = assign_mentor(app)
    submit_aim_stage(aisha, correct_answers(app))
    mentor_inbox = mentor.get("inbox").get_data(as_text=True)
    assert f"“My QI project” submitted {MODULE} for your review." in mentor_inbox

    form = {"csrf_token": csrf(mentor, path), "round": "1", "decision": "changes", "note": "Why?"}
    assert mentor.client.post(mentor.url(path + "/decide"), data=form).status_code == 302
    inbox = aisha.get("inbox").get_data(as_text=True)
    assert f"Your mentor reviewed {MODULE} (project “My QI project”): it needs changes." in inbox
