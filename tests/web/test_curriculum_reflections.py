"""Reflections never lose text: versioned saves, both versions on a clash, drafts kept."""

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import Reflection
from lti_qi.services.content import course_settings
from lti_qi.services.curriculum import reflections
from lti_qi.services.launches.sessions import resolve_session
from lti_qi.transaction import unit_of_work

from journeys import correct_answers, csrf, finish_learn_stage, sign_off_aim_apply
from launching import LaunchDriver, Launched
from races import at_once

URL = "activities/aim-reflection/reflection"


@pytest.fixture
def aisha(launcher: LaunchDriver, app: Flask) -> Launched:
    """A learner whose reflection activity is open (module 1's apply stage signed off)."""
    learner = launcher.launch(sub="learner-aisha")
    finish_learn_stage(learner, correct_answers(app))
    sign_off_aim_apply(app)
    return learner


def saved(app: Flask) -> tuple[str, int] | None:
    with app.app_context(), unit_of_work():
        row = db.session.scalar(select(Reflection))
        return None if row is None else (row.text, row.version)


def draft(aisha: Launched, text: str, base: str) -> dict[str, str]:
    return {
        "csrf_token": csrf(aisha, "project"),
        "text": text,
        "_action": "draft",
        "_base_version": base,
    }


def test_a_second_tab_sees_both_versions_instead_of_overwriting(
    aisha: Launched, app: Flask
) -> None:
    first = aisha.client.post(aisha.url(URL), data=draft(aisha, "Written in tab one.", "0"))
    assert first.status_code == 302
    clash = aisha.client.post(aisha.url(URL), data=draft(aisha, "Written in tab two.", "0"))
    page = clash.get_data(as_text=True)
    assert clash.status_code == 409
    assert "Written in tab one." in page
    assert "Written in tab two.</textarea>" in page
    assert 'name="_base_version" value="1"' in page
    assert saved(app) == ("Written in tab one.", 1)
    merged = aisha.client.post(aisha.url(URL), data=draft(aisha, "One and two.", "1"))
    assert merged.status_code == 302
    assert saved(app) == ("One and two.", 2)


def test_saving_the_same_text_twice_is_not_a_clash(aisha: Launched, app: Flask) -> None:
    for _ in range(2):
        response = aisha.client.post(aisha.url(URL), data=draft(aisha, "Same words.", "0"))
        assert response.status_code == 302
    assert saved(app) == ("Same words.", 1)


def test_text_over_the_limit_is_shown_again_not_saved(aisha: Launched, app: Flask) -> None:
    aisha.client.post(aisha.url(URL), data=draft(aisha, "Kept draft.", "0"))
    long_text = "word " * 5000
    response = aisha.client.post(aisha.url(URL), data=draft(aisha, long_text, "1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "the most it can keep is 20,000" in page
    assert long_text.strip() in page
    assert saved(app) == ("Kept draft.", 1)


def _saves_at_once(app: Flask, aisha: Launched, base_version: int) -> list[str]:
    """Two tabs save different text over the same version, both past their checks at once."""
    with app.app_context(), unit_of_work():
        actor = resolve_session(aisha.token)
        located = course_settings.pathway(actor.context_id).locate("aim-reflection")
        assert located is not None
        activity = located[2]

    def save(text: str) -> Callable[[], object]:
        return lambda: reflections.save_reflection(
            actor, activity, text, finish=False, base_version=base_version
        )

    return at_once(app, "reflections", [save("Tab one's words."), save("Tab two's words.")])


def test_two_tabs_saving_the_first_version_at_once_keep_one_and_report_the_other(
    postgres: None, aisha: Launched, app: Flask
) -> None:
    assert _saves_at_once(app, aisha, base_version=0) == ["conflict", "done"]
    text, version = saved(app) or ("", 0)
    assert version == 1
    assert text in ("Tab one's words.", "Tab two's words.")


def test_two_tabs_saving_over_one_version_at_once_keep_one_and_report_the_other(
    postgres: None, aisha: Launched, app: Flask
) -> None:
    assert aisha.client.post(aisha.url(URL), data=draft(aisha, "First.", "0")).status_code == 302
    assert _saves_at_once(app, aisha, base_version=1) == ["conflict", "done"]
    text, version = saved(app) or ("", 0)
    assert version == 2
    assert text in ("Tab one's words.", "Tab two's words.")
