"""A learner's journey through lti-qi inside the sandbox LMS's frame, in headless Chromium.

Aisha launches from QI-101, reads, answers the knowledge check by keyboard, fills her aim
worksheet (saved by the button and by the autosave), submits it and then her stage; a colleague
in the same course sees none of it; a learner from another course joins her team. axe-core
checks the tool's document on every page the journey visits (the same pages on a phone, by
keyboard and offline: test_learner_phone_and_keyboard.py).

The tests share the session's live server (one database), so each uses its own learner and
course: the journey needs Aisha in QI-101 untouched (0% at the start), and the team test runs
after it (it reads her project's history; run alone, it saves a draft first).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from browsing import assert_accessible, expect
from learner_steps import (
    WORKSHEET,
    finish_learn_stage,
    launch,
    learn_readings,
    open_page,
    pack_node,
    shown_check_questions,
    submit,
)

# Who does what (the sandbox enrols every seed person in both courses; a project belongs to a
# person in a course, so each pair below starts with nothing).
JOURNEY = ("learner-aisha", "QI-101")
COLLEAGUE = ("learner-chloe", "QI-101")
TEAMMATE = ("learner-ben", "QI-202")

MODULE = "aim"

PROBLEM = "About a fifth of lunch trays on Wards 4 and 5 come back untouched (journey test)."
SETTING = "Adult inpatients on Wards 4 and 5, Riverside Hospital"
MEASURE = "the percentage of lunch trays returned untouched"
TARGET_DATE = (date.today() + timedelta(days=120)).isoformat()


def _plain(text: str) -> str:
    """Text without Markdown emphasis and with single spaces, to compare with what is shown."""
    return " ".join(text.replace("**", "").split())


def _progress(tool: Any, label: str = "Pathway completion") -> int:
    value = tool.get_by_role("progressbar", name=label).get_attribute("value")
    return int(value or 0)


def _answer_by_keyboard(tool: Any, questions: list[dict[str, Any]]) -> None:
    """Answer every question with Tab, Space and the arrow keys, then press Check."""
    keyboard = tool.page.keyboard
    tool.locator(f'input[name="q-{questions[0]["id"]}"]').first.focus()
    for question in questions:
        inputs = tool.locator(f'input[name="q-{question["id"]}"]')
        options = question["options"]
        if question["type"] == "multiple":
            for index, option in enumerate(options):
                expect(inputs.nth(index)).to_be_focused()
                if option["correct"]:
                    keyboard.press("Space")
                keyboard.press("Tab")
        else:
            right = next(i for i, option in enumerate(options) if option["correct"])
            expect(inputs.first).to_be_focused()
            keyboard.press("Space")
            for _ in range(right):
                keyboard.press("ArrowDown")
            expect(inputs.nth(right)).to_be_focused()
            keyboard.press("Tab")
        for index, option in enumerate(options):
            expect(inputs.nth(index)).to_be_checked(checked=bool(option["correct"]))
    check = tool.get_by_role("button", name="Check my answers")
    expect(check).to_be_focused()
    with tool.expect_navigation():
        keyboard.press("Enter")


def _assert_option_feedback(tool: Any, questions: list[dict[str, Any]]) -> None:
    results = tool.locator(".question-result")
    expect(results).to_have_count(len(questions))
    for number, question in enumerate(questions):
        result = results.nth(number)
        expect(result.get_by_role("heading", level=3)).to_have_text(f"Question {number + 1}: right")
        items = result.locator(".feedback-list > li")
        expect(items).to_have_count(len(question["options"]))
        for index, option in enumerate(question["options"]):
            item = items.nth(index)
            if option["correct"]:
                expect(item).to_have_class(re.compile(r"\bis-correct\b"))
                expect(item).to_contain_text("✓ Correct answer (you chose this)")
            else:
                expect(item).to_have_class(re.compile(r"\bis-wrong\b"))
                expect(item).to_contain_text("✗ Not correct:")
                expect(item).not_to_contain_text("you chose this")
            shown = _plain(item.locator(".feedback").inner_text())
            assert shown == _plain(option["feedback"]), (question["id"], option["id"], shown)


@pytest.fixture
def second_page(browser: Any) -> Iterator[Any]:
    """Another person's browser: a fresh context (its own cookies and local storage)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------
# The journey
# ---------------------------------------------------------------------------------------------


def test_learner_journey_from_launch_to_stage_sign_off_request(page, live_server) -> None:
    tool = launch(page, live_server, JOURNEY)

    # The pathway: nothing done yet, and the way on.
    assert _progress(tool) == 0
    expect(tool.locator(".continue .progress-value")).to_have_text("0%")
    assert_accessible(page, "the sandbox launch page with the learner's pathway in its frame")
    readings = learn_readings()
    submit(tool, tool.get_by_role("link", name=f"Continue: {readings[0]['title']}"))

    # Each reading, then on to the next.
    for number, reading in enumerate(readings):
        expect(tool.get_by_role("heading", level=1)).to_have_text(reading["title"])
        expect(tool.locator("article.reading")).not_to_be_empty()
        if number == 0:
            assert_accessible(tool, "a reading")
        submit(tool, tool.get_by_role("button", name="I've read this: continue"))

    # The knowledge check, answered by keyboard only.
    expect(tool.get_by_role("heading", level=1)).to_have_text("Check your understanding")
    questions = shown_check_questions(tool)
    expect(tool.locator("form.check fieldset")).to_have_count(len(questions))
    assert_accessible(tool, "the knowledge check")
    _answer_by_keyboard(tool, questions)
    total = len(questions)
    expect(tool.locator("#result-heading")).to_have_text(f"You got {total} of {total} right (100%)")
    _assert_option_feedback(tool, questions)
    assert_accessible(tool, "the knowledge check's result and feedback")

    # Progress has moved, and the pathway leads on to the worksheet.
    submit(tool, tool.get_by_role("link", name="Back to my pathway"))
    assert _progress(tool) > 0
    expect(tool.locator(".continue .progress-value")).not_to_have_text("0%")
    submit(tool, tool.get_by_role("link", name="Continue: Write your aim statement"))
    expect(tool.get_by_role("heading", level=1)).to_have_text("Write your aim statement")
    assert_accessible(tool, "the aim worksheet")

    # Fill several fields, including the date and a choice, and save with the button.
    tool.get_by_label("What is the problem?").fill(PROBLEM)
    tool.get_by_label("Where, and who is affected?").fill(SETTING)
    tool.get_by_label("Timely: less waiting and delay").check()
    tool.get_by_label("Do you want the number to go up or down?").select_option("decrease")
    tool.get_by_label("What will you measure?").fill(MEASURE)
    tool.get_by_label("By when?").fill(TARGET_DATE)
    submit(tool, tool.get_by_role("button", name="Save draft"))
    expect(tool.locator(".notice-success")).to_be_visible()

    open_page(tool, f"activities/{WORKSHEET}")  # reload
    expect(tool.get_by_label("What is the problem?")).to_have_value(PROBLEM)
    expect(tool.get_by_label("Where, and who is affected?")).to_have_value(SETTING)
    expect(tool.get_by_label("Timely: less waiting and delay")).to_be_checked()
    expect(tool.get_by_label("Do you want the number to go up or down?")).to_have_value("decrease")
    expect(tool.get_by_label("What will you measure?")).to_have_value(MEASURE)
    expect(tool.get_by_label("By when?")).to_have_value(TARGET_DATE)
    # Saved on the server: nothing is left over as an "unsaved" draft in the browser.
    expect(tool.get_by_role("button", name="Restore my unsaved draft")).to_have_count(0)

    # Type, stop, and the autosave keeps it (no click).
    tool.get_by_label("What is it now (your baseline)?").fill("20% (estimate)")
    expect(tool.locator(".autosave-status")).to_contain_text("Draft saved at")
    open_page(tool, f"activities/{WORKSHEET}")  # reload
    expect(tool.get_by_label("What is it now (your baseline)?")).to_have_value("20% (estimate)")
    expect(tool.get_by_label("What is the problem?")).to_have_value(PROBLEM)

    # Submitting with required fields missing lists the problems, each linked to its field.
    submit(tool, tool.get_by_role("button", name="Submit this worksheet"))
    problems = tool.get_by_role("alert")
    expect(problems).to_be_visible()
    links = problems.get_by_role("link")
    count = links.count()
    assert count >= 3, problems.inner_text()
    missing = set()
    for index in range(count):
        href = links.nth(index).get_attribute("href") or ""
        assert href.startswith("#f-"), href
        field = tool.locator(href)
        expect(field).to_have_count(1)
        expect(field).to_have_attribute("aria-describedby", re.compile(rf"{href[1:]}-error"))
        missing.add(href)
    assert {"#f-target", "#f-population", "#f-target_rationale"} <= missing, missing
    # Any field can have a problem: each (a group of ticks too) is where its link would land.
    names = tool.locator("form.worksheet").evaluate(
        "(form) => [...new Set([...form.elements].map((el) => el.name)"
        ".filter((name) => name && !name.startsWith('_') && name !== 'csrf_token'))]"
    )
    assert "quality_dimensions" in names, names
    for name in names:
        expect(tool.locator(f"#f-{name.replace('.', '-')}")).to_have_count(1)
    assert_accessible(tool, "the worksheet with its problems listed")
    expect(tool.get_by_label("What is the problem?")).to_have_value(PROBLEM)  # nothing lost

    # Complete it and submit: a problem's link takes the learner to its field.
    problems.locator('a[href="#f-target"]').first.click()
    expect(tool.get_by_label("What do you want it to be (your target)?")).to_be_focused()
    tool.page.keyboard.type("10%")
    tool.get_by_label("For whom, or where?").fill("on Wards 4 and 5")
    tool.get_by_label("Why this target and date?").fill(
        "Ward 6 reached 10% last year with a similar change."
    )
    submit(tool, tool.get_by_role("button", name="Submit this worksheet"))
    expect(tool.get_by_role("alert")).to_have_count(0)
    expect(tool.locator(".notice-success")).to_be_visible()

    # The module: the worksheet is submitted; the optional evidence step does not hold the
    # stage back, but Aisha looks at it (and skips it) before sending the stage.
    module_title = (pack_node(MODULE) or {})["title"]
    submit(tool, tool.locator(".breadcrumb").get_by_role("link", name=module_title))
    apply_stage = tool.locator("section.stage").filter(
        has=tool.get_by_role("heading", name="Apply")
    )
    worksheet_row = apply_stage.locator("li").filter(has_text="Write your aim statement")
    expect(worksheet_row.locator(".status")).to_have_text("Submitted")
    submit_stage = tool.get_by_role("button", name="Submit this stage for sign-off")
    expect(submit_stage).to_have_count(1)
    submit(tool, apply_stage.get_by_role("link", name="Agreement to start"))
    assert_accessible(tool, "the optional evidence step")
    submit(tool, tool.get_by_role("button", name="Skip this (it is optional)"))
    open_page(tool, f"modules/{MODULE}")
    expect(worksheet_row.locator(".status")).to_have_text("Submitted")
    submit(tool, submit_stage)

    # Sent to the mentor.
    expect(tool.locator(".notice-success")).to_contain_text("Stage submitted")
    expect(apply_stage.get_by_role("heading", level=2)).to_contain_text("Awaiting sign-off")
    expect(worksheet_row.locator(".status")).to_have_text("Awaiting sign-off")
    expect(submit_stage).to_have_count(0)
    assert_accessible(tool, "the module page awaiting sign-off")


def test_a_colleague_in_the_same_course_sees_none_of_aishas_worksheet(page, live_server) -> None:
    tool = launch(page, live_server, COLLEAGUE)
    finish_learn_stage(tool)
    open_page(tool, f"activities/{WORKSHEET}")
    expect(tool.get_by_role("heading", level=1)).to_have_text("Write your aim statement")
    form = tool.locator("form.worksheet")
    for field in form.locator("input[type=text], input[type=date], textarea").all():
        expect(field).to_have_value("")
    for field in form.locator("select").all():
        expect(field).to_have_value("")
    expect(form.locator("input[type=checkbox]:checked")).to_have_count(0)
    expect(tool.locator("main")).not_to_contain_text(PROBLEM)
    expect(tool.locator("main")).not_to_contain_text("Version ")
    open_page(tool, "project")
    expect(tool.locator("main")).to_contain_text("No worksheet has been saved yet.")
    expect(tool.locator("main")).not_to_contain_text("Aisha Khan")


def test_a_learner_from_another_course_joins_aishas_team(page, second_page, live_server) -> None:
    aisha = launch(page, live_server, JOURNEY)
    open_page(aisha, "project")
    if aisha.get_by_text("No worksheet has been saved yet.").count():  # run on its own
        finish_learn_stage(aisha)
        open_page(aisha, f"activities/{WORKSHEET}")
        aisha.get_by_label("What is the problem?").fill(PROBLEM)
        submit(aisha, aisha.get_by_role("button", name="Save draft"))
        open_page(aisha, "project")
    share = aisha.get_by_role("button", name="Make this a team project")
    if share.count():
        submit(aisha, share)
    code = aisha.locator(".invite-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{8}", code), code
    assert_accessible(aisha, "the project page with its invite code")

    ben = launch(second_page, live_server, TEAMMATE)
    open_page(ben, "project")
    ben.get_by_label("Invite code").fill(code)
    submit(ben, ben.get_by_role("button", name="Join team"))
    expect(ben.locator(".notice-success")).to_contain_text("You joined")
    team = ben.locator("section").filter(has=ben.get_by_role("heading", name="Team"))
    expect(team.get_by_role("listitem").filter(has_text="Aisha Khan")).to_contain_text(
        "another course or hospital"
    )
    expect(team.get_by_role("listitem").filter(has_text="Ben Carter")).to_have_count(1)
    history = ben.get_by_role("table").get_by_role("row").filter(has_text="Aisha Khan")
    expect(history.filter(has_text="Aim statement").first).to_be_visible()
    assert_accessible(ben, "the project page of a team joined from another course")
