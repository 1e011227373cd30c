"""Course rosters read from the sandbox LMS's Names and Role Provisioning service.

The sandbox pages its members (``limit`` and ``Link: rel="next"``) and checks the bearer
token's scope and the ``Accept`` header, as a real LMS does.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import delete, func, select

from lti_qi import worker
from lti_qi.demo import mounted_sandbox
from lti_qi.errors import InvalidInput
from lti_qi.extensions import db
from lti_qi.models import Context, Membership, User
from lti_qi.models.base import utc_now
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.sandbox.models import SandboxCourse, SandboxPerson
from lti_qi.services.rosters import roster_sync
from lti_qi.transaction import unit_of_work
from lti_qi.worker import run_round

from launching import LaunchDriver

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
DAY = timedelta(hours=24)


def _course_id(app: Flask) -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalars(select(Context.id)).one()


def _active_subs(app: Flask) -> set[str]:
    with app.app_context(), unit_of_work():
        query = (
            select(User.sub)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.is_active.is_(True))
        )
        return set(db.session.scalars(query))


@pytest.fixture
def course(app: Flask, launcher: LaunchDriver) -> int:
    """QI-101 after its designer launched (so lti-qi knows its roster URL)."""
    launcher.launch(sub="designer-fatima", link="qi-101-pathway")
    return _course_id(app)


def test_everyone_in_the_course_arrives_including_those_who_never_launched(
    app: Flask, launcher: LaunchDriver, course: int
) -> None:
    with app.app_context(), unit_of_work():
        result = roster_sync.sync_roster(course)
        never_launched = db.session.scalar(select(User).where(User.sub == "learner-chloe"))
        assert never_launched is not None
        assert never_launched.last_launch_at is None
        assert never_launched.display_name == "Chloe Davies"
    assert (result.members, result.pages, result.deactivated) == (8, 1, 0)
    assert {"learner-aisha", "learner-ben", "learner-chloe", "mentor-dan"} <= _active_subs(app)
    designer = launcher.launch(sub="designer-fatima", link="qi-101-pathway")
    page = designer.get("designer/").get_data(as_text=True)
    assert "<dt>Learners</dt><dd>4</dd>" in page  # Aisha, Ben, Chloe and the anonymous one
    assert "Learners come from your LMS's course roster" in page


def test_a_long_roster_is_read_page_by_page(app: Flask, course: int) -> None:
    with mounted_sandbox(app).app_context():
        sandbox_course = sandbox_db.session.scalars(
            select(SandboxCourse).where(SandboxCourse.lti_id == "QI-101")
        ).one()
        sandbox_db.session.add_all(
            SandboxPerson(
                course_id=sandbox_course.id,
                sub=f"nurse-{number:03}",
                given_name="Nurse",
                family_name=f"{number:03}",
                email=None,
                roles=[LEARNER],
            )
            for number in range(250)
        )
        sandbox_db.session.commit()
    with app.app_context(), unit_of_work():
        result = roster_sync.sync_roster(course)
    assert (result.members, result.pages) == (258, 3)
    assert len(_active_subs(app)) == 258


def test_people_who_left_become_inactive_and_launching_again_brings_them_back(
    app: Flask, launcher: LaunchDriver, course: int
) -> None:
    with app.app_context(), unit_of_work():
        roster_sync.sync_roster(course)
    with mounted_sandbox(app).app_context():
        sandbox_db.session.execute(
            delete(SandboxPerson).where(SandboxPerson.sub == "learner-chloe")
        )
        sandbox_db.session.commit()
    with app.app_context(), unit_of_work():
        later = roster_sync.sync_roster(course, now=utc_now() + timedelta(minutes=1))
    assert later.deactivated == 1
    assert "learner-chloe" not in _active_subs(app)
    launcher.launch(sub="learner-ben")  # launched people stay, whatever the roster says
    assert "learner-ben" in _active_subs(app)


def test_the_roster_never_blanks_names_an_earlier_launch_shared(
    app: Flask, launcher: LaunchDriver, course: int
) -> None:
    launcher.launch(sub="learner-aisha")
    with mounted_sandbox(app).app_context():
        sandbox_db.session.execute(
            SandboxPerson.__table__.update()
            .where(SandboxPerson.sub == "learner-aisha")
            .values(given_name=None, family_name=None, email=None)
        )
        sandbox_db.session.commit()
    with app.app_context(), unit_of_work():
        roster_sync.sync_roster(course)
        aisha = db.session.scalars(select(User).where(User.sub == "learner-aisha")).one()
        assert (aisha.given_name, aisha.email) == ("Aisha", "aisha.khan@example.org")


def test_the_worker_reads_due_rosters_once_and_again_when_asked(app: Flask, course: int) -> None:
    with app.app_context(), unit_of_work():
        assert run_round("roster-test") == 1
        synced = db.session.get_one(Context, course).roster_synced_at
        assert synced is not None
        assert worker.sync_due_course(refresh=DAY) is None  # fresh: nothing due
        roster_sync.request_sync(course)
        assert worker.sync_due_course(refresh=DAY) is not None


def test_an_lms_failure_is_recorded_and_retried_later(
    app: Flask, launcher: LaunchDriver, course: int
) -> None:
    outage = launcher.app.test_client().post(
        "http://tool.test/sandbox/api/outage", json={"status": 500, "requests": 5}
    )
    assert outage.status_code == 204
    with app.app_context(), unit_of_work():
        assert worker.sync_due_course(refresh=DAY) is None
        failed = db.session.get_one(Context, course)
        assert failed.roster_error == "HTTP 500 from the LMS"
        people = db.session.scalar(select(func.count()).select_from(Membership))
    assert people == 1  # only the designer who launched
    launcher.app.test_client().delete("http://tool.test/sandbox/api/outage")
    with app.app_context(), unit_of_work():
        later = worker.sync_due_course(refresh=DAY, now=utc_now() + 2 * DAY)
        assert later is not None
        assert db.session.get_one(Context, course).roster_error is None


def test_a_course_whose_lms_offers_no_roster_works_from_launches(
    app: Flask, launcher: LaunchDriver
) -> None:
    designer = launcher.launch(sub="designer-fatima", link="qi-101-pathway", case="no-nrps")
    course = _course_id(app)
    with app.app_context(), unit_of_work():
        assert worker.sync_due_course(refresh=DAY) is None
        with pytest.raises(InvalidInput, match="no course roster"):
            roster_sync.sync_roster(course)
    page = designer.get("designer/").get_data(as_text=True)
    assert "does not share the course roster" in page


def test_a_designer_can_ask_for_a_fresh_roster(
    app: Flask, launcher: LaunchDriver, course: int
) -> None:
    with app.app_context(), unit_of_work():
        roster_sync.sync_roster(course)
    designer = launcher.launch(sub="designer-fatima", link="qi-101-pathway")
    page = designer.get("designer/").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    asked = designer.client.post(
        designer.url("designer/roster/refresh"), data={"csrf_token": token}
    )
    assert asked.status_code == 303
    with app.app_context(), unit_of_work():
        assert db.session.get_one(Context, course).roster_synced_at is None
    learner = launcher.launch(sub="learner-aisha")
    refused = learner.client.post(
        learner.url("designer/roster/refresh"), data={"csrf_token": token}
    )
    assert refused.status_code in (400, 403)
