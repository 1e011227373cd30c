"""What each kind of administrator sees: one course, or every course of the organisation.

Two sandbox courses of one LMS (QI-101 and QI-202), each with a learner holding a
certificate and scores queued. Open edX sends every course instructor as
``membership#Administrator``: such a person administers their course only. Institution and
system Administrators, and people an operator granted it (``lti-qi admins grant``),
administer the organisation.
"""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from lti_qi.demo import mounted_sandbox
from lti_qi.extensions import db
from lti_qi.models import Context, CpdRecord, Platform, ScoreOutbox, User
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.sandbox.models import SandboxCourse, SandboxPerson
from lti_qi.sandbox.services import INSTRUCTOR, ROLE
from lti_qi.services.credentials import certificates
from lti_qi.transaction import unit_of_work

from cpd_helpers import finish_module, new_user
from designer_helpers import MINIMAL, post, upload, zip_folder
from journeys import csrf, finish_readings
from launching import LaunchDriver, Launched

COURSE_ADMINISTRATOR = (ROLE + "membership#Administrator", INSTRUCTOR)  # as Open edX sends
INSTITUTION_ADMINISTRATOR = (ROLE + "institution/person#Administrator", *COURSE_ADMINISTRATOR)


@pytest.fixture
def courses(app: Flask, launcher: LaunchDriver) -> dict[str, str]:
    """Aisha's certificate in QI-101 and Ben's in QI-202; their serials, by learner."""
    aisha = launcher.launch()
    ben = launcher.launch(sub="learner-ben", course="QI-202", link="qi-202-pathway")
    serials = {}
    with app.app_context(), unit_of_work():
        for sub, course in (("learner-aisha", "QI-101"), ("learner-ben", "QI-202")):
            user_id = db.session.scalars(select(User.id).where(User.sub == sub)).one()
            context_id = db.session.scalars(
                select(Context.id).where(Context.lti_context_id == course)
            ).one()
            finish_module(user_id, context_id, "aim", mentor_id=new_user(f"mentor-of-{sub}"))
            [record] = certificates.issue_completions(user_id, context_id)
            serials[sub] = record.serial
    for learner in (aisha, ben):
        finish_readings(learner, "team-read-roles")
    return serials


def _staff(app: Flask, launcher: LaunchDriver, sub: str, roles: tuple[str, ...]) -> Launched:
    """Enrol someone in the sandbox's QI-101 with ``roles`` and launch as them."""
    with mounted_sandbox(app).app_context():
        course = sandbox_db.session.scalars(
            select(SandboxCourse).where(SandboxCourse.lti_id == "QI-101")
        ).one()
        person = SandboxPerson(course_id=course.id, sub=sub, given_name=sub, roles=list(roles))
        sandbox_db.session.add(person)
        sandbox_db.session.commit()
    return launcher.launch(sub=sub, link="qi-101-pathway")


def _sees(admin: Launched) -> set[str]:
    """Which of the two learners the CPD report and its CSV show."""
    page = admin.get("admin/").get_data(as_text=True)
    exported = admin.get("admin/cpd.csv").get_data(as_text=True)
    shown = {name for name in ("Aisha Khan", "Ben Carter") if name in page}
    assert shown == {name for name in ("Aisha Khan", "Ben Carter") if name in exported}
    return shown


def _revoke(admin: Launched, serial: str) -> int:
    token = csrf(admin, "admin/")
    revoked = admin.client.post(
        admin.url(f"admin/cpd/{serial}/revoke"), data={"csrf_token": token, "reason": "Test"}
    )
    return revoked.status_code


def _replay_bens_score(app: Flask, admin: Launched) -> int:
    with app.app_context(), unit_of_work():
        ben_score = db.session.scalars(
            select(ScoreOutbox.id).join(User).where(User.sub == "learner-ben").limit(1)
        ).one()
    token = csrf(admin, "admin/")
    return admin.client.post(
        admin.url(f"admin/passback/{ben_score}/replay"), data={"csrf_token": token}
    ).status_code


def _waiting(admin: Launched) -> str:
    page = admin.get("admin/passback").get_data(as_text=True)
    return page.split("<dt>Waiting to send</dt><dd>", 1)[1].split("<", 1)[0]


def test_a_course_administrator_sees_and_acts_on_their_course_only(
    app: Flask, launcher: LaunchDriver, courses: dict[str, str]
) -> None:
    admin = _staff(app, launcher, "staff-hana", COURSE_ADMINISTRATOR)
    assert _sees(admin) == {"Aisha Khan"}
    assert _revoke(admin, courses["learner-ben"]) == 404
    with app.app_context(), unit_of_work():
        ben_record = db.session.scalars(
            select(CpdRecord).where(CpdRecord.serial == courses["learner-ben"])
        ).one()
        assert ben_record.revoked_at is None
    assert _waiting(admin) == "14"  # Aisha's scores, not Ben's
    assert _replay_bens_score(app, admin) == 404
    assert _revoke(admin, courses["learner-aisha"]) == 303


def test_an_institution_administrator_sees_the_organisation(
    app: Flask, launcher: LaunchDriver, courses: dict[str, str]
) -> None:
    admin = _staff(app, launcher, "staff-ian", INSTITUTION_ADMINISTRATOR)
    assert _sees(admin) == {"Aisha Khan", "Ben Carter"}
    assert _waiting(admin) == "28"
    assert _replay_bens_score(app, admin) == 303
    assert _revoke(admin, courses["learner-ben"]) == 303


def test_an_operators_grant_widens_a_course_administrator_to_the_organisation(
    app: Flask, launcher: LaunchDriver, courses: dict[str, str]
) -> None:
    admin = _staff(app, launcher, "staff-hana", COURSE_ADMINISTRATOR)
    with app.app_context(), unit_of_work():
        platform_id = str(db.session.scalars(select(Platform.id)).one())
    runner = app.test_cli_runner()
    granted = runner.invoke(args=["admins", "grant", platform_id, "staff-hana"])
    assert granted.exit_code == 0, granted.output
    listed = runner.invoke(args=["admins", "list"])
    assert "\tstaff-hana\t" in listed.output
    assert _sees(admin) == {"Aisha Khan", "Ben Carter"}  # at once, in the same session
    assert _revoke(admin, courses["learner-ben"]) == 303
    revoked = runner.invoke(args=["admins", "revoke", platform_id, "staff-hana"])
    assert revoked.exit_code == 0, revoked.output
    assert _sees(admin) == {"Aisha Khan"}
    assert "No grants" in runner.invoke(args=["admins", "list"]).output


def test_a_grant_names_someone_who_has_launched(app: Flask, launcher: LaunchDriver) -> None:
    launcher.launch()
    with app.app_context(), unit_of_work():
        platform_id = str(db.session.scalars(select(Platform.id)).one())
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["admins", "grant", platform_id, "nobody-here"])
    assert refused.exit_code == 1
    assert "has launched lti-qi" in refused.output
    unknown = runner.invoke(args=["admins", "grant", "0", "learner-aisha"])
    assert "There is no platform 0." in unknown.output


def test_only_an_organisation_administrator_upgrades_a_pack_other_courses_use(
    app: Flask, launcher: LaunchDriver
) -> None:
    fatima = launcher.launch(sub="designer-fatima")
    assert upload(fatima, zip_folder(MINIMAL)).status_code == 303
    for course in ("QI-101", "QI-202"):
        designer = launcher.launch(sub="designer-fatima", course=course)
        assert post(designer, "designer/content/pack", {"pack": "minimal-pack"}).status_code == 303
    bumped = zip_folder(MINIMAL, extra={"pages/extra.md": b"# More"})
    course_admin = _staff(app, launcher, "staff-hana", COURSE_ADMINISTRATOR)
    refused = upload(course_admin, bumped)
    assert refused.status_code == 422
    assert "other courses use the pack" in refused.get_data(as_text=True)
    institution_admin = _staff(app, launcher, "staff-ian", INSTITUTION_ADMINISTRATOR)
    bumped = zip_folder(MINIMAL, extra={"pages/extra.md": b"# More"})
    assert upload(institution_admin, bumped).status_code == 303
