"""Malformed posts to every learner action get a 4xx with a message, never a 500.

Each form is sent to every curriculum POST route, for an activity of each kind, so a route
that decodes a field it does not expect, or stores text a database refuses, shows up here.
"""

import io

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from journeys import correct_answers, csrf, finish_learn_stage, sign_off_aim_apply
from launching import LaunchDriver, Launched

ACTIVITIES = ("aim-read-model", "aim-check", "aim-worksheet", "aim-evidence", "aim-reflection")
ACTIONS = ("done", "check", "worksheet", "evidence", "reflection")
OTHER_ROUTES = (
    "stages/aim-apply/submit",
    "modules/aim/feedback",
    "project/rename",
    "project/share",
    "project/join",
)
ROUTES = tuple(f"activities/{slug}/{action}" for slug in ACTIVITIES for action in ACTIONS)
HUGE = "x" * 300_000

MALFORMED: dict[str, list[tuple[str, object]]] = {
    "value and group": [("problem", "typed"), ("problem.y", "z")],
    "group and value": [("problem.y", "z"), ("problem", "typed")],
    "repeated then group": [("steps.0", "a"), ("steps.0", "b"), ("steps.0.who", "c")],
    "deeply nested name": [("a." * 2000 + "b", "z")],
    "positions not numbers": [("primary_drivers.x.text", "a"), ("steps.-1.who", "b")],
    "non-ascii digit position": [("steps.\u0663.who", "a")],
    "huge position": [("steps.99999999999999999999999999.who", "a")],
    "removed row only": [("steps.0._remove", "1")],
    "huge values": [
        ("text", HUGE),
        ("title", HUGE),
        ("url", "https://example.org/" + HUGE),
        ("problem", HUGE),
        ("code", HUGE),
        ("comment", HUGE),
        ("rating", "9" * 1000),
    ],
    "nul and control characters": [
        ("text", "before\x00after\x1b " * 20),
        ("title", "Poster\x00"),
        ("url", "https://example.org/\x00"),
        ("code", "AB\x00CD"),
        ("comment", "fine\x00"),
        ("rating", "4"),
        ("problem", "a\x00b"),
        ("q-q1", "a\x00"),
    ],
    "wrong types": [
        ("rating", "abc"),
        ("_base_version", "not a number"),
        ("_action", "submit"),
        ("q-q1", "no such option"),
        ("q-q1", "another"),
    ],
    "unknown fields": [("nonsense", "1"), ("__proto__", "x"), ("", "empty name")],
    "nothing at all": [],
}


@pytest.fixture
def learner(launcher: LaunchDriver, app: Flask) -> Launched:
    """A learner with every activity of module 1 open (its apply stage signed off)."""
    aisha = launcher.launch(sub="learner-aisha")
    finish_learn_stage(aisha, correct_answers(app))
    sign_off_aim_apply(app)
    return aisha


def test_malformed_forms_never_cause_a_server_error(learner: Launched) -> None:
    token = csrf(learner, "project")
    failed = {}
    for name, fields in MALFORMED.items():
        for route in ROUTES + OTHER_ROUTES:
            data = MultiDict([("csrf_token", token), *fields])
            response = learner.client.post(learner.url(route), data=data)
            if response.status_code >= 500 or b"went wrong on our side" in response.data:
                failed[name, route] = response.status_code
    assert not failed, failed


def test_value_and_group_clash_is_explained(learner: Launched) -> None:
    post = learner.client.post(
        learner.url("activities/aim-worksheet/worksheet"),
        data=MultiDict(
            [("csrf_token", csrf(learner, "project")), ("problem", "a"), ("problem.y", "b")]
        ),
    )
    assert post.status_code == 400
    assert "both as one answer and as part of a group" in post.get_data(as_text=True)


def test_worksheet_post_to_a_reading_is_refused_with_what_to_do(learner: Launched) -> None:
    response = learner.client.post(
        learner.url("activities/aim-read-model/worksheet"),
        data={"csrf_token": csrf(learner, "project"), "problem": "typed"},
    )
    assert response.status_code == 400
    assert "read it, then choose" in response.get_data(as_text=True)


def test_files_with_odd_names_are_refused_not_crashed(learner: Launched) -> None:
    token = csrf(learner, "project")
    url = learner.url("activities/aim-evidence/evidence")
    for name, title in (("", "No name"), ("x" * 400 + ".pdf", "Long name"), ("a\x00.pdf", "")):
        data = {"csrf_token": token, "title": title, "file": (io.BytesIO(b"%PDF-1.4"), name)}
        response = learner.client.post(url, data=data, content_type="multipart/form-data")
        assert 400 <= response.status_code < 500 or response.status_code == 302, name
