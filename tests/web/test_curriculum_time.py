"""Time spent: the gaps between a learner's actions on one activity, while they are working.

Every action on an activity (opening it, marking it done, answering, saving, autosaving,
adding evidence, reflecting) adds the time since the learner's previous action on it, when
that gap is under ``ACTIVE_GAP``; a longer gap is time away, and is not counted.
"""

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from time_machine import TimeMachineFixture

from lti_qi.extensions import db
from lti_qi.models import ActivityProgress
from lti_qi.services.content import packs, pathways
from lti_qi.transaction import unit_of_work

from journeys import GOOD_AIM, correct_answers, csrf, finish_learn_stage, sign_off_aim_apply
from launching import LaunchDriver, Launched

START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    """Time that moves only when the test says so."""
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def aisha(launcher: LaunchDriver, clock: TimeMachineFixture) -> Launched:
    return launcher.launch(sub="learner-aisha")


def seconds_on(app: Flask, slug: str) -> int:
    with app.app_context(), unit_of_work():
        item_id = pathways.pathway(packs.DEFAULT_PACK).locate(slug)[2].id
        query = select(ActivityProgress.time_spent_seconds).where(
            ActivityProgress.item_id == item_id
        )
        return db.session.scalar(query) or 0


def later(clock: TimeMachineFixture, minutes: float) -> None:
    clock.shift(timedelta(minutes=minutes))


def test_reading_and_answering_count_the_time_since_opening(
    aisha: Launched, app: Flask, clock: TimeMachineFixture
) -> None:
    token = csrf(aisha, "project")
    aisha.get("activities/aim-read-orientation")
    later(clock, 4)
    aisha.client.post(aisha.url("activities/aim-read-orientation/done"), data={"csrf_token": token})
    aisha.get("activities/aim-check")
    later(clock, 3)
    wrong = {"csrf_token": token, **{key: ["a"] for key in correct_answers(app)}}
    assert aisha.client.post(aisha.url("activities/aim-check/check"), data=wrong).status_code == 200
    later(clock, 2)
    right = {"csrf_token": token, **correct_answers(app)}
    assert aisha.client.post(aisha.url("activities/aim-check/check"), data=right).status_code == 200
    assert seconds_on(app, "aim-read-orientation") == 4 * 60
    assert seconds_on(app, "aim-check") == 5 * 60
    assert "time spent 9 min" in aisha.get("modules/aim").get_data(as_text=True)


def test_time_away_is_not_counted(aisha: Launched, app: Flask, clock: TimeMachineFixture) -> None:
    token = csrf(aisha, "project")
    aisha.get("activities/aim-read-model")
    later(clock, 2)
    aisha.get("activities/aim-read-model")
    later(clock, 25)
    aisha.client.post(aisha.url("activities/aim-read-model/done"), data={"csrf_token": token})
    assert seconds_on(app, "aim-read-model") == 2 * 60


def test_worksheet_saves_and_autosaves_count(
    aisha: Launched, app: Flask, clock: TimeMachineFixture
) -> None:
    finish_learn_stage(aisha, correct_answers(app))
    token = csrf(aisha, "project")
    url = aisha.url("activities/aim-worksheet/worksheet")
    draft = {"csrf_token": token, "_base_version": "0", "_action": "draft", **GOOD_AIM}
    autosave = {"Accept": "application/json"}
    aisha.get("activities/aim-worksheet")
    later(clock, 2)
    assert aisha.client.post(url, data=draft, headers=autosave).json["saved"] is True
    later(clock, 3)
    assert aisha.client.post(url, data=draft, headers=autosave).json["version"] == 1
    later(clock, 30)
    aisha.client.post(url, data=draft, headers=autosave)
    later(clock, 1)
    assert aisha.client.post(url, data={**draft, "_base_version": "1"}).status_code == 302
    assert seconds_on(app, "aim-worksheet") == (2 + 3 + 1) * 60


def test_evidence_and_reflection_count(
    aisha: Launched, app: Flask, clock: TimeMachineFixture
) -> None:
    finish_learn_stage(aisha, correct_answers(app))
    token = csrf(aisha, "project")
    aisha.get("activities/aim-evidence")
    later(clock, 2)
    link = {"csrf_token": token, "title": "Agreement", "url": "https://example.org/agreement"}
    assert (
        aisha.client.post(aisha.url("activities/aim-evidence/evidence"), data=link).status_code
        == 302
    )
    sign_off_aim_apply(app)
    aisha.get("activities/aim-reflection")
    later(clock, 5)
    reflection = {"csrf_token": token, "text": "A start.", "_action": "draft", "_base_version": "0"}
    aisha.client.post(aisha.url("activities/aim-reflection/reflection"), data=reflection)
    later(clock, 4)
    finish = {**reflection, "text": "A start. " * 30, "_action": "finish", "_base_version": "1"}
    assert (
        aisha.client.post(
            aisha.url("activities/aim-reflection/reflection"), data=finish
        ).status_code
        == 302
    )
    assert seconds_on(app, "aim-evidence") == 2 * 60
    assert seconds_on(app, "aim-reflection") == 9 * 60
