"""Course staff on the learner pages: read-only, with no project made for them.

Mentors, designers and administrators open lti-qi at the pathway like everyone else. Their
visits must not make projects (which would show in the community list and in mentors' and
designers' counts), and their clicks must not record progress; joining a team is the one
explicit way for staff to work on a project.
"""

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, Project
from lti_qi.transaction import unit_of_work

from journeys import csrf
from launching import LaunchDriver

STAFF = ("mentor-dan", "ta-erin", "designer-fatima", "admin-grace")
PAGES = ("", "modules/aim", "activities/aim-read-orientation", "activities/aim-check", "project")
NOTICE = "read-only: nothing is saved and no project is made for you"


def count(app: Flask, model: type) -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("sub", STAFF)
def test_staff_see_read_only_pages_and_get_no_project(
    launcher: LaunchDriver, app: Flask, sub: str
) -> None:
    staff = launcher.launch(sub=sub)
    for path in PAGES:
        page = staff.get(path)
        assert page.status_code == 200, path
        assert NOTICE in page.get_data(as_text=True), path
    assert "I&#39;ve read this" not in staff.get("activities/aim-read-orientation").get_data(
        as_text=True
    )
    assert (count(app, Project), count(app, ActivityProgress)) == (0, 0)


def test_staff_actions_are_refused_and_save_nothing(launcher: LaunchDriver, app: Flask) -> None:
    dan = launcher.launch(sub="mentor-dan")
    token = csrf(dan, "project")
    posts = {
        "activities/aim-read-orientation/done": {},
        "activities/aim-check/check": {"q-q1": "a"},
        "project/rename": {"title": "Dan's project"},
        "project/share": {},
    }
    for path, data in posts.items():
        refused = dan.client.post(dan.url(path), data={"csrf_token": token, **data})
        assert refused.status_code == 403, path
        assert "read-only for course staff" in refused.get_data(as_text=True), path
    assert (count(app, Project), count(app, ActivityProgress)) == (0, 0)


def test_community_and_mentor_lists_hold_only_learners_projects(
    launcher: LaunchDriver, app: Flask
) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    aisha.get()
    fatima = launcher.launch(sub="designer-fatima")
    for sub in STAFF:
        launcher.launch(sub=sub).get()
    with app.app_context(), unit_of_work():
        learner_projects = set(db.session.scalars(select(Project.id)))
    assert len(learner_projects) == 1
    community = aisha.get("community").get_data(as_text=True)
    assert set(map(int, re.findall(r"community/projects/(\d+)", community))) == learner_projects
    mentors = fatima.get("mentoring/assignments").get_data(as_text=True)
    assigned = re.findall(r'name="project_id" value="(\d+)"', mentors)
    assert set(map(int, assigned)) == learner_projects


def test_staff_who_join_a_team_work_on_its_project(launcher: LaunchDriver, app: Flask) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    token = csrf(aisha, "project")
    aisha.client.post(aisha.url("project/share"), data={"csrf_token": token})
    with app.app_context(), unit_of_work():
        code = db.session.scalar(select(Project.invite_code))
    dan = launcher.launch(sub="mentor-dan")
    dan_token = csrf(dan, "project")
    joined = dan.client.post(dan.url("project/join"), data={"csrf_token": dan_token, "code": code})
    assert joined.status_code == 302
    assert NOTICE not in dan.get("project").get_data(as_text=True)
    done = dan.client.post(
        dan.url("activities/aim-read-orientation/done"), data={"csrf_token": dan_token}
    )
    assert done.status_code == 302
    assert count(app, Project) == 1
