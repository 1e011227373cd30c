"""Grade integrity: each action completes only its own kind of activity, prerequisites hold.

A learner's progress feeds their grade in the LMS, so a post that does not fit the activity
(``done`` on a knowledge check, a check on a reading, evidence on a reflection) is refused
with what to do instead, and changes nothing.
"""

import pytest
from flask import Flask
from sqlalchemy import func, select

from lti_qi.extensions import db
from lti_qi.models import (
    ActivityProgress,
    CheckAttempt,
    Evidence,
    ModuleFeedback,
    Reflection,
    Worksheet,
)
from lti_qi.services.content import packs, pathways
from lti_qi.services.curriculum import learning
from lti_qi.services.launches.sessions import resolve_session
from lti_qi.transaction import unit_of_work

from journeys import GOOD_AIM, correct_answers, csrf
from launching import LaunchDriver, Launched
from progress_helpers import work_through
from races import at_once

REFLECTION = " ".join(["I learnt to write a measurable aim with a baseline and a date."] * 6)
FISHBONE = {
    "problem": "Lunch trays come back untouched.",
    "categories.0.name": "People",
    "categories.0.causes.0.cause": "Nobody helps patients open packets.",
    "categories.1.name": "Process",
    "categories.1.causes.0.cause": "Trays arrive during ward rounds.",
}
# activity, the stage that must be open for it, and the actions that may complete it
KINDS = {
    "reading": ("aim-read-model", None, ("done",)),
    "knowledge_check": ("aim-check", None, ("check",)),
    "worksheet": ("aim-worksheet", "aim-apply", ("worksheet",)),
    "evidence": ("aim-evidence", "aim-apply", ("evidence", "done")),
    "reflection": ("aim-reflection", "aim-reflect", ("reflection",)),
}


@pytest.fixture
def aisha(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="learner-aisha")


def snapshot(app: Flask) -> tuple[list[tuple[object, ...]], list[int]]:
    """Everything an action could change: progress rows and the work stored with them."""
    with app.app_context(), unit_of_work():
        rows = db.session.execute(
            select(
                ActivityProgress.item_id,
                ActivityProgress.status,
                ActivityProgress.score,
                ActivityProgress.attempts,
            )
        )
        models = (CheckAttempt, Evidence, Reflection, Worksheet)
        counts = [db.session.scalar(select(func.count()).select_from(m)) for m in models]
        return sorted(tuple(row) for row in rows), counts


def status_of(app: Flask, slug: str) -> str | None:
    with app.app_context(), unit_of_work():
        item_id = pathways.pathway(packs.DEFAULT_PACK).locate(slug)[2].id
        query = select(ActivityProgress.status).where(ActivityProgress.item_id == item_id)
        return db.session.scalar(query)


def forms(app: Flask) -> dict[str, dict[str, object]]:
    """A well-formed post for each action."""
    return {
        "done": {},
        "check": correct_answers(app),
        "worksheet": {"_base_version": "0", "_action": "submit", **GOOD_AIM},
        "evidence": {"title": "Agreement to start", "url": "https://example.org/agreement"},
        "reflection": {"text": REFLECTION, "_action": "finish", "_base_version": "0"},
    }


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_is_completed_only_by_its_own_action(
    aisha: Launched, app: Flask, kind: str
) -> None:
    slug, stage, allowed = KINDS[kind]
    aisha.get()
    if stage:
        work_through(app, stage)
    token, posts = csrf(aisha, "project"), forms(app)
    before = snapshot(app)
    for action in sorted(set(posts) - set(allowed)):
        data = {"csrf_token": token, **posts[action]}
        refused = aisha.client.post(aisha.url(f"activities/{slug}/{action}"), data=data)
        assert refused.status_code == 400, action
        assert "That action does not apply to" in refused.get_data(as_text=True), action
        assert snapshot(app) == before, action
    data = {"csrf_token": token, **posts[allowed[0]]}
    assert aisha.client.post(
        aisha.url(f"activities/{slug}/{allowed[0]}"), data=data
    ).status_code in (
        200,
        302,
    )
    assert status_of(app, slug) in ("complete", "submitted")


def test_an_activity_opens_once_its_prerequisite_is_done(aisha: Launched, app: Flask) -> None:
    aisha.get()
    work_through(app, "system-apply")
    token = csrf(aisha, "project")
    waiting = aisha.get("activities/system-pareto")
    assert waiting.status_code == 403
    assert "opens once you have finished “Build your fishbone diagram”" in waiting.get_data(
        as_text=True
    )
    early = {"csrf_token": token, "_base_version": "0", "_action": "draft", "problem": "x"}
    assert (
        aisha.client.post(aisha.url("activities/system-pareto/worksheet"), data=early).status_code
        == 403
    )
    assert snapshot(app)[1] == [0, 0, 0, 0]
    assert "Opens once you have finished" in aisha.get("modules/system").get_data(as_text=True)
    fishbone = {"csrf_token": token, "_base_version": "0", "_action": "submit", **FISHBONE}
    submitted = aisha.client.post(aisha.url("activities/system-fishbone/worksheet"), data=fishbone)
    assert submitted.status_code == 302, submitted.get_data(as_text=True)
    assert aisha.get("activities/system-pareto").status_code == 200


def test_module_feedback_waits_until_the_module_is_complete(aisha: Launched, app: Flask) -> None:
    token = csrf(aisha, "project")
    early = aisha.client.post(
        aisha.url("modules/aim/feedback"), data={"csrf_token": token, "rating": "4"}
    )
    assert early.status_code == 403
    assert "once you have completed it" in early.get_data(as_text=True)
    assert aisha.get("modules/aim/feedback").status_code == 403
    with app.app_context(), unit_of_work():
        assert db.session.scalar(select(func.count()).select_from(ModuleFeedback)) == 0


def test_module_feedback_is_recorded_once_the_module_is_complete(
    aisha: Launched, app: Flask
) -> None:
    aisha.get()
    with app.app_context(), unit_of_work():
        team = pathways.pathway(packs.DEFAULT_PACK).find_module("team")
    work_through(app, team.stages[0].slug)
    token = csrf(aisha, "modules/aim/feedback")
    missing = aisha.client.post(
        aisha.url("modules/aim/feedback"), data={"csrf_token": token, "comment": "Kept."}
    )
    assert missing.status_code == 422
    assert "Choose a rating" in missing.get_data(as_text=True)
    assert "Kept." in missing.get_data(as_text=True)
    response = aisha.client.post(
        aisha.url("modules/aim/feedback"),
        data={"csrf_token": token, "rating": "4", "comment": "Clear.\x00"},
    )
    assert response.status_code == 302
    with app.app_context(), unit_of_work():
        feedback = db.session.scalar(select(ModuleFeedback))
        assert (feedback.rating, feedback.comment) == (4, "Clear.")


def test_two_first_actions_on_an_activity_at_once_share_one_progress_row(
    postgres: None, launcher: LaunchDriver, app: Flask
) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    with app.app_context(), unit_of_work():
        actor = resolve_session(aisha.token)
        reading = pathways.pathway(packs.DEFAULT_PACK).locate("aim-read-orientation")[2]

    opened = at_once(app, "activity_progress", [lambda: learning.open_activity(actor, reading)] * 2)

    assert opened == ["done", "done"]
    with app.app_context(), unit_of_work():
        rows = select(func.count()).select_from(ActivityProgress)
        assert db.session.scalar(rows.where(ActivityProgress.item_id == reading.id)) == 1
