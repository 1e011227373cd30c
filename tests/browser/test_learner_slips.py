"""A learner's slips, seen where her eye is: in headless Chromium, through the sandbox LMS.

A failing "Submit this worksheet" lands on the error summary (in view, focused, each problem
linked to its field) with everything she typed still there; a blank quiz answer or a wrong
date comes back as the same form with the problem in view, inside the app's navigation.
The module has its own live server, so Chloe in QI-101 starts with nothing.
"""

from __future__ import annotations

from typing import Any

from browsing import assert_accessible, expect
from learner_steps import (
    CHECK,
    WORKSHEET,
    check_questions,
    finish_learn_stage,
    launch,
    open_page,
    session_url,
    submit,
)

LEARNER = ("learner-chloe", "QI-101")
QUIZ_TAKER = ("learner-ben", "QI-101")
PROBLEM = "A fifth of lunch trays come back untouched (slips test)."


def test_a_failing_submit_lands_on_the_error_summary_with_the_typing_kept(
    page: Any, own_live_server: str
) -> None:
    tool = launch(page, own_live_server, LEARNER)
    finish_learn_stage(tool)
    open_page(tool, f"activities/{WORKSHEET}")
    tool.get_by_label("What is the problem?").fill(PROBLEM)

    submit(tool, tool.get_by_role("button", name="Submit this worksheet"))

    summary = tool.get_by_role("alert")
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_have_attribute("href", "#f-setting")
    expect(tool.locator("details.guidance")).not_to_have_attribute("open", "")
    expect(tool.locator(".meta .status")).not_to_have_text("Not started")
    expect(tool.get_by_label("What is the problem?")).to_have_value(PROBLEM)
    assert_accessible(tool, "the worksheet after a failing submit")

    summary.get_by_role("link").first.click()
    expect(tool.get_by_label("Where, and who is affected?")).to_be_focused()


def test_a_blank_quiz_answer_keeps_the_quiz_and_points_at_the_question(
    page: Any, own_live_server: str
) -> None:
    tool = launch(page, own_live_server, QUIZ_TAKER)
    open_page(tool, f"activities/{CHECK}")
    first = check_questions()[0]
    tool.locator(f'input[name="q-{first["id"]}"]').first.check()

    submit(tool, tool.get_by_role("button", name="Check my answers"))

    summary = tool.get_by_role("alert")
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Question 2 has no answer")
    expect(tool.get_by_role("navigation", name="lti-qi")).to_be_visible()
    expect(tool.locator(f'input[name="q-{first["id"]}"]').first).to_be_checked()
    assert_accessible(tool, "the knowledge check with a blank answer")
    summary.get_by_role("link", name="Question 2 has no answer").click()
    expect(tool.locator("#question-2")).to_be_in_viewport()


def test_a_page_that_is_not_there_keeps_the_navigation_and_a_way_back(
    page: Any, own_live_server: str
) -> None:
    tool = launch(page, own_live_server, QUIZ_TAKER)
    open_page(tool, f"activities/{CHECK}")
    came_from = tool.url
    with tool.expect_navigation():  # as a stale link would take her there
        tool.evaluate("(url) => { location.href = url; }", session_url(tool, "activities/gone"))

    expect(tool.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(tool.get_by_role("navigation", name="lti-qi")).to_be_visible()
    assert_accessible(tool, "a 404 page in the launch session")
    submit(tool, tool.get_by_role("link", name="Go back to the page you were on"))
    assert tool.url == came_from
