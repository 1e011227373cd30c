"""Designer pages in headless Chromium: axe-core finds nothing serious, and they fit a phone."""

from __future__ import annotations

import re

from browsing import (
    assert_accessible,
    expect,
    horizontal_overflow,
    launch_from_sandbox,
    open_in_session,
)

DESIGNER = ("designer-fatima", "QI-202")
LEARNER = ("learner-anonymous", "QI-202")  # nobody else's test uses this pair
PAGES = (
    ("designer/", "class progress"),
    ("designer/signoffs", "sign-offs"),
    ("designer/feedback", "module feedback"),
    ("designer/content", "content"),
    ("designer/preview", "the preview of the pathway"),
    ("designer/preview/modules/aim", "the preview of a module"),
    ("designer/preview/activities/aim-check", "the preview of a knowledge check"),
)


def test_designer_pages_have_no_serious_accessibility_issue(page, live_server) -> None:
    person, course = LEARNER
    open_in_session(
        launch_from_sandbox(page, live_server, person=person, course=course), "modules/aim"
    )
    person, course = DESIGNER
    tool = launch_from_sandbox(page, live_server, person=person, course=course)
    for path, name in PAGES:
        open_in_session(tool, path)
        expect(tool.locator("h1")).to_have_count(1)
        assert_accessible(tool, name)
    open_in_session(tool, "designer/")
    chart = tool.get_by_role("img", name="Learners who did every activity, per stage")
    expect(chart).to_have_count(1)
    expect(tool.get_by_role("table", name=re.compile(r"^Learners 1 to"))).to_have_count(1)


def test_designer_pages_fit_a_phone(phone_page, live_server) -> None:
    person, course = DESIGNER
    tool = launch_from_sandbox(phone_page, live_server, person=person, course=course)
    for path, name in PAGES:
        open_in_session(tool, path)
        assert horizontal_overflow(tool) <= 1, f"{name} scrolls sideways on a phone"
