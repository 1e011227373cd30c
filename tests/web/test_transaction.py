"""One transaction per request: a request commits once, and a failing request commits nothing.

The boundary is checked on a second application over the same database with a few routes of
its own (a write then success, a refusal, a crash, a refusal that keeps its write, a commit
that fails), and end to end on deep linking, whose answer can be refused after it saved the
designer's pass marks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from lti_qi import create_app
from lti_qi.errors import InvalidInput
from lti_qi.extensions import db
from lti_qi.lti import registrations
from lti_qi.models import CourseSetting, PlatformStatus, User
from lti_qi.sandbox.models import SandboxTool
from lti_qi.services.platforms import registry
from lti_qi.transaction import unit_of_work
from lti_qi.web import transaction

from journeys import csrf
from launching import LaunchDriver

ISSUER = "https://boundary.test"


def _add_user(sub: str) -> None:
    db.session.add(User(issuer=ISSUER, sub=sub))
    db.session.flush()


def _saves() -> str:
    _add_user("saved")
    return "saved"


def _refuses() -> str:
    _add_user("refused")
    raise InvalidInput("No.")


def _crashes() -> str:
    _add_user("crashed")
    raise RuntimeError("unexpected")


def _keeps_its_refusal() -> tuple[str, int]:
    _add_user("kept")
    transaction.keep_changes()
    return "kept, but refused", 422


def _fails_at_commit() -> str:
    db.session.add_all([User(issuer=ISSUER, sub="twice"), User(issuer=ISSUER, sub="twice")])
    return "the commit will fail"


ROUTES: dict[str, Callable[[], object]] = {
    "/saves": _saves,
    "/refuses": _refuses,
    "/crashes": _crashes,
    "/keeps": _keeps_its_refusal,
    "/fails-at-commit": _fails_at_commit,
}


@pytest.fixture
def boundary_app(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """A second lti-qi over the test database, with the routes above."""
    second = create_app(
        {"env": "test", "database_url": database_url, "instance_path": str(tmp_path)}
    )
    for path, view in ROUTES.items():
        second.add_url_rule(path, view.__name__, view)
    yield second
    with second.app_context():
        db.engine.dispose()


def _users(app: Flask) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(User.sub).where(User.issuer == ISSUER)))


@pytest.mark.parametrize(
    ("path", "status", "kept"),
    [
        ("/saves", 200, ["saved"]),
        ("/refuses", 400, []),
        ("/crashes", 500, []),
        ("/keeps", 422, ["kept"]),
        ("/fails-at-commit", 500, []),
    ],
)
def test_a_request_commits_its_writes_only_when_it_succeeds_or_says_to_keep_them(
    boundary_app: Flask, path: str, status: int, kept: list[str]
) -> None:
    response = boundary_app.test_client().get(path)
    assert response.status_code == status
    assert _users(boundary_app) == kept


def test_a_commit_that_fails_shows_the_error_page(boundary_app: Flask) -> None:
    response = boundary_app.test_client().get("/fails-at-commit", headers={"Accept": "text/html"})
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)


def test_a_deep_linking_answer_refused_after_saving_pass_marks_saves_nothing(
    app: Flask, launcher: LaunchDriver, sandbox: SandboxTool
) -> None:
    picker = launcher.launch(sub="designer-fatima", message_type="LtiDeepLinkingRequest")
    token = csrf(picker, "links/embed")
    with app.app_context(), unit_of_work():
        platform = registrations.find_platform("http://tool.test/sandbox", sandbox.client_id)
        assert platform is not None
        registry.set_platform_status(platform.id, PlatformStatus.DISABLED)
        marks_before = db.session.scalar(select(func.count()).select_from(CourseSetting))
    fields = {"title-module:aim": "Aim", "maximum-module:aim": "10", "pass_mark-module:aim": "80"}
    refused = picker.client.post(
        picker.url("links/embed"), data={"csrf_token": token, "item": ["module:aim"], **fields}
    )
    assert refused.status_code == 403
    assert "no longer active" in refused.get_data(as_text=True)
    with app.app_context():
        settings = list(db.session.scalars(select(CourseSetting)))
        assert len(settings) == marks_before
        assert all("aim" not in setting.pass_marks for setting in settings)
