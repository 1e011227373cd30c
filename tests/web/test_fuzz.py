"""No input gets a 500: malformed values to every POST route, out-of-range ids to every id route.

The routes come from ``app.url_map`` (the sandbox LMS, a separate platform, is left out), so a
new route is fuzzed without being listed here. Each POST route is sent every malformed form as
each kind of person (learner, mentor, designer, administrator), with a valid CSRF token so the
form reaches the view; every route with an ``<id:...>`` is asked for ids outside 1..2^31-1.
"""

import re

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict
from werkzeug.routing import Rule

from lti_qi.web.converters import IdConverter

from launching import LaunchDriver, Launched
from measurement_helpers import give_measures_plan, project_of

PEOPLE = ("learner-aisha", "mentor-dan", "designer-fatima", "admin-grace")
FIELDS = (
    "body", "comment", "note", "text", "title", "url", "code", "rating", "problem", "message",
    "reason", "name", "learner", "statement", "accreditation", "pasted", "mode", "chart",
    "data_kind", "rules", "freeze", "phase_starts", "maximum", "target", "project_id",
    "mentor_id", "parent_id", "round", "decision", "anchor", "pack", "slug", "email",
    "points.0.label", "points.0.value", "points.0.numerator", "points.0.denominator",
    "steps.0.step", "categories.0.name", "q-q1", "_base_version", "_action", "csv_file",
)  # fmt: skip
VALUES = {
    "empty": "",
    "huge number": "1.7e308",
    "huge integer": "9" * 400,
    "nul and controls": "a\x00b\x1b\x07c",
    "very long": "x" * 20_000,
}
OUT_OF_RANGE_IDS = ("0", str(2**31), "9" * 30)
SLUGS = {"activities": "aim-worksheet", "stages": "aim-apply", "modules": "aim"}
SERVER_ERROR = b"went wrong on our side"


def malformed_forms() -> dict[str, list[tuple[str, str]]]:
    """Every field name with each malformed value, and every field sent twice (wrong type)."""
    forms = {name: [(field, value) for field in FIELDS] for name, value in VALUES.items()}
    forms["sent twice"] = [(field, value) for field in FIELDS for value in ("1", "two")]
    return forms


def post_rules(app: Flask) -> list[Rule]:
    """The tool's POST routes."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and not rule.rule.startswith("/sandbox")
    ]


def id_rules(app: Flask) -> list[Rule]:
    """The tool's routes with an id in the address."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(converter, IdConverter) for converter in rule._converters.values())
    ]


def path_of(rule: Rule, token: str, id_value: str = "1") -> str:
    """The rule's address with every part filled: the session, ids, and slugs that exist."""

    def part(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        if name == "launch":
            return token
        if match.group(1).startswith("id:"):
            return id_value
        before = rule.rule[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        return SLUGS.get(before, "aim")

    return re.sub(r"<([^>]+)>", part, rule.rule)


def csrf_of(person: Launched) -> str:
    """A CSRF token of the person's session, from the first of their pages holding a form."""
    for path in ("project", "designer/content", "mentoring", "admin/", "community", ""):
        page = person.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
        if match:
            return match.group(1)
    raise AssertionError(f"no page with a form for {person}")


@pytest.fixture
def people(launcher: LaunchDriver, app: Flask) -> list[Launched]:
    """A learner with a project and measures, her mentor, a designer and an administrator."""
    launched = [launcher.launch(sub=sub) for sub in PEOPLE]
    launched[0].get()
    give_measures_plan(app, project_of(app, "learner-aisha"))
    launched[0].get("measures")
    return launched


def test_malformed_posts_never_answer_500(people: list[Launched], app: Flask) -> None:
    failed: dict[tuple[str, str, str], int] = {}
    for person in people:
        token = csrf_of(person)
        for rule in post_rules(app):
            path = path_of(rule, person.token)
            for name, fields in malformed_forms().items():
                data = MultiDict([("csrf_token", token), *fields])
                response = person.client.post(f"{person.base_url}{path}", data=data)
                if response.status_code >= 500 or SERVER_ERROR in response.data:
                    failed[person.token[:6], rule.endpoint, name] = response.status_code
    assert not failed, sorted(failed)


def test_ids_out_of_range_are_not_found_on_every_id_route(
    people: list[Launched], app: Flask
) -> None:
    learner, token = people[0], csrf_of(people[0])
    assert len(id_rules(app)) >= 20
    failed = {}
    for rule in id_rules(app):
        for number in OUT_OF_RANGE_IDS:
            url = learner.base_url + path_of(rule, learner.token, number)
            answers = [learner.client.get(url)]
            if "POST" in (rule.methods or ()):
                answers.append(learner.client.post(url, data={"csrf_token": token}))
            if any(answer.status_code not in (404, 405) for answer in answers):
                failed[rule.rule, number] = [answer.status_code for answer in answers]
    assert not failed, sorted(failed)
