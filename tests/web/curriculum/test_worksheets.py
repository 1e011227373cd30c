"""A learner's worksheet: drafts saved and shown again, autosave, stale edits, text too long."""

from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import WorksheetRevision

from journeys import GOOD_AIM, csrf, finish_learn_stage
from launching import Launched


def test_worksheet_draft_is_saved_and_shown_again(
    aisha: Launched, correct: dict[str, list[str]]
) -> None:
    finish_learn_stage(aisha, correct)
    token = csrf(aisha, "activities/aim-worksheet")
    data = {
        "csrf_token": token,
        "_base_version": "0",
        "_action": "draft",
        "measure": "trays returned untouched",
    }
    saved = aisha.client.post(aisha.url("activities/aim-worksheet/worksheet"), data=data)
    assert saved.status_code == 302
    assert "trays returned untouched" in aisha.get("activities/aim-worksheet").get_data(
        as_text=True
    )


def test_worksheet_autosave_answers_json_and_is_idempotent(
    aisha: Launched, correct: dict[str, list[str]], database
) -> None:
    finish_learn_stage(aisha, correct)
    token = csrf(aisha, "activities/aim-worksheet")
    data = {"csrf_token": token, "_base_version": "0", "_action": "draft", **GOOD_AIM}
    headers = {"Accept": "application/json"}
    first = aisha.client.post(
        aisha.url("activities/aim-worksheet/worksheet"), data=data, headers=headers
    )
    assert first.json == {"saved": True, "version": 1}
    again = aisha.client.post(
        aisha.url("activities/aim-worksheet/worksheet"), data=data, headers=headers
    )
    assert again.json == {"saved": True, "version": 1}
    assert (
        database(lambda: db.session.scalar(select(db.func.count()).select_from(WorksheetRevision)))
        == 1
    )


def test_stale_edit_shows_both_versions_instead_of_overwriting(
    aisha: Launched, correct: dict[str, list[str]]
) -> None:
    finish_learn_stage(aisha, correct)
    token = csrf(aisha, "activities/aim-worksheet")
    url = aisha.url("activities/aim-worksheet/worksheet")
    first_tab = {"csrf_token": token, "_base_version": "0", "_action": "draft", **GOOD_AIM}
    assert aisha.client.post(url, data=first_tab).status_code == 302
    second_tab = {**first_tab, "target": "5%"}
    conflict = aisha.client.post(url, data=second_tab)
    page = conflict.get_data(as_text=True)
    assert conflict.status_code == 409
    assert "changed while you were working" in page
    assert "10%" in page
    assert "5%" in page


def test_text_too_long_is_refused_but_kept_on_the_page(
    aisha: Launched, correct: dict[str, list[str]]
) -> None:
    finish_learn_stage(aisha, correct)
    token = csrf(aisha, "activities/aim-worksheet")
    data = {"csrf_token": token, "_base_version": "0", "_action": "draft", "setting": "x" * 5000}
    response = aisha.client.post(aisha.url("activities/aim-worksheet/worksheet"), data=data)
    assert response.status_code == 422
    assert "x" * 5000 in response.get_data(as_text=True)
