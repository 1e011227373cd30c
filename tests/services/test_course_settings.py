"""Process-local copies of course settings: fresh after any committed change, never after none."""

from __future__ import annotations

import pytest
import redis
import sqlalchemy as sa
from flask import Flask

from lti_qi import create_app, local_copies
from lti_qi.extensions import cache, db
from lti_qi.models import Context, CourseSetting
from lti_qi.services.content import course_content, course_settings, packs
from lti_qi.services.platforms import setup
from lti_qi.transaction import unit_of_work

from designer_helpers import counting_statements
from launching import LaunchDriver, Launched

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def learner(launcher: LaunchDriver) -> Launched:
    return launcher.launch()


def _course_id() -> int:
    return db.session.scalars(sa.select(Context.id)).one()


def test_a_change_saved_here_is_read_at_once(app: Flask, learner: Launched) -> None:
    with app.app_context():
        course = _course_id()
        assert dict(course_settings.current(course).pass_marks) == {}
        with unit_of_work():
            course_content.set_pass_marks(course, {"aim": 80})
        assert dict(course_settings.current(course).pass_marks) == {"aim": 80}


def test_a_direct_change_to_the_row_is_read_once_committed(app: Flask, learner: Launched) -> None:
    with app.app_context(), unit_of_work():
        course = _course_id()
        assert course_settings.current(course).review_sla_days == 7
        db.session.get_one(CourseSetting, course).review_sla_days = 2
        db.session.flush()
        assert course_settings.current(course).review_sla_days == 7, "not committed yet"
        db.session.commit()
        assert course_settings.current(course).review_sla_days == 2


def test_a_rolled_back_change_keeps_every_copy(app: Flask, learner: Launched) -> None:
    with app.app_context(), unit_of_work():
        course = _course_id()
        before = course_settings.current(course)
        version = cache.get("course-settings-version")
        db.session.get_one(CourseSetting, course).pass_marks = {"aim": 10}
        db.session.flush()
        db.session.rollback()
        assert cache.get("course-settings-version") == version
        assert course_settings.current(course) is before


def test_pages_after_the_first_read_only_the_project_and_progress(
    app: Flask, learner: Launched
) -> None:
    assert learner.get().status_code == 200
    with counting_statements(app) as statements:
        assert learner.get().status_code == 200
    # Two statements: the project with its sign-offs, and the learner's progress. The course's
    # settings and the unread count come from their caches.
    assert [s.split("FROM ", 1)[1].split()[0] for s in statements] == [
        "projects",
        "activity_progress",
    ]


def test_another_process_reads_the_change_within_its_check_interval(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running here")
    shared = {
        "env": "test",
        "database_url": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "redis_url": REDIS_URL,
        "instance_path": str(tmp_path),
    }
    designer_process, learner_process = create_app(shared), create_app(shared)
    with designer_process.app_context(), unit_of_work():
        cache.clear()
        setup.upgrade_database()
        packs.install_pack(packs.default_pack_path())
        db.session.add(
            Context(issuer="https://lms.test", deployment_id="1", lti_context_id="QI-101")
        )
        db.session.commit()
        course = _course_id()
        assert course_settings.current(course).cpd_hours == {}
    with learner_process.app_context(), unit_of_work():
        assert course_settings.current(course).cpd_hours == {}
    with designer_process.app_context(), unit_of_work():
        course_content.set_cpd_hours(course, {"aim": 3.0})

    with learner_process.app_context(), unit_of_work():
        assert course_settings.current(course).cpd_hours == {}, "checked less than 1 s ago"
        monkeypatch.setattr(local_copies, "CHECK_SECONDS", 0.0)
        assert dict(course_settings.current(course).cpd_hours) == {"aim": 3.0}
        assert course_settings.pathway(course).find_module("aim").cpd_hours == 3.0  # type: ignore[union-attr]
        cache.clear()
