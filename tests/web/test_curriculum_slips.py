"""A learner's slips come back as the same page, with the problem where her eye is (no JavaScript).

A worksheet that cannot be submitted shows its error summary first (focused, and the page
scrolled to it by the form's fragment), with the guide folded and the typing kept.
"""

import re

import pytest
from flask import Flask

from journeys import correct_answers, csrf, finish_learn_stage
from launching import LaunchDriver, Launched


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
