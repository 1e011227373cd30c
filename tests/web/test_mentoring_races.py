"""Two people acting at the same moment: one current mentor per project, one answer per request.

Each race is forced on PostgreSQL (``races.at_once``). Without the unique index, or the guarded
update, both would win.
"""

import sqlite3

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import func, select

from lti_qi import create_app, paths
from lti_qi.domain.course import SignoffStatus
from lti_qi.extensions import db
from lti_qi.models import JoinRequest, MentorAssignment, Notification, Project, StageSignoff
from lti_qi.services.base.actors import Actor
from lti_qi.services.collaboration import join_requests
from lti_qi.services.curriculum import learning
from lti_qi.services.launches.sessions import resolve_session
from lti_qi.services.mentoring import mentor_assignments
from lti_qi.transaction import unit_of_work

from journeys import correct_answers, csrf, finish_aim_apply, submit_aim_stage
from launching import LaunchDriver, Launched
from races import at_once

BEFORE = "5b2eb0fb71ec"  # the revision before the one-current-mentor index
WITH_INDEX = "5bc26b6f1aaf"


def _actor(app: Flask, launched: Launched) -> Actor:
    with app.app_context(), unit_of_work():
        return resolve_session(launched.token)


def _id_of(app: Flask, model: type, *where: object) -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalar(select(model.id).where(*where))


@pytest.fixture
def submitted(launcher: LaunchDriver, app: Flask) -> int:
    """Aisha (QI-101) has submitted module 1's apply stage; returns her project's id."""
    submit_aim_stage(launcher.launch(sub="learner-aisha"), correct_answers(app))
    return _id_of(app, Project)


def _current_mentors(app: Flask, project_id: int) -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalar(
            select(func.count())
            .select_from(MentorAssignment)
            .where(MentorAssignment.project_id == project_id, MentorAssignment.ended_at.is_(None))
        )


def test_two_mentors_claiming_at_once_leave_one_mentor(
    postgres: None, submitted: int, launcher: LaunchDriver, app: Flask
) -> None:
    dan, erin = (_actor(app, launcher.launch(sub=sub)) for sub in ("mentor-dan", "ta-erin"))
    outcomes = at_once(
        app,
        "mentor_assignments",
        [
            lambda: mentor_assignments.claim_project(dan, submitted),
            lambda: mentor_assignments.claim_project(erin, submitted),
        ],
    )
    assert outcomes == ["conflict", "done"]
    assert _current_mentors(app, submitted) == 1


def test_two_assignments_at_once_leave_one_current_mentor(
    postgres: None, submitted: int, launcher: LaunchDriver, app: Flask
) -> None:
    fatima = _actor(app, launcher.launch(sub="designer-fatima"))
    mentors = [_actor(app, launcher.launch(sub=sub)).user_id for sub in ("mentor-dan", "ta-erin")]
    outcomes = at_once(
        app,
        "mentor_assignments",
        [
            lambda mentor=mentor: mentor_assignments.assign_mentor(fatima, submitted, mentor)
            for mentor in mentors
        ],
    )
    assert "done" in outcomes
    assert set(outcomes) <= {"done", "conflict"}
    assert _current_mentors(app, submitted) == 1


def test_two_team_members_answering_at_once_give_one_answer(
    postgres: None, launcher: LaunchDriver, app: Flask
) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    token = csrf(aisha, "project")
    assert (
        aisha.client.post(aisha.url("project/share"), data={"csrf_token": token}).status_code == 302
    )
    project_id = _id_of(app, Project)
    with app.app_context(), unit_of_work():
        code = db.session.get(Project, project_id).invite_code
    chloe = launcher.launch(sub="learner-chloe")
    joined = chloe.client.post(
        chloe.url("project/join"), data={"csrf_token": csrf(chloe, "project"), "code": code}
    )
    assert joined.status_code == 302
    ben = launcher.launch(sub="learner-ben")
    asked = ben.client.post(
        ben.url(f"community/projects/{project_id}/join"),
        data={"csrf_token": csrf(ben, "project")},
    )
    assert asked.status_code == 302
    request_id = _id_of(app, JoinRequest)
    answerers = [(_actor(app, aisha), True), (_actor(app, chloe), False)]
    outcomes = at_once(
        app,
        "join_requests",
        [
            lambda actor=actor, accept=accept: join_requests.decide_join_request(
                actor, request_id, accept=accept
            )
            for actor, accept in answerers
        ],
    )
    assert outcomes == ["conflict", "done"]
    with app.app_context(), unit_of_work():
        told = db.session.scalars(
            select(Notification.text).where(Notification.text.like("Your request to join%"))
        ).all()
        assert len(told) == 1


def test_upgrading_keeps_only_the_newest_current_mentor_of_each_project(tmp_path) -> None:
    database = tmp_path / "before.sqlite3"
    old = create_app(
        {"env": "test", "database_url": f"sqlite:///{database}", "instance_path": str(tmp_path)}
    )
    directory = str(paths.migrations_dir())
    with old.app_context(), unit_of_work():
        flask_migrate.upgrade(directory=directory, revision=BEFORE)
        db.engine.dispose()
    rows = [(1, None), (1, None), (1, None), (2, "2026-01-05 09:00:00"), (2, None), (3, None)]
    with sqlite3.connect(database) as raw:  # foreign keys are off in a plain connection
        raw.executemany(
            "INSERT INTO mentor_assignments (project_id, mentor_id, assigned_by, via, created_at,"
            " ended_at) VALUES (?, 7, 7, 'claim', '2026-01-01 09:00:00', ?)",
            rows,
        )
    with old.app_context(), unit_of_work():
        flask_migrate.upgrade(directory=directory, revision=WITH_INDEX)
        db.engine.dispose()
    with sqlite3.connect(database) as raw:
        current = raw.execute(
            "SELECT id, project_id FROM mentor_assignments WHERE ended_at IS NULL ORDER BY id"
        ).fetchall()
        assert current == [(3, 1), (5, 2), (6, 3)]
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(
                "INSERT INTO mentor_assignments (project_id, mentor_id, assigned_by, via,"
                " created_at) VALUES (1, 8, 8, 'claim', '2026-01-02 09:00:00')"
            )


def test_a_stage_submitted_from_two_tabs_at_once_is_submitted_once(
    postgres: None, launcher: LaunchDriver, app: Flask
) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    finish_aim_apply(aisha, correct_answers(app))
    with app.app_context(), unit_of_work():
        actor = resolve_session(aisha.token)
        view = learning.learner_view(actor)
        stage = view.pathway.locate_stage("aim-apply")[1]

    outcomes = at_once(
        app, "stage_signoffs", [lambda: learning.submit_stage(actor, view, stage)] * 2
    )

    assert outcomes == ["conflict", "done"]
    with app.app_context(), unit_of_work():
        signoff = db.session.scalars(select(StageSignoff)).one()
    assert (signoff.status, signoff.review_round) == (SignoffStatus.SUBMITTED, 1)
