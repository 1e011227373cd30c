"""Deep Linking end to end, first-launch link set-up, and per-link settings.

The designer's deep-linking launch is a real signed LtiDeepLinkingRequest from the sandbox
LMS; the tool's response JWT is posted back to the sandbox, which verifies it against the
tool's published keys and places the links and their gradebook columns. Learners then
launch those links, and their scores travel to the columns the LMS made.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import jwt
import pytest
from flask import Flask
from sqlalchemy import select

from lti_qi import worker
from lti_qi.demo import mounted_sandbox
from lti_qi.extensions import db
from lti_qi.lti import tool_keys
from lti_qi.models import Context, CourseSetting, LineItemRecord, ResourceLink
from lti_qi.sandbox import grades
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.sandbox.models import SandboxLineItem, SandboxLink
from lti_qi.transaction import unit_of_work

from journeys import csrf, finish_readings
from launching import LaunchDriver, Launched, parse_form

DESIGNER = "designer-fatima"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"


def _picker(launcher: LaunchDriver) -> Launched:
    launched = launcher.launch(sub=DESIGNER, message_type="LtiDeepLinkingRequest")
    assert launched.landing_url.endswith("/links/embed")
    return launched


def _choose(launched: Launched, items: dict[str, dict[str, str]]) -> Any:
    data: dict[str, Any] = {"csrf_token": csrf(launched, "links/embed"), "item": list(items)}
    for key, fields in items.items():
        data.update({f"{name}-{key}": value for name, value in fields.items()})
    return launched.client.post(launched.url("links/embed"), data=data)


def _response_claims(app: Flask, page: str) -> tuple[str, str, dict[str, Any]]:
    action, fields = parse_form(page)
    with app.app_context(), unit_of_work():
        published = tool_keys.public_jwks()["keys"]
    header = jwt.get_unverified_header(fields["JWT"])
    [jwk] = [key for key in published if key["kid"] == header["kid"]]
    claims = jwt.decode(
        fields["JWT"],
        jwt.PyJWK(jwk).key,
        algorithms=["RS256"],
        audience="http://tool.test/sandbox",
    )
    return action, fields["JWT"], claims


def test_the_picker_lists_the_pathway_its_modules_and_stages(launcher: LaunchDriver) -> None:
    page = _picker(launcher).get("links/embed").get_data(as_text=True)
    assert 'value="pathway"' in page
    assert 'value="module:aim"' in page
    assert 'value="stage:aim-apply"' in page
    assert 'type="checkbox"' in page  # the sandbox accepts several items


def test_deep_linked_items_open_what_was_chosen_and_grade_into_their_columns(
    app: Flask, launcher: LaunchDriver
) -> None:
    launched = _picker(launcher)
    chosen = _choose(
        launched,
        {
            "module:aim": {
                "title": "Write your aim",
                "maximum": "10",
                "pass_mark": "80",
                "cpd": "2.5",
            },
            "stage:team-apply": {"title": "Your team", "text": "Who is in it", "maximum": "5"},
            "pathway": {"title": "Whole QI pathway", "maximum": "100"},
        },
    )
    assert chosen.status_code == 200, chosen.get_data(as_text=True)[:500]
    action, token, claims = _response_claims(app, chosen.get_data(as_text=True))
    assert action == "http://tool.test/sandbox/deep-link-return"
    assert claims["https://purl.imsglobal.org/spec/lti/claim/message_type"] == (
        "LtiDeepLinkingResponse"
    )
    sent = jwt.decode(launched.id_token_form["id_token"], options={"verify_signature": False})
    assert claims[DL_CLAIM + "data"] == sent[DL_CLAIM + "deep_linking_settings"]["data"]
    items = claims[DL_CLAIM + "content_items"]
    assert [item["custom"] for item in items] == [
        {"qi_module": "aim", "qi_maximum": "10"},
        {"qi_stage": "team-apply", "qi_maximum": "5"},
        {"qi_pathway": "qi-pathway", "qi_maximum": "100"},
    ]
    assert items[0]["lineItem"] == {
        "scoreMaximum": 10.0,
        "label": "Write your aim",
        "resourceId": "qi-pathway:aim",
        "tag": "qi-module",
    }
    assert items[1]["text"] == "Who is in it"
    with app.app_context(), unit_of_work():
        setting = db.session.get_one(CourseSetting, _context_id(app))
        assert (setting.pass_marks["aim"], setting.cpd_hours["aim"]) == (80, 2.5)

    placed = launched.client.post(action, data={"JWT": token})
    assert placed.status_code == 200
    links = _placed_links(app)
    assert [link.title for link in links] == ["Write your aim", "Your team", "Whole QI pathway"]

    learner = launcher.launch(link=links[0].lti_id)
    assert learner.landing_url.endswith("/modules/aim")
    assert launcher.launch(link=links[1].lti_id).landing_url.endswith("/stages/team-apply")
    whole = launcher.launch(link=links[2].lti_id)
    assert whole.landing_url.endswith(f"/s/{whole.token}/")

    finish_readings(learner, "aim-read-orientation")
    _deliver(app)
    with mounted_sandbox(app).app_context():
        column = sandbox_db.session.get_one(SandboxLineItem, links[0].line_item_id)
        [score] = grades.latest_scores(column, "learner-aisha")
        assert score.score_maximum == 10.0
        assert 0 < (score.score_given or 0) < 10
    with app.app_context():
        own = db.session.scalars(
            select(LineItemRecord)
            .join(ResourceLink)
            .where(ResourceLink.lti_resource_link_id == links[0].lti_id)
        ).all()
        # The module's score goes to the column the LMS made; lti-qi adds only a CPD column.
        assert sorted((item.kind, item.is_declarative) for item in own) == [
            ("cpd", False),
            ("score", True),
        ]


def _placed_links(app: Flask) -> list[SandboxLink]:
    with mounted_sandbox(app).app_context():
        links = sandbox_db.session.scalars(
            select(SandboxLink).where(SandboxLink.lti_id.contains("-dl-")).order_by(SandboxLink.id)
        ).all()
        for link in links:
            sandbox_db.session.expunge(link)
        return list(links)


def _context_id(app: Flask) -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalars(select(Context.id)).one()


def test_cancel_returns_no_items(app: Flask, launcher: LaunchDriver) -> None:
    launched = _picker(launcher)
    cancelled = launched.client.post(
        launched.url("links/embed/cancel"), data={"csrf_token": csrf(launched, "links/embed")}
    )
    assert cancelled.status_code == 200
    _, _, claims = _response_claims(app, cancelled.get_data(as_text=True))
    assert claims[DL_CLAIM + "content_items"] == []


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ({"module:nope": {"title": "X", "maximum": "10"}}, "not part of this pathway"),
        ({"module:aim": {"title": "X", "maximum": "0"}}, "maximum score is more than 0"),
        ({"module:aim": {"title": "X", "maximum": "ten"}}, "as a number"),
        ({"module:aim": {"title": " ", "maximum": "10"}}, "title of 1 to 255"),
        ({"module:aim": {"title": "X", "maximum": "10", "pass_mark": "120"}}, "0 to 100"),
    ],
)
def test_bad_choices_are_refused_with_what_to_fix(
    launcher: LaunchDriver, items: dict[str, dict[str, str]], message: str
) -> None:
    refused = _choose(_picker(launcher), items)
    assert refused.status_code == 422
    assert message in unescape(refused.get_data(as_text=True))


def test_learners_cannot_open_the_picker(launcher: LaunchDriver) -> None:
    learner = launcher.launch(message_type="LtiDeepLinkingRequest")
    assert learner.get("links/embed").status_code == 403


def test_a_resource_launch_cannot_use_the_picker(launcher: LaunchDriver) -> None:
    designer = launcher.launch(sub=DESIGNER, link="qi-101-pathway")
    page = designer.get("links/embed")
    assert page.status_code == 403
    assert "add external tool content" in page.get_data(as_text=True)


def test_a_link_without_settings_asks_its_designer_once_then_opens_the_choice(
    app: Flask, launcher: LaunchDriver
) -> None:
    designer = launcher.launch(sub=DESIGNER, link="qi-101-pathway")
    assert re.search(r"/links/this\?first=1$", designer.landing_url)
    before = launcher.launch(link="qi-101-pathway")
    assert before.landing_url.endswith(f"/s/{before.token}/")  # the whole pathway meanwhile
    saved = designer.client.post(
        designer.url("links/this"),
        data={"csrf_token": csrf(designer, "links/this"), "target": "module:team", "maximum": "50"},
    )
    assert saved.status_code == 303
    assert launcher.launch(link="qi-101-pathway").landing_url.endswith("/modules/team")
    again = launcher.launch(sub=DESIGNER, link="qi-101-pathway")
    assert again.landing_url.endswith("/modules/team")
    overview = again.get("links/").get_data(as_text=True)
    assert "a designer in lti-qi" in overview


def test_changing_a_links_maximum_updates_its_column_and_rescales_scores(
    app: Flask, launcher: LaunchDriver
) -> None:
    launched = _picker(launcher)
    chosen = _choose(launched, {"module:aim": {"title": "Aim", "maximum": "10"}})
    action, token, _ = _response_claims(app, chosen.get_data(as_text=True))
    launched.client.post(action, data={"JWT": token})
    [link] = _placed_links(app)
    learner = launcher.launch(link=link.lti_id)
    finish_readings(learner, "aim-read-orientation")
    _deliver(app)
    designer = launcher.launch(sub=DESIGNER, link=link.lti_id)
    fixed = designer.get("links/this").get_data(as_text=True)
    assert "qi_module=aim qi_maximum=10" in fixed  # the LMS link decides what it opens
    saved = designer.client.post(
        designer.url("links/this"),
        data={"csrf_token": csrf(designer, "links/this"), "target": "module:aim", "maximum": "20"},
    )
    assert saved.status_code == 303
    _deliver(app)
    with mounted_sandbox(app).app_context():
        column = sandbox_db.session.get_one(SandboxLineItem, link.line_item_id)
        assert column.score_maximum == 20.0
        [score] = grades.latest_scores(column, "learner-aisha")
        assert score.score_maximum == 20.0


def _deliver(app: Flask) -> None:
    with app.app_context(), unit_of_work():
        while worker.dispatch_scores("dl-test"):
            pass
