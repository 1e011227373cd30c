"""Dates reach people one way everywhere: "8 December 2026" (and moments with the time, UTC)."""

from datetime import UTC, date, datetime

from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import Project
from lti_qi.web.filters import day, when

from journeys import correct_answers, submit_aim_stage
from launching import LaunchDriver


def test_day_writes_dates_the_uk_way_and_keeps_other_text_as_typed() -> None:
    assert day(date(2026, 12, 8)) == "8 December 2026"
    assert day(datetime(2026, 12, 8, 23, 59, tzinfo=UTC)) == "8 December 2026"
    assert day("2027-05-31") == "31 May 2027"
    assert day("end of May") == "end of May"
    assert day(None) == day("") == ""


def test_when_uses_the_same_date_then_the_time() -> None:
    assert when(datetime(2026, 11, 26, 14, 5, tzinfo=UTC)) == "26 November 2026, 14:05 UTC"


def test_a_worksheet_date_reads_as_a_date_on_the_review_page(
    launcher: LaunchDriver, app: Flask
) -> None:
    submit_aim_stage(launcher.launch(sub="learner-aisha"), correct_answers(app))
    with app.app_context():
        project_id = db.session.scalar(select(Project.id))
    review = f"mentoring/projects/{project_id}/stages/aim-apply"

    page = launcher.launch(sub="designer-fatima").get(review).get_data(as_text=True)

    assert "31 March 2027" in page
    assert "2027-03-31" not in page
