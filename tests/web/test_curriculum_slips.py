"""A learner's slips come back as the same page, with the problem where her eye is (no JavaScript).

A worksheet that cannot be submitted shows its error summary first (focused, and the page
scrolled to it by the form's fragment), with the guide folded and the typing kept. A quiz with
a blank answer, or chart settings with a date for a point number, come back as the same form
(422) inside the app's navigation, never as a bare 400 page.
"""

import re

import pytest
from flask import Flask

from journeys import correct_answers, csrf, finish_learn_stage
from launching import LaunchDriver, Launched
from measurement_helpers import learner_with_measures, series_id, token

NAVIGATION = '<nav class="site-nav"'


@pytest.fixture
def aisha(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="learner-aisha")


def test_a_refused_worksheet_leads_with_its_error_summary(aisha: Launched, app: Flask) -> None:
    finish_learn_stage(aisha, correct_answers(app))
    token = csrf(aisha, "activities/aim-worksheet")
    typed = "Trays come back untouched."
    data = {"csrf_token": token, "_base_version": "0", "_action": "submit", "problem": typed}

    refused = aisha.client.post(aisha.url("activities/aim-worksheet/worksheet"), data=data)

    page = refused.get_data(as_text=True)
    assert refused.status_code == 200  # saved as a draft, not submitted
    summary = re.search(r'<div class="[^"]*error-summary"[^>]*>', page)
    assert summary, page
    assert 'id="worksheet-problems"' in summary.group(0)
    assert "autofocus" in summary.group(0)
    assert page.index("worksheet-problems") < page.index('class="guidance"')
    assert '<details class="guidance">' in page  # folded: the guide does not push the form down
    assert '/worksheet#worksheet-problems"' in page
    assert 'href="#f-setting"' in page
    assert "Not started" not in page
    assert typed in page


def _summary(page: str, anchor: str) -> str:
    """Return the opening tag of the page's focused error summary, whose id is ``anchor``."""
    found = re.search(r'<div class="[^"]*error-summary"[^>]*>', page)
    assert found, page
    assert f'id="{anchor}"' in found.group(0)
    assert "autofocus" in found.group(0)
    assert f'#{anchor}"' in page  # the form's action scrolls to it after a post
    return found.group(0)


def test_a_blank_quiz_answer_brings_back_the_quiz_with_the_answers_kept(
    aisha: Launched,
) -> None:
    token_value = csrf(aisha, "activities/aim-check")
    data = {"csrf_token": token_value, "q-q1": "b"}

    refused = aisha.client.post(aisha.url("activities/aim-check/check"), data=data)

    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert NAVIGATION in page
    _summary(page, "check-problems")
    assert '<a href="#question-2">Question 2 has no answer</a>' in page
    assert 'id="question-2"' in page
    assert re.search(r'name="q-q1" value="b"[^>]* checked', page)
    assert "error-page" not in page


def test_a_date_for_a_phase_start_brings_back_the_settings_as_typed(
    aisha: Launched, app: Flask
) -> None:
    learner = learner_with_measures(aisha, app)
    measure = series_id(app, "Checklist used")
    data = {
        "csrf_token": token(learner, f"measures/{measure}"),
        "data_kind": "proportion",
        "chart": "p",
        "unit": "% of patients",
        "phase_starts": "12/03/2026",
    }

    refused = learner.client.post(learner.url(f"measures/{measure}/settings"), data=data)

    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert NAVIGATION in page
    _summary(page, "settings-problems")
    assert re.search(
        r'<a href="#phase_starts">New phases start at point numbers of 2 or more', page
    )
    assert 'id="phase_starts"' in page
    assert 'name="phase_starts" value="12/03/2026"' in page
    assert 'name="unit" value="% of patients"' in page
    assert re.search(r'name="data_kind" value="proportion"\s*checked', page)
