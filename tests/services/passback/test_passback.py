"""Grade passback end to end: real launches, the durable outbox, and the sandbox LMS's AGS.

A learner's progress queues scores in the same transaction as the progress itself; workers
deliver them over HTTP to the sandbox platform, which checks bearer tokens, line items and
strictly increasing timestamps as a real LMS does. What happens when delivery fails is in
test_delivery_failures.py.
"""

from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from lti_qi.demo import mounted_sandbox
from lti_qi.domain.course import ActivityStatus
from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, PassbackAttempt, Platform, ResourceLink, ScoreOutbox
from lti_qi.sandbox import grades
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.sandbox.models import SandboxLineItem
from lti_qi.transaction import unit_of_work

from journeys import finish_readings
from launching import LaunchDriver, Launched
from passback_helpers import READINGS, drain, queued_aim_score, sandbox_score, states


def test_progress_reaches_the_gradebook_with_a_score_and_a_cpd_column(
    app: Flask, aisha: Launched
) -> None:
    finish_readings(aisha, READINGS[0])
    assert states(app) == Counter(pending=14)  # seven modules, each a score and a CPD column
    drain(app)
    assert states(app) == Counter(sent=14)

    score = sandbox_score(app, "qi-pathway:aim")
    assert (score.activity_progress, score.grading_progress) == ("InProgress", "Pending")
    assert 0 < (score.score_given or 0) < 100
    cpd = sandbox_score(app, "qi-pathway:aim:cpd")
    assert cpd.score_given == 0
    untouched = sandbox_score(app, "qi-pathway:team")
    assert (untouched.activity_progress, untouched.grading_progress) == ("Initialized", "NotReady")
    with mounted_sandbox(app).app_context():
        tags = set(sandbox_db.session.scalars(select(SandboxLineItem.tag)))
        assert tags == {"qi-module", "cpd"}


def test_only_changed_scores_are_sent_again_and_timestamps_increase(
    app: Flask, aisha: Launched
) -> None:
    finish_readings(aisha, READINGS[0])
    drain(app)
    first = sandbox_score(app, "qi-pathway:aim")
    finish_readings(aisha, READINGS[1])
    assert states(app) == Counter(sent=14, pending=1)  # only module 1's score changed
    drain(app)
    second = sandbox_score(app, "qi-pathway:aim")
    assert (second.score_given or 0) > (first.score_given or 0)
    assert second.timestamp > first.timestamp


def test_a_newer_score_supersedes_an_unsent_one(app: Flask, aisha: Launched) -> None:
    finish_readings(
        aisha, READINGS[0]
    )  # opening the reading queues Started, finishing it InProgress
    finish_readings(aisha, READINGS[1])
    assert states(app) == Counter(pending=14)
    with app.app_context(), unit_of_work():
        superseded = db.session.scalars(
            select(ScoreOutbox.payload).where(ScoreOutbox.state == "superseded")
        ).all()
    # Module 1's score went Started -> InProgress -> more InProgress; its CPD column
    # Started -> InProgress (and stayed so, so it was not queued again).
    assert Counter(p["activityProgress"] for p in superseded) == {"Started": 2, "InProgress": 1}
    drain(app)
    with app.app_context(), unit_of_work():
        attempts = db.session.scalar(select(func.count()).select_from(PassbackAttempt))
    assert attempts == 14
    assert sandbox_score(app, "qi-pathway:aim").score_given == pytest.approx(queued_aim_score(app))


def test_links_without_grade_services_keep_progress_and_queue_nothing(
    app: Flask, launcher: LaunchDriver
) -> None:
    launched = launcher.launch(case="no-ags")
    finish_readings(launched, READINGS[0])
    assert states(app) == Counter()
    with app.app_context(), unit_of_work():
        link = db.session.scalars(select(ResourceLink)).one()
        assert link.ags_scopes in (None, [])
        assert link.ags_lineitems_url is None
        done = db.session.scalar(
            select(func.count())
            .select_from(ActivityProgress)
            .where(ActivityProgress.status == ActivityStatus.COMPLETE)
        )
    assert done == 1


def test_open_edx_gets_one_column_per_link_with_cpd_in_its_comment(
    app: Flask, launcher: LaunchDriver
) -> None:
    """Open edX grades a component by any of its line items: extra columns would overwrite it."""
    with app.app_context(), unit_of_work():
        db.session.execute(update(Platform).values(product_family="openedx"))
        db.session.commit()
    app.extensions.pop("lti_qi.platforms", None)
    aisha = launcher.launch()
    finish_readings(aisha, READINGS[0])
    drain(app)
    with mounted_sandbox(app).app_context():
        columns = sandbox_db.session.scalars(select(SandboxLineItem)).all()
        assert [(column.resource_id, column.tag) for column in columns] == [
            ("qi-pathway:pathway", "qi-pathway")
        ]
        [score] = grades.latest_scores(columns[0], "learner-aisha")
        assert "CPD earned 0 hours" in (score.comment or "")
