"""A learner is told, at the moment of use, that her work counted and what comes next.

In Chromium: a knowledge check answered right says "Passed" with the score against the pass
mark, and its status is no longer "Not started"; a submitted worksheet says what happens
next (the rest of the stage, who signs it off, where the decision shows). Axe-clean.
"""

from __future__ import annotations

from typing import Any

from browsing import assert_accessible, expect
from learner_steps import (
    AIM,
    CHECK,
    POST_FORMS,
    WORKSHEET,
    check_questions,
    launch,
    learn_readings,
    open_page,
    session_url,
    submit,
)

LEARNER = ("learner-ben", "QI-101")


def test_a_passed_check_and_a_submitted_worksheet_say_so(page: Any, own_live_server: str) -> None:
    tool = launch(page, own_live_server, LEARNER)
    open_page(tool, f"activities/{learn_readings()[0]['id']}")
    done = [[session_url(tool, f"activities/{item['id']}/done"), []] for item in learn_readings()]
    tool.evaluate(POST_FORMS, done)

    open_page(tool, f"activities/{CHECK}")
    for question in check_questions():
        for option in question["options"]:
            if option["correct"]:
                tool.locator(f'input[name="q-{question["id"]}"][value="{option["id"]}"]').check()
    submit(tool, tool.get_by_role("button", name="Check my answers"))
    verdict = tool.get_by_role("status")
    expect(verdict).to_contain_text("Passed: you scored 100%, and the pass mark is 70%.")
    expect(tool.locator(".meta .status")).to_have_text("Complete")
    expect(tool.get_by_role("link", name="Continue:")).to_have_count(1)
    assert_accessible(tool, "a passed knowledge check")

    worksheet = [["_base_version", "0"], ["_action", "submit"], *AIM.items()]
    open_page(tool, f"activities/{WORKSHEET}")  # a page with a form, for its token
    tool.evaluate(POST_FORMS, [[session_url(tool, f"activities/{WORKSHEET}/worksheet"), worksheet]])
    open_page(tool, f"activities/{WORKSHEET}")
    next_steps = tool.get_by_role("region", name="Submitted: what happens next")
    expect(next_steps).to_contain_text("Next, finish the rest of")
    expect(next_steps).to_contain_text("reviews it")
    expect(next_steps.get_by_role("link", name="My pathway")).to_have_count(1)
    expect(tool.get_by_role("heading", name="What we notice")).to_have_count(0)
    assert_accessible(tool, "a submitted worksheet saying what happens next")
