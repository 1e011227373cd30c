"""A project's measures, read-only, for its mentor, its course's designers and its team only.

Who may see a project's measures follows the review rules (`mentoring.is_reviewer_of`, and
membership of the team): a mentor of another course, a designer launching from another course
and another learner are refused, whatever id they type.
"""

import re

import pytest
from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import MeasureRevision, MentorAssignment, Project, User
from lti_qi.transaction import unit_of_work

from journeys import csrf
from launching import LaunchDriver, Launched
from measurement_helpers import PASTED, learner_with_measures, paste, project_of, series_id

CHART = "Minutes to first dose"


@pytest.fixture
def aisha(launcher: LaunchDriver, app: Flask) -> Launched:
    """A learner in QI-101 with a charted measure (20 points, a shift) and an empty one."""
    launched = learner_with_measures(launcher.launch(sub="learner-aisha"), app)
    assert paste(launched, series_id(app, CHART), PASTED).status_code == 302
    return launched


def assign(app: Flask, project_id: int, mentor_sub: str) -> None:
    """Make someone the project's current mentor."""
    with app.app_context(), unit_of_work():
        mentor = db.session.scalar(select(User.id).where(User.sub == mentor_sub))
        db.session.add(
            MentorAssignment(
                project_id=project_id, mentor_id=mentor, assigned_by=mentor, via="designer"
            )
        )
        db.session.commit()


def paths(app: Flask) -> list[str]:
    """Every read-only page and download of Aisha's project."""
    project, measure = project_of(app, "learner-aisha"), series_id(app, CHART)
    base = f"measures/projects/{project}"
    return [base, f"{base}/{measure}", f"{base}/{measure}/chart.svg", f"{base}/{measure}/data.csv"]


def test_the_assigned_mentor_reads_the_measures_and_charts(
    aisha: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    dan = launcher.launch(sub="mentor-dan")
    assign(app, project_of(app, "learner-aisha"), "mentor-dan")
    listing, page, svg, data = (dan.get(path) for path in paths(app))
    assert listing.status_code == page.status_code == svg.status_code == data.status_code == 200
    assert "signals of non-random variation (special cause): shift" in listing.get_data(
        as_text=True
    )
    assert "Checklist used" in listing.get_data(as_text=True)
    text = page.get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in text
    assert "<caption>Minutes to first dose: each point with its centre line</caption>" in text
    assert svg.headers["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert data.get_data(as_text=True).startswith("date_or_label,value,note")


def test_the_read_only_pages_have_no_forms_and_change_nothing(
    aisha: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    fatima = launcher.launch(sub="designer-fatima")
    with app.app_context(), unit_of_work():
        revisions = db.session.query(MeasureRevision).count()
    for path in paths(app)[:2]:
        text = fatima.get(path).get_data(as_text=True)
        assert "<form" not in text.split("<main", 1)[1], path
        assert 'name="csrf_token"' not in text
    with app.app_context(), unit_of_work():
        assert db.session.query(MeasureRevision).count() == revisions


def test_a_team_member_from_another_course_reads_them_too(
    aisha: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    aisha.client.post(aisha.url("project/share"), data={"csrf_token": csrf(aisha, "project")})
    with app.app_context(), unit_of_work():
        code = db.session.scalar(select(Project.invite_code))
    chloe = launcher.launch(sub="learner-chloe", course="QI-202")
    joined = chloe.client.post(
        chloe.url("project/join"), data={"csrf_token": csrf(chloe, "project"), "code": code}
    )
    assert joined.status_code == 302
    assert all(chloe.get(path).status_code == 200 for path in paths(app))


@pytest.mark.parametrize(
    ("sub", "course"),
    [
        ("mentor-dan", "QI-101"),  # a mentor of the course, not this project's
        ("ta-erin", "QI-202"),  # a mentor of another course, with a project of her own there
        ("designer-fatima", "QI-202"),  # a designer, but launching from another course
        ("learner-ben", "QI-101"),  # another learner of the same course
    ],
)
def test_everyone_else_is_refused(
    aisha: Launched, launcher: LaunchDriver, app: Flask, sub: str, course: str
) -> None:
    other = launcher.launch(sub=sub, course=course)
    if sub == "ta-erin":
        ben = launcher.launch(sub="learner-ben", course="QI-202")
        ben.get("measures")
        assign(app, project_of(app, "learner-ben"), "ta-erin")
    for path in paths(app):
        response = other.get(path)
        assert response.status_code == 403, (path, response.status_code)
        assert "Only the project&#39;s team, its mentor" in response.get_data(as_text=True)


def test_a_measure_of_another_project_is_not_found_through_this_one(
    aisha: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    ben = launcher.launch(sub="learner-ben")
    ben.get("measures")
    ben_project = project_of(app, "learner-ben")
    aisha_measure = series_id(app, CHART)
    assert ben.get(f"measures/projects/{ben_project}/{aisha_measure}").status_code == 404
    assert ben.get(f"measures/projects/{ben_project}/{aisha_measure}/chart.svg").status_code == 404
    assert ben.get("measures/projects/987654").status_code == 404


def test_the_mentor_review_page_links_to_the_measures(
    aisha: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    project = project_of(app, "learner-aisha")
    dan = launcher.launch(sub="mentor-dan")
    assign(app, project, "mentor-dan")
    page = dan.get(f"mentoring/projects/{project}/stages/aim-apply").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">The project\'s measures and charts</a>', page)
    assert link
    assert dan.client.get(dan.base_url + link.group(1)).status_code == 200
