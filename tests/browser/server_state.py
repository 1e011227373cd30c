"""Set the scene in a module's own live server: its database, opened from the test.

Some journeys start part-way along the pathway (a learner who finished module 1); walking
there in the browser would take minutes, so the progress is written straight into the
database of the server the browser talks to (``own_live_server``), after the people have
launched once so that lti-qi knows them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from lti_qi import create_app
from lti_qi.domain.course import ActivityStatus
from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, Context, User
from lti_qi.models.base import utc_now
from lti_qi.services.content import packs

from cpd_helpers import finish_module


def server_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the database file of the newest ``own_live_server`` of this session."""
    found = sorted(
        Path(tmp_path_factory.getbasetemp()).glob("own-server-instance*/browser.sqlite3"),
        key=lambda path: path.stat().st_mtime,
    )
    assert found, "the module's own live server's database was not found"
    return found[-1]


@contextmanager
def server_app_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Open an app context on the own live server's database (commit what you write)."""
    database = server_database(tmp_path_factory)
    settings = {"database_url": f"sqlite:///{database}", "instance_path": str(database.parent)}
    app = create_app({"env": "test", **settings})
    with app.app_context():
        yield
        db.engine.dispose()


def ids(person: str, course: str) -> tuple[int, int]:
    """Return the user id of ``person`` (a sandbox sub) and the id of ``course`` (its label)."""
    user = db.session.scalar(select(User.id).where(User.sub == person))
    context = db.session.scalar(select(Context.id).where(Context.label == course))
    assert user is not None, f"{person} has not launched lti-qi yet"
    assert context is not None, f"nobody has launched lti-qi from {course} yet"
    return user, context


def finish_stage(user_id: int, context_id: int, stage_slug: str) -> None:
    """Complete every activity of one stage (knowledge checks at 100%)."""
    course = packs.pathway(packs.course_setting(context_id).pack_slug)
    located = course.locate_stage(stage_slug)
    assert located is not None, stage_slug
    now = utc_now()
    for activity in located[1].activities:
        db.session.add(
            ActivityProgress(
                user_id=user_id,
                context_id=context_id,
                item_id=activity.id,
                status=ActivityStatus.COMPLETE,
                score=100.0 if activity.kind == "knowledge_check" else None,
                started_at=now,
                completed_at=now,
                updated_at=now,
            )
        )
    db.session.commit()


def open_team_stage(tmp_path_factory: pytest.TempPathFactory, learner: tuple[str, str]) -> None:
    """Finish module 1 and module 2's Learn stage for ``learner``: the team worksheet opens."""
    with server_app_context(tmp_path_factory):
        user, context = ids(*learner)
        mentor, _ = ids("mentor-dan", learner[1])
        finish_module(user, context, "aim", mentor_id=mentor)
        finish_stage(user, context, "team-learn")
