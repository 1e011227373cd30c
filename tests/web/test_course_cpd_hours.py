"""Designers set the CPD hours their course gives each module; records and grades follow."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from lti_qi.extensions import db
from lti_qi.models import Context, CourseSetting, CpdRecord, ScoreOutbox
from lti_qi.services.content import course_settings
from lti_qi.services.credentials import certificates
from lti_qi.transaction import unit_of_work

from cpd_helpers import finish_module, new_user
from designer_helpers import post
from journeys import finish_readings
from launching import LaunchDriver, Launched


@pytest.fixture
def fatima(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="designer-fatima", link="qi-101-pathway")


def _cpd_hours(app: Flask) -> dict[str, float]:
    with app.app_context(), unit_of_work():
        return dict(db.session.scalars(sa.select(CourseSetting.cpd_hours)).one())


def test_hours_are_saved_rounded_and_a_pack_value_means_follow_the_pack(
    app: Flask, fatima: Launched
) -> None:
    saved = post(fatima, "designer/content/pass-marks", {"cpd-aim": "3.1", "cpd-team": "2"})
    assert saved.status_code == 303
    assert _cpd_hours(app) == {"aim": 3.0}  # team's pack value is 2: nothing to keep
    page = fatima.get("designer/content").get_data(as_text=True)
    assert 'name="cpd-aim" type="number"' in page
    assert 'value="3.0"' in page


@pytest.mark.parametrize(("value", "message"), [("lots", "a number of hours"), ("101", "0 to 100")])
def test_bad_hours_are_refused_and_change_nothing(
    app: Flask, fatima: Launched, value: str, message: str
) -> None:
    refused = post(fatima, "designer/content/pass-marks", {"cpd-aim": value})
    assert refused.status_code == 400
    assert message in refused.get_data(as_text=True)
    assert _cpd_hours(app) == {}


def test_the_course_hours_reach_cpd_records_and_the_gradebook_column(
    app: Flask, launcher: LaunchDriver, fatima: Launched
) -> None:
    assert post(fatima, "designer/content/pass-marks", {"cpd-aim": "3"}).status_code == 303
    aisha = launcher.launch()
    finish_readings(aisha, "aim-read-orientation")
    with app.app_context(), unit_of_work():
        cpd_scores = db.session.scalars(
            sa.select(ScoreOutbox.payload).where(ScoreOutbox.state == "pending")
        ).all()
        assert {p["scoreMaximum"] for p in cpd_scores if "CPD:" in str(p["comment"])} >= {3.0}
        course = db.session.scalars(sa.select(Context.id)).one()
        assert course_settings.pathway(course).find_module("aim").cpd_hours == 3.0  # type: ignore[union-attr]
        learner = new_user("learner-for-cpd", "Sam", "Jones")
        finish_module(learner, course, "aim", mentor_id=new_user("mentor-for-cpd"))
        certificates.issue_completions(learner, course)
        db.session.commit()
        record = db.session.scalars(sa.select(CpdRecord).where(CpdRecord.user_id == learner)).one()
        assert record.hours == 3.0
