"""The administrator's CPD report, revocation, CSV, and grade passback pages.

People and courses come from real sandbox launches; CPD records are issued by the real
service after progress rows are written (``cpd_helpers.finish_module``); passback problems
come from the sandbox LMS refusing scores through its outage switch.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from lti_qi import worker
from lti_qi.extensions import db
from lti_qi.models import Context, CpdRecord, ScoreOutbox, User
from lti_qi.models.base import utc_now
from lti_qi.services.credentials import certificates
from lti_qi.transaction import unit_of_work

from cpd_helpers import finish_module, new_course, new_user
from journeys import add_other_lms, csrf, finish_readings
from launching import LaunchDriver, Launched

ADMIN = "admin-grace"


def _user_id(sub: str) -> int:
    return db.session.scalars(select(User.id).where(User.sub == sub)).one()


def _issue(user_id: int, context_id: int, slug: str, days_ago: int) -> None:
    mentor = new_user(f"mentor-for-{user_id}-{slug}")
    finish_module(user_id, context_id, slug, mentor_id=mentor, finished_days_ago=days_ago)
    certificates.issue_completions(user_id, context_id)
    db.session.commit()


@pytest.fixture
def records(app: Flask, launcher: LaunchDriver) -> dict[str, int]:
    """Aisha (two modules) and Ben (one) in QI-101; a learner of another LMS (one)."""
    launcher.launch()
    launcher.launch(sub="learner-ben")
    with app.app_context(), unit_of_work():
        course = db.session.scalars(select(Context.id)).one()
        aisha, ben = _user_id("learner-aisha"), _user_id("learner-ben")
        _issue(aisha, course, "aim", days_ago=40)
        _issue(aisha, course, "team", days_ago=2)
        _issue(ben, course, "aim", days_ago=1)
        other_lms = add_other_lms()
        stranger = new_user("stranger", "Sam", "Stranger")
        _issue(stranger, new_course("Another trust's course", other_lms.id), "aim", days_ago=1)
        return {"course": course, "aisha": aisha, "ben": ben}


def _admin(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub=ADMIN, link="qi-101-pathway")


def test_the_report_shows_the_organisations_completions_hours_and_chart(
    launcher: LaunchDriver, records: dict[str, int]
) -> None:
    page = _admin(launcher).get("admin/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Aisha Khan" in html
    assert "Ben Carter" in html
    assert "Sam Stranger" not in html  # another organisation's learner
    assert "Another trust" not in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    # Aisha: aim (2.25 h) + team (2 h); Ben: aim (2.25 h).
    assert "<dt>CPD hours</dt><dd>6.5</dd>" in html
    assert "<dt>Records</dt><dd>3</dd>" in html


def test_filters_narrow_the_report_and_the_csv_holds_the_same_rows(
    launcher: LaunchDriver, records: dict[str, int]
) -> None:
    admin = _admin(launcher)
    since = (utc_now() - timedelta(days=10)).date().isoformat()
    page = admin.get(f"admin/?learner=aisha&completed_from={since}").get_data(as_text=True)
    assert "<dt>Records</dt><dd>1</dd>" in page
    exported = admin.get(f"admin/cpd.csv?learner=aisha&completed_from={since}")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="lti-qi-cpd.csv"'
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert [(row["learner"], row["hours"], row["status"]) for row in rows] == [
        ("Aisha Khan", "2", "valid")
    ]
    assert rows[0]["verification_url"].startswith("http://tool.test/verify/")


def test_bad_filters_say_what_to_fix(launcher: LaunchDriver, records: dict[str, int]) -> None:
    admin = _admin(launcher)
    backwards = admin.get("admin/?completed_from=2026-03-01&completed_to=2026-02-01")
    assert backwards.status_code == 400
    assert "before the start date" in backwards.get_data(as_text=True)
    assert admin.get("admin/?completed_from=yesterday").status_code == 400
    assert admin.get("admin/cpd.csv?course=abc").status_code == 400


def test_an_administrator_revokes_a_certificate_and_the_public_page_says_so(
    app: Flask, launcher: LaunchDriver, records: dict[str, int]
) -> None:
    admin = _admin(launcher)
    with app.app_context(), unit_of_work():
        serial = db.session.scalars(
            select(CpdRecord.serial).where(CpdRecord.user_id == records["ben"])
        ).one()
        foreign = db.session.scalars(
            select(CpdRecord.serial)
            .join(User, User.id == CpdRecord.user_id)
            .where(User.sub == "stranger")
        ).one()
    token = csrf(admin, "admin/")
    refused = admin.client.post(
        admin.url(f"admin/cpd/{foreign}/revoke"), data={"csrf_token": token, "reason": "x"}
    )
    assert refused.status_code == 404
    revoked = admin.client.post(
        admin.url(f"admin/cpd/{serial}/revoke"),
        data={"csrf_token": token, "reason": "Completed by someone else"},
    )
    assert revoked.status_code == 303
    public = admin.client.get(f"/verify/{serial}").get_data(as_text=True)
    assert "Revoked" in public
    assert "someone else" not in public  # the reason stays private
    report = admin.get("admin/").get_data(as_text=True)
    assert "Completed by someone else" in report  # administrators see why, and who
    with app.app_context(), unit_of_work():
        record = db.session.scalars(select(CpdRecord).where(CpdRecord.serial == serial)).one()
        revoker = db.session.get_one(User, record.revoked_by)
    assert revoker.sub == ADMIN
    assert f"by {revoker.display_name}: Completed by someone else" in report


@pytest.mark.parametrize("sub", ["learner-aisha", "designer-fatima", "mentor-dan"])
def test_only_administrators_open_the_admin_pages(launcher: LaunchDriver, sub: str) -> None:
    launched = launcher.launch(sub=sub, link="qi-101-pathway")
    for path in ("admin/", "admin/cpd.csv", "admin/passback"):
        assert launched.get(path).status_code == 403


def test_refused_scores_are_listed_with_the_lms_answer_and_can_be_sent_again(
    app: Flask, launcher: LaunchDriver
) -> None:
    learner = launcher.launch()
    finish_readings(learner, "aim-read-orientation")
    switched = learner.client.post(
        "http://tool.test/sandbox/api/outage", json={"status": 403, "requests": 1}
    )
    assert switched.status_code == 204
    with app.app_context(), unit_of_work():
        while worker.dispatch_scores("admin-test"):
            pass
    admin = _admin(launcher)
    page = admin.get("admin/passback").get_data(as_text=True)
    assert "<dt>Refused by the LMS</dt><dd>1</dd>" in page
    assert "HTTP 403" in page
    assert "sandbox outage" in page
    with app.app_context(), unit_of_work():
        parked = db.session.scalars(select(ScoreOutbox.id).where(ScoreOutbox.state == "parked"))
        [outbox_id] = parked.all()
    sent_again = admin.client.post(
        admin.url(f"admin/passback/{outbox_id}/replay"),
        data={"csrf_token": csrf(admin, "admin/passback")},
    )
    assert sent_again.status_code == 303
    with app.app_context(), unit_of_work():
        worker.dispatch_scores("admin-test")
        assert db.session.get_one(ScoreOutbox, outbox_id).state == "sent"


def test_links_without_grade_services_are_named(launcher: LaunchDriver) -> None:
    launcher.launch(case="no-ags")
    page = _admin(launcher).get("admin/passback").get_data(as_text=True)
    assert "Links without grade passback" in page
    assert "<li>lti-qi in " in page
