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

from lti_qi import create_app
from lti_qi.extensions import db

from pathway_helpers import open_stage


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


def open_team_stage(tmp_path_factory: pytest.TempPathFactory, learner: tuple[str, str]) -> None:
    """Finish module 1 and module 2's Learn stage for ``learner``: the team worksheet opens."""
    with server_app_context(tmp_path_factory):
        open_stage(learner, ("aim",), "team-learn")
