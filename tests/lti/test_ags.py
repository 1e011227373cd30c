"""AGS calls to the sandbox LMS: columns found by link and resourceId, created, changed, scored."""

from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from lti_qi.lti import ags, flow, scopes
from lti_qi.lti.connector import ToolServiceConnector
from lti_qi.models import LineItemRecord, ResourceLink
from lti_qi.sandbox import grades
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.sandbox.models import SandboxLineItem

LINEITEMS_URL = "http://tool.test/sandbox/api/courses/QI-101/lineitems"


def _link(*granted: str, platform_id: int | None = None) -> ResourceLink:
    return ResourceLink(
        lti_resource_link_id="qi-101-pathway",
        ags_lineitems_url=LINEITEMS_URL,
        ags_scopes=list(granted),
        platform_id=platform_id,
    )


def _item(resource_id: str = "aim", maximum: float = 100) -> LineItemRecord:
    return LineItemRecord(
        label="Choosing a project", score_maximum=maximum, resource_id=resource_id, tag="qi-module"
    )


def test_a_created_column_is_found_by_its_link_and_resource_id(connector: ToolServiceConnector):
    link = _link(scopes.LINEITEM, scopes.SCORE)
    assert ags.find_line_item(connector, link, _item()) is None
    url = ags.create_line_item(connector, link, _item())
    assert ags.find_line_item(connector, link, _item()) == url
    assert ags.find_line_item(connector, link, _item("team")) is None


def test_a_changed_maximum_reaches_the_column(
    connector: ToolServiceConnector, sandbox_app: Flask
) -> None:
    link = _link(scopes.LINEITEM, scopes.SCORE)
    item = _item()
    item.url = ags.create_line_item(connector, link, item)
    item.score_maximum = 10
    ags.update_line_item(connector, link, item)
    with sandbox_app.app_context():
        column = sandbox_db.session.scalars(select(SandboxLineItem)).one()
    assert (column.score_maximum, column.resource_link_id) == (10, "qi-101-pathway")


def test_a_posted_score_is_kept_by_the_lms(
    connector: ToolServiceConnector, sandbox_app: Flask
) -> None:
    url = ags.create_line_item(connector, _link(scopes.LINEITEM, scopes.SCORE), _item())
    score = {
        "userId": "learner-aisha",
        "scoreGiven": 50,
        "scoreMaximum": 100,
        "activityProgress": "InProgress",
        "gradingProgress": "Pending",
        "timestamp": datetime.now(UTC).isoformat(),
    }
    ags.post_score(connector, url, score)
    with sandbox_app.app_context():
        column = sandbox_db.session.scalars(select(SandboxLineItem)).one()
        [kept] = grades.latest_scores(column, "learner-aisha")
    assert kept.score_given == 50


def test_a_read_only_link_may_find_but_not_create_or_change_columns(
    connector: ToolServiceConnector,
) -> None:
    url = ags.create_line_item(connector, _link(scopes.LINEITEM, scopes.SCORE), _item())
    read_only = _link(scopes.LINEITEM_READONLY, scopes.SCORE)
    assert ags.find_line_item(connector, read_only, _item()) == url
    with pytest.raises(ags.PassbackUnavailable, match="create gradebook columns"):
        ags.create_line_item(connector, read_only, _item("team"))
    with pytest.raises(ags.PassbackUnavailable, match="change this column"):
        ags.update_line_item(connector, read_only, _item())


def test_no_connector_is_made_for_a_registration_that_is_gone(
    connector: ToolServiceConnector,
) -> None:
    with pytest.raises(ags.PassbackUnavailable, match="missing or disabled"):
        ags.connect(_link(platform_id=999_999), "sandbox-deployment-1", flow.runtime().http)
