"""A repeating-rows worksheet saved without JavaScript that fails its checks comes back as typed.

The form names its rows by position (``categories.0.name``); a save the checks refuse must show
the page again (422) with every row the learner typed and the problems beside them, never a 500.
"""

import pytest
from flask import Flask

from journeys import csrf
from launching import Launched
from progress_helpers import work_through

TOO_LONG = "Nobody helps patients open packets " + "x" * 150


@pytest.fixture
def fishbone_open(aisha: Launched, app: Flask) -> Launched:
    """Aisha with the fishbone worksheet (rows of categories, rows of causes in each) open."""
    aisha.get()
    work_through(app, "system-apply")
    return aisha


@pytest.mark.parametrize("action", ["draft", "submit"])
def test_refused_rows_are_shown_again_with_the_problems(
    fishbone_open: Launched, action: str
) -> None:
    data = {
        "csrf_token": csrf(fishbone_open, "activities/system-fishbone"),
        "_base_version": "0",
        "_action": action,
        "problem": "Lunch trays come back untouched.",
        "categories.0.name": "People",
        "categories.0.causes.0.cause": TOO_LONG,
        "categories.1.name": "Process",
        "categories.1.causes.0.cause": "Trays arrive during ward rounds.",
        "categories.2.name": "",
    }
    url = fishbone_open.url("activities/system-fishbone/worksheet")
    response = fishbone_open.client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:300]
    assert TOO_LONG in page
    assert "Trays arrive during ward rounds." in page
    assert 'name="categories.1.causes.0.cause"' in page
    assert "150" in page


def test_rows_that_cannot_be_read_are_refused_without_a_server_error(
    fishbone_open: Launched,
) -> None:
    data = {
        "csrf_token": csrf(fishbone_open, "activities/system-fishbone"),
        "_base_version": "0",
        "_action": "draft",
        "problem": "Lunch trays come back untouched.",
        "categories.0": "People",
        "categories.x.name": "Process",
    }
    url = fishbone_open.url("activities/system-fishbone/worksheet")
    response = fishbone_open.client.post(url, data=data)
    assert 400 <= response.status_code < 500
    assert "Lunch trays come back untouched." in response.get_data(as_text=True)
